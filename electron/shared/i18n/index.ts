// Picks the UI language (setting, else the OS locale) and fills `{placeholders}` in strings.
import type { LanguageCode, LanguageSetting } from '../ipc-contract.js';
import { en, type StringKey, type Strings } from './en.js';
import { ro } from './ro.js';
import { fillPlaceholders } from '../../core/connection/status-lines.js';

export type { StringKey, Strings } from './en.js';

export const translations: Readonly<Record<LanguageCode, Strings>> = { en, ro };

/** `auto` follows the OS locale ("ro", "ro-RO", "ro_MD" → Romanian); anything else is English. */
export function resolveLanguage(setting: LanguageSetting, osLocale: string): LanguageCode {
  if (setting !== 'auto') return setting;
  return /^ro(?:[-_]|$)/i.test(osLocale.trim()) ? 'ro' : 'en';
}

/** Replaces `{name}` with `values.name` (the core's one placeholder filler). */
export const formatString = fillPlaceholders;

/** A translator bound to one language: `t('tray.quit')`, `t('notification.rule', { rule })`. */
export type Translate = (
  key: StringKey,
  values?: Readonly<Record<string, string | number>>,
) => string;

export function createTranslator(language: LanguageCode): Translate {
  const strings = translations[language];
  return (key, values) => formatString(strings[key], values);
}
