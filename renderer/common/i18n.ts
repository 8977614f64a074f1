// English and Romanian for every visible string (strings-en/ro.ts). The page asks the main
// process which language applies and reloads itself when that changes. The pages are served
// from their own folder only (app://connector/), so they carry their own dictionaries instead
// of importing electron/shared/i18n at run time.
import type { LanguageCode } from '../../electron/shared/ipc-contract.js';
import { connector } from './connector.js';
import { pageStringsEn } from './strings-en.js';
import { pageStringsRo } from './strings-ro.js';

type Dictionary = Readonly<Record<string, string>>;

const dictionaries: Record<LanguageCode, Dictionary> = {
  en: pageStringsEn,
  ro: pageStringsRo,
};

/** Replaces `{name}` with `vars.name`; unknown placeholders stay visible (a bug, not a crash). */
function formatString(template: string, vars: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole,
  );
}

let activeLanguage: LanguageCode = 'en';

/** The string for `key` with `{name}` placeholders filled; the key itself if it is missing. */
export function t(key: string, vars: Readonly<Record<string, string | number>> = {}): string {
  const template = dictionaries[activeLanguage][key] ?? dictionaries.en[key] ?? key;
  return formatString(template, vars);
}

export function currentLanguage(): LanguageCode {
  return activeLanguage;
}

/**
 * Loads the UI language, fills every `data-i18n` / `data-i18n-label` / `data-i18n-placeholder`
 * element, and reloads the page when the language setting changes.
 */
export async function initI18n(root: ParentNode = document): Promise<void> {
  const locale = await connector().getLocale();
  activeLanguage = locale.ok ? locale.language : 'en';
  document.documentElement.lang = activeLanguage;
  translateStatic(root);
  connector().onLocale((next) => {
    if (next.language !== activeLanguage) window.location.reload();
  });
}

export function translateStatic(root: ParentNode): void {
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n ?? '');
  }
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    element.setAttribute('aria-label', t(element.dataset.i18nLabel ?? ''));
  }
  for (const element of root.querySelectorAll<HTMLInputElement>('[data-i18n-placeholder]')) {
    element.placeholder = t(element.dataset.i18nPlaceholder ?? '');
  }
  document.title = t(document.querySelector<HTMLElement>('title')?.dataset.i18n ?? 'app.name');
}
