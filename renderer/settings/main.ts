// Settings window: first-run wizard, the sidebar of sections (one shown at a time, deep links by
// `#section`, search over setting names), the rules editor with live preview, and one Save that
// either stores everything or explains each problem next to its field (opening its section).
// Unsaved edits hold the window's unload; main asks the agent (unsaved-changes-guard.ts).
import type { SettingsView, StatusView } from '../../electron/shared/ipc-contract.js';
import { connector } from '../common/connector.js';
import { byId, showMessage } from '../common/dom.js';
import { initI18n, t } from '../common/i18n.js';
import { isLocked } from '../common/locks.js';
import { FieldRegistry } from './fields.js';
import { PresetPicker } from './preset-picker.js';
import { RulePreviewPanel } from './rule-preview.js';
import { RulesEditor } from './rules-editor.js';
import { SecretFields } from './secret-fields.js';
import { SectionNav } from './section-nav.js';
import { SettingsSections } from './sections.js';
import { setupLookupPreview } from './lookup-preview.js';
import { BrowserTabSection } from './browser-tab.js';
import { wireSettingsFile } from './settings-file.js';
import { SettingsSearch } from './settings-search.js';
import { Wizard } from './wizard.js';

const registry = new FieldRegistry();
let current: SettingsView | undefined;
/** The agent changed something since the form was last filled from the main process. */
let dirty = false;
const sections = new SettingsSections(registry, () => setDirty(true));
let nav: SectionNav | undefined;
/** The rules as last loaded into the editor (JSON), to tell an edit from an untouched list. */
let renderedRules = '[]';
let search: SettingsSearch | undefined;

function setDirty(value: boolean): void {
  dirty = value;
  byId('unsaved-mark').hidden = !value;
}

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
  // Like the other fields, the rules go only when edited: an untouched list must not become the
  // agent's own copy (it would hide rules the administrator gives as a default later).
  const rules = editor.value();
  if (!isLocked(current.lockedKeys, 'rules') && JSON.stringify(rules) !== renderedRules)
    patch.rules = rules;
  const result = await connector().saveSettings(patch);
  if (!result.ok) {
    const unplaced = registry.showErrors(result.errors ?? []);
    showMessage(message, 'error', [result.error, ...unplaced].join(' '));
    nav?.markProblems();
    // The first problem may be in a section not shown: open it, then put the cursor there.
    const invalid = registry.firstInvalid();
    if (invalid) nav?.reveal(invalid.control);
    invalid?.control.focus();
    return;
  }
  current = result.settings;
  setDirty(false);
  renderedRules = JSON.stringify(editor.value());
  // Show what was stored (lists trimmed, empty lines dropped), not what was typed.
  sections.render(result.settings);
  nav?.markProblems();
  search?.refresh();
  showMessage(message, 'ok', t('settings.saved'));
}

// The bridge token and lookup API key: write-only, like the REST password.
let secrets: SecretFields | undefined;

function render(settings: SettingsView, editor: RulesEditor): void {
  current = settings;
  setDirty(false);
  sections.render(settings);
  const rulesLocked = isLocked(settings.lockedKeys, 'rules');
  byId('rules-lock-note').hidden = !rulesLocked;
  byId('rules-lock-note').textContent = rulesLocked
    ? (settings.policyNote ?? t('settings.locked'))
    : '';
  editor.load(settings.config.rules);
  renderedRules = JSON.stringify(editor.value());
  renderPasswordState(settings);
  secrets?.render(settings);
  search?.refresh();
}

/** The sidebar and search, over the sections as the page has them (after translation). */
function wireNavigation(): void {
  const form = byId('settings-form');
  nav = new SectionNav({
    list: byId('settings-nav-list'),
    root: form,
    problemNote: t('settings.nav.problem'),
  });
  nav.showFromHash(window.location.hash);
  // main moves an open window to a section with a fragment-only navigation (tray "Rules…").
  window.addEventListener('hashchange', () => nav?.showFromHash(window.location.hash, 'heading'));
  search = new SettingsSearch(
    byId<HTMLInputElement>('settings-search'),
    byId('settings-search-status'),
    nav,
  );
  // Unsaved edits hold the unload (close, reload); in the app, main then asks the agent.
  window.addEventListener('beforeunload', (event) => {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = '';
  });
}

async function main(): Promise<void> {
  await initI18n();
  wireNavigation();
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
    // The preview panel exists before any change can happen (render comes after). Adding,
    // removing or moving a rule is an edit too (no input event says so).
    onChange: () => {
      setDirty(true);
      preview.schedule();
    },
    onAddFromPreset: () => void presets.open(),
  });
  const presets = new PresetPicker({ onAdd: (rule) => editor.addRule(rule) });
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

  // An old "saved" or "refused" line must not describe values edited since. Only settings
  // fields make the form dirty: not the search box, the preview's sample number, or the
  // write-only secrets (saved by their own buttons).
  byId('settings-form').addEventListener('input', (event) => {
    const target = event.target instanceof HTMLElement ? event.target : undefined;
    if (!target || target.id === 'settings-search') return;
    showMessage(byId('save-message'), 'none');
    if (target.closest('[data-path]')) setDirty(true);
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
  setupLookupPreview();
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
