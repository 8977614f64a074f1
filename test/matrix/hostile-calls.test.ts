// Bad input through the whole Connector: fuzzed hostile caller ids through URL and program
// templates (recording opener, recording launcher, and the real SpawnProgramLauncher for a few),
// floods and duplicates against the token bucket, and prototype-pollution keys on the socket.
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SpawnProgramLauncher } from '../../electron/core/actions/program-launcher.js';
import { HistoryStore } from '../../electron/core/history/history-store.js';
import type { CallRecord } from '../../electron/core/screen-pop/call-record.js';
import { FakeClock } from '../fakes/fake-clock.js';
import {
  AllowlistOpener,
  RecordingLauncher,
  isAllowed,
  originsOf,
  recordingSpawn,
  startSession,
  waitUntil,
  type ProgramExpectation,
  type Session,
} from './matrix-harness.js';
import { MatrixTally } from './tally.js';

const tally = new MatrixTally(import.meta.url);
let session: Session | undefined;

afterEach(async () => {
  await session?.close();
  session = undefined;
});
afterAll(() => {
  expect(tally.figures.urlsOutsideAllowlist).toBe(0);
  expect(tally.figures.shellLaunchesFromCallerData).toBe(0);
  expect(tally.figures.popsLost).toBe(0);
  tally.write();
});

/** Every pop as fast as it comes: the fuzz must see each call reach the templates. */
const NO_LIMITS = { dedupeWindowSeconds: 0, burst: 100, refillSeconds: 0 };

const PIECES = [
  '@',
  '/',
  '\\',
  '..',
  '../../admin',
  '%2F',
  '%2e%2e',
  '%00',
  '%0d%0a',
  '#',
  '?',
  '&',
  '=',
  ':',
  ';',
  'https://evil.example/',
  '//evil.example',
  '@evil.example',
  'javascript:alert(1)',
  'file:///etc/passwd',
  '\u202e',
  '\ufeff',
  '\u0000',
  '\r\n',
  '\t',
  ' ',
  '+40',
  '0712345678',
  '%',
  '{number}',
  '${HOME}',
  '$(id)',
  '`id`',
  '"',
  "'",
  '<script>',
  '％',
  '／',
  '＠',
  '．．',
  '--help',
  '-o',
  'x'.repeat(20),
];

/** Hostile caller ids of at most 64 UTF-16 units (the parser's cap; longer ones are dropped). */
const hostileId = fc
  .oneof(
    fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 6 }).map((p) => p.join('')),
    fc.string({ unit: 'binary', maxLength: 64 }),
    fc.string({ unit: 'grapheme-ascii', maxLength: 64 }),
    fc
      .tuple(fc.constantFrom('07', '+40', '0040', ''), fc.stringMatching(/^[0-9 ()./-]{0,20}$/))
      .map(([a, b]) => a + b),
  )
  .map((s) => s.slice(0, 64));

const URL_TEMPLATES = [
  'https://crm.example.com/contacts?phone={number}&e={e164}',
  'https://crm.example.com/p/{number}/x/{digits}',
  'https://crm.example.com/#/call/{number}?n={national}',
  'https://crm.example.com:8443/search/{number|raw}?q={number}#{number}',
  'https://other.example.org/{number}',
];
const PROGRAM = '/opt/crm/crm';
const PROGRAM_ARGS = ['--phone', '{number}', '--e164={e164}', 'raw:{number|raw}'];

function fuzzRules(): unknown[] {
  return [
    ...URL_TEMPLATES.map((open, i) => ({
      name: `url-${i}`,
      direction: 'any',
      internal: true,
      withheld: true,
      open,
      continue: true,
    })),
    {
      name: 'program',
      direction: 'any',
      internal: true,
      withheld: true,
      run: { program: PROGRAM, args: PROGRAM_ARGS },
    },
  ];
}

