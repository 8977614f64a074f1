// The local event bridge as a Connector plug-in: it follows `bridge.enabled` and `bridge.port`
// by itself; its problem is why it is not listening although it is on (port taken…).
import { listenerPlugIn, type PlugIn, type PlugInProblem } from '../plug-in.js';
import {
  attachBridge,
  type AttachBridgeOptions,
  type BridgeHandle,
  type BridgeSource,
} from './attach-bridge.js';

export type BridgePlugIn = BridgeHandle & {
  idle(): Promise<void>;
  problems(): PlugInProblem<'bridge'>[];
};

export function bridgePlugIn(options: AttachBridgeOptions): PlugIn<BridgeSource, BridgePlugIn> {
  return listenerPlugIn('bridge', (host: BridgeSource) => attachBridge(host, options));
}
