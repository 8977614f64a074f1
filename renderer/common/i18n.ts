// English and Romanian for every visible string (strings-en/ro.ts). The page asks the main
// process which language applies and reloads itself when that changes. The pages are served
// from their own folder only (app://connector/), so they carry their own dictionaries instead
// of importing electron/shared/i18n at run time.
import type { LanguageCode } from '../../electron/shared/ipc-contract.js';
import { connector } from './connector.js';
import { formatString } from './format-string.js';
import { pageStringsEn, type PageStringKey } from './strings-en.js';
import { pageStringsRo } from './strings-ro.js';

type Dictionary = Readonly<Record<PageStringKey, string>>;

const dictionaries: Record<LanguageCode, Dictionary> = {
  en: pageStringsEn,
  ro: pageStringsRo,
};

let activeLanguage: LanguageCode = 'en';

/** The string for `key` with `{name}` placeholders filled. Only known keys compile. */
export function t(
  key: PageStringKey,
  vars: Readonly<Record<string, string | number>> = {},
): string {
  // `?? key`: a cast or a stale build must not crash the page; the raw key shows instead.
  return formatString(dictionaries[activeLanguage][key] ?? key, vars);
}

export function isPageStringKey(key: string): key is PageStringKey {
  return Object.prototype.hasOwnProperty.call(pageStringsEn, key);
}

/**
 * For keys that are only known at run time (`data-i18n` in the HTML, a key built from a value
 * the page received): the string when the key exists, else the key itself so the gap shows
 * (the renderer tests fail on a raw key on screen).
 */
export function tAny(key: string, vars: Readonly<Record<string, string | number>> = {}): string {
  return isPageStringKey(key) ? t(key, vars) : key;
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
    element.textContent = tAny(element.dataset.i18n ?? '');
  }
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    element.setAttribute('aria-label', tAny(element.dataset.i18nLabel ?? ''));
  }
  for (const element of root.querySelectorAll<HTMLInputElement>('[data-i18n-placeholder]')) {
    element.placeholder = tAny(element.dataset.i18nPlaceholder ?? '');
  }
  document.title = tAny(document.querySelector<HTMLElement>('title')?.dataset.i18n ?? 'app.name');
}
