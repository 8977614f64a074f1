// The side doors to the screen-pop rules, through the real IPC guard and handlers to the REAL
// CoreConnectorServices, with real programs on disk started by the real launcher:
// - "Test" on a rule starts a program only when the agent may edit the rules, and only after a
//   message box (the shared Electron fake) that names the program and its arguments;
// - "Open contact again" runs what the CURRENT rules say for the stored call, never the program
//   a history file on disk names (a tampered file, or a rule changed since).
vi.mock('electron', () => import('../fakes/electron.js'));

import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessageBoxOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UrlOpener } from '../../electron/core/ports.js';
import { HISTORY_FILE_NAME } from '../../electron/core/history/history-store.js';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.js';
import { CoreConnectorServices } from '../../electron/app/connector-services.js';
import {
  invokeChannel,
  type ActionOutcome,
  type Failure,
  type RulePreview,
} from '../../electron/shared/ipc-contract.js';
import { dialog, electronFake, ipcMain } from '../fakes/electron.js';
import { PAGE, registerTestHandlers } from '../fakes/ipc-test-setup.js';
import { MemoryLogger } from '../fakes/memory-logger.js';
import { MemorySettingsStore } from '../fakes/memory-settings-store.js';

const SETTINGS_PAGE = PAGE.settings;
const HISTORY_PAGE = PAGE.history;

type TestAnswer =
  { ok: true; preview: RulePreview; outcomes: ActionOutcome[]; notRun?: string } | Failure;
type ReopenAnswer = { ok: true; outcomes: ActionOutcome[] } | Failure;

let dir: string;
/** A program that appends its argv (one line) to desk.log: the rule's legitimate program. */
let deskProgram: string;
let deskLog: string;
/** A program that must never start: it leaves a marker file when it does. */
let hostileProgram: string;
let hostileMarker: string;
let opened: string[];
let services: CoreConnectorServices | undefined;

const opener: UrlOpener = {
  async open(url) {
    opened.push(url);
  },
};

beforeEach(async () => {
  electronFake.reset();
  opened = [];
  dir = await mkdtemp(join(tmpdir(), 'rule-side-doors-'));
  deskLog = join(dir, 'desk.log');
  hostileMarker = join(dir, 'hostile-ran');
  // No file extension: the names say nothing about how they are run, only what they do.
  deskProgram = join(dir, 'crm-desk');
  hostileProgram = join(dir, 'not-the-crm');
  await writeFile(deskProgram, `#!/bin/sh\necho "$*" >> '${deskLog}'\n`);
  await writeFile(hostileProgram, `#!/bin/sh\necho "$*" > '${hostileMarker}'\n`);
  await chmod(deskProgram, 0o755);
  await chmod(hostileProgram, 0o755);
});

