// A smoke test of electron/main/index.ts against the electron fake: it must sandbox, take the
// single-instance lock, declare app://, register every IPC channel, draw the tray, claim
// tel:/callto:, start the connector, open the first-run settings window, and stop it all before
// a quit goes through.
// Only the connector factory (the boundary to the core façade) and electron-store's folder
// lookup are replaced; everything else is the real main-process code.
vi.mock('electron', () => import('../fakes/electron.js'));
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  class ElectronStoreOnConf extends Conf<Record<string, unknown>> {
    constructor(options: Record<string, unknown>) {
      const { name, ...rest } = options;
      super({ ...rest, configName: name as string, projectName: 'accolades-connector-test' });
    }
  }
  return { default: ElectronStoreOnConf };
});
vi.mock('../../electron/app/connector-adapter.js', async () => {
  const { FakeConnectorServices } = await import('../fakes/fake-connector-services.js');
  const created: InstanceType<typeof FakeConnectorServices>[] = [];
  return {
    created,
    createConnectorServices: () => {
      const services = new FakeConnectorServices();
      created.push(services);
      return services;
    },
  };
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { QUIT_SIGNALS } from '../../electron/main/graceful-quit.js';
import { INVOKE_NAMES, invokeChannel } from '../../electron/shared/ipc-contract.js';
import {
  app,
  BrowserWindow,
  dialog,
  electronFake,
  FakeEvent,
  ipcMain,
  protocol,
  Tray,
} from '../fakes/electron.js';
import type { FakeConnectorServices } from '../fakes/fake-connector-services.js';

const root = mkdtempSync(join(tmpdir(), 'composition-root-'));
// The app listens for the stop signals (graceful-quit.ts); not in this worker after the test.
const signalListeners = new Map(
  QUIT_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]),
);
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  for (const [signal, before] of signalListeners) {
    for (const listener of process.listeners(signal))
      if (!before.has(listener)) process.off(signal, listener);
  }
});

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('composition root', () => {
  it('starts the app in order and cleans up on quit', async () => {
    electronFake.reset();
    app.pathRoot = root;
    await import('../../electron/main/index.js');
    await settle();
    const adapter = (await import('../../electron/app/connector-adapter.js')) as unknown as {
      created: FakeConnectorServices[];
    };
    const services = adapter.created[0];

    expect(app.sandboxed).toBe(true);
    expect(protocol.privileged).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
    expect([...protocol.handlers.keys()]).toEqual(['app']);
    expect([...ipcMain.handlers.keys()].sort()).toEqual(
      INVOKE_NAMES.map((name) => invokeChannel(name)).sort(),
    );
    expect(Tray.instances).toHaveLength(1);
    expect(app.protocolClients.map((c) => c.scheme)).toEqual(['tel', 'callto']);
    expect(services?.running).toBe(true);
    // No CRM ID yet: the first-run wizard (settings) opens, through the secure factory.
    expect(BrowserWindow.instances).toHaveLength(1);
    const window = BrowserWindow.instances[0]!;
    expect(window.loadedUrls).toEqual(['app://connector/settings/index.html']);
    expect(window.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(String((window.options.webPreferences as { preload: string }).preload)).toMatch(
      /preload[\\/]connector\.cjs$/,
    );

    // A page of ours can talk to the core through the registered handlers.
    expect(
      await ipcMain.invokeFrom('app://connector/settings/index.html', invokeChannel('getStatus')),
    ).toMatchObject({
      ok: true,
    });

    // A tel: link from a second instance (Windows/Linux) asks for confirmation in its own
    // window; the page's "Call" goes back by request id and the core dials.
    app.emit(
      'second-instance',
      new FakeEvent(),
      ['accolades-connector', '--flag', 'tel:+40 712-345-678'],
      root,
    );
    await settle();
    const confirm = BrowserWindow.instances[1]!;
    const confirmUrl = new URL(confirm.loadedUrls[0]!);
    expect(confirmUrl.pathname).toBe('/confirm-dial/index.html');
    // It comes up on top without taking the focus from what the agent is typing in.
    expect(confirm.options).toMatchObject({ alwaysOnTop: true });
    confirm.emit('ready-to-show');
    expect(confirm.visible).toBe(true);
    expect(confirm.activations).toBe(0);
    // A second link while the first waits: queued behind it, the window is not reloaded.
    app.emit('second-instance', new FakeEvent(), ['accolades-connector', 'tel:0723000111'], root);
    await settle();
    expect(BrowserWindow.instances).toHaveLength(2);
    expect(confirm.loadedUrls).toHaveLength(1);
    expect(confirm.activations).toBe(0);
    const waiting = (await ipcMain.invokeFrom(
      confirm.loadedUrls[0]!,
      invokeChannel('listDialRequests'),
    )) as { requests: Array<{ requestId: string; dialAs: string }> };
    expect(waiting.requests.map((r) => r.dialAs)).toEqual(['0712345678', '0723000111']);
    const [first, second] = waiting.requests;
    expect(
      await ipcMain.invokeFrom(confirm.loadedUrls[0]!, invokeChannel('confirmDial'), {
        requestId: first!.requestId,
        accept: true,
      }),
    ).toMatchObject({ ok: true, dialed: '0712345678' });
    expect(
      await ipcMain.invokeFrom(confirm.loadedUrls[0]!, invokeChannel('confirmDial'), {
        requestId: second!.requestId,
        accept: false,
      }),
    ).toMatchObject({ ok: true, cancelled: true });
    expect(services?.dialled).toEqual(['0712345678']);

    // macOS delivers links through open-url; a hostile one is refused and never dialled.
    const event = new FakeEvent();
    app.emit('open-url', event, 'callto://0712;--inspect');
    await settle();
    expect(event.defaultPrevented).toBe(true);
    expect(BrowserWindow.instances).toHaveLength(2);
    expect(services?.dialled).toEqual(['0712345678']);

    // A pairing request from the Accolades Agent page becomes one question; "Use it" confirms.
    services?.receivePairingRequest({
      id: 'pair-1',
      agentId: 'f8cb549544',
      serverUrl: 'wss://client.voipit.ro:14327',
      changesServer: false,
      origin: 'https://client.voipit.ro',
    });
    await settle();
    expect(dialog.messageBoxes).toEqual([
      expect.objectContaining({ message: 'Use the CRM ID from your Accolades Agent page?' }),
    ]);
    expect(services?.pairingAnswers).toEqual([{ id: 'pair-1', accepted: true }]);

    // The stop signals ask for a quit (here: the listener the app added, called directly).
    const [onTerm] = process
      .listeners('SIGTERM')
      .filter((l) => !signalListeners.get('SIGTERM')!.has(l));
    expect(onTerm).toBeDefined();
    // Quit is held until the services have stopped, then goes through (app.exit status 0).
    (onTerm as () => void)();
    expect(app.exitCode).toBeUndefined();
    await vi.waitFor(() => expect(app.exitCode).toBe(0));
    expect(app.quitCalls).toBe(2);
    expect(ipcMain.handlers.size).toBe(0);
    expect(Tray.instances[0]?.destroyed).toBe(true);
    expect(services?.running).toBe(false);
  });
});
