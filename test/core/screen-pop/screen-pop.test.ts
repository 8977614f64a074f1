import { describe, expect, test } from 'vitest';
import type { CallDirection, CallNotification } from '../../../electron/core/calls.js';
import {
  configSchema,
  type ConnectorConfig,
  type ConnectorConfigInput,
} from '../../../electron/core/config/schema.js';
import type { ProgramLauncher, UrlOpener } from '../../../electron/core/ports.js';
import type { CallRecord } from '../../../electron/core/screen-pop/call-record.js';
import { DedupeWindow } from '../../../electron/core/screen-pop/dedupe-window.js';
import { ScreenPop } from '../../../electron/core/screen-pop/screen-pop.js';
import { TokenBucket } from '../../../electron/core/screen-pop/token-bucket.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { MemoryLogger } from '../../fakes/memory-logger.js';

class RecordingOpener implements UrlOpener {
  readonly opened: { url: string; browser: string | undefined }[] = [];
  failWith: Error | undefined;
  async open(url: string, options?: { browser?: string }): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.opened.push({ url, browser: options?.browser });
  }
}

class RecordingLauncher implements ProgramLauncher {
  readonly launched: { program: string; args: readonly string[] }[] = [];
  async launch(program: string, args: readonly string[]): Promise<{ pid: number | undefined }> {
    this.launched.push({ program, args });
    return { pid: 4242 };
  }
}

const INBOUND_CRM = {
  name: 'CRM',
  direction: 'inbound',
  open: 'https://crm.example.com/contacts?phone={e164}',
} as const;

function setup(input: ConnectorConfigInput = { rules: [INBOUND_CRM] }) {
  const clock = new FakeClock();
  const opener = new RecordingOpener();
  const launcher = new RecordingLauncher();
  const logger = new MemoryLogger();
  let config: ConnectorConfig = configSchema.parse(input);
  let ids = 0;
  const pop = new ScreenPop({
    clock,
    opener,
    launcher,
    logger,
    getConfig: () => config,
    newId: () => `call-${++ids}`,
  });
  const call = (rawNumber: string, direction: CallDirection = 'inbound'): CallNotification => ({
    direction,
    rawNumber,
    receivedAt: clock.nowMs(),
    receivedMono: clock.monotonicMs(),
    message: {
      type: direction === 'inbound' ? 'incomingCall' : 'outgoingCall',
      phoneNumber: rawNumber,
    },
  });
  const extra = { crmId: 'f8cb549544', configuration: { agent: { crmUserId: 'u-77' } } };
  const handle = (rawNumber: string, direction: CallDirection = 'inbound') =>
    pop.handle(call(rawNumber, direction), extra);
  const setConfig = (next: ConnectorConfigInput) => {
    config = configSchema.parse(next);
  };
  /** "Open again" / the notification click, with the same CRM ID and configuration answer. */
  const again = (record: CallRecord) => pop.popAgain(record, extra);
  return { clock, opener, launcher, logger, pop, handle, setConfig, again };
}