afterEach(async () => {
  await services?.stop();
  services = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function start(options: { user?: Record<string, unknown>; policy?: object } = {}) {
  let policyFile: string | undefined;
  if (options.policy) {
    policyFile = join(dir, 'policy.json');
    await writeFile(policyFile, JSON.stringify(options.policy));
  }
  services = new CoreConnectorServices({
    userSettings: new MemorySettingsStore(options.user ?? {}),
    policyFile,
    secrets: new MemorySecretStore(),
    logger: new MemoryLogger(),
    dataDirectory: dir,
    urlOpener: opener,
  });
  registerTestHandlers(services);
  return services;
}

const testRule = (rule: object) =>
  ipcMain.invokeFrom(SETTINGS_PAGE, invokeChannel('testRule'), {
    rule,
    sampleNumber: '0712 345 678',
    direction: 'inbound',
  }) as Promise<TestAnswer>;

const reopen = (callId: string) =>
  ipcMain.invokeFrom(HISTORY_PAGE, invokeChannel('reopenCall'), {
    callId,
  }) as Promise<ReopenAnswer>;

/** Waits for the detached program to have written its line (it runs on its own). */
async function deskLines(count: number): Promise<string[]> {
  const start = Date.now();
  for (;;) {
    const text = existsSync(deskLog) ? await readFile(deskLog, 'utf8') : '';
    const lines = text.split('\n').filter(Boolean);
    if (lines.length >= count) return lines;
    if (Date.now() - start > 5_000) return lines;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Gives a wrongly started program time to leave its marker before the test says it did not. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 300));
}

const deskRule = (args: string[] = ['--phone', '{e164}']) => ({
  name: 'Desk app',
  direction: 'inbound' as 'inbound' | 'outbound' | 'any',
  run: { program: deskProgram, args },
});

describe('testRule over IPC: a program only with unlocked rules and an explicit yes', () => {
  it('with the rules locked by the admin, shows the preview but starts and opens nothing, and says why', async () => {
    await start({
      policy: {
        rules: [{ name: 'Policy CRM', open: 'https://crm.example.com/?n={e164}' }],
        locked: ['rules'],
      },
    });
    dialog.messageBoxResponse = 1; // whatever a box would answer: none may be shown at all
    const answer = await testRule(deskRule());
    expect(answer).toMatchObject({ ok: true, outcomes: [], notRun: 'locked' });
    // The preview still shows the exact argv.
    const preview = (answer as { preview: RulePreview }).preview;
    expect(preview.actions).toEqual([
      { kind: 'run', program: deskProgram, args: ['--phone', '+40712345678'] },
    ]);
    const url = await testRule({ name: 'Web', open: 'https://crm.example.com/?n={e164}' });
    expect(url).toMatchObject({ ok: true, outcomes: [], notRun: 'locked' });
    await settle();
    expect(dialog.messageBoxes).toEqual([]);
    expect(existsSync(deskLog)).toBe(false);
    expect(opened).toEqual([]);
  });

  it('asks first, naming the program and its arguments, with Cancel as the default', async () => {
    await start();
    dialog.holdMessageBoxes = true;
    const pending = testRule(deskRule());
    await vi.waitFor(() => expect(dialog.heldMessageBoxes).toHaveLength(1));
    const box = dialog.messageBoxes[0] as MessageBoxOptions;
    const text = `${box.message}\n${box.detail ?? ''}`;
    expect(text).toContain(deskProgram);
    expect(text).toContain('--phone');
    expect(text).toContain('+40712345678');
    expect(box.defaultId).toBe(box.cancelId);
    expect(box.buttons?.[box.cancelId!]).toBe('Cancel');
    dialog.answerMessageBox(box.cancelId!);
    expect(await pending).toMatchObject({ ok: true, outcomes: [], notRun: 'declined' });
    await settle();
    expect(existsSync(deskLog)).toBe(false);

    // The other button starts it, with exactly the argv that was shown.
    const again = testRule(deskRule());
    await vi.waitFor(() => expect(dialog.heldMessageBoxes).toHaveLength(1));
    const second = dialog.messageBoxes[1] as MessageBoxOptions;
    const startButton = (second.buttons ?? []).findIndex(
      (_label, index) => index !== second.cancelId,
    );
    dialog.answerMessageBox(startButton);
    const ran = await again;
    expect(ran).toMatchObject({
      ok: true,
      outcomes: [
        {
          ok: true,
          action: { kind: 'run', program: deskProgram, args: ['--phone', '+40712345678'] },
        },
      ],
    });
    expect((ran as { notRun?: string }).notRun).toBeUndefined();
    expect(await deskLines(1)).toEqual(['--phone +40712345678']);
  });

  it('opens a URL-only rule at once when the rules are the agent’s to edit (no program, no box)', async () => {
    await start();
    const answer = await testRule({ name: 'Web', open: 'https://crm.example.com/?n={e164}' });
    expect(answer).toMatchObject({ ok: true, outcomes: [{ ok: true }] });
    expect(opened).toEqual(['https://crm.example.com/?n=%2B40712345678']);
    expect(dialog.messageBoxes).toEqual([]);
  });
});

/** One call as the history file keeps it, naming `program` as what "ran". */
function historyLine(id: string, program: string, args: string[]): string {
  const number = {
    raw: '0712345678',
    e164: '+40712345678',
    national: '0712345678',
    digits: '0712345678',
    kind: 'external',
  };
  const action = { kind: 'run', ruleIndex: 0, ruleName: 'Desk app', pop: 'auto', ok: true };
  return JSON.stringify({
    id,
    direction: 'inbound',
    number,
    crmId: 'agent-1',
    receivedAt: Date.UTC(2025, 0, 6, 9, 30),
    handledAt: Date.UTC(2025, 0, 6, 9, 30),
    trace: {
      direction: 'inbound',
      number,
      tried: [{ index: 0, name: 'Desk app', matched: true, checks: {}, why: 'matched' }],
      winners: [0],
      actions: [{ ...action, program, args }],
      summary: `inbound +40712345678: rule "Desk app" (auto): run ${program}`,
    },
    outcome: { kind: 'popped' },
    actions: [{ kind: 'run', ruleName: 'Desk app', program, args, ok: true, pid: 4242 }],
    pendingClick: false,
  });
}

describe('reopenCall over IPC: the current rules decide, not the history file', () => {
  it('runs the current rule’s program for a history entry edited to name a hostile one', async () => {
    await writeFile(
      join(dir, HISTORY_FILE_NAME),
      `${historyLine('tampered-1', hostileProgram, ['--wipe', '/home'])}\n`,
    );
    await start({ user: { rules: [deskRule(['--phone', '{e164}', '--again'])] } });

    const answer = await reopen('tampered-1');
    expect(answer).toMatchObject({
      ok: true,
      outcomes: [
        {
          ok: true,
          action: {
            kind: 'run',
            program: deskProgram,
            args: ['--phone', '+40712345678', '--again'],
          },
        },
      ],
    });
    expect(await deskLines(1)).toEqual(['--phone +40712345678 --again']);
    await settle();
    expect(existsSync(hostileMarker)).toBe(false);
  });

  it('runs nothing, and says so, when no current rule pops the stored call', async () => {
    await writeFile(
      join(dir, HISTORY_FILE_NAME),
      [
        historyLine('changed-1', deskProgram, ['--phone', '+40712345678']),
        historyLine('changed-2', hostileProgram, []),
      ].join('\n') + '\n',
    );
    // Since the call, the agent's only rule became outbound-only, then set to pop: off.
    await start({ user: { rules: [{ ...deskRule(), direction: 'outbound' }] } });
    const answer = await reopen('changed-1');
    expect(answer).toMatchObject({
      ok: false,
      error: expect.stringMatching(/nothing was opened/i),
    });
    expect((answer as Failure).error).toMatch(/no rule/i);

    await services!.saveSettings({ rules: [{ ...deskRule(), pop: 'off' }] });
    const off = await reopen('changed-2');
    expect(off).toMatchObject({ ok: false, error: expect.stringMatching(/pop: off/) });
    await settle();
    expect(existsSync(deskLog)).toBe(false);
    expect(existsSync(hostileMarker)).toBe(false);
  });

  it('refuses a history entry damaged beyond use, in plain words, and keeps running', async () => {
    const broken = JSON.parse(historyLine('broken-1', hostileProgram, [])) as Record<
      string,
      unknown
    >;
    broken.direction = 'sideways';
    await writeFile(join(dir, HISTORY_FILE_NAME), `${JSON.stringify(broken)}\n`);
    await start({ user: { rules: [{ ...deskRule(), direction: 'any' }] } });
    const answer = await reopen('broken-1');
    expect(answer).toMatchObject({ ok: false });
    expect((answer as Failure).error).toMatch(/damaged/);
    await settle();
    expect(existsSync(deskLog)).toBe(false);
    expect(existsSync(hostileMarker)).toBe(false);
  });
});
