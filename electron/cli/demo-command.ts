// `demo`: the newcomer's first run. Starts the local stand-in on free ports, writes a demo
// configuration to a temp folder, starts the connector against it and, once it is signed in,
// rings one incoming call (→ the stand-in's CRM demo page opens in the browser) and places one
// outgoing call through REST click2call (→ a tiny program prints the argv it was given).
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ConnectorConfigInput } from '../core/config/index.js';
import { MemorySecretStore } from '../core/secrets/index.js';
import type { CallRecord } from '../core/screen-pop/call-record.js';
import {
  DEMO_ACCOUNT,
  DEMO_AGENT_ID,
  DEMO_DEVICE_ID,
  DEMO_PASSWORD,
  startSimulator,
  type SimulatorHandle,
} from '../simulator/index.js';
import { parseCommandArgs } from './args.js';
import { loadCliConfig } from './cli-config.js';
import { CliError, ExitCode, type CliIo } from './io.js';
import { cliLogger, makeCliConnector } from './make-connector.js';

export const DEMO_USAGE = `Usage: accolades-connector demo [--once] [--browser <name or path>]

Starts a local Accolades stand-in and the connector with a demo configuration, then rings one
incoming call (your browser opens the stand-in's CRM demo page) and places one outgoing call
(a small program prints the arguments the rule gave it). Runs until Ctrl+C.

  --once               exit after both calls were handled
  --browser <b>        open the demo page with this browser instead of the default one`;

export const DEMO_INCOMING_NUMBER = '0712345678';
export const DEMO_OUTGOING_NUMBER = '0213456789';
const CONNECT_LIMIT_MS = 30_000;

