// The settings and secrets slice of ConnectorServices: the layered configuration (defaults < user
// settings < admin policy, locks enforced), export and import of the user's settings file, and
// the write-only secret store. Every applied change goes to the running Connector at once.
import { ConfigError } from '../core/config/config-error.js';
import type { ConnectorConfig } from '../core/config/schema.js';
import { securityChanges } from '../core/config/security-changes.js';
import type { Connector } from '../core/connector.js';
import type { SecretName, SecretStore } from '../core/ports.js';
import type { Result, SettingsPatch } from '../shared/ipc-contract.js';
import { failure, fieldErrors } from './service-results.js';
import type { SettingsLayers, ValidatedChange } from './settings-layers.js';
import { exportUserSettings, importAsPatch } from './settings-transfer.js';
import type {
  ConfirmImport,
  ImportSettingsResult,
  SaveSettingsResult,
  SettingsSnapshot,
} from './services.js';

export class SettingsService {
  constructor(
    private readonly settings: SettingsLayers,
    private readonly connector: Connector,
    private readonly secrets: SecretStore,
  ) {}

  getConfig(): ConnectorConfig {
    return this.settings.config;
  }

  async getSettings(): Promise<SettingsSnapshot> {
    const policyNote = this.settings.note();
    const adminDefaults = this.settings.adminDefaults();
    return {
      config: this.settings.config,
      lockedKeys: this.settings.lockedKeys(),
      adminDefaults: adminDefaults.values,
      adminDefaultsInEffect: adminDefaults.inEffect,
      ...(policyNote ? { policyNote } : {}),
      restPasswordStored: await this.hasSecret('restPassword'),
      bridgeTokenStored: await this.hasSecret('bridgeToken'),
      lookupApiKeyStored: await this.hasSecret('lookupApiKey'),
    };
  }

  private async hasSecret(name: SecretName): Promise<boolean> {
    return (await this.secrets.get(name).catch(() => undefined)) !== undefined;
  }

  async saveSettings(patch: SettingsPatch): Promise<SaveSettingsResult> {
    const change = this.settings.validate(patch);
    if (!change.ok) return change;
    return this.apply(change);
  }

  private async apply(change: Extract<ValidatedChange, { ok: true }>) {
    await this.connector.applyConfig(this.settings.commit(change));
    return { ok: true as const, snapshot: await this.getSettings() };
  }

  async exportSettings(options: { includeCrmId?: boolean } = {}): Promise<string> {
    return exportUserSettings(this.settings.user, options);
  }

  async importSettings(
    text: string,
    source: string,
    confirm?: ConfirmImport,
  ): Promise<ImportSettingsResult> {
    let imported: ReturnType<typeof importAsPatch>;
    try {
      imported = importAsPatch(text, source, this.settings.resolved.locked);
    } catch (error) {
      if (error instanceof ConfigError) return { ok: false, errors: fieldErrors(error) };
      throw error;
    }
    const { patch, skippedLocked } = imported;
    // The same validation as any save (locks, schema, rule templates), then the comparison of
    // the effective settings now and after: what the agent is asked about is what changes.
    let change = this.settings.validate(patch);
    if (!change.ok) return change;
    const changes = securityChanges(this.settings.config, change.resolved.config);
    if (changes.length > 0) {
      if (!confirm || !(await confirm(changes))) {
        return { ok: true, declined: true, skippedLocked, securityChanges: changes };
      }
      // The settings or the policy may have moved while the question was open: apply only
      // what the agent agreed to.
      change = this.settings.validate(patch);
      if (!change.ok) return change;
      const now = securityChanges(this.settings.config, change.resolved.config);
      if (JSON.stringify(now) !== JSON.stringify(changes)) {
        const message =
          'The settings changed while you were deciding, so nothing was imported. Import the file again.';
        return { ok: false, errors: [{ path: '', message }] };
      }
    }
    const saved = await this.apply(change);
    return { ok: true, snapshot: saved.snapshot, skippedLocked, securityChanges: changes };
  }

  async setRestPassword(password: string): Promise<Result> {
    return this.storeSecret('restPassword', password);
  }

  async setBridgeToken(token: string): Promise<Result> {
    return this.storeSecret('bridgeToken', token);
  }

  async setLookupApiKey(apiKey: string): Promise<Result> {
    return this.storeSecret('lookupApiKey', apiKey);
  }

  /** Write-only: secrets go in, a stored/not-stored flag comes back (getSettings), never the value. */
  private async storeSecret(name: SecretName, value: string): Promise<Result> {
    try {
      if (value === '') await this.secrets.delete(name);
      else await this.secrets.set(name, value);
      return { ok: true };
    } catch (error) {
      return failure(error, 'not-configured');
    }
  }
}
