// Labelled form fields bound to a dotted settings path ("accolades.crmId"). Each field owns
// an error slot (aria-describedby) so saveSettings' errors land next to the right input, shows
// a lock icon and note when the admin policy fixes its value, and says when the value is the
// administrator's (changeable) default.
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
  /**
   * The administrator's changeable default for this field: `in-effect` (the value is theirs),
   * `changed` (the agent's own value; `reset` puts theirs back), or none.
   */
  setAdminDefault(state: AdminDefaultState | undefined, reset?: () => void): void;
}

export type AdminDefaultState = 'in-effect' | 'changed';

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
  // The icon sits in the label, so it is part of the control's accessible name.
  const lockIcon = h('span', {
    className: 'lock-icon',
    attrs: { role: 'img', 'aria-label': t('settings.lockedIcon'), title: t('settings.lockedIcon') },
  });
  lockIcon.hidden = true;
  const adminNote = h('div', { className: 'admin-default', attrs: { id: `${id}-admin` } });
  adminNote.hidden = true;
  const isCheckbox = spec.control instanceof HTMLInputElement && spec.control.type === 'checkbox';
  const label = h('label', { attrs: { for: id } }, spec.label, lockIcon);
  const controlCell = isCheckbox
    ? h('div', { className: 'check' }, spec.control, h('span', { text: '' }))
    : spec.control;
  const row = h(
    'div',
    { className: 'field' },
    label,
    controlCell,
    lockNote,
    adminNote,
    hint,
    error,
  );
  // The label as shown, without the icon's words: what the settings search matches.
  row.dataset.label = spec.label;
  spec.control.setAttribute('aria-describedby', `${hintId} ${errorId}`);
  let locked = false;
  let lockNoteShown = false;
  let admin: AdminDefaultState | undefined;
  const describe = () => {
    const ids = [
      ...(lockNoteShown ? [`${id}-lock`] : []),
      ...(admin ? [`${id}-admin`] : []),
      hintId,
      errorId,
    ];
    spec.control.setAttribute('aria-describedby', ids.join(' '));
  };

  return {
    path: spec.path,
    row,
    control: spec.control,
    setError(message) {
      error.textContent = message ?? '';
      if (message) spec.control.setAttribute('aria-invalid', 'true');
      else spec.control.removeAttribute('aria-invalid');
    },
    setLocked(isLocked, note, showNote = true) {
      locked = isLocked;
      row.classList.toggle('locked', locked);
      lockIcon.hidden = !locked;
      lockNoteShown = locked && showNote;
      lockNote.hidden = !lockNoteShown;
      lockNote.textContent = locked && showNote ? (note ?? t('settings.locked')) : '';
      // readOnly keeps the value selectable and focusable; selects and checkboxes have no
      // readOnly, so they are disabled instead.
      if (spec.control instanceof HTMLSelectElement || isCheckbox) spec.control.disabled = locked;
      else spec.control.readOnly = locked;
      spec.control.setAttribute('aria-readonly', String(locked));
      describe();
    },
    setAdminDefault(state, reset) {
      // A locked value is the administrator's anyway: the lock says so, not this note.
      admin = locked ? undefined : state;
      row.classList.toggle('admin-default-in-effect', admin === 'in-effect');
      adminNote.hidden = admin === undefined;
      adminNote.dataset.state = admin ?? '';
      adminNote.replaceChildren();
      if (admin === 'in-effect') adminNote.textContent = t('settings.adminDefault.inEffect');
      if (admin === 'changed') {
        adminNote.append(
          t('settings.adminDefault.changed'),
          ' ',
          h('button', {
            className: 'link-button',
            attrs: { type: 'button', 'data-action': 'reset-to-admin-default' },
            text: t('settings.adminDefault.reset'),
            on: { click: () => reset?.() },
          }),
        );
      }
      describe();
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