export async function demoCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    {
      once: { type: 'boolean' },
      browser: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    DEMO_USAGE,
  );
  if (values.help) {
    io.stdout(`${DEMO_USAGE}\n`);
    return ExitCode.ok;
  }
  const say = (text: string): void => io.stdout(`${text}\n`);
  const stopped = io.stopSignal.then(() => 'stopped' as const);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'accolades-demo-'));
  let stand: SimulatorHandle | undefined;
  try {
    stand = await startSimulator({ port: 0, controlPort: 0 });
    const files = await writeDemoFiles(dir, stand, values.browser);
    say(`Stand-in: ${stand.wssUrl} (control page ${stand.controlUrl}/)`);
    say(`Demo configuration: ${files.config}`);

    const loaded = await loadCliConfig(io, files.config);
    const connector = makeCliConnector(io, loaded.config, {
      // A first run should read like a story: only warnings and errors go to stderr.
      logger: cliLogger(io, 'connector', 'warn'),
      // The stand-in's demo password; a real setup uses ACCOLADES_REST_PASSWORD or a file.
      secrets: new MemorySecretStore({ restPassword: DEMO_PASSWORD }),
    });
    const handled: CallRecord[] = [];
    let allHandled: () => void = () => {};
    const bothHandled = new Promise<void>((resolve) => (allHandled = resolve));
    connector.events.on('call', (record) => {
      handled.push(record);
      say(`Call ${record.direction} ${record.number.raw}: ${record.trace.summary}`);
      for (const action of record.actions) {
        const target =
          action.kind === 'open' ? action.url : [action.program, ...action.args].join(' ');
        say(
          `  ${action.ok ? '✔' : '✖'} ${action.kind} ${target}${action.ok ? '' : ` — ${action.error}`}`,
        );
      }
      if (record.outcome.kind === 'failed') say(`  ✖ ${record.outcome.error}`);
      if (
        handled.some((r) => r.direction === 'inbound') &&
        handled.some((r) => r.direction === 'outbound')
      )
        allHandled();
    });
    connector.events.on('problem', (problem) => say(`Problem: ${problem.message}`));

    let rang = false;
    let connected: () => void = () => {};
    const isConnected = new Promise<void>((resolve) => (connected = resolve));
    let lastLine = '';
    connector.events.on('state', (state) => {
      if (state.statusLine !== lastLine) say(`Connector: ${state.statusLine}`);
      lastLine = state.statusLine;
      if (state.phase === 'connected' && !rang) {
        rang = true;
        connected();
      }
    });
    await connector.start();
    try {
      const first = await Promise.race([
        isConnected.then(() => 'connected' as const),
        stopped,
        delay(CONNECT_LIMIT_MS),
      ]);
      if (first === 'stopped') return ExitCode.ok;
      if (first !== 'connected')
        throw new CliError(
          `The connector did not connect to the stand-in within ${CONNECT_LIMIT_MS / 1000} s.`,
        );
      say(`Ringing an incoming call from ${DEMO_INCOMING_NUMBER}…`);
      stand.ringAgent(DEMO_AGENT_ID, 'incoming', DEMO_INCOMING_NUMBER);
      say(`Placing an outgoing call to ${DEMO_OUTGOING_NUMBER} through REST click2call…`);
      try {
        await connector.dial(DEMO_OUTGOING_NUMBER);
      } catch (error) {
        say(`Click2call failed (${(error as Error).message}); ringing the outgoing call directly.`);
        stand.ringAgent(DEMO_AGENT_ID, 'outgoing', DEMO_OUTGOING_NUMBER);
      }
      if (values.once) {
        const done = await Promise.race([
          bothHandled.then(() => 'done' as const),
          stopped,
          delay(CONNECT_LIMIT_MS),
        ]);
        await connector.idle();
        if (done === 'done') await reportProgramRuns(files.programLog, say);
        if (done !== 'done' && done !== 'stopped')
          throw new CliError('The demo calls were not handled in time.');
      } else {
        say('Ring more calls from the control page; press Ctrl+C to stop.');
        await stopped;
      }
      return ExitCode.ok;
    } finally {
      await connector.stop();
    }
  } finally {
    await stand?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function writeDemoFiles(
  dir: string,
  stand: SimulatorHandle,
  browser: string | undefined,
): Promise<{ config: string; programLog: string }> {
  const caFile = path.join(dir, 'ca.pem');
  const program = path.join(dir, 'crm-program.mjs');
  const programLog = path.join(dir, 'crm-program.log');
  await writeFile(caFile, stand.caCert);
  // The "local CRM program" of the outbound rule: records the argv it got, one JSON line.
  await writeFile(
    program,
    `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(programLog)}, JSON.stringify(process.argv.slice(2)) + '\\n');\n`,
  );
  const config: ConnectorConfigInput = {
    accolades: { url: stand.wssUrl, crmId: DEMO_AGENT_ID, caFile },
    rest: { baseUrl: stand.restBaseUrl, account: DEMO_ACCOUNT, deviceId: DEMO_DEVICE_ID },
    // The CRM demo page lives on the stand-in's control server, which is plain http on this
    // computer only; real CRM rules stay https-only (allowHttp is off by default).
    screenPop: { allowHttp: true, ...(browser ? { browser } : {}) },
    rules: [
      {
        name: 'CRM demo page',
        direction: 'inbound',
        open: `${stand.controlUrl}/crm/contact?phone={e164}&direction={direction}`,
      },
      {
        name: 'Local CRM program',
        direction: 'outbound',
        run: { program: process.execPath, args: [program, '--phone', '{national}'] },
      },
    ],
  };
  const file = path.join(dir, 'demo-config.json');
  await writeFile(file, `${JSON.stringify(config, null, 2)}\n`);
  await appendFile(programLog, '');
  return { config: file, programLog };
}

async function reportProgramRuns(log: string, say: (text: string) => void): Promise<void> {
  // The program runs detached; give it a moment to write its line (bounded, not an assertion).
  for (let i = 0; i < 50; i += 1) {
    const text = await readFile(log, 'utf8');
    if (text.trim() !== '') {
      for (const line of text.trim().split('\n')) say(`Local CRM program was started with ${line}`);
      return;
    }
    await delay(100);
  }
  say('The local CRM program has not reported yet.');
}

function delay(ms: number): Promise<'timeout'> {
  return new Promise((resolve) => setTimeout(() => resolve('timeout'), ms).unref());
}
