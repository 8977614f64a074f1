// The app's log: JSON lines appended to a file in the OS log folder (shown by "Open log
// folder"), through the core logger so secrets are redacted in one place.
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../core/log.js';
import type { Logger } from '../core/ports.js';

const LOG_FILE_NAME = 'connector.log';

export function createFileLogger(directory: string): {
  log: Logger;
  /** Ends the file; resolves once every line written so far is on disk (or the disk failed). */
  close: () => Promise<void>;
} {
  mkdirSync(directory, { recursive: true });
  const stream = createWriteStream(join(directory, LOG_FILE_NAME), { flags: 'a', mode: 0o600 });
  // A failing disk must not take the app down; the entry is lost, the call is not.
  stream.on('error', () => {});
  const log = createLogger((entry) => stream.write(`${JSON.stringify(entry)}\n`), 'app');
  const closed = new Promise<void>((resolve) => {
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
  return {
    log,
    close: () => {
      stream.end();
      return closed;
    },
  };
}
