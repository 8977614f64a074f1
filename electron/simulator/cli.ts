// What `accolades-connector simulator` runs: start the stand-in with a persistent CA and print
// how to point the connector at it.
import os from 'node:os';
import { join } from 'node:path';
import {
  DEMO_ACCOUNT,
  DEMO_DEVICE_ID,
  DEMO_PASSWORD,
  type SimulatedAgent,
  type SimulatorOptions,
  type SuccessSpelling,
} from './options.js';
import { startSimulator, type SimulatorHandle } from './simulator.js';
import { trustInstructions } from './tls-material.js';

export interface SimulatorCliOptions {
  /** WSS + REST port. Default 14327, the real service's WebSocket port. */
  port?: number;
  /** Control page port. Default 14328. */
  controlPort?: number;
  /** Where the CA lives between runs. Default: `.accolades-connector/stand-in` in the home directory. */
  dataDir?: string;
  spelling?: SuccessSpelling;
  /** Default: the demo agents (`demo-agent-1`, `demo-agent-2`). */
  agents?: SimulatedAgent[];
  /** Anything else startSimulator accepts (host, restAccounts, devices, callNotificationUrl, ...). */
  extra?: Omit<SimulatorOptions, 'port' | 'controlPort' | 'dataDir' | 'spelling' | 'agents'>;
}

export interface TextSink {
  write(text: string): unknown;
}

export const DEFAULT_SIMULATOR_PORT = 14327;
export const DEFAULT_CONTROL_PORT = 14328;

export async function runSimulatorCli(
  options: SimulatorCliOptions,
  stdout: TextSink,
): Promise<SimulatorHandle> {
  // Per user, not a shared temp directory: another user could plant a CA there for us to trust.
  const dataDir = options.dataDir ?? join(os.homedir(), '.accolades-connector', 'stand-in');
  const handle = await startSimulator({
    ...options.extra,
    port: options.port ?? DEFAULT_SIMULATOR_PORT,
    controlPort: options.controlPort ?? DEFAULT_CONTROL_PORT,
    dataDir,
    ...(options.spelling ? { spelling: options.spelling } : {}),
    ...(options.agents ? { agents: options.agents } : {}),
  });
  const caFile = handle.caFile ?? join(dataDir, 'ca.pem');
  const agentIds = handle.agents().map((agent) => agent.crmId);
  const restAccount = options.extra?.restAccounts?.[0]?.account ?? DEMO_ACCOUNT;
  const lines = [
    'Accolades stand-in running.',
    `  WebSocket (accolades.url): ${handle.wssUrl}`,
    `  REST (rest.baseUrl):       ${handle.restBaseUrl}   account ${restAccount}` +
      (options.extra?.restAccounts
        ? ''
        : `, password "${DEMO_PASSWORD}", deviceId ${DEMO_DEVICE_ID}`),
    `  Control page:              ${handle.controlUrl}/`,
    `  Agents (accolades.crmId):  ${agentIds.join(', ')}`,
    `  CA certificate:            ${caFile}`,
    `Use it with the connector: set accolades.url = ${handle.wssUrl} and accolades.caFile = ${caFile}.`,
    `To trust it system-wide instead (browsers, curl): ${trustInstructions(caFile)[1]}`,
    `Ring a call: open the control page, or POST {"crmId":"${agentIds[0] ?? ''}","direction":"incoming","phoneNumber":"0712345678"} to ${handle.controlUrl}/api/ring with content-type application/json.`,
  ];
  stdout.write(lines.join('\n') + '\n');
  return handle;
}
