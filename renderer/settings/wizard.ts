// First run: the one thing the connector cannot guess is the agent's CRM ID. Ask for it, say
// where it is on the Accolades Agent page, save it, then show the live connection result.
import type { SettingsView } from '../../electron/shared/ipc-contract.js';
import { connector } from '../common/connector.js';
import { byId, showMessage } from '../common/dom.js';
import { t } from '../common/i18n.js';
import { isLocked } from '../common/locks.js';

export class Wizard {
  private readonly panel = byId('wizard');
  private readonly form = byId<HTMLFormElement>('wizard-form');
  private readonly input = byId<HTMLInputElement>('wizard-crm-id');
  private readonly error = byId('wizard-crm-id-error');
  private readonly stepId = byId('wizard-step-id');
  private readonly stepStatus = byId('wizard-step-status');

  constructor(
    private readonly settings: SettingsView,
    private readonly onSaved: () => void,
  ) {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.saveCrmId();
    });
    byId('wizard-finish').addEventListener('click', () => this.close());
    byId('wizard-skip').addEventListener('click', () => this.close());
  }

  showIfFirstRun(): void {
    const firstRun =
      this.settings.config.accolades.crmId.trim() === '' &&
      !isLocked(this.settings.lockedKeys, 'accolades.crmId');
    this.panel.hidden = !firstRun;
    byId('settings-form').hidden = firstRun;
    if (firstRun) this.input.focus();
  }

  private async saveCrmId(): Promise<void> {
    const crmId = this.input.value.trim();
    if (!crmId) {
      this.setError(t('settings.wizard.crmIdRequired'));
      return;
    }
    this.setError(undefined);
    const result = await connector().saveSettings({ accolades: { crmId } });
    if (!result.ok) {
      const fieldError = result.errors?.find((error) => error.path === 'accolades.crmId');
      this.setError(fieldError?.message ?? result.error);
      return;
    }
    this.stepId.hidden = true;
    this.stepStatus.hidden = false;
    showMessage(byId('wizard-saved'), 'ok', t('settings.wizard.saved', { crmId }));
    byId('wizard-finish').focus();
    this.onSaved();
  }

  private setError(message: string | undefined): void {
    this.error.textContent = message ?? '';
    if (message) this.input.setAttribute('aria-invalid', 'true');
    else this.input.removeAttribute('aria-invalid');
  }

  private close(): void {
    this.panel.hidden = true;
    byId('settings-form').hidden = false;
    byId<HTMLInputElement>('settings-title').focus();
  }
}
