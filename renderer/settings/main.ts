// Settings window: first-run wizard, the settings sections, the rules editor with live preview,
// and one Save that either stores everything or explains each problem next to its field.
import type { SettingsView, StatusView } from '../../electron/shared/ipc-contract.js';
import { connector } from '../common/connector.js';
import { byId, showMessage } from '../common/dom.js';
import { initI18n, t } from '../common/i18n.js';
import { isLocked } from '../common/locks.js';
import { FieldRegistry } from './fields.js';
import { RulePreviewPanel } from './rule-preview.js';
import { RulesEditor } from './rules-editor.js';
import { SecretFields } from './secret-fields.js';
import { SettingsSections } from './sections.js';
import { BrowserTabSection } from './browser-tab.js';
import { wireSettingsFile } from './settings-file.js';
import { Wizard } from './wizard.js';

const registry = new FieldRegistry();
const sections = new SettingsSections(registry);
let current: SettingsView | undefined;
/** The agent changed something since the form was last filled from the main process. */
let dirty = false;

function renderStatus(status: StatusView): void {
  for (const element of document.querySelectorAll<HTMLElement>('.connection-status')) {
    element.dataset.phase = status.phase;
    element.className = `connection-status message ${
      status.phase === 'connected' ? 'ok' : status.attention ? 'warn' : 'info'
    }`;
    element.textContent = status.detail
      ? `${status.statusLine} (${status.detail})`
      : status.statusLine;
  }
}

function renderPasswordState(settings: SettingsView): void {
  const state = byId('rest-password-state');
  state.textContent = settings.restPasswordStored
    ? t('settings.password.stored')
    : t('settings.password.notStored');
  state.dataset.stored = String(settings.restPasswordStored);
  const secure = byId('rest-password-secure');
  secure.textContent = settings.secureStorage.available
    ? ''
    : (settings.secureStorage.reason ?? '');
  secure.hidden = settings.secureStorage.available;
  const locked = isLocked(settings.lockedKeys, 'rest.password');
  byId<HTMLInputElement>('rest-password').readOnly = locked;
  byId<HTMLButtonElement>('rest-password-save').disabled =
    locked || !settings.secureStorage.available;
}

async function savePassword(): Promise<void> {
  const input = byId<HTMLInputElement>('rest-password');
  const message = byId('rest-password-message');
  const result = await connector().setRestPassword({ password: input.value });
  // The password field is write-only: cleared whatever happened, never filled back.
  input.value = '';
  if (!result.ok) {
    showMessage(message, 'error', result.error);
    return;
  }
  current = result.settings;
  renderPasswordState(result.settings);
  showMessage(message, 'ok', t('settings.password.saved'));
}

async function testCredentials(): Promise<void> {
  const button = byId<HTMLButtonElement>('test-credentials');
  const message = byId('test-credentials-message');
  button.disabled = true;
  showMessage(message, 'info', t('settings.testCredentials.running'));
  try {
    const result = await connector().testCredentials();
    showMessage(message, result.ok ? 'ok' : 'error', result.ok ? result.message : result.error);
  } finally {
    button.disabled = false;
  }
}

async function save(editor: RulesEditor): Promise<void> {
  if (!current) return;
  const message = byId('save-message');
  registry.clearErrors();
  const patch = sections.patch(current);
  if (!isLocked(current.lockedKeys, 'rules')) patch.rules = editor.value();
  const result = await connector().saveSettings(patch);
  if (!result.ok) {
    const unplaced = registry.showErrors(result.errors ?? []);
    showMessage(message, 'error', [result.error, ...unplaced].join(' '));
    registry.firstInvalid()?.control.focus();
    return;
  }
  current = result.settings;
  dirty = false;
  // Show what was stored (lists trimmed, empty lines dropped), not what was typed.
  sections.render(result.settings);
  showMessage(message, 'ok', t('settings.saved'));
}

// The bridge token and lookup API key: write-only, like the REST password.
let secrets: SecretFields | undefined;

function render(settings: SettingsView, editor: RulesEditor): void {
  current = settings;
  dirty = false;
  sections.render(settings);
  const rulesLocked = isLocked(settings.lockedKeys, 'rules');
  byId('rules-lock-note').hidden = !rulesLocked;
  byId('rules-lock-note').textContent = rulesLocked
    ? (settings.policyNote ?? t('settings.locked'))
    : '';
  editor.load(settings.config.rules);
  renderPasswordState(settings);
  secrets?.render(settings);
}

async function main(): Promise<void> {
  await initI18n();
  const api = connector();
  const [settingsResult, statusResult] = await Promise.all([api.getSettings(), api.getStatus()]);
  if (!settingsResult.ok) {
    showMessage(byId('save-message'), 'error', settingsResult.error);
    return;
  }
  const settings = settingsResult.settings;
  const editor = new RulesEditor({
    container: byId('rules-list'),
    registry,
    locked: isLocked(settings.lockedKeys, 'rules'),
    ...(settings.policyNote ? { lockNote: settings.policyNote } : {}),
    // The preview panel exists before any change can happen (render comes after).
    onChange: () => preview.schedule(),
  });
  const preview = new RulePreviewPanel(editor, registry);
  secrets = new SecretFields((saved) => {
    current = saved;
  });
  render(settings, editor);
  preview.schedule();
  new BrowserTabSection();
  if (statusResult.ok) renderStatus(statusResult.status);
  api.onStatus(renderStatus);

  const wizard = new Wizard(settings, () => {
    // The wizard saved the CRM ID: refresh the full form underneath.
    void api.getSettings().then((fresh) => {
      if (fresh.ok) render(fresh.settings, editor);
    });
  });
  wizard.showIfFirstRun();

  // An old "saved" or "refused" line must not describe values edited since.
  byId('settings-form').addEventListener('input', () => {
    dirty = true;
    showMessage(byId('save-message'), 'none');
  });
  // Settings changed elsewhere (admin policy file, tray, another window): refill the form
  // unless the agent is in the middle of editing it; the secrets' states are always current.
  api.onSettings((settings) => {
    if (dirty) {
      current = { ...settings };
      renderPasswordState(settings);
      secrets?.render(settings);
      return;
    }
    render(settings, editor);
    preview.schedule();
  });
  byId('settings-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void save(editor);
  });
  byId('rest-password-save').addEventListener('click', () => void savePassword());
  byId('test-credentials').addEventListener('click', () => void testCredentials());
  // An import is already saved and applied: show it, replacing any unsaved edits.
  wireSettingsFile((imported) => {
    render(imported, editor);
    showMessage(byId('save-message'), 'none');
    preview.schedule();
  });
  document.body.dataset.ready = 'true';
}

void main().catch((error: unknown) => {
  showMessage(
    byId('save-message'),
    'error',
    error instanceof Error ? error.message : String(error),
  );
});
