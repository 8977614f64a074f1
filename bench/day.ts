// 6. A working day, compressed into a few minutes, run by the shipped process: the built CLI
// (`run`) in a child process against the stand-in, through a scripted day — hundreds of calls
// both ways with duplicates, hostile caller ids and a flood, garbage frames, three server
// restarts, a long outage, the process suspended (SIGSTOP/SIGCONT, a laptop lid) and the
// agent logged out of the Agent page for a while (authFailed ID_NOT_FOUND). It reports what
// happened to every call the server delivered (from the history file the CLI wrote): popped,
// held back with a reason, failed, and lost — which must be 0 — and the process's RSS.
// Time is compressed, so the flood limit refills every 0.1 s instead of 5 s (a normal pace of
// calls still pops); the duplicate window keeps its production 30 s.
// Over 300 lines on purpose: the day is one script read top to bottom, and splitting its steps
// across files would hide the order they run in; the inputs are in day-inputs.ts.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RingDirection } from '../electron/simulator/index.js';
import { cliEnvironment } from './cli-recovery.js';
import { CliProcess, sleep } from './cli-process.js';
import { RestartableStandIn } from './restartable-standin.js';
import { round } from './stats.js';
import { GARBAGE_FRAMES, HOSTILE_CALLER_IDS, ODD_CALL_FRAMES } from './day-inputs.js';

const CRM_ID = 'demo-agent-1';

export interface DayResult {
  minutes: number;
  calls: {
    sent: number;
    incoming: number;
    outgoing: number;
    duplicatesSent: number;
    floodSent: number;
    hostileIdsSent: number;
    /** Odd frames the protocol reads as calls (no number = withheld; a JSON number). */
    oddFramesSent: number;
    /** Rung while the agent had no open connection (logged out): the server did not deliver. */
    notDelivered: number;
  };
  history: {
    records: number;
    popped: number;
    heldBack: Record<string, number>;
    failed: number;
    failedWhy: Record<string, number>;
  };
  /** Delivered by the server, no record with that direction and number in the history. Must be 0. */
  lost: number;
  /** The first of those, for diagnosis. */
  lostCalls: string[];
  /** Records that match no call sent (a garbage frame taken for a call). Must be 0. */
  extra: number;
  actions: { ok: number; failed: number; seenByRecorders: number };
  garbageFrames: { sent: number; droppedFrameLines: number };
  /** Each disruption and how long the CLI took to print `connected` once it was over. */
  disruptions: Array<{ what: string; seconds: number; reconnectMs: number | undefined }>;
  /** State lines printed in the 15 s after SIGCONT. */
  afterWake: string[];
  rssMb: { start: number | undefined; end: number | undefined; max: number | undefined };
  exit: { code: number | null; signal: string | null; ms: number };
}

const number = (n: number): string => `07${String(20_000_000 + n).padStart(8, '0')}`;

