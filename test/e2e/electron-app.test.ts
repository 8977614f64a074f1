// The real app, started by Playwright's `_electron` against the local Accolades stand-in:
// a call must make a notification and a screen-pop. Runs only where an Electron binary exists;
// elsewhere the whole suite is skipped with a one-line reason.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_AGENT_ID,
  startSimulator,
  type SimulatorHandle,
} from '../../electron/simulator/index.js';
import { findElectronBinary } from './electron-binary.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const binary = findElectronBinary();
const skipReason = 'missing' in binary ? binary.missing : undefined;
if (skipReason) console.log(`electron e2e suite skipped: ${skipReason}`);

describe.skipIf(skipReason !== undefined)('the Electron app against the stand-in', () => {
  let sim: SimulatorHandle;
  let dir: string;
  let app: ElectronApplication;
  const popFile = () => join(dir, 'pop.json');

  beforeAll(async () => {
    if (!existsSync(join(root, 'dist/electron/main/index.js'))) {
      spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    }
    sim = await startSimulator();
    dir = await mkdtemp(join(tmpdir(), 'e2e-'));
    await writeFile(join(dir, 'ca.pem'), sim.caCert);
    // The admin policy file is the one way to preconfigure a fresh profile.
    const policy = {
      accolades: { url: sim.wssUrl, crmId: DEMO_AGENT_ID, caFile: join(dir, 'ca.pem') },
      rules: [
        {
          name: 'Record the pop',
          direction: 'inbound',
          run: {
            program: process.execPath,
            args: [
              '-e',
              'require("fs").writeFileSync(process.argv[1], JSON.stringify(process.argv.slice(2)))',
              popFile(),
              '{e164}',
            ],
          },
        },
      ],
      locked: ['accolades', 'rules'],
    };
    await writeFile(join(dir, 'policy.json'), JSON.stringify(policy));
    app = await _electron.launch({
      executablePath: 'path' in binary ? binary.path : '',
      args: [root, `--user-data-dir=${join(dir, 'profile')}`, '--no-sandbox'],
      env: { ...process.env, ACCOLADES_POLICY_FILE: join(dir, 'policy.json') },
    });
    // Record notifications in the main process, where they are created.
    await app.evaluate(({ Notification }) => {
      const shown: string[] = [];
      (globalThis as { shownNotifications?: string[] }).shownNotifications = shown;
      const original = Notification.prototype.show;
      Notification.prototype.show = function show(this: Electron.Notification) {
        shown.push(`${this.title} | ${this.body}`);
        return original.call(this);
      };
    });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await sim?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('pops and notifies for an incoming call', async () => {
    await expect.poll(() => sim.connectedCount(), { timeout: 30_000 }).toBe(1);
    expect(sim.ringAgent(DEMO_AGENT_ID, 'incoming', '0712345678').delivered).toBe(true);
    await expect.poll(() => existsSync(popFile()), { timeout: 15_000 }).toBe(true);
    expect(JSON.parse(await readFile(popFile(), 'utf8'))).toEqual(['+40712345678']);
    const shown = await app.evaluate(
      () => (globalThis as { shownNotifications?: string[] }).shownNotifications ?? [],
    );
    expect(shown.join('\n')).toMatch(/712/);
  });
});
