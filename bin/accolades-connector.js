#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm install` (the prepare script).
// Exit statuses (docs/cli.md): 0 done or stopped by a signal, 1 the command failed,
// 2 usage or configuration, 70 an internal error (a bug; a supervisor should restart us).
import { main } from '../dist/electron/cli/index.js';

const INTERNAL_ERROR = 70;
// After the command has returned, anything still holding the event loop (a socket a bug left
// open) must not keep a stopped connector alive: a service manager expects it gone in seconds.
const EXIT_GRACE_MS = 1500;

function fatal(kind, error) {
  const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`accolades-connector: internal error (${kind}): ${reason}\n`);
  process.exit(INTERNAL_ERROR);
}
process.on('uncaughtException', (error) => fatal('uncaught exception', error));
process.on('unhandledRejection', (error) => fatal('unhandled rejection', error));

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
  },
  (error) => fatal('command failed', error),
);