describe('ScreenPop', () => {
  test('an inbound call pops the CRM once, with the trace and the action in the record', async () => {
    const { pop, handle, opener, clock } = setup();
    clock.advance(1000);
    const record = await handle('0712 345 678');
    expect(opener.opened).toEqual([
      { url: 'https://crm.example.com/contacts?phone=%2B40712345678', browser: undefined },
    ]);
    expect(record).toMatchObject({
      id: 'call-1',
      direction: 'inbound',
      number: {
        raw: '0712 345 678',
        e164: '+40712345678',
        national: '0712345678',
        kind: 'external',
      },
      crmId: 'f8cb549544',
      outcome: { kind: 'popped' },
      actions: [
        {
          kind: 'open',
          ruleName: 'CRM',
          url: 'https://crm.example.com/contacts?phone=%2B40712345678',
          ok: true,
        },
      ],
      pendingClick: false,
      latencyMs: 0,
    });
    expect(record.trace.winners).toEqual([0]);
    expect(pop.counters()).toMatchObject({
      calls: 1,
      pops: 1,
      suppressed: 0,
      failed: 0,
      shellLaunches: 0,
    });
  });

  test('the same number twice within 30 s pops once; the duplicate is recorded; after the window it pops again', async () => {
    const { pop, handle, opener, clock } = setup();
    expect((await handle('0712345678')).outcome.kind).toBe('popped');
    clock.advance(10_000);
    // Another spelling of the same number is the same call.
    const duplicate = await handle('+40 712 345 678');
    expect(duplicate.outcome).toMatchObject({ kind: 'suppressed', reason: 'duplicate' });
    expect(duplicate.trace.actions[0]).toMatchObject({
      ok: true,
      url: 'https://crm.example.com/contacts?phone=%2B40712345678',
    });
    expect(opener.opened).toHaveLength(1);
    // The window slides with each repeat: 29 s after the last repeat is still the same call.
    clock.advance(29_000);
    expect((await handle('0712345678')).outcome).toMatchObject({ reason: 'duplicate' });
    clock.advance(30_000);
    expect((await handle('0712345678')).outcome.kind).toBe('popped');
    expect(opener.opened).toHaveLength(2);
    expect(pop.counters().suppressedBy.duplicate).toBe(2);
  });

  test('dedupe keys on direction: the same number outbound is another call', async () => {
    const { handle, opener } = setup({
      rules: [{ name: 'all', open: 'https://crm.example.com/?q={e164}' }],
    });
    await handle('0712345678', 'inbound');
    expect((await handle('0712345678', 'outbound')).outcome.kind).toBe('popped');
    expect(opener.opened).toHaveLength(2);
  });

  test('flood limit: 3 at once, then one per 5 s; suppressed pops are recorded', async () => {
    const { pop, handle, opener, clock } = setup();
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const record = await handle(`07123456${10 + i}`);
      outcomes.push(
        record.outcome.kind === 'suppressed' ? record.outcome.reason : record.outcome.kind,
      );
    }
    expect(outcomes).toEqual(['popped', 'popped', 'popped', 'flood', 'flood']);
    clock.advance(4_999);
    expect((await handle('0712345690')).outcome).toMatchObject({
      kind: 'suppressed',
      reason: 'flood',
    });
    clock.advance(1);
    expect((await handle('0712345691')).outcome.kind).toBe('popped');
    expect(opener.opened).toHaveLength(4);
    expect(pop.counters()).toMatchObject({
      calls: 7,
      pops: 4,
      suppressed: 3,
      suppressedBy: { flood: 3 },
    });
  });

  test('flood settings come from config.screenPop', async () => {
    const { handle, clock } = setup({
      rules: [INBOUND_CRM],
      screenPop: { burst: 1, refillSeconds: 60 },
    });
    expect((await handle('0712345601')).outcome.kind).toBe('popped');
    expect((await handle('0712345602')).outcome).toMatchObject({ reason: 'flood' });
    clock.advance(59_000);
    expect((await handle('0712345603')).outcome).toMatchObject({ reason: 'flood' });
    clock.advance(1_000);
    expect((await handle('0712345604')).outcome.kind).toBe('popped');
  });

  test('paused (from the tray or from config): recorded, nothing opened, and it can be popped again', async () => {
    const { pop, handle, opener, setConfig, again } = setup();
    pop.setPaused(true);
    const record = await handle('0712345678');
    expect(record.outcome).toEqual({
      kind: 'suppressed',
      reason: 'paused',
      why: 'Screen-pops are paused.',
    });
    expect(opener.opened).toEqual([]);
    const popped = await again(record);
    expect(popped).toMatchObject({
      id: 'call-2',
      popAgainOf: 'call-1',
      outcome: { kind: 'popped' },
    });
    expect(opener.opened).toHaveLength(1);

    pop.setPaused(false);
    setConfig({ rules: [INBOUND_CRM], screenPop: { paused: true } });
    expect((await handle('0799999999')).outcome).toMatchObject({ reason: 'paused' });
    expect(pop.isPaused()).toBe(true);
  });

  test('click mode: nothing opens until the agent clicks (popAgain), which bypasses dedupe and flood', async () => {
    const { handle, opener, again } = setup({
      rules: [{ ...INBOUND_CRM, pop: 'click' }],
      screenPop: { burst: 1, refillSeconds: 3600 },
    });
    const record = await handle('0712345678');
    expect(record.outcome).toMatchObject({ kind: 'suppressed', reason: 'click-mode-pending' });
    expect(record.pendingClick).toBe(true);
    expect(opener.opened).toEqual([]);
    // Use up the flood budget and the dedupe window: the click still opens, twice if asked.
    expect((await again(record)).outcome.kind).toBe('popped');
    expect((await again(record)).outcome.kind).toBe('popped');
    expect(opener.opened.map((o) => o.url)).toEqual([
      'https://crm.example.com/contacts?phone=%2B40712345678',
      'https://crm.example.com/contacts?phone=%2B40712345678',
    ]);
  });

  test('popAgain still applies the URL policy of the current settings', async () => {
    const intranet = { name: 'intranet', open: 'http://crm.local/?q={e164}' };
    const { handle, opener, setConfig, again } = setup({
      rules: [intranet],
      screenPop: { allowHttp: true },
    });
    const record = await handle('0712345678');
    expect(record.outcome.kind).toBe('popped');
    setConfig({ rules: [intranet], screenPop: { allowHttp: false } });
    const refused = await again(record);
    expect(refused.outcome).toMatchObject({
      kind: 'failed',
      error: expect.stringMatching(/http: links are refused/),
    });
    expect(refused.actions).toEqual([]);
    expect(opener.opened).toHaveLength(1);
  });

  test('popAgain runs what the CURRENT rules say for the stored call, not what the record names', async () => {
    const { handle, opener, launcher, setConfig, again } = setup();
    const record = await handle('0712345678');
    expect(opener.opened.map((o) => o.url)).toEqual([
      'https://crm.example.com/contacts?phone=%2B40712345678',
    ]);
    // The rule changed since the call: the new URL opens, with the number the record keeps.
    setConfig({
      rules: [{ ...INBOUND_CRM, open: 'https://crm2.example.com/find?n={national}&a={crmId}' }],
    });
    const reopened = await again(record);
    expect(reopened.outcome.kind).toBe('popped');
    expect(opener.opened.at(-1)?.url).toBe(
      'https://crm2.example.com/find?n=0712345678&a=f8cb549544',
    );
    expect(reopened.trace.actions).toMatchObject([
      { kind: 'open', url: 'https://crm2.example.com/find?n=0712345678&a=f8cb549544' },
    ]);
    // A record whose stored actions name a program: the current rules open the URL instead.
    const forged: CallRecord = {
      ...record,
      trace: {
        ...record.trace,
        actions: [
          {
            kind: 'run',
            ruleIndex: 0,
            ruleName: 'CRM',
            pop: 'auto',
            ok: true,
            program: '/bin/evil',
            args: [],
          },
        ],
      },
    };
    expect((await again(forged)).outcome.kind).toBe('popped');
    expect(launcher.launched).toEqual([]);
    // No current rule at all: nothing opens, and the reason is the current rules'.
    setConfig({ rules: [] });
    expect((await again(record)).outcome).toMatchObject({ kind: 'suppressed', reason: 'no-rule' });
    expect(opener.opened).toHaveLength(3);
  });

  test('no rule, pop off and render errors are recorded with their reason', async () => {
    const { pop, handle, setConfig, again } = setup({ rules: [] });
    expect((await handle('0712345678')).outcome).toEqual({
      kind: 'suppressed',
      reason: 'no-rule',
      why: 'There are no screen-pop rules.',
    });
    setConfig({ rules: [{ ...INBOUND_CRM, pop: 'off' }] });
    expect((await handle('0712345679')).outcome).toMatchObject({
      kind: 'suppressed',
      reason: 'pop-off',
    });
    setConfig({ rules: [{ ...INBOUND_CRM, withheld: true }] });
    const withheld = await handle('anonymous');
    expect(withheld.outcome).toMatchObject({
      kind: 'failed',
      error: expect.stringMatching(/no international/),
    });
    expect(pop.counters()).toMatchObject({
      suppressed: 2,
      failed: 1,
      suppressedBy: { 'no-rule': 1, 'pop-off': 1 },
    });
    // popAgain of a pop: off call opens nothing either: off means the rule never pops.
    setConfig({ rules: [{ ...INBOUND_CRM, pop: 'off' }] });
    const off = await handle('0712340000');
    expect(off.outcome).toMatchObject({ reason: 'pop-off' });
    expect((await again(off)).outcome).toMatchObject({
      kind: 'suppressed',
      reason: 'pop-off',
    });
  });

  test('a browser that fails to open is a clear failure, not a crash', async () => {
    const { pop, handle, opener } = setup();
    opener.failWith = new Error('Could not open the browser "firefox": spawn firefox ENOENT');
    const record = await handle('0712345678');
    expect(record.outcome).toEqual({
      kind: 'failed',
      error: 'CRM: Could not open the browser "firefox": spawn firefox ENOENT',
    });
    expect(pop.counters().failed).toBe(1);
  });

  test('URL and program together; the configured browser is passed on', async () => {
    const { handle, opener, launcher } = setup({
      rules: [
        {
          name: 'both',
          direction: 'outbound',
          open: 'https://crm.example.com/c/{national}',
          run: {
            program: '/opt/crm/crm',
            args: ['--phone', '{national}', '--agent={config.agent.crmUserId}'],
          },
        },
      ],
      screenPop: { browser: 'firefox' },
    });
    const record = await handle('+40712345678', 'outbound');
    expect(opener.opened).toEqual([
      { url: 'https://crm.example.com/c/0712345678', browser: 'firefox' },
    ]);
    expect(launcher.launched).toEqual([
      { program: '/opt/crm/crm', args: ['--phone', '0712345678', '--agent=u-77'] },
    ]);
    expect(record.actions.map((a) => [a.kind, a.ok])).toEqual([
      ['open', true],
      ['run', true],
    ]);
  });

  test('hostile caller ids never crash the pipeline and every one is recorded', async () => {
    const { pop, handle } = setup({ rules: [{ ...INBOUND_CRM, withheld: true, internal: true }] });
    const hostile = [
      '',
      '\0',
      'x'.repeat(64),
      '"; rm -rf / #',
      '../../',
      '\ud800',
      '+'.repeat(64),
      'javascript:alert(1)',
    ];
    const records = [];
    for (const raw of hostile) records.push(await handle(raw));
    expect(records).toHaveLength(hostile.length);
    expect(pop.counters().calls).toBe(hostile.length);
  });

  test('the log says what happened to each call', async () => {
    const { handle, logger } = setup();
    await handle('0712345678');
    expect(logger.text()).toMatch(/popped: inbound \+40712345678: rule \\"CRM\\"/);
  });
});

