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
