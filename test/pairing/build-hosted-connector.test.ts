// build:hosted-connector for real: the port and the Agent page origins are baked in, the page
// never opens a WebSocket, and the store-only ZIP holds exactly that index.html with a correct
// CRC.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { buildHostedConnector } from './hosted-page.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('build:hosted-connector', () => {
  it('writes index.html with the pairing port and a ZIP of it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hosted-build-'));
    await buildHostedConnector(15_000, dir);
    const html = await readFile(join(dir, 'index.html'));
    const text = html.toString('utf8');
    expect(text).toContain('var TRAY_PORT = 15000;');
    expect(text).not.toMatch(/var TRAY_PORT = 14331;/);
    expect(text).not.toMatch(/new WebSocket|wss:\/\//);
    // Without --agent-origin, only the official Agent page may frame it.
    expect(text).toContain('var AGENT_ORIGINS = ["https://client.voipit.ro"];');

    const zip = await readFile(join(dir, 'accolades-hosted-connector.zip'));
    expect(zip.readUInt32LE(0)).toBe(0x04034b50);
    expect(zip.readUInt16LE(8)).toBe(0); // stored
    const nameLength = zip.readUInt16LE(26);
    expect(zip.subarray(30, 30 + nameLength).toString()).toBe('index.html');
    const size = zip.readUInt32LE(18);
    const data = zip.subarray(30 + nameLength, 30 + nameLength + size);
    expect(data.equals(html)).toBe(true);
    expect(zip.readUInt32LE(14)).toBe(crc32(html) >>> 0);
    const end = zip.subarray(zip.length - 22);
    expect(end.readUInt32LE(0)).toBe(0x06054b50);
    expect(end.readUInt16LE(10)).toBe(1);
  });

  it('bakes in every --agent-origin, and refuses one that is not an origin', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hosted-build-'));
    await buildHostedConnector(14331, dir, [
      'https://accolades.example.com',
      'https://agent.example.com:8443',
    ]);
    const text = await readFile(join(dir, 'index.html'), 'utf8');
    expect(text).toContain(
      'var AGENT_ORIGINS = ["https://accolades.example.com","https://agent.example.com:8443"];',
    );
    for (const bad of [
      'https://client.voipit.ro/',
      'client.voipit.ro',
      "https://x.ro'];alert(1);//",
    ]) {
      const result = spawnSync(
        process.execPath,
        ['build/scripts/build-hosted-connector.mjs', '--agent-origin', bad, '--out', dir],
        { encoding: 'utf8' },
      );
      expect(result.status, bad).toBe(2);
      expect(result.stderr).toContain('--agent-origin must be');
    }
  });

  it('refuses a port that cannot be the pairing port', () => {
    const result = spawnSync(
      process.execPath,
      ['build/scripts/build-hosted-connector.mjs', '--port', '80', '--out', tmpdir()],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--port must be');
  });
});