export async function benchDay(): Promise<DayResult> {
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'bench-day-'));
  const say = (text: string) =>
    process.stderr.write(
      `  day +${((performance.now() - started) / 1000).toFixed(0)} s: ${text}\n`,
    );
  const stand = await RestartableStandIn.start(join(dir, 'stand-in'));
  // The "browser" and the CRM program record what they were given, one line per start.
  const recorded = join(dir, 'recorded.log');
  const recorder = join(dir, 'record.sh');
  await writeFile(recorder, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${recorded}'\n`);
  await chmod(recorder, 0o755);
  const config = join(dir, 'config.json');
  await writeFile(
    config,
    JSON.stringify({
      accolades: { url: stand.wssUrl, crmId: CRM_ID, caFile: stand.caFile },
      screenPop: { browser: recorder, burst: 3, refillSeconds: 0.1, dedupeWindowSeconds: 30 },
      rules: [
        { name: 'Web CRM', direction: 'inbound', open: 'https://crm.example.com/c?phone={e164}' },
        {
          name: 'CRM program',
          direction: 'outbound',
          run: { program: recorder, args: ['--dialled', '{digits}'] },
        },
      ],
    }),
  );
  const cli = CliProcess.start(
    ['run', '--config', config, '--data-dir', join(dir, 'data')],
    cliEnvironment(dir),
  );
  const sent: Array<{ direction: RingDirection; number: string }> = [];
  const counts = {
    duplicatesSent: 0,
    floodSent: 0,
    hostileIdsSent: 0,
    oddFramesSent: 0,
    notDelivered: 0,
  };
  const disruptions: DayResult['disruptions'] = [];
  let rssMax: number | undefined;
  const sampler = setInterval(() => {
    const rss = cli.rssMb();
    if (rss !== undefined) rssMax = Math.max(rssMax ?? 0, rss);
  }, 2_000);

  const ring = (direction: RingDirection, phone: string): boolean => {
    const delivered = stand.isUp && stand.handle.ringAgent(CRM_ID, direction, phone).delivered;
    if (delivered) sent.push({ direction, number: phone });
    else counts.notDelivered += 1;
    return delivered;
  };
  let serial = 0;
  /** `n` calls at a working pace, both directions; every `dupEvery`th repeats the one before. */
  const block = async (n: number, dupEvery = 0) => {
    for (let i = 0; i < n; i++) {
      const direction: RingDirection = i % 3 === 2 ? 'outgoing' : 'incoming';
      const last = sent.at(-1);
      if (dupEvery > 0 && i % dupEvery === dupEvery - 1 && last) {
        if (ring(last.direction, last.number)) counts.duplicatesSent += 1;
      } else ring(direction, number(++serial));
      await sleep(150);
    }
  };
  const outage = async (what: string, seconds: number) => {
    const from = cli.lines.length;
    await stand.down();
    await sleep(seconds * 1_000);
    if (!cli.alive()) throw new Error(`the CLI ended during ${what}`);
    const upAt = await stand.up();
    const back = await cli.connected(from);
    disruptions.push({ what, seconds, reconnectMs: round(back.at - upAt, 0) });
    say(`${what}: ${seconds} s down, connected ${round(back.at - upAt, 0)} ms after the return`);
  };

  try {
    await cli.connected();
    await sleep(2_000);
    const rssStart = cli.rssMb();
    say(`connected, RSS ${rssStart} MB; morning calls`);
    await block(100, 10);
    await outage('server restart 1', 3);

    say('calls with hostile caller ids, then garbage frames');
    for (const id of HOSTILE_CALLER_IDS) {
      if (ring('incoming', id)) counts.hostileIdsSent += 1;
      await sleep(150);
    }
    for (const odd of ODD_CALL_FRAMES) {
      if (stand.handle.sendRaw(CRM_ID, odd.frame)) {
        sent.push({ direction: odd.direction, number: odd.raw });
        counts.oddFramesSent += 1;
      }
      await sleep(150);
    }
    const garbageFrom = cli.lines.length;
    let garbageSent = 0;
    let lastSentAt = 0;
    for (const frame of GARBAGE_FRAMES) {
      if (stand.handle.sendRaw(CRM_ID, frame)) garbageSent += 1;
      lastSentAt = performance.now();
      await sleep(50);
    }
    // The last one is oversized: the socket's limit closes that link, and it must come back.
    const left = await cli
      .waitFor(
        'the link to drop',
        (line) => line.type === 'state' && line.phase !== 'connected',
        garbageFrom,
        5_000,
      )
      .catch(() => undefined);
    const back = left ? await cli.connected(cli.lines.indexOf(left)) : undefined;
    disruptions.push({
      what: left ? 'garbage frames; the oversized one closed the link' : 'garbage frames',
      seconds: 0,
      reconnectMs: back ? round(back.at - lastSentAt, 0) : undefined,
    });
    await block(60, 12);

    say('a flood: 40 calls at once');
    for (let i = 0; i < 40; i++) if (ring('incoming', number(++serial))) counts.floodSent += 1;
    await sleep(1_000);
    await outage('server restart 2', 6);
    await block(60);

    say('the agent logs out of the Agent page for 12 s');
    const logoutFrom = cli.lines.length;
    stand.handle.setLoggedIn(CRM_ID, false);
    await cli.waitFor(
      'waiting for the agent to log in',
      (line) => line.type === 'state' && line.phase === 'waiting-for-agent-login',
      logoutFrom,
    );
    for (let i = 0; i < 5; i++) {
      ring('incoming', number(++serial));
      await sleep(500);
    }
    await sleep(9_500);
    stand.handle.setLoggedIn(CRM_ID, true);
    const loginAt = performance.now();
    const loggedIn = await cli.connected(logoutFrom);
    disruptions.push({
      what: 'agent logged out (authFailed ID_NOT_FOUND)',
      seconds: 12,
      reconnectMs: round(loggedIn.at - loginAt, 0),
    });
    await block(40);

    await outage('long outage', 60);
    await block(60, 15);

    say('suspended (SIGSTOP) for 30 s');
    process.kill(cli.pid, 'SIGSTOP');
    await sleep(30_000);
    const wakeFrom = cli.lines.length;
    const wokeAt = performance.now();
    process.kill(cli.pid, 'SIGCONT');
    const woke = await cli.connected(wakeFrom, 15_000).catch(() => undefined);
    disruptions.push({
      what: 'suspended 30 s (SIGSTOP/SIGCONT)',
      seconds: 30,
      reconnectMs: woke ? round(woke.at - wokeAt, 0) : undefined,
    });
    await sleep(Math.max(0, 15_000 - (performance.now() - wokeAt)));
    const afterWake = cli.lines
      .slice(wakeFrom)
      .filter((line) => line.type === 'state')
      .map((line) => `${line.phase}: ${String(line.statusLine)}`);

    await outage('server restart 3', 2);
    await block(60);

    say('evening: waiting for the last calls, then SIGTERM');
    await cli
      .waitFor(
        'a call line for every call sent',
        () => cli.lines.filter((line) => line.type === 'call').length >= sent.length,
        0,
        30_000,
      )
      .catch(() => undefined);
    await sleep(1_000);
    const rssEnd = cli.rssMb();
    const exit = await cli.stop();

    const historyFile = String(cli.lines.find((line) => line.type === 'history')?.file ?? '');
    const records = (await readFile(historyFile, 'utf8'))
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as HistoryLine)
      .filter((record) => record.popAgainOf === undefined);
    const { history, actions, lostCalls, extra } = tally(records, sent);
    // Programs run detached: give the last ones a moment to write their line.
    let seenByRecorders = 0;
    for (let i = 0; i < 50 && seenByRecorders < actions.ok; i++) {
      seenByRecorders = existsSync(recorded)
        ? (await readFile(recorded, 'utf8')).split('\n').filter((l) => l !== '').length
        : 0;
      if (seenByRecorders < actions.ok) await sleep(100);
    }
    return {
      minutes: round((performance.now() - started) / 60_000, 1),
      calls: {
        sent: sent.length,
        incoming: sent.filter((call) => call.direction === 'incoming').length,
        outgoing: sent.filter((call) => call.direction === 'outgoing').length,
        ...counts,
      },
      history,
      lost: lostCalls.length,
      lostCalls: lostCalls.slice(0, 10),
      extra,
      actions: { ...actions, seenByRecorders },
      garbageFrames: {
        sent: garbageSent,
        droppedFrameLines: cli.lines.filter((line) => line.type === 'droppedFrame').length,
      },
      disruptions,
      afterWake,
      rssMb: { start: rssStart, end: rssEnd, max: rssMax },
      exit,
    };
  } finally {
    clearInterval(sampler);
    if (cli.alive()) {
      process.kill(cli.pid, 'SIGCONT');
      cli.child.kill('SIGKILL');
    }
    await stand.down();
    await rm(dir, { recursive: true, force: true });
  }
}

