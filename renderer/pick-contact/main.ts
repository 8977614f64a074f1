// Several CRM contacts matched a call: one button per contact, and the rule's search page as a
// way out. Names and companies come from the CRM server, so they are only ever set as text;
// the page never sees a link, only a host name to show, and sends back the contact's index.
// Up/Down move between the contacts, Enter or Space opens the focused one.
import type { ContactView } from '../../electron/shared/ipc-contract.js';
import { connector } from '../common/connector.js';
import { byId, showMessage } from '../common/dom.js';
import { initI18n, t } from '../common/i18n.js';

const list = byId<HTMLUListElement>('pick-list');
const searchButton = byId<HTMLButtonElement>('pick-search');
const result = byId('pick-result');
let busy = false;

function callIdFromUrl(): string | undefined {
  return new URLSearchParams(window.location.search).get('callId') ?? undefined;
}

function contactButton(contact: ContactView, index: number, callId: string): HTMLLIElement {
  const item = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  button.dataset.index = String(index);
  const name = document.createElement('span');
  name.className = 'name';
  name.textContent = contact.name ?? t('pickContact.noName');
  const detail = document.createElement('span');
  detail.className = 'detail';
  detail.textContent = [contact.company, contact.host ?? t('pickContact.noPage')]
    .filter((part): part is string => part !== undefined && part !== '')
    .join(' · ');
  button.append(name, detail);
  // A contact without a page the settings allow cannot be opened; it is listed so the agent
  // knows who it is.
  button.disabled = contact.host === undefined;
  button.addEventListener('click', () => void choose(callId, index));
  item.append(button);
  return item;
}

async function choose(callId: string, choice: number | 'search'): Promise<void> {
  if (busy) return;
  busy = true;
  showMessage(result, 'none');
  try {
    const answer = await connector().openContactChoice({ callId, choice });
    if (answer.ok) showMessage(result, 'ok', t('pickContact.opened'));
    else showMessage(result, 'error', answer.error);
  } finally {
    busy = false;
  }
}

function moveFocus(step: number): void {
  const buttons = [...list.querySelectorAll<HTMLButtonElement>('button:not([disabled])')];
  if (buttons.length === 0) return;
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  const next = at === -1 ? 0 : (at + step + buttons.length) % buttons.length;
  buttons[next]?.focus();
}

async function main(): Promise<void> {
  await initI18n();
  const callId = callIdFromUrl();
  if (callId === undefined) {
    byId('pick-intro').textContent = t('pickContact.none');
    document.body.dataset.ready = 'true';
    return;
  }
  const listed = await connector().listContactChoices({ callId });
  if (!listed.ok) {
    byId('pick-intro').textContent = t('pickContact.none');
    showMessage(result, 'error', listed.error);
    document.body.dataset.ready = 'true';
    return;
  }
  const { choices } = listed;
  byId('pick-intro').textContent = t('pickContact.intro', {
    count: choices.contacts.length,
    number: choices.display,
  });
  list.replaceChildren(...choices.contacts.map((c, i) => contactButton(c, i, callId)));
  searchButton.disabled = false;
  searchButton.addEventListener('click', () => void choose(callId, 'search'));
  list.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') moveFocus(1);
    else if (event.key === 'ArrowUp') moveFocus(-1);
    else return;
    event.preventDefault();
  });
  document.body.dataset.ready = 'true';
}

void main().catch((error: unknown) => {
  showMessage(result, 'error', error instanceof Error ? error.message : String(error));
});
