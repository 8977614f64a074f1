// Labelled form fields bound to a dotted settings path ("accolades.crmId"). Each field owns
// an error slot (aria-describedby) so saveSettings' errors land next to the right input, and
// shows a lock note when the admin policy fixes its value.
import { h, uniqueId } from '../common/dom.js';
import { t } from '../common/i18n.js';

export type FieldControl = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export interface Field {
  path: string;
  row: HTMLElement;
  control: FieldControl;
  setError(message: string | undefined): void;
  /** Read-only when locked; `showNote: false` when a section-level note already says why. */
  setLocked(locked: boolean, note?: string, showNote?: boolean): void;
}

export interface FieldSpec {
  path: string;
  label: string;
  hint?: string;
  control: FieldControl;
}

/** Registry of every field on the page, by path, for mapping errors back. */
export class FieldRegistry {
  private readonly fields = new Map<string, Field>();

  add(field: Field): Field {
    this.fields.set(field.path, field);
    return field;
  }

  get(path: string): Field | undefined {
    return this.fields.get(path);
  }

  removeWhere(predicate: (path: string) => boolean): void {
    for (const path of [...this.fields.keys()]) if (predicate(path)) this.fields.delete(path);
  }

  clearErrors(predicate: (path: string) => boolean = () => true): void {
    for (const field of this.fields.values()) if (predicate(field.path)) field.setError(undefined);
  }

  /**
   * Shows each error next to its field: the exact path, else the nearest field above it
   * ("rules.2.run.args.1" → "rules.2.run.args"). Returns the errors no field could take.
   */
  showErrors(errors: readonly { path: string; message: string }[]): string[] {
    const unplaced: string[] = [];
    for (const error of errors) {
      // Accept `rules[2].open` as well as the contract's `rules.2.open`.
      let path = error.path.replace(/\[(\d+)\]/g, '.$1');
      let field = this.fields.get(path);
      let tail = '';
      while (!field && path.includes('.')) {
        tail = path.slice(path.lastIndexOf('.') + 1);
        path = path.slice(0, path.lastIndexOf('.'));
        field = this.fields.get(path);
      }
      // A one-per-line list ("bridge.allowedOrigins.1"): say which line is wrong.
      const line =
        field?.control instanceof HTMLTextAreaElement && /^\d+$/.test(tail)
          ? `${t('settings.errorLine', { n: Number(tail) + 1 })} `
          : '';
      if (field) field.setError(`${line}${error.message}`);
      else unplaced.push(error.path ? `${error.path}: ${error.message}` : error.message);
    }
    return unplaced;
  }

  firstInvalid(): Field | undefined {
    for (const field of this.fields.values()) {
      if (field.control.getAttribute('aria-invalid') === 'true') return field;
    }
    return undefined;
  }
}

export function createField(spec: FieldSpec): Field {
  const id = spec.control.id || uniqueId('field');
  spec.control.id = id;
  spec.control.dataset.path = spec.path;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const error = h('div', { className: 'error', attrs: { id: errorId, role: 'alert' } });
  const hint = h('div', { className: 'hint', attrs: { id: hintId }, text: spec.hint ?? '' });
  const lockNote = h('div', { className: 'lock-note', attrs: { id: `${id}-lock` } });
  lockNote.hidden = true;
  const isCheckbox = spec.control instanceof HTMLInputElement && spec.control.type === 'checkbox';
  const label = h('label', { attrs: { for: id }, text: spec.label });
  const controlCell = isCheckbox
    ? h('div', { className: 'check' }, spec.control, h('span', { text: '' }))
    : spec.control;
  const row = h('div', { className: 'field' }, label, controlCell, lockNote, hint, error);
  spec.control.setAttribute('aria-describedby', `${hintId} ${errorId}`);

  return {
    path: spec.path,
    row,
    control: spec.control,
    setError(message) {
      error.textContent = message ?? '';
      if (message) spec.control.setAttribute('aria-invalid', 'true');
      else spec.control.removeAttribute('aria-invalid');
    },
    setLocked(locked, note, showNote = true) {
      row.classList.toggle('locked', locked);
      lockNote.hidden = !(locked && showNote);
      lockNote.textContent = locked && showNote ? (note ?? t('settings.locked')) : '';
      // readOnly keeps the value selectable and focusable; selects and checkboxes have no
      // readOnly, so they are disabled instead.
      if (spec.control instanceof HTMLSelectElement || isCheckbox) spec.control.disabled = locked;
      else spec.control.readOnly = locked;
      spec.control.setAttribute('aria-readonly', String(locked));
      if (locked && showNote) {
        spec.control.setAttribute('aria-describedby', `${id}-lock ${hintId} ${errorId}`);
      }
    },
  };
}

export function textInput(
  value: string,
  options: { type?: string; name?: string } = {},
): HTMLInputElement {
  return h('input', {
    props: { type: options.type ?? 'text', value, name: options.name ?? '', spellcheck: false },
  });
}

export function numberInput(value: number, min: number, max: number): HTMLInputElement {
  return h('input', {
    props: { type: 'number', value: String(value), min: String(min), max: String(max), step: '1' },
  });
}

/** A list edited one entry per line (origins, …). */
export function linesInput(lines: readonly string[]): HTMLTextAreaElement {
  return h('textarea', {
    props: { value: lines.join('\n'), rows: Math.max(2, lines.length + 1), spellcheck: false },
  });
}

export function checkbox(checked: boolean): HTMLInputElement {
  return h('input', { props: { type: 'checkbox', checked } });
}

export function select(
  value: string,
  options: readonly { value: string; label: string }[],
): HTMLSelectElement {
  const element = h(
    'select',
    {},
    ...options.map((option) => h('option', { props: { value: option.value }, text: option.label })),
  );
  element.value = value;
  return element;
}
