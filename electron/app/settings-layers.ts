// The app's configuration layers: built-in defaults < the admin policy's `defaults` block < the
// user's saved settings < the admin policy file (whose locked keys win). Loading never fails: a broken file is reported in plain
// words and the other layers stay in effect. Saving validates everything first and never
// stores anything invalid.
import { readFileSync } from 'node:fs';
import { ConfigError } from '../core/config/config-error.js';
import {
  applyUserChange,
  lockNotice,
  resolveLayers,
  type ResolvedConfig,
} from '../core/config/layers.js';
import { parseConfigLayer, parsePolicyText, type ConfigLayer } from '../core/config/parse-layer.js';
import type { ConnectorConfig } from '../core/config/schema.js';
import { leaves } from '../core/config/key-paths.js';
import type { Logger } from '../core/ports.js';
import type { FieldError, SettingsPatch } from '../shared/ipc-contract.js';
import { errorText, fieldErrors } from './service-results.js';
import type { UserSettingsStore } from './services.js';
import { configChecks } from '../core/config-checks.js';

export interface SettingsLayersOptions {
  userSettings: UserSettingsStore;
  policyFile: string | undefined;
  logger: Logger;
  /** Reads the policy file; undefined when it does not exist. Default: fs.readFileSync. */
  readPolicyFile?: (path: string) => string | undefined;
}

export type ValidatedChange =
  { ok: true; layer: ConfigLayer; resolved: ResolvedConfig } | { ok: false; errors: FieldError[] };

export class SettingsLayers {
  private userLayer: ConfigLayer = {};
  private policy:
    | { name: string; values: ConfigLayer; locked: readonly string[]; defaults: ConfigLayer }
    | undefined;
  private resolvedNow: ResolvedConfig;
  /** Problems with the settings or policy files, in plain words (shown in the settings window). */
  private readonly loadProblems: string[] = [];

  constructor(private readonly options: SettingsLayersOptions) {
    this.loadPolicy();
    this.resolvedNow = this.loadUserSettings();
  }

  get config(): ConnectorConfig {
    return this.resolvedNow.config;
  }

  get resolved(): ResolvedConfig {
    return this.resolvedNow;
  }

  /** The user's own layer (not defaults, not the policy): what an export contains. */
  get user(): ConfigLayer {
    return this.userLayer;
  }

  lockedKeys(): string[] {
    return [...this.resolvedNow.locked];
  }

  isLocked(path: string): boolean {
    return this.lockedKeys().some((key) => path === key || path.startsWith(`${key}.`));
  }

  /**
   * The policy's `defaults` block as leaf path → value (`values`), and the keys whose effective
   * value is still that default (`inEffect`; the agent changed the others, and "reset" returns
   * them by removing the agent's own value).
   */
  adminDefaults(): { values: Record<string, unknown>; inEffect: string[] } {
    const values: Record<string, unknown> = {};
    for (const [path, value] of leaves(this.policy?.defaults ?? {})) values[path] = value;
    const inEffect = this.resolvedNow.adminDefaultKeys.filter(
      (key) => this.resolvedNow.sources[key] === 'policy-default',
    );
    return { values, inEffect };
  }

  /** The lock note and any load problem, for the settings window. */
  note(): string | undefined {
    const locked = this.lockedKeys()[0];
    const lock = locked === undefined ? undefined : lockNotice(this.resolvedNow, locked);
    return [lock, ...this.loadProblems].filter(Boolean).join(' ') || undefined;
  }

  /** Checks a change against locks, the schema and the rule templates, without saving it. */
  validate(patch: SettingsPatch): ValidatedChange {
    try {
      const layer = applyUserChange(
        this.userLayer,
        patch as Record<string, unknown>,
        this.resolvedNow.locked,
      );
      const resolved = this.resolve(parseConfigLayer(layer, this.options.userSettings.location));
      return { ok: true, layer, resolved };
    } catch (error) {
      if (error instanceof ConfigError) return { ok: false, errors: fieldErrors(error) };
      throw error;
    }
  }

  /** Stores a change that `validate` accepted and makes it the effective configuration. */
  commit(change: Extract<ValidatedChange, { ok: true }>): ConnectorConfig {
    this.options.userSettings.save(change.layer as Record<string, unknown>);
    this.userLayer = change.layer;
    this.resolvedNow = change.resolved;
    return change.resolved.config;
  }

  private loadPolicy(): void {
    const file = this.options.policyFile;
    if (!file) return;
    const read = this.options.readPolicyFile ?? readOptionalFile;
    try {
      const text = read(file);
      if (text === undefined) return;
      const parsed = parsePolicyText(text, file);
      this.policy = {
        name: file,
        values: parsed.values,
        locked: parsed.locked,
        defaults: parsed.defaults,
      };
    } catch (error) {
      // A broken policy is reported, never silently ignored; the other layers stay in effect.
      this.report(
        `The administrator's policy file is broken and was not applied: ${errorText(error)}`,
      );
    }
  }

  private loadUserSettings(): ResolvedConfig {
    const { userSettings } = this.options;
    try {
      const layer = parseConfigLayer(userSettings.load() ?? {}, userSettings.location);
      const resolved = this.resolve(layer);
      this.userLayer = layer;
      return resolved;
    } catch (error) {
      this.report(
        `Your saved settings could not be used (${errorText(error)}); built-in defaults apply until you save again.`,
      );
      this.userLayer = {};
      try {
        return this.resolve({});
      } catch (policyError) {
        this.report(`The policy file was not applied: ${errorText(policyError)}`);
        this.policy = undefined;
        return this.resolve({});
      }
    }
  }

  private report(message: string): void {
    this.loadProblems.push(message);
    this.options.logger.error(message);
  }

  private resolve(user: ConfigLayer): ResolvedConfig {
    return resolveLayers({
      user: { name: this.options.userSettings.location, values: user },
      ...(this.policy ? { policy: this.policy } : {}),
      checks: configChecks,
    });
  }
}

function readOptionalFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
