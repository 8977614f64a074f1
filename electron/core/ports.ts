// The side effects the core depends on. Production passes nothing and gets the real
// implementation (see `defaultPorts()` in ./default-ports.ts); tests pass their own.

/** Time. `monotonicMs` never jumps with the wall clock; use it for windows and timeouts. */
export interface Clock {
  /** Wall-clock milliseconds since the epoch (for timestamps shown to people). */
  nowMs(): number;
  /** Monotonic milliseconds (performance.now()-like) for durations, dedupe windows, backoff. */
  monotonicMs(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export interface TimerHandle {
  /** Let the process exit while this timer is pending (Node's unref). */
  unref?(): void;
}

/** Uniform random number in [0, 1). Injected so backoff delays are exact in tests. */
export type Random = () => number;

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** A scoped logger: `log.child('screen-pop').info('opened rule 2', { number })`. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

/** Opens a URL that has already passed the URL policy. */
export interface UrlOpener {
  open(url: string, options?: { browser?: string }): Promise<void>;
}

/** Starts a program detached, with an argv array and never through a shell. */
export interface ProgramLauncher {
  launch(program: string, args: readonly string[]): Promise<{ pid: number | undefined }>;
}

/** Where secrets (the REST password) live: safeStorage in the app, env/file for the CLI. */
export interface SecretStore {
  get(name: SecretName): Promise<string | undefined>;
  set(name: SecretName, value: string): Promise<void>;
  delete(name: SecretName): Promise<void>;
  /** Why secrets cannot be persisted here, if they cannot (e.g. no OS keyring on Linux). */
  unavailableReason?(): string | undefined;
}

export type SecretName = 'restPassword' | 'lookupApiKey' | 'bridgeToken';
