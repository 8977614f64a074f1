// The settings sidebar. Built from the page's own `<section class="panel" id="section-…">`
// elements and their h2, in page order, so a section added to index.html appears here by itself
// (one declaration). One section is shown at a time: on a 1366×768 laptop the window is ~720 px
// tall, so a scroll-spy over the old 4,800 px page would still mean long scrolling and a save
// bar far from the field; one section fits (or nearly) and the sidebar always says where you are.
//
// Deep links are the URL fragment (`settings/index.html#rules`, set by main from its own list).
// The fragment is looked up in this page's Map of sections and never used as a selector or a
// path: anything else shows the first section.
import { h } from '../common/dom.js';

const SECTION_PREFIX = 'section-';

export interface NavSection {
  /** The short name used in deep links: `rules` for `<section id="section-rules">`. */
  name: string;
  element: HTMLElement;
  heading: HTMLElement | undefined;
  item: HTMLLIElement;
  link: HTMLAnchorElement;
  /** Visually hidden note on the link ("has problems"), read with its name. */
  note: HTMLSpanElement;
}

export interface SectionNavOptions {
  /** The `<ul>` the links go in. */
  list: HTMLElement;
  /** Where the sections are (the settings form). */
  root: ParentNode;
  /** Read with a link whose section holds a field with an error (already translated). */
  problemNote: string;
}

export class SectionNav {
  private readonly byName = new Map<string, NavSection>();
  private readonly ordered: NavSection[] = [];
  private currentSection: NavSection | undefined;

  constructor(private readonly options: SectionNavOptions) {
    const elements = options.root.querySelectorAll<HTMLElement>(
      `section.panel[id^="${SECTION_PREFIX}"]`,
    );
    for (const element of elements) {
      const name = element.id.slice(SECTION_PREFIX.length);
      if (name === '' || this.byName.has(name)) continue;
      const heading = element.querySelector<HTMLElement>('h2') ?? undefined;
      // The heading takes the focus when the section is opened from a link or a deep link.
      heading?.setAttribute('tabindex', '-1');
      const note = h('span', { className: 'visually-hidden' });
      const link = h(
        'a',
        {
          attrs: { href: `#${name}`, id: `nav-${name}`, 'data-section': name },
          props: { tabIndex: -1 },
        },
        h('span', { className: 'nav-label', text: heading?.textContent?.trim() || name }),
        h('span', { className: 'nav-count', attrs: { 'aria-hidden': 'true' } }),
        note,
      );
      const item = h('li', {}, link);
      const section: NavSection = { name, element, heading, item, link, note };
      link.addEventListener('click', (event) => {
        event.preventDefault();
        this.show(name, { focus: 'heading' });
      });
      link.addEventListener('keydown', (event) => this.onKey(event, section));
      this.byName.set(name, section);
      this.ordered.push(section);
      options.list.append(item);
    }
  }

  get sections(): readonly NavSection[] {
    return this.ordered;
  }

  get current(): NavSection | undefined {
    return this.currentSection;
  }

  /** The section for a deep-link name, or undefined for anything that is not one of ours. */
  find(name: string): NavSection | undefined {
    return this.byName.get(name);
  }

  /** Shows the section a URL fragment names (`#rules`); an unknown one shows the first. */
  showFromHash(hash: string, focus: 'heading' | 'none' = 'none'): NavSection | undefined {
    const name = hash.startsWith('#') ? hash.slice(1) : hash;
    const known = this.byName.get(name);
    return this.show(known ? known.name : this.ordered[0]?.name, { focus });
  }

  /**
   * Shows one section and hides the others; the link gets aria-current and the roving tab stop.
   * `focus`: the section's heading (after a click: a screen reader hears where it landed), the
   * link (arrow keys in the sidebar), or nothing.
   */
  show(
    name: string | undefined,
    options: { focus?: 'heading' | 'link' | 'none' } = {},
  ): NavSection | undefined {
    const target = name === undefined ? undefined : this.byName.get(name);
    if (!target) return undefined;
    for (const section of this.ordered) {
      const on = section === target;
      section.element.hidden = !on;
      section.link.tabIndex = on ? 0 : -1;
      if (on) section.link.setAttribute('aria-current', 'page');
      else section.link.removeAttribute('aria-current');
    }
    this.currentSection = target;
    // The fragment follows the section (so a reload stays here) without a history entry.
    if (window.location.hash !== `#${target.name}`)
      window.history.replaceState(null, '', `#${target.name}`);
    if (options.focus === 'heading') target.heading?.focus();
    else if (options.focus === 'link') target.link.focus();
    return target;
  }

  /** Shows the section holding `element` (a field with an error, a search hit). */
  reveal(element: Element): NavSection | undefined {
    const section = this.ordered.find((candidate) => candidate.element.contains(element));
    if (section && section !== this.currentSection) this.show(section.name);
    return section;
  }

  /** Marks the links whose section holds a field with an error (after a refused save). */
  markProblems(): void {
    for (const section of this.ordered) {
      const bad = section.element.querySelector('[aria-invalid="true"]') !== null;
      section.item.classList.toggle('has-problem', bad);
      section.note.textContent = bad ? ` (${this.options.problemNote})` : '';
    }
  }

  /** Arrow keys, Home and End move between the links shown (a search hides some). */
  private onKey(event: KeyboardEvent, from: NavSection): void {
    const visible = this.ordered.filter((section) => !section.item.hidden);
    const index = visible.indexOf(from);
    let next: NavSection | undefined;
    if (event.key === 'ArrowDown') next = visible[(index + 1) % visible.length];
    else if (event.key === 'ArrowUp') next = visible[(index - 1 + visible.length) % visible.length];
    else if (event.key === 'Home') next = visible[0];
    else if (event.key === 'End') next = visible.at(-1);
    if (!next) return;
    event.preventDefault();
    this.show(next.name, { focus: 'link' });
  }
}
