// The REAL ConnectorServices (CoreConnectorServices on the real core) for the renderer tests,
// connected over TLS to the local Accolades stand-in: connection states, calls, REST dial/SMS
// and credentials all come from real sockets. Only the outside world's last step is recorded
// instead of performed: the browser (a recording UrlOpener) and the operating system's process
// start (the real SpawnProgramLauncher over a recording spawn, so its path checks and error
// wording are the production ones).
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SpawnProgramLauncher,
  type SpawnFunction,
} from '../../../electron/core/actions/program-launcher.js';
import type { ConnectionPhase } from '../../../electron/core/connection-state.js';
import type { UrlOpener } from '../../../electron/core/ports.js';
import { MemorySecretStore } from '../../../electron/core/secrets/memory-secret-store.js';
import { CoreConnectorServices } from '../../../electron/app/connector-services.js';
import type { HistoryEntryView, PlannedAction } from '../../../electron/shared/ipc-contract.js';
import {
  DEMO_ACCOUNT,
  DEMO_DEVICE_ID,
  startSimulator,
  type RingDirection,
  type SimulatorHandle,
} from '../../../electron/simulator/index.js';
import { MemoryLogger } from '../../fakes/memory-logger.js';
import { MemorySettingsStore } from '../../fakes/memory-settings-store.js';

export interface ConnectorSetup {
  /** User settings on top of the stand-in's address, CA file and REST account. */
  user?: Record<string, unknown>;
  /** Admin policy file contents (`locked` included), written to the temp folder. */
  policy?: Record<string, unknown>;
  /** Stored as the REST password before the page opens. */
  restPassword?: string;
  /** Programs the recording spawn reports as missing (ENOENT), like a typo in a rule. */
  missingPrograms?: string[];
  /** Stored as the CRM lookup's API key. */
  lookupApiKey?: string;
}

/** The real services plus what reached the outside world through them. */
export interface ConnectorUnderTest {
  services: CoreConnectorServices;
  settings: MemorySettingsStore;
  /** Every URL opened and program started, in order, in the contract's PlannedAction shape. */
  launched: PlannedAction[];
  /** The numbers the stand-in's REST `dial` accepted for this connector, in order. */
  dialed(): string[];
  /** The SMS the stand-in's REST `sms/send` accepted for this connector. */
  smsSent(): { number: string; text: string }[];
  /** Resolves once the real link to the stand-in reaches `phase` (5 s at most). */
  reachPhase(phase: ConnectionPhase): Promise<void>;
  /** Rings the agent on the stand-in and resolves with the history entry the core made. */
  ring(crmId: string, direction: RingDirection, phoneNumber: string): Promise<HistoryEntryView>;
  stop(): Promise<void>;
}

export interface StandIn {
  sim: SimulatorHandle;
  caFile: string;
  /** Creates and starts real services against the stand-in (stopped by `stop()` / `close()`). */
  connector(setup?: ConnectorSetup): Promise<ConnectorUnderTest>;
  close(): Promise<void>;
}

function recordingSpawn(launched: PlannedAction[], missing: ReadonlySet<string>): SpawnFunction {
  return (command, args) => {
    launched.push({ kind: 'run', program: command, args: [...args] });
    const child = Object.assign(new EventEmitter(), {
      pid: missing.has(command) ? undefined : 4242,
      unref() {},
    });
    // Like Node: 'spawn' or 'error' arrives after spawn() returns.
    setImmediate(() => {
      if (missing.has(command)) {
        child.emit(
          'error',
          Object.assign(new Error(`spawn ${command} ENOENT`), { code: 'ENOENT' }),
        );
      } else child.emit('spawn');
    });
    return child as unknown as ChildProcess;
  };
}

function deepMerge(base: Record<string, unknown>, top: Record<string, unknown>) {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(top)) {
    const current = out[key];
    out[key] =
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      current &&
      typeof current === 'object'
        ? deepMerge(current as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return out;
}

export async function startStandIn(): Promise<StandIn> {
  const sim = await startSimulator();
  const root = await mkdtemp(join(tmpdir(), 'renderer-stand-in-'));
  const caFile = join(root, 'ca.pem');
  await writeFile(caFile, sim.caCert);
  const running = new Set<ConnectorUnderTest>();
  let count = 0;

  return {
    sim,
    caFile,
    async connector(setup = {}) {
      const dataDirectory = await mkdtemp(join(root, `connector-${(count += 1)}-`));
      let policyFile: string | undefined;
      if (setup.policy) {
        policyFile = join(dataDirectory, 'policy.json');
        await writeFile(policyFile, JSON.stringify(setup.policy));
      }
      const settings = new MemorySettingsStore(
        deepMerge(
          {
            accolades: { url: sim.wssUrl, caFile },
            rest: { baseUrl: sim.restBaseUrl, account: DEMO_ACCOUNT, deviceId: DEMO_DEVICE_ID },
          },
          setup.user ?? {},
        ),
      );
      const launched: PlannedAction[] = [];
      const opener: UrlOpener = {
        async open(url) {
          launched.push({ kind: 'open', url });
        },
      };
      const secrets = new MemorySecretStore({
        ...(setup.restPassword === undefined ? {} : { restPassword: setup.restPassword }),
        ...(setup.lookupApiKey === undefined ? {} : { lookupApiKey: setup.lookupApiKey }),
      });
      const services = new CoreConnectorServices({
        userSettings: settings,
        policyFile,
        secrets,
        logger: new MemoryLogger(),
        dataDirectory,
        urlOpener: opener,
        // The bridge and pairing endpoint (off unless a test turns them on) listen on a free
        // loopback port, never the fixed defaults, so test files can run side by side.
        integrations: { bridge: { listenPort: 0 }, pairing: { listenPort: 0 } },
        core: {
          launcher: new SpawnProgramLauncher(
            recordingSpawn(launched, new Set(setup.missingPrograms ?? [])),
          ),
        },
      });
      // The stand-in's REST record is shared by the file's tests: count only what came after.
      const restFrom = sim.received.rest.length;
      const accepted = (command: string) =>
        sim.received.rest
          .slice(restFrom)
          .filter((entry) => entry.status === 200 && entry.path.includes(`/${command}`));
      const underTest: ConnectorUnderTest = {
        services,
        settings,
        launched,
        dialed: () => accepted('dial').map((entry) => entry.fields.phoneNumber ?? ''),
        smsSent: () =>
          accepted('sms/send').map((entry) => ({
            number: entry.fields.phoneNumber ?? '',
            text: entry.fields.message ?? '',
          })),
        reachPhase(phase) {
          return new Promise((resolve, reject) => {
            if (services.getConnectionState().phase === phase) return resolve();
            const timer = setTimeout(() => {
              off();
              const now = services.getConnectionState();
              reject(
                new Error(`the link never became ${phase} (now ${now.phase}: ${now.statusLine})`),
              );
            }, 5_000);
            const off = services.on('state', (state) => {
              if (state.phase !== phase) return;
              clearTimeout(timer);
              off();
              resolve();
            });
          });
        },
        ring(crmId, direction, phoneNumber) {
          return new Promise((resolve, reject) => {
            const off = services.on('call', (entry) => {
              off();
              resolve(entry);
            });
            if (!sim.ringAgent(crmId, direction, phoneNumber).delivered) {
              off();
              reject(new Error(`the stand-in could not ring ${crmId} (not connected?)`));
            }
          });
        },
        async stop() {
          if (!running.delete(underTest)) return;
          await services.stop();
        },
      };
      running.add(underTest);
      await services.start();
      return underTest;
    },
    async close() {
      for (const underTest of [...running]) await underTest.stop();
      await sim.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
