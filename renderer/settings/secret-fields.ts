// Write-only secrets of the local integrations (bridge token, caller-name lookup API key), built
// like the REST password: the value goes to the main process (OS key store) and is cleared from
// the page at once; only "stored" / "not stored" ever comes back.
import type { Result, SettingsView } from '../../electron/shared/ipc-contract.js';
import { connector } from '../common/connector.js';
import { h, showMessage, uniqueId } from '../common/dom.js';
import { t } from '../common/i18n.js';
import { isLocked } from '../common/locks.js';

interface SecretDef {
  /** Dotted path used for locks and for the error the main process names. */
  path: 'bridge.token' | 'lookup.apiKey';
  /** The `#…` element the field is built into. */
  containerId: string;
  stored(settings: SettingsView): boolean;
  send(value: string): Promise<Result<{ settings: SettingsView }>>;
}

const SECRETS: readonly SecretDef[] = [
  {
    path: 'bridge.token',
    containerId: 'bridge-token',
    stored: (settings) => settings.bridgeTokenStored === true,
    send: (token) => connector().setBridgeToken({ token }),
  },
  {
    path: 'lookup.apiKey',
    containerId: 'lookup-api-key',
    stored: (settings) => settings.lookupApiKeyStored === true,
    send: (apiKey) => connector().setLookupApiKey({ apiKey }),
  },
];

interface SecretRow {
  def: SecretDef;
  input: HTMLInputElement;
  save: HTMLButtonElement;
  clear: HTMLButtonElement;
  state: HTMLElement;
  note: HTMLElement;
  message: HTMLElement;
}

export class SecretFields {
  private readonly rows: SecretRow[] = [];

  /** `onSaved` receives the fresh settings after a secret was stored or deleted. */
  constructor(private readonly onSaved: (settings: SettingsView) => void) {
    for (const def of SECRETS) {
      const container = document.getElementById(def.containerId);
      if (container) this.rows.push(this.build(def, container));
    }
  }

  private build(def: SecretDef, container: HTMLElement): SecretRow {
    const id = uniqueId('secret');
    const key = `settings.secrets.${def.path}` as const;
    const input = h('input', {
      props: { id, type: 'password', autocomplete: 'new-password', spellcheck: false },
      attrs: {
        'data-secret': def.path,
        'aria-describedby': `${id}-state ${id}-note ${id}-message`,
      },
    });
    const save = h('button', { props: { type: 'button' }, text: t('settings.secrets.save') });
    const clear = h('button', { props: { type: 'button' }, text: t('settings.secrets.clear') });
    save.dataset.action = 'save-secret';
    clear.dataset.action = 'clear-secret';
    const state = h('div', {
      className: 'hint',
      attrs: { id: `${id}-state`, 'aria-live': 'polite' },
    });
    const note = h('div', { className: 'lock-note', attrs: { id: `${id}-note` } });
    note.hidden = true;
    const message = h('div', {
      className: 'message',
      attrs: { id: `${id}-message`, role: 'status' },
    });
    const row: SecretRow = { def, input, save, clear, state, note, message };
    save.addEventListener('click', () => void this.store(row, input.value));
    clear.addEventListener('click', () => void this.store(row, ''));
    container.replaceChildren(
      h(
        'div',
        { className: 'field' },
        h('label', { attrs: { for: id }, text: t(`${key}.label`) }),
        h('div', { className: 'inline' }, input, save, clear),
        note,
        state,
        message,
      ),
    );
    return row;
  }

  render(settings: SettingsView): void {
    for (const row of this.rows) {
      const stored = row.def.stored(settings);
      const key = `settings.secrets.${row.def.path}` as const;
      row.state.textContent = t(stored ? `${key}.stored` : `${key}.notStored`);
      row.state.dataset.stored = String(stored);
      const locked = isLocked(settings.lockedKeys, row.def.path);
      const unavailable = !settings.secureStorage.available;
      row.input.readOnly = locked;
      row.input.setAttribute('aria-readonly', String(locked));
      row.save.disabled = locked || unavailable;
      row.clear.disabled = locked || !stored;
      const why = locked
        ? (settings.policyNote ?? t('settings.locked'))
        : unavailable
          ? (settings.secureStorage.reason ?? '')
          : '';
      row.note.textContent = why;
      row.note.hidden = why === '';
    }
  }

  private async store(row: SecretRow, value: string): Promise<void> {
    const result = await row.def.send(value);
    // Write-only: the typed value leaves the page whatever happened, and is never filled back.
    row.input.value = '';
    if (!result.ok) {
      showMessage(row.message, 'error', result.error);
      return;
    }
    this.onSaved(result.settings);
    this.render(result.settings);
    const key = `settings.secrets.${row.def.path}` as const;
    showMessage(row.message, 'ok', t(value === '' ? `${key}.cleared` : `${key}.saved`));
  }
}
