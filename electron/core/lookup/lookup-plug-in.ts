// The CRM contact lookup as a Connector plug-in. Its problem is the latest failed lookup, until
// one works again or the lookup is turned off (each failure kind is logged once by the lookup).
import type { PlugIn, PlugInProblem } from '../plug-in.js';
import {
  attachLookup,
  type AttachLookupOptions,
  type LookupHandle,
  type LookupSource,
} from './attach-lookup.js';

export type LookupPlugIn = Omit<LookupHandle, 'detach'> & {
  detach(): Promise<void>;
  problems(): PlugInProblem<'lookup'>[];
};

export function lookupPlugIn(options: AttachLookupOptions): PlugIn<LookupSource, LookupPlugIn> {
  return {
    name: 'lookup',
    attach: async (host) => {
      const handle = attachLookup(host, options);
      let problem: PlugInProblem<'lookup'> | undefined;
      const offs = [
        handle.events.on('lookup', ({ result }) => {
          // The tray line already says "Caller names:", so only the reason goes in it.
          problem =
            result.kind === 'failed' ? { source: 'lookup', message: result.message } : undefined;
        }),
        host.events.on('config', () => {
          if (host.getConfig().lookup.url === '') problem = undefined;
        }),
      ];
      return {
        events: handle.events,
        idle: () => handle.idle(),
        test: (rawNumber, direction) => handle.test(rawNumber, direction),
        problems: () => (problem ? [problem] : []),
        detach: async () => {
          for (const off of offs) off();
          handle.detach();
        },
      };
    },
  };
}
