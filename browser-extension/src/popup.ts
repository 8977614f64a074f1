// The toolbar popup: is the link to the connector up, the last pop this browser opened, and a
// Test button. Test opens its own short connection (same extension origin, same token), sends
// connector.tabTest and shows the connector's answer: the connector then sends a harmless
// navigate (the CRM's home page) to the service worker, exactly as a pop would travel.
import { readPopupState } from './popup-state.js';
import { loadSettings } from './settings-store.js';

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing`);
  return element as T;
}

async function render(): Promise<void> {
  const [state, { values }] = await Promise.all([readPopupState(), loadSettings()]);
  const link = byId('link');
  if (values.token === '') {
    link.textContent = 'Not paired: open Options to pair with the connector.';
    link.dataset.state = 'unpaired';
  } else {
    const connected = state.linkState === 'connected';
    link.textContent = connected
      ? 'Connected to the Accolades Connector.'
      : `Not connected${state.linkDetail ? ` (${state.linkDetail})` : ''}.`;
    link.dataset.state = connected ? 'connected' : 'disconnected';
  }
  byId('last-pop').textContent = state.lastPop
    ? `Last pop: ${new Date(state.lastPop.at).toLocaleTimeString()} — ${new URL(state.lastPop.url).host}`
    : 'No pop yet.';
  byId<HTMLButtonElement>('test').disabled = values.token === '';
}

function tabTest(port: number, token: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}`);
    const done = (text: string): void => {
      clearTimeout(timer);
      socket.close();
      resolve(text);
    };
    const timer = setTimeout(() => done('The connector did not answer.'), 5000);
    socket.addEventListener('open', () =>
      socket.send(JSON.stringify({ type: 'authRequest', idCrm: token })),
    );
    socket.addEventListener('message', (event) => {
      const frame = JSON.parse(String(event.data)) as Record<string, unknown>;
      if (frame.type === 'authSuccess') socket.send(JSON.stringify({ type: 'connector.tabTest' }));
      else if (frame.type === 'authFailed')
        done('The connector no longer knows this browser: pair again.');
      else if (frame.type === 'connector.tabTestResult') done(String(frame.message ?? ''));
    });
    socket.addEventListener('close', () => done('The connector is not reachable.'));
  });
}

async function main(): Promise<void> {
  await render();
  chrome.storage.onChanged.addListener(() => void render());
  byId('test').addEventListener('click', () => {
    void (async () => {
      const { values } = await loadSettings();
      byId('test-result').textContent = 'Testing…';
      byId('test-result').textContent = await tabTest(values.bridgePort, values.token);
    })();
  });
  document.body.dataset.ready = 'true';
}

void main();
