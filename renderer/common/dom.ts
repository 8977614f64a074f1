// Tiny DOM builder. Every piece of text goes in through textContent, never innerHTML, so a
// hostile caller id or rule name can only ever be shown, not run.

type Child = Node | string | null | undefined | false;

export interface ElementOptions {
  className?: string;
  text?: string;
  attrs?: Record<string, string | undefined>;
  /** Properties set directly (value, checked, disabled, type...). */
  props?: Record<string, unknown>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  if (options.text !== undefined) element.textContent = options.text;
  for (const [name, value] of Object.entries(options.attrs ?? {})) {
    if (value !== undefined) element.setAttribute(name, value);
  }
  for (const [name, value] of Object.entries(options.props ?? {})) {
    (element as unknown as Record<string, unknown>)[name] = value;
  }
  for (const [name, listener] of Object.entries(options.on ?? {})) {
    element.addEventListener(name, listener as EventListener);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/** The element with this id, or a clear error naming the page bug. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`page is missing #${id}`);
  return element as T;
}

export function clear(element: Element): void {
  element.replaceChildren();
}

let idCounter = 0;
/** A unique id for label/aria wiring of generated fields. */
export function uniqueId(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** Sets a status message box: kind drives colour, text goes in as text. */
export function showMessage(
  box: HTMLElement,
  kind: 'ok' | 'error' | 'warn' | 'info' | 'none',
  text = '',
): void {
  box.className = kind === 'none' ? 'message' : `message ${kind}`;
  box.textContent = kind === 'none' ? '' : text;
}
