// The optional integrations the Connector can carry (local event bridge, pairing endpoint,
// caller-name lookup, …) share one shape, so the Connector owns their lifetime: it attaches
// them, waits for them when asked to be idle, sums up their problems and detaches them all at
// shutdown. The CLI and the app only say which ones run and listen to their events.

/** Why an integration cannot do its job right now, in plain words (port taken, lookup failing). */
export interface PlugInProblem<Source extends string = string> {
  source: Source;
  message: string;
}

/** What every attached integration offers, whatever else its handle carries. */
export interface AttachedPlugIn {
  /** Resolves when the work it started (lookups, their writes) is done. */
  idle(): Promise<void>;
  detach(): Promise<void>;
  /** Its problems now; empty when it works or is off. */
  problems(): PlugInProblem[];
}

/** An integration not yet attached: attaching it to `Host` gives its handle `H`. */
export interface PlugIn<Host, H extends AttachedPlugIn = AttachedPlugIn> {
  readonly name: string;
  attach(host: Host): Promise<H>;
}

/** A handle of a listening integration: work it started settles, and it has at most one problem. */
export interface ListenerHandle<Source extends string> {
  settled(): Promise<void>;
  problem(): PlugInProblem<Source> | undefined;
  detach(): Promise<void>;
}

/**
 * The plug-in of a listening integration (the bridge, the pairing endpoint): its handle as it
 * is, with `idle` and `problems` read from `settled` and `problem`.
 */
export function listenerPlugIn<Host, Source extends string, H extends ListenerHandle<Source>>(
  name: Source,
  attach: (host: Host) => Promise<H>,
): PlugIn<Host, H & { idle(): Promise<void>; problems(): PlugInProblem<Source>[] }> {
  return {
    name,
    attach: async (host) => {
      const handle = await attach(host);
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
