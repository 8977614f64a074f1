// A Logger that keeps its entries, so tests can assert on what was (and was not) logged.
import { createLogger, type LogEntry } from '../../electron/core/log.js';
import type { Logger } from '../../electron/core/ports.js';

export class MemoryLogger implements Logger {
  readonly entries: LogEntry[] = [];
  private readonly inner: Logger;

  constructor(scope = 'test', inner?: Logger) {
    this.inner =
      inner ?? createLogger((entry) => this.entries.push(entry), scope, Date.now, 'debug');
  }

  debug(message: string, fields?: Record<string, unknown>): void {
    this.inner.debug(message, fields);
  }
  info(message: string, fields?: Record<string, unknown>): void {
    this.inner.info(message, fields);
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.inner.warn(message, fields);
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.inner.error(message, fields);
  }
  child(scope: string): Logger {
    // Children share this logger's entry list.
    return createLogger((entry) => this.entries.push(entry), `test:${scope}`, Date.now, 'debug');
  }

  /** Everything logged, as one string (for "the password never appears" checks). */
  text(): string {
    return this.entries.map((e) => JSON.stringify(e)).join('\n');
  }
}
