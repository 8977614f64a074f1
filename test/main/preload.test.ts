// The preload as it really runs: the .cts file compiled to CommonJS and executed in a fresh VM
// context where `require` knows only 'electron' (as in a sandboxed preload) and process.argv
// holds the switches main puts in every window's webPreferences. It must expose exactly the
// declared methods, call the channels main registers, and hand pages the payload only (never
// the IPC event), with working unsubscribe.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { secureWebPreferences } from '../../electron/main/web-preferences.js';
import {
  eventChannel,
  EVENT_NAMES,
  eventMethodName,
  invokeChannel,
  INVOKE_NAMES,
  type ConnectorApi,
} from '../../electron/shared/ipc-contract.js';
import * as fakeElectron from '../fakes/electron.js';

const source = fileURLToPath(new URL('../../electron/preload/connector.cts', import.meta.url));
let compiled: string;

beforeAll(() => {
  compiled = ts.transpileModule(readFileSync(source, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    fileName: 'connector.cts',
  }).outputText;
});

/** What Chromium gives a renderer: its own switches, then the window's additionalArguments. */
const WINDOW_ARGV = [
  '/opt/Accolades Connector/accolades-connector',
  '--type=renderer',
  ...(secureWebPreferences('preload.cjs').additionalArguments ?? []),
];

function loadPreload(argv: string[] = WINDOW_ARGV): { api: ConnectorApi; required: string[] } {
  const required: string[] = [];
  const module = { exports: {} };
  runInNewContext(compiled, {
    module,
    exports: module.exports,
    process: { argv },
    require: (id: string) => {
      required.push(id);
      if (id === 'electron') return fakeElectron.default;
      throw new Error(`a sandboxed preload cannot require ${id}`);
    },
  });
  const api = fakeElectron.contextBridge.exposed.get('connector') as ConnectorApi;
  return { api, required };
}

beforeEach(() => fakeElectron.electronFake.reset());

describe('preload', () => {
  it('requires only electron and exposes only window.connector', () => {
    const { required } = loadPreload();
    expect(required).toEqual(['electron']);
    expect([...fakeElectron.contextBridge.exposed.keys()]).toEqual(['connector']);
  });

  it('exposes exactly the declared methods (no ipcRenderer, no generic send)', () => {
    const { api } = loadPreload();
    const expected = [...INVOKE_NAMES, ...EVENT_NAMES.map((name) => eventMethodName(name))].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('calls each contract channel with the one request object', async () => {
    const { api } = loadPreload();
    fakeElectron.ipcRenderer.invokeResult = { ok: true, status: { phase: 'connected' } };
    expect(await api.getStatus()).toEqual({ ok: true, status: { phase: 'connected' } });
    await api.reopenCall({ callId: 'call-12' });
    await api.confirmDial({ requestId: 'r1', accept: true });
    expect(fakeElectron.ipcRenderer.invoked).toEqual([
      { channel: invokeChannel('getStatus'), args: [undefined] },
      { channel: invokeChannel('reopenCall'), args: [{ callId: 'call-12' }] },
      { channel: invokeChannel('confirmDial'), args: [{ requestId: 'r1', accept: true }] },
    ]);
  });

  it('calls, for every declared method, the channel main registers it on', async () => {
    const { api } = loadPreload();
    for (const name of INVOKE_NAMES)
      await (api[name] as (request?: unknown) => Promise<unknown>)({});
    expect(fakeElectron.ipcRenderer.invoked.map((call) => call.channel)).toEqual(
      INVOKE_NAMES.map((name) => invokeChannel(name)),
    );
  });

  it('delivers event payloads without the IPC event, and unsubscribes', () => {
    const { api } = loadPreload();
    const seen: unknown[] = [];
    const unsubscribe = api.onStatus((status) => seen.push(status));
    fakeElectron.ipcRenderer.deliver(eventChannel('status'), { phase: 'connecting' });
    unsubscribe();
    fakeElectron.ipcRenderer.deliver(eventChannel('status'), { phase: 'connected' });
    expect(seen).toEqual([{ phase: 'connecting' }]);
    expect(fakeElectron.ipcRenderer.listenerCount(eventChannel('status'))).toBe(0);
  });

  it('subscribes each event method to its own channel', () => {
    const { api } = loadPreload();
    for (const name of EVENT_NAMES) {
      const subscribe = api[eventMethodName(name)] as (
        listener: (payload: unknown) => void,
      ) => () => void;
      const seen: unknown[] = [];
      const unsubscribe = subscribe((payload) => seen.push(payload));
      fakeElectron.ipcRenderer.deliver(eventChannel(name), name);
      unsubscribe();
      expect(seen, name).toEqual([name]);
    }
  });

  it('exposes nothing when main passed no switches, and skips malformed pairs', () => {
    expect(Object.keys(loadPreload(['renderer']).api)).toEqual([]);
    const { api } = loadPreload([
      '--connector-invoke=getStatus=connector:getStatus,toString,x=https://evil,a=b=c,=connector:x',
      '--connector-events=onStatus=connector:event:status',
    ]);
    expect(Object.keys(api).sort()).toEqual(['getStatus', 'onStatus']);
  });
});
