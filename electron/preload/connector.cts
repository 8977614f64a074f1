// The preload of every window: exposes `window.connector` (the ConnectorApi of the IPC
// contract) and nothing else — named methods, no raw ipcRenderer, no generic send.
// It is CommonJS because sandboxed preloads cannot be ES modules, and it is self-contained
// because a sandboxed preload can only require('electron'): the channel names are repeated
// here, and the type annotation below makes the compiler prove they equal the contract's.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS preload under verbatimModuleSyntax
import electron = require('electron');
import type {
  ConnectorApi,
  EVENT_CHANNELS as EventChannels,
  EventContract,
  EventName,
  INVOKE_CHANNELS as InvokeChannels,
  InvokeName,
  Unsubscribe,
} from '../shared/ipc-contract.js';

const INVOKE: typeof InvokeChannels = {
  getStatus: 'connector:get-status',
  reconnectNow: 'connector:reconnect-now',
  setPaused: 'connector:set-paused',
  getSettings: 'connector:get-settings',
  saveSettings: 'connector:save-settings',
  setRestPassword: 'connector:set-rest-password',
  testCredentials: 'connector:test-credentials',
  exportSettings: 'connector:export-settings',
  importSettings: 'connector:import-settings',
  setBridgeToken: 'connector:set-bridge-token',
  setLookupApiKey: 'connector:set-lookup-api-key',
  previewRule: 'connector:preview-rule',
  testRule: 'connector:test-rule',
  normalizeNumber: 'connector:normalize-number',
  dial: 'connector:dial',
  checkSms: 'connector:check-sms',
  sendSms: 'connector:send-sms',
  listHistory: 'connector:list-history',
  reopenCall: 'connector:reopen-call',
  callBack: 'connector:call-back',
  exportHistoryCsv: 'connector:export-history-csv',
  listDialRequests: 'connector:list-dial-requests',
  confirmDial: 'connector:confirm-dial',
  getLocale: 'connector:get-locale',
  setLanguage: 'connector:set-language',
  openWindow: 'connector:open-window',
  getAppInfo: 'connector:get-app-info',
};

const EVENTS: typeof EventChannels = {
  status: 'connector:event:status',
  history: 'connector:event:history',
  settings: 'connector:event:settings',
  locale: 'connector:event:locale',
  dialRequest: 'connector:event:dial-request',
};

const { contextBridge, ipcRenderer } = electron;

/** One request object (or none) per call; the answer is plain data (`{ ok, … }`). */
function invoke(name: InvokeName) {
  const channel = INVOKE[name];
  return (request?: unknown) => ipcRenderer.invoke(channel, request);
}

/** Subscribes a page listener; the page never sees the IPC event object (it holds `sender`). */
function subscribe<K extends EventName>(name: K) {
  const channel = EVENTS[name];
  return (listener: (payload: EventContract[K]) => void): Unsubscribe => {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const forward = (_event: unknown, payload: EventContract[K]) => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  };
}

// Annotated, not cast: a missing or misspelt method is a compile error.
const api: ConnectorApi = {
  getStatus: invoke('getStatus'),
  reconnectNow: invoke('reconnectNow'),
  setPaused: invoke('setPaused'),
  getSettings: invoke('getSettings'),
  saveSettings: invoke('saveSettings'),
  setRestPassword: invoke('setRestPassword'),
  testCredentials: invoke('testCredentials'),
  exportSettings: invoke('exportSettings'),
  importSettings: invoke('importSettings'),
  setBridgeToken: invoke('setBridgeToken'),
  setLookupApiKey: invoke('setLookupApiKey'),
  previewRule: invoke('previewRule'),
  testRule: invoke('testRule'),
  normalizeNumber: invoke('normalizeNumber'),
  dial: invoke('dial'),
  checkSms: invoke('checkSms'),
  sendSms: invoke('sendSms'),
  listHistory: invoke('listHistory'),
  reopenCall: invoke('reopenCall'),
  callBack: invoke('callBack'),
  exportHistoryCsv: invoke('exportHistoryCsv'),
  listDialRequests: invoke('listDialRequests'),
  confirmDial: invoke('confirmDial'),
  getLocale: invoke('getLocale'),
  setLanguage: invoke('setLanguage'),
  openWindow: invoke('openWindow'),
  getAppInfo: invoke('getAppInfo'),
  onStatus: subscribe('status'),
  onHistory: subscribe('history'),
  onSettings: subscribe('settings'),
  onLocale: subscribe('locale'),
  onDialRequest: subscribe('dialRequest'),
};

contextBridge.exposeInMainWorld('connector', api);