describe('DedupeWindow and TokenBucket', () => {
  test('a window of 0 never deduplicates, and old keys are forgotten', () => {
    const window = new DedupeWindow();
    expect(window.seen('k', 0, 0)).toBe(false);
    expect(window.seen('k', 0, 0)).toBe(false);
    window.seen('a', 0, 30_000);
    window.seen('b', 15_000, 30_000);
    window.seen('c', 40_000, 30_000);
    expect(window.size()).toBe(2);
  });

  test('the bucket never holds more than its burst', () => {
    const bucket = new TokenBucket();
    const settings = { burst: 3, refillMs: 5000 };
    expect(bucket.available(0, settings)).toBe(3);
    expect(bucket.available(1_000_000, settings)).toBe(3);
    expect(bucket.tryTake(1_000_000, settings)).toBe(true);
    expect(bucket.available(1_002_500, settings)).toBeCloseTo(2.5);
  });
});

describe('ScreenPop with mixed rules', () => {
  test('an automatic action that cannot render does not hide a click-mode one', async () => {
    const { handle, opener, again } = setup({
      rules: [
        { name: 'needs config', continue: true, open: 'https://crm.example.com/{config.missing}' },
        { name: 'on click', pop: 'click', open: 'https://crm.example.com/?q={e164}' },
      ],
    });
    const record = await handle('0712345678');
    expect(record.outcome).toMatchObject({ kind: 'suppressed', reason: 'click-mode-pending' });
    expect(record.trace.actions.map((a) => a.ok)).toEqual([false, true]);
    const reopened = await again(record);
    expect(reopened.outcome.kind).toBe('popped');
    expect(opener.opened.map((o) => o.url)).toEqual(['https://crm.example.com/?q=%2B40712345678']);
  });
});

