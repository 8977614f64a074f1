// Scoped logger behind the Logger port. Entries go to a sink (JSON lines on stderr for the
// CLI, a rotating file in the app). Field values that look like secrets are redacted here,
// once, so no caller can forget to.
import type { Logger, LogLevel } from './ports.js';

export interface LogEntry {
  time: string;
  level: LogLevel;
  scope: string;
  message: string;
  fields?: Record<string, unknown>;
}

export type LogSink = (entry: LogEntry) => void;

const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|authorization|cookie/i;
const REDACTED = '[redacted]';

/** Copy of `fields` with secret-looking keys replaced, recursively (depth-limited). */
export function redact(fields: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (SECRET_KEY.test(key)) out[key] = REDACTED;
    else if (value && typeof value === 'object' && !Array.isArray(value) && depth < 4)
      out[key] = redact(value as Record<string, unknown>, depth + 1);
    else if (value instanceof Error) out[key] = value.message;
    else out[key] = value;
  }
  return out;
}

/** Writes one JSON object per line to a stream (stderr by default). */
export function jsonLinesSink(
  write: (line: string) => void = (l) => process.stderr.write(l),
): LogSink {
  return (entry) => write(JSON.stringify(entry) + '\n');
}

export function createLogger(
  sink: LogSink = jsonLinesSink(),
  scope = 'connector',
  now: () => number = Date.now,
  minLevel: LogLevel = 'info',
): Logger {
  const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (order[level] < order[minLevel]) return;
    const entry: LogEntry = { time: new Date(now()).toISOString(), level, scope, message };
    if (fields && Object.keys(fields).length > 0) entry.fields = redact(fields);
    try {
      sink(entry);
    } catch {
      // A broken log sink must never take a screen-pop down with it.
    }
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (child) => createLogger(sink, `${scope}:${child}`, now, minLevel),
  };
}

/** A logger that drops everything (for dry runs). */
export function silentLogger(): Logger {
  return createLogger(() => {}, 'silent');
}
