// The pairing endpoint as a Connector plug-in: it follows `pairing.enabled` and `pairing.port`
// by itself; its problem is why it is not listening although pairing is on (port taken…).
import { listenerPlugIn, type PlugIn, type PlugInProblem } from '../plug-in.js';
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
  return listenerPlugIn('pairing', (host: PairingSource) => attachPairing(host, options));
}