interface HistoryLine {
  popAgainOf?: string;
  direction: 'inbound' | 'outbound';
  number: { raw: string };
  outcome:
    { kind: 'popped' } | { kind: 'suppressed'; reason: string } | { kind: 'failed'; error: string };
  actions: Array<{ ok: boolean }>;
}

function tally(records: HistoryLine[], sent: Array<{ direction: RingDirection; number: string }>) {
  const history: DayResult['history'] = {
    records: records.length,
    popped: 0,
    heldBack: {},
    failed: 0,
    failedWhy: {},
  };
  const actions = { ok: 0, failed: 0 };
  const remaining = new Map<string, number>();
  for (const record of records) {
    const outcome = record.outcome;
    if (outcome.kind === 'popped') history.popped += 1;
    else if (outcome.kind === 'suppressed')
      history.heldBack[outcome.reason] = (history.heldBack[outcome.reason] ?? 0) + 1;
    else {
      history.failed += 1;
      // The number is quoted in the message: group by the reason, not by each number.
      const why = outcome.error.replace(/"[^"]*"/g, '"…"').slice(0, 100);
      history.failedWhy[why] = (history.failedWhy[why] ?? 0) + 1;
    }
    for (const action of record.actions) actions[action.ok ? 'ok' : 'failed'] += 1;
    const key = `${record.direction === 'inbound' ? 'incoming' : 'outgoing'} ${record.number.raw}`;
    remaining.set(key, (remaining.get(key) ?? 0) + 1);
  }
  const lostCalls: string[] = [];
  for (const call of sent) {
    const key = `${call.direction} ${call.number}`;
    const left = remaining.get(key) ?? 0;
    if (left > 0) remaining.set(key, left - 1);
    else lostCalls.push(JSON.stringify(key));
  }
  const extra = [...remaining.values()].reduce((sum, n) => sum + n, 0);
  return { history, actions, lostCalls, extra };
}
