// The pairing endpoint as a Connector plug-in: it follows `pairing.enabled` and `pairing.port`
// by itself; its problem is why it is not listening although pairing is on (port taken…).
import type { PlugIn, PlugInProblem } from '../plug-in.js';
import {
  attachPairing,
  type AttachPairingOptions,
  type PairingHandle,
  type PairingSource,
} from './attach-pairing.js';

export type PairingPlugIn = PairingHandle & {
  idle(): Promise<void>;
  problems(): PlugInProblem<'pairing'>[];
};

export function pairingPlugIn(options: AttachPairingOptions): PlugIn<PairingSource, PairingPlugIn> {
  return {
    name: 'pairing',
    attach: async (host) => {
      const handle = await attachPairing(host, options);
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
