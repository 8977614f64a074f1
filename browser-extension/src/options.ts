// The options page: pair with the connector (port + the 6-digit code from its settings) and see
// whether this browser is paired. Values the admin set through browser policy (storage.managed)
// are listed read-only and their fields locked; the token is never shown.
import { pairWithConnector } from './pairing.js';
import {
  loadSettings,
  saveLocalSettings,
  type LoadedSettings,
  type SettingKey,
} from './settings-store.js';

const LABELS: Record<SettingKey, string> = {
  bridgePort: 'Bridge port',
  token: 'Bridge token',
  focusTab: 'Focus the CRM tab on each pop',
  newTab: 'Where a new CRM tab opens',
  tabPatterns: 'CRM tab patterns',
};

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing`);
  return element as T;
}

function shown(key: SettingKey, loaded: LoadedSettings): string {
  const value = loaded.values[key];
  if (key === 'token') return value === '' ? '(none)' : '(set)';
  return Array.isArray(value) ? value.join(', ') || '(none)' : String(value);
}

function render(loaded: LoadedSettings): void {
  const { values, managed } = loaded;
  const state = byId('state');
  const paired = values.token !== '';
  state.textContent = paired
    ? `Paired: this browser connects to the connector on port ${values.bridgePort}.`
    : 'Not paired yet.';
  state.dataset.paired = String(paired);
  const port = byId<HTMLInputElement>('port');
  port.value = String(values.bridgePort);
  port.readOnly = managed.includes('bridgePort');
  // An admin who pre-set the token has paired the browser already: nothing to do here.
  const adminToken = managed.includes('token');
  byId<HTMLInputElement>('code').disabled = adminToken;
  byId<HTMLButtonElement>('pair').disabled = adminToken;
  byId('admin').hidden = managed.length === 0;
  byId('admin-list').replaceChildren(
    ...managed.map((key) => {
      const item = document.createElement('li');
      item.dataset.key = key;
      item.textContent = `${LABELS[key]}: ${shown(key, loaded)}`;
      return item;
    }),
  );
}

async function pair(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const message = byId('message');
  const port = Number(byId<HTMLInputElement>('port').value);
  message.textContent = 'Pairing…';
  const outcome = await pairWithConnector({
    port,
    code: byId<HTMLInputElement>('code').value,
    browser:
      typeof (globalThis as { browser?: unknown }).browser === 'undefined' ? 'chromium' : 'firefox',
  });
  byId<HTMLInputElement>('code').value = '';
  if (!outcome.ok) {
    message.textContent = outcome.message;
    message.dataset.kind = 'error';
    return;
  }
  // The service worker sees the change (storage.onChanged) and reconnects with the new token.
  await saveLocalSettings({ bridgePort: port, token: outcome.token });
  message.textContent = 'Paired.';
  message.dataset.kind = 'ok';
  render(await loadSettings());
}

async function main(): Promise<void> {
  render(await loadSettings());
  byId<HTMLFormElement>('pair-form').addEventListener('submit', (event) => void pair(event));
  chrome.storage.onChanged.addListener(() => void loadSettings().then(render));
  document.body.dataset.ready = 'true';
}

void main();
