// The start-time probe for the default browser (xdg-mime on Linux) runs while the connector is
// already up. A SIGTERM that arrives while the probe is still out (xdg-mime is a shell script
// and can take seconds on a loaded desktop) must not wait for it: the probe never holds the
// process. Proved on the built module in a child Node process with nothing else to do, and a
// fake xdg-mime on PATH that answers only after 20 s.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, repoRoot } from './built-cli.js';

const root = mkdtempSync(path.join(tmpdir(), 'accolades-probe-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(ensureBuilt, 300_000);

describe('the default-browser probe', () => {
  it('does not keep a process alive that has nothing else to do', async () => {
    const bin = path.join(root, 'bin');
    mkdirSync(bin);
    const fake = path.join(bin, 'xdg-mime');
    writeFileSync(fake, '#!/bin/sh\nexec /bin/sleep 20\n');
    chmodSync(fake, 0o755);
    const moduleUrl = pathToFileURL(
      path.join(repoRoot, 'dist', 'electron', 'core', 'actions', 'default-browser.js'),
    ).href;
    // The child starts the probe, reports that it did, and then has nothing left to do.
    const script = `
      const { resolveDefaultBrowser } = await import(${JSON.stringify(moduleUrl)});
      void resolveDefaultBrowser({ platform: 'linux', env: { PATH: ${JSON.stringify(bin)}, HOME: ${JSON.stringify(root)} }, homedir: ${JSON.stringify(root)} });
      process.stdout.write('probing\\n');
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const started = Date.now();
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const took = Date.now() - started;
    expect(output).toBe('probing\n');
    expect(code).toBe(0);
    // Held by the probe it would live until the probe's own 5 s limit kills xdg-mime.
    expect(took).toBeLessThan(4_000);
  }, 30_000);
});
