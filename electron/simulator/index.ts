// Public surface of the local Accolades stand-in.
export { startSimulator, type SimulatorHandle } from './simulator.js';
export {
  runSimulatorCli,
  DEFAULT_CONTROL_PORT,
  DEFAULT_SIMULATOR_PORT,
  type SimulatorCliOptions,
  type TextSink,
} from './cli.js';
export {
  demoAgents,
  DEMO_ACCOUNT,
  DEMO_AGENT_ID,
  DEMO_DEVICE_ID,
  DEMO_PASSWORD,
  type RestAccount,
  type RingDirection,
  type SimulatedAgent,
  type SimulatorOptions,
  type SimulatorTls,
  type SuccessSpelling,
} from './options.js';
export type {
  SimulatorRecord,
  WsRecordEntry,
  RestRecordEntry,
  NotificationRecordEntry,
} from './record.js';
export type { AgentSummary } from './agent-registry.js';
export type { SimulatedCall, CallEvent, CallEventOutcome } from './call-notifier.js';
export type { RingOutcome } from './control-server.js';
export type { AuthFailureReason } from './crm-socket-server.js';
export { trustInstructions } from './tls-material.js';
export type { IvrAnswer, IvrRequest } from './ivr-request.js';
