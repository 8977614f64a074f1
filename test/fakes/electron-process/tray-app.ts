// The tray app's composition root (electron/main/index.ts) as a process, under plain Node with
// the shared electron fake in place of Electron (there is no Electron binary here):
//
//   node --import ./test/fakes/electron-process/register.mjs ./test/fakes/electron-process/tray-app.ts
//
// Everything the app does at start runs for real — settings store (electron-store on disk),
// secrets file, app log, core services, the connection to the server, tray controller,
// notifications, IPC registration, power events. What stands in for Electron, and how it
// talks to the test (test mode only; nothing of this is in the app):
//   - stdout: one JSON object per line for what a person would see: `tray` (icon file,
//     tooltip, top-level menu labels) after each redraw, `notification`, `exit`.
//   - stdin: one JSON command per line: {"power":"resume"} / {"power":"unlock-screen"} emits
//     that powerMonitor event; {"click":"<menu item id>"} clicks a tray menu item.
//   - SIGTERM / SIGINT / SIGHUP call app.quit(), as Electron's POSIX signal handling does
//     (shell/browser/electron_browser_main_parts_posix.cc: one graceful shot, then default).
//   - The process stays up until the app ends (app.quit() not prevented, or app.exit()), as
//     Electron's message loop does: it does not end when Node's event loop runs out of work.
//     That is why the hold below exists; it models Electron, it does not hide a bug of ours.
// Environment: FAKE_ELECTRON_PATH_ROOT — where app.getPath(name) points (a temp folder).
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  app,
  electronFake,
  powerMonitor,
  Tray,
  type FakeChange,
  type FakeMenuItem,
} from '../electron.js';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function print(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ ...line, time: Date.now() })}\n`);
}

const labels = (items: readonly FakeMenuItem[]): string[] =>
  items.filter((item) => item.type !== 'separator').map((item) => item.label ?? '');

function describe(change: FakeChange): Record<string, unknown> | undefined {
  if (change.kind === 'tray') {
    const { tray } = change;
    // The controller sets the tooltip, then the menu: one line per redraw, after the menu.
    if (change.what === 'menu') {
      return {
        type: 'tray',
        icon: basename(tray.images.at(-1)?.path ?? ''),
        tooltip: tray.tooltip,
        menu: labels(tray.menu?.items ?? []),
      };
    }
    return change.what === 'destroyed' ? { type: 'tray', destroyed: true } : undefined;
  }
  if (change.what === 'shown') {
    const { title, body } = change.notification.options;
    return { type: 'notification', title, body };
  }
  return undefined;
}

function runCommand(command: { power?: string; click?: string }): void {
  if (command.power === 'resume' || command.power === 'unlock-screen') {
    powerMonitor.emit(command.power);
  } else if (command.click !== undefined) {
    const item = Tray.instances.at(-1)?.menu?.getMenuItemById(command.click);
    if (!item?.click) throw new Error(`no tray menu item '${command.click}' to click`);
    item.click();
  } else {
    throw new Error(`unknown command ${JSON.stringify(command)}`);
  }
  print({ type: 'done', command });
}

const pathRoot = process.env.FAKE_ELECTRON_PATH_ROOT;
if (!pathRoot) throw new Error('FAKE_ELECTRON_PATH_ROOT must name a folder for app.getPath()');
app.pathRoot = pathRoot;
app.appPath = repositoryRoot;
electronFake.observe((change) => {
  const line = describe(change);
  if (line) print(line);
});

const hold = setInterval(() => {}, 2 ** 30);
app.onExit = (code) => {
  print({ type: 'exit', code });
  clearInterval(hold);
  // Electron ends the process once the quit is through, whatever Node still has scheduled.
  setImmediate(() => process.exit(code));
};
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.once(signal, () => app.quit());
}
createInterface({ input: process.stdin }).on('line', (text) => {
  if (text.trim() === '') return;
  try {
    runCommand(JSON.parse(text) as { power?: string; click?: string });
  } catch (error) {
    print({ type: 'commandFailed', text, error: String(error) });
  }
});

await import('../../../electron/main/index.js');