describe('hostile caller ids, fuzzed, end to end', () => {
  it('every URL ever opened keeps its template origin and scheme; argv keeps its shape; every call is kept', async () => {
    const allowed = originsOf(URL_TEMPLATES);
    const opener = new AllowlistOpener(allowed, tally);
    const expected: ProgramExpectation[] = [{ program: PROGRAM, argCount: PROGRAM_ARGS.length }];
    const launcher = new RecordingLauncher(expected, tally);
    session = await startSession({
      config: { screenPop: NO_LIMITS, rules: fuzzRules() as never },
      connector: { opener, launcher },
    });
    const ids = fc.sample(hostileId, { numRuns: 1500, seed: 20261125 });
    ids.forEach((id, i) => session!.server.sendCall(i % 2 === 0 ? 'inbound' : 'outbound', id));
    tally.badInputs(ids.length);
    await session.waitForCalls(ids.length, 60_000);
    await session.connector.idle();

    // Per call: each opened URL has the origin of the rule that rendered it.
    const ruleOrigin = new Map(URL_TEMPLATES.map((t, i) => [`url-${i}`, originsOf([t])]));
    for (const record of session.calls) {
      for (const action of record.actions) {
        if (action.kind !== 'open' || !action.ok) continue;
        expect(isAllowed(action.url, ruleOrigin.get(action.ruleName)!)).toBe(true);
      }
    }
    // Globally: everything the "browser" ever received.
    expect(opener.opened.length).toBeGreaterThan(ids.length);
    for (const url of opener.opened) expect(isAllowed(url, allowed), url).toBe(true);
    expect(opener.outside).toBe(0);
    // The program is always the admin's, with the template's four arguments, and the raw
    // number in them only when it is a dialable number.
    expect(launcher.launched.length).toBeGreaterThan(0);
    for (const { program, args } of launcher.launched) {
      expect(program).toBe(PROGRAM);
      expect(args).toHaveLength(4);
      // Only a dialable caller id ever reaches a program.
      expect(args[1]).toMatch(/^[0-9+*#]*$/);
      expect(args[3]).toMatch(/^raw:[0-9+*#]*$/);
    }
    expect(session.connector.counters().shellLaunches).toBe(0);
    expect(session.connector.state.phase).toBe('connected');

    // Nothing lost: every notification is a record on disk.
    const onDisk = await new HistoryStore<CallRecord>({ file: session.history.file }).list({
      limit: 10_000,
    });
    const lost = ids.length - onDisk.length;
    tally.popsLost(Math.max(0, lost));
    expect(onDisk).toHaveLength(ids.length);
    tally.faultSurvived('1,500 fuzzed hostile caller ids through 5 URL templates and 1 program');
  }, 90_000);

  // A caller id reaches a program only when it is a dialable number (digits, +, *, #);
  // anything else starts nothing and the call's trace says why. (Before, each hostile id was
  // passed through as one literal argument.)
  it('the real SpawnProgramLauncher: shell-looking caller ids start nothing, dialable ones arrive literally', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'matrix-spawn-'));
    const out = join(dir, 'argv.jsonl');
    const script = join(dir, 'crm-stub');
    await writeFile(
      script,
      `#!${process.execPath}\nrequire('fs').appendFileSync(${JSON.stringify(out)}, JSON.stringify(process.argv.slice(2)) + '\\n');\n`,
    );
    await chmod(script, 0o755);
    const pwned = join(dir, 'pwned');
    const hostile = [
      `$(touch ${pwned})`,
      `\`touch ${pwned}\``,
      `0712; touch ${pwned}`,
      `0712 && touch ${pwned}`,
      `0712 | tee ${pwned}`,
      `0712 > ${pwned}`,
      '"0712" "--evil"',
      "0712' '--evil",
      '%PATH% & calc.exe',
      '0712 345 678',
      '/uninstall',
      '/S /D=C:\\evil',
    ];
    const dialable = ['*', '*100#', '+40712345678', '#31#0712345678'];
    const expected: ProgramExpectation[] = [{ program: script, argCount: 2 }];
    const seen: { program: string; args: string[]; shell: unknown }[] = [];
    session = await startSession({
      config: {
        screenPop: NO_LIMITS,
        rules: [
          {
            name: 'stub',
            direction: 'any',
            internal: true,
            withheld: true,
            run: { program: script, args: ['--phone', '{number}'] },
          },
        ],
      },
      connector: { launcher: new SpawnProgramLauncher(recordingSpawn(expected, tally, seen)) },
    });
    for (const id of [...hostile, ...dialable]) session.server.sendCall('inbound', id);
    tally.badInputs(hostile.length);
    await session.waitForCalls(hostile.length + dialable.length);
    await session.connector.idle();
    await waitUntil(
      async () =>
        existsSync(out) &&
        (await readFile(out, 'utf8')).trim().split('\n').length === dialable.length,
      'every stub run to write its argv',
      30_000,
    );
    const argvs = (await readFile(out, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as string[]);
    expect(new Set(argvs.map((a) => JSON.stringify(a)))).toEqual(
      new Set(dialable.map((h) => JSON.stringify(['--phone', h]))),
    );
    expect(seen.map((s) => s.args[1]).sort()).toEqual([...dialable].sort());
    expect(seen.every((s) => s.shell === false)).toBe(true);
    expect(existsSync(pwned)).toBe(false);
    // Every call is kept; the hostile ones failed with the reason in their trace.
    for (const call of session.calls) {
      if (dialable.includes(call.number.raw)) {
        expect(call.outcome.kind).toBe('popped');
        continue;
      }
      expect(call.outcome.kind).toBe('failed');
      expect(call.trace.summary).toMatch(/only digits, \+, \* and # of the caller's number/);
    }
    expect(session.calls).toHaveLength(hostile.length + dialable.length);
    await rm(dir, { recursive: true, force: true });
    tally.faultSurvived(
      'shell metacharacters and switches in caller ids refused before a real spawn',
    );
  });
});

describe('floods and duplicates through the Connector', () => {
  it('pops are capped by the token bucket; every call, duplicate or not, is in the history', async () => {
    const clock = new FakeClock();
    const opener = new AllowlistOpener(originsOf(['https://crm.example.com/']), tally);
    session = await startSession({
      config: {
        rules: [{ name: 'crm', direction: 'any', open: 'https://crm.example.com/c?n={digits}' }],
      },
      connector: { opener, clock },
    });
    const distinct = Array.from({ length: 300 }, (_, i) => `07${String(i).padStart(8, '0')}`);
    // Each number three times: the flood of distinct calls and the duplicates interleaved.
    const sent = [...distinct, ...distinct, ...distinct];
    for (const number of sent) session.server.sendCall('inbound', number);
    await session.waitForCalls(sent.length);
    await session.connector.idle();
    let counters = session.connector.counters();
    expect(counters.pops).toBe(3); // burst 3, no time passed on the injected clock
    expect(opener.opened).toHaveLength(3);
    expect(counters.suppressedBy.flood).toBe(297);
    expect(counters.suppressedBy.duplicate).toBe(600);

    // Five seconds later the bucket has one token again; the duplicates' window (30 s) holds.
    clock.advance(5_000);
    session.server.sendCall('inbound', distinct[0]!);
    session.server.sendCall('inbound', '0799999999');
    await session.waitForCalls(sent.length + 2);
    await session.connector.idle();
    counters = session.connector.counters();
    expect(counters.pops).toBe(4);
    expect(session.calls.at(-2)?.outcome).toMatchObject({ reason: 'duplicate' });
    expect(session.calls.at(-1)?.outcome.kind).toBe('popped');

    const onDisk = await new HistoryStore<CallRecord>({ file: session.history.file }).list({
      limit: 10_000,
    });
    tally.popsLost(Math.max(0, sent.length + 2 - onDisk.length));
    expect(onDisk).toHaveLength(sent.length + 2);
    // A suppressed pop can still be opened from the history.
    const flooded = onDisk.find(
      (r) => r.outcome.kind === 'suppressed' && r.outcome.reason === 'flood',
    );
    await session.connector.popAgain(flooded!.id);
    expect(opener.opened).toHaveLength(5);
    tally.badInputs(sent.length);
    tally.faultSurvived('flood of 300 distinct calls');
    tally.faultSurvived('600 duplicate notifications');
  });
});

describe('prototype-pollution keys on the socket', () => {
  it('never reach Object.prototype; the link stays up and the honest call pops', async () => {
    const opener = new AllowlistOpener(originsOf(['https://crm.example.com/']), tally);
    session = await startSession({
      config: {
        screenPop: NO_LIMITS,
        rules: [
          {
            name: 'crm',
            direction: 'any',
            internal: true,
            withheld: true,
            open: 'https://crm.example.com/c?n={number}&who={config.agent.name}',
          },
        ],
      },
      connector: { opener },
    });
    const frames = [
      '{"type":"incomingCall","phoneNumber":"0711000001","__proto__":{"polluted":"yes"}}',
      '{"__proto__":{"type":"incomingCall","phoneNumber":"0711000002"}}',
      '{"type":"incomingCall","phoneNumber":"0711000003","constructor":{"prototype":{"polluted":"yes"}}}',
      '{"type":"outgoingCall","phoneNumber":{"__proto__":{"toString":"x"}}}',
      '{"type":"configuration","account":"{\\"__proto__\\":{\\"polluted\\":\\"yes\\"}}","agent":"{\\"name\\":\\"Ana\\",\\"constructor\\":{\\"prototype\\":{\\"polluted\\":\\"yes\\"}}}"}',
      '{"type":"__proto__","phoneNumber":"0711000004"}',
      '{"type":"incomingCall","phoneNumber":"__proto__"}',
      '{"type":"incomingCall","phoneNumber":"constructor"}',
    ];
    for (const frame of frames) session.server.sendRaw(frame);
    session.server.sendCall('inbound', '0711000005');
    tally.badInputs(frames.length);
    await waitUntil(
      () => session!.calls.some((c) => c.number.raw === '0711000005'),
      'the honest call',
    );
    await session.connector.idle();
    const probe = {} as Record<string, unknown>;
    expect(probe.polluted).toBe(undefined);
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(session.connector.state.phase).toBe('connected');
    expect(session.connector.getConfigurationAnswer()).toBeDefined();
    // The configuration answer's own fields survive; the polluting ones do not.
    const honest = session.calls.find((c) => c.number.raw === '0711000005')!;
    expect(honest.outcome.kind).toBe('popped');
    expect(opener.opened.at(-1)).toBe('https://crm.example.com/c?n=0711000005&who=Ana');
    // Every call frame is either a record or a counted drop: nothing vanished.
    const callFrames = 6; // frames 1, 3, 4, 7, 8 and the honest call carry call types
    expect(
      session.calls.length + session.connector.counters().droppedFrames,
    ).toBeGreaterThanOrEqual(callFrames);
    tally.faultSurvived('prototype-pollution keys through the full Connector');
  });
});

describe('malformed frames and wrong shapes through the Connector', () => {
  it('a barrage of garbage is dropped and counted; the link stays up and honest calls interleaved are all kept', async () => {
    session = await startSession({
      config: {
        screenPop: NO_LIMITS,
        rules: [{ name: 'crm', direction: 'any', open: 'https://crm.example.com/c?n={digits}' }],
      },
      connector: { opener: new AllowlistOpener(originsOf(['https://crm.example.com/']), tally) },
    });
    const s = session;
    // Not authFailed / connectionClosed: those legitimately end the session.
    const types = ['incomingCall', 'outgoingCall', 'authSuccess', 'configuration'];
    const garbage = fc.oneof(
      // Wrong shapes: a known type with any JSON in its fields.
      fc
        .record({
          type: fc.constantFrom(...types, 'error', 'mystery'),
          phoneNumber: fc.jsonValue(),
        })
        .map((v) => ({ text: JSON.stringify(v) })),
      // Any JSON value at all, and text that is not JSON.
      fc.jsonValue().map((v) => ({ text: JSON.stringify(v) ?? 'null' })),
      fc.string({ unit: 'binary', maxLength: 200 }).map((text) => ({ text })),
      // Binary frames and invalid UTF-8 in text frames.
      fc
        .uint8Array({ maxLength: 64 })
        .map((bytes) => ({ bytes: Buffer.from(bytes), binary: true })),
      fc.constantFrom(Buffer.from([0xc3, 0x28]), Buffer.from([0xff, 0xfe, 0x7b])).map((bytes) => ({
        bytes,
        binary: false,
      })),
    );
    const frames = fc.sample(garbage, { numRuns: 2_000, seed: 1125 });
    const honest: string[] = [];
    frames.forEach((frame, i) => {
      if ('text' in frame) s.server.sendRaw(frame.text);
      else s.server.sendRaw(frame.bytes, { binary: frame.binary });
      if (i % 100 === 0) {
        const number = `0733${String(i).padStart(6, '0')}`;
        honest.push(number);
        s.server.sendCall('inbound', number);
      }
    });
    tally.badInputs(frames.length);
    await waitUntil(
      () => honest.every((n) => s.calls.some((c) => c.number.raw === n)),
      'every honest call',
      30_000,
    );
    await s.connector.idle();
    const recorded = new Set(s.calls.map((c) => c.number.raw));
    tally.popsLost(honest.filter((n) => !recorded.has(n)).length);
    expect(s.connector.counters().droppedFrames).toBeGreaterThan(frames.length / 4);
    expect(s.server.acceptedConnections).toBe(1); // never dropped the link over garbage
    expect(s.connector.state.phase).toBe('connected');
    tally.faultSurvived('2,000 malformed, binary, invalid-UTF-8 and wrongly shaped frames');
  });
});