describe('ScreenPop never rejects', () => {
  test('a broken config getter becomes a failed record', async () => {
    const clock = new FakeClock();
    const pop = new ScreenPop({
      clock,
      opener: new RecordingOpener(),
      launcher: new RecordingLauncher(),
      logger: new MemoryLogger(),
      getConfig: () => {
        throw new Error('settings file unreadable');
      },
    });
    const record = await pop.handle(
      {
        direction: 'inbound',
        rawNumber: '0712345678',
        receivedAt: 0,
        receivedMono: 0,
        message: {},
      },
      { crmId: 'x', configuration: undefined },
    );
    expect(record.outcome).toEqual({
      kind: 'failed',
      error: 'Internal error: settings file unreadable',
    });
    expect(record.id).toMatch(/-1$/);
    expect(pop.counters()).toMatchObject({ calls: 1, failed: 1 });
  });

  test('a duplicate of a click-mode call does not ask for a second click', async () => {
    const { handle } = setup({ rules: [{ ...INBOUND_CRM, pop: 'click' }] });
    expect((await handle('0712345678')).pendingClick).toBe(true);
    const duplicate = await handle('0712345678');
    expect(duplicate.outcome).toMatchObject({ reason: 'duplicate' });
    expect(duplicate.pendingClick).toBe(false);
  });
});
