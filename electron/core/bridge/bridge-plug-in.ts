// The local event bridge as a Connector plug-in: it follows `bridge.enabled` and `bridge.port`
// by itself; its problem is why it is not listening although it is on (port taken…).
import type { PlugIn, PlugInProblem } from '../plug-in.js';
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
  return {
    name: 'bridge',
    attach: async (host) => {
      const handle = await attachBridge(host, options);
      return {
        ...handle,
        idle: () => handle.settled(),
        problems: () => {
          const problem = handle.problem();
          return problem ? [problem] : [];
        },
      };
    },
  };
}
