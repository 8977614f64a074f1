// `simulator`: starts the stand-in, prints how to use it, stops on Ctrl+C.
import https from 'node:https';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { main } from '../../electron/cli/index.js';
import { captureIo, makeTempDir, runCli } from './cli-harness.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
afterEach(async () => cleanup());

it('runs on free ports with a CA in --data-dir, answers REST ping, stops on Ctrl+C', async () => {
  const captured = captureIo(dir);
  const dataDir = path.join(dir, 'stand-in');
  const running = main(
    [
      'simulator',
      '--port',
      '0',
      '--control-port',
      '0',
      '--data-dir',
      dataDir,
      '--spelling',
      'authSucces',
    ],
    captured.io,
  );
  // Wait for the banner (bounded by the test timeout).
  while (!captured.out().includes('Control page'))
    await new Promise((resolve) => setTimeout(resolve, 10));
  const restBase = /REST \(rest\.baseUrl\):\s+(\S+)/.exec(captured.out())?.[1];
  expect(restBase).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  const ca = await readFile(path.join(dataDir, 'ca.pem'), 'utf8');
  const status = await new Promise<number>((resolve, reject) => {
    const request = https.request(
      `${restBase}/123456/ping/`,
      { method: 'POST', ca, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', reject);
    request.end('password=demo-password');
  });
  expect(status).toBe(200);
  captured.stop();
  expect(await running).toBe(0);
  expect(captured.out()).toContain('Stand-in stopped.');
}, 30_000);

it('refuses a bad port or spelling with exit 2', async () => {
  expect((await runCli(dir, ['simulator', '--port', 'abc'])).code).toBe(2);
  const spelling = await runCli(dir, ['simulator', '--spelling', 'authOK']);
  expect(spelling.code).toBe(2);
  expect(spelling.err).toContain('--spelling must be authSucces or authSuccess');
});
