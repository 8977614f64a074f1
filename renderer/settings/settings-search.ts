// Search over setting names: the labels in the current language and the key names an admin
// reads in the docs or a policy file (`screenPop.browser`). Typing filters the sidebar to the
// sections with a hit and highlights the matching fields; Enter opens the first hit and puts
// the cursor in it; Escape clears. Accents do not matter ("notificari" finds "Notificări").
import { t } from '../common/i18n.js';
import type { NavSection, SectionNav } from './section-nav.js';

export interface SearchHit {
  section: NavSection;
  /** The matching field row; undefined when only the section's heading matched. */
  row: HTMLElement | undefined;
}

/** Lower case, without diacritics (Romanian ă â î ș ț, and the old cedilla forms). */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

function rowControl(row: HTMLElement): HTMLElement | undefined {
  const label = row.querySelector<HTMLLabelElement>('label[for]');
  const control = label?.htmlFor ? document.getElementById(label.htmlFor) : null;
  return control ?? row.querySelector<HTMLElement>('input, select, textarea') ?? undefined;
}

/** The words a field is found by: its label (as shown) and its settings key. */
function rowWords(row: HTMLElement): string[] {
  const label = row.dataset.label ?? row.querySelector('label')?.textContent ?? '';
  const key = rowControl(row)?.dataset.path ?? '';
  return [label, key];
}

export class SettingsSearch {
  private hits: SearchHit[] = [];

  constructor(
    private readonly input: HTMLInputElement,
    private readonly status: HTMLElement,
    private readonly nav: SectionNav,
  ) {
    input.addEventListener('input', () => this.refresh());
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        this.jumpToFirst();
      } else if (event.key === 'Escape' && input.value !== '') {
        event.preventDefault();
        input.value = '';
        this.refresh();
      }
    });
  }

  /** Runs the current query again (after typing, or after the fields were re-rendered). */
  refresh(): SearchHit[] {
    const query = foldForSearch(this.input.value);
    this.hits = [];
    for (const section of this.nav.sections) {
      let count = 0;
      for (const row of section.element.querySelectorAll<HTMLElement>('.field')) {
        const hit =
          query !== '' && rowWords(row).some((word) => foldForSearch(word).includes(query));
        row.classList.toggle('search-hit', hit);
        if (hit) {
          count += 1;
          this.hits.push({ section, row });
        }
      }
      const headingHit =
        query !== '' && foldForSearch(section.heading?.textContent ?? '').includes(query);
      if (headingHit && count === 0) this.hits.push({ section, row: undefined });
      section.item.hidden = query !== '' && count === 0 && !headingHit;
      const badge = section.link.querySelector('.nav-count');
      if (badge) badge.textContent = query !== '' && count > 0 ? String(count) : '';
    }
    this.status.textContent =
      query === ''
        ? ''
        : this.hits.length === 0
          ? t('settings.search.none', { query: this.input.value.trim() })
          : t('settings.search.count', { count: this.hits.length });
    return this.hits;
  }

  /** Opens the first hit's section and puts the cursor in its field (or on the heading). */
  jumpToFirst(): SearchHit | undefined {
    const first = this.refresh()[0];
    if (!first) return undefined;
    if (!first.row) {
      this.nav.show(first.section.name, { focus: 'heading' });
      return first;
    }
    this.nav.show(first.section.name);
    const control = rowControl(first.row);
    control?.focus();
    first.row.scrollIntoView({ block: 'nearest' });
    return first;
  }
}
