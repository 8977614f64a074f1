// "Add rule from a preset": pick a CRM, fill in what it asks for (instance host, portal id…),
// see the rule and the address it would open for a Romanian sample number, then get an ordinary
// rule in the editor to change as the admin likes. The preset list and the expansion come from
// main (listPresets / expandPreset), the same code that reads `preset` in a config file; the
// page only checks each input against its pattern first, to say what is wrong in its language.
import type { PresetInputView, PresetView, RuleInput } from '../../electron/shared/ipc-contract.js';
import { connector } from '../common/connector.js';
import { debounce } from '../common/debounce.js';
import { h } from '../common/dom.js';
import { currentLanguage, t } from '../common/i18n.js';

/** The sample caller the preview renders: a Romanian mobile number. */
export const PRESET_SAMPLE_NUMBER = '0721 234 567';
const PREVIEW_DELAY_MS = 200;

export interface PresetPickerOptions {
  /** Called with the expanded rule when the admin confirms. */
  onAdd(rule: RuleInput): void;
}

export class PresetPicker {
  private presets: PresetView[] = [];
  private readonly dialog: HTMLDialogElement;
  private readonly choice: HTMLSelectElement;
  private readonly inputsBox: HTMLElement;
  private readonly about: HTMLElement;
  private readonly preview: HTMLElement;
  private readonly message: HTMLElement;
  private readonly addButton: HTMLButtonElement;
  private fields = new Map<string, { input: HTMLInputElement; error: HTMLElement }>();
  private sequence = 0;
  /** The preset whose inputs are on screen. */
  private shownId: string | undefined;
  private readonly schedule = debounce(() => void this.refresh(), PREVIEW_DELAY_MS);

  constructor(private readonly options: PresetPickerOptions) {
    this.choice = h('select', {
      attrs: { id: 'preset-choice' },
      on: { change: () => this.showInputs() },
    });
    this.inputsBox = h('div', { className: 'preset-inputs', attrs: { id: 'preset-inputs' } });
    this.about = h('p', { className: 'muted', attrs: { id: 'preset-about' } });
    this.preview = h('div', { className: 'preset-preview', attrs: { id: 'preset-preview' } });
    this.message = h('p', {
      attrs: { id: 'preset-message', role: 'alert' },
      props: { hidden: true },
    });
    this.addButton = h('button', {
      text: t('settings.presets.add'),
      props: { type: 'button' },
      attrs: { id: 'preset-add' },
      on: { click: () => void this.confirm() },
    });
    const cancel = h('button', {
      text: t('settings.presets.cancel'),
      props: { type: 'button' },
      attrs: { id: 'preset-cancel' },
      on: { click: () => this.dialog.close() },
    });
    this.dialog = h(
      'dialog',
      {
        className: 'preset-picker',
        attrs: { id: 'preset-picker', 'aria-labelledby': 'preset-title' },
      },
      h('h3', { text: t('settings.presets.title'), attrs: { id: 'preset-title' } }),
      h(
        'div',
        { className: 'field' },
        h('label', { text: t('settings.presets.crm'), attrs: { for: 'preset-choice' } }),
        this.choice,
      ),
      this.about,
      this.inputsBox,
      h('h4', { text: t('settings.presets.preview') }),
      this.preview,
      this.message,
      h('div', { className: 'actions' }, this.addButton, cancel),
    );
    document.body.append(this.dialog);
  }

  /** Loads the presets (once) and shows the picker, focused on the CRM list. */
  async open(): Promise<void> {
    if (this.presets.length === 0) {
      const result = await connector().listPresets();
      if (!result.ok) return;
      this.presets = result.presets;
      this.choice.replaceChildren(
        ...this.presets.map((preset) =>
          h('option', { text: localized(preset.name), props: { value: preset.id } }),
        ),
      );
    }
    // Reopened after Escape: keep what was typed for the same CRM.
    if (this.shownId !== this.choice.value) this.showInputs();
    this.dialog.showModal();
    this.choice.focus();
  }

  private selected(): PresetView | undefined {
    return this.presets.find((preset) => preset.id === this.choice.value);
  }

  private showInputs(): void {
    const preset = this.selected();
    this.shownId = preset?.id;
    this.fields = new Map();
    this.hideMessage();
    if (!preset) return;
    this.about.textContent = t('settings.presets.about', {
      format: t(`settings.presets.format.${preset.numberFormat}`),
      docs: preset.docs,
    });
    this.inputsBox.replaceChildren(...preset.inputs.map((input) => this.renderInput(input)));
    this.schedule();
  }

  private renderInput(input: PresetInputView): HTMLElement {
    const id = `preset-input-${input.key}`;
    const field = h('input', {
      props: {
        type: 'text',
        value: input.default ?? '',
        placeholder: input.example,
        spellcheck: false,
      },
      attrs: { id, 'data-preset-input': input.key, 'aria-describedby': `${id}-help ${id}-error` },
      on: { input: () => this.schedule() },
    });
    const error = h('span', { className: 'field-error', attrs: { id: `${id}-error` } });
    this.fields.set(input.key, { input: field, error });
    return h(
      'div',
      { className: 'field' },
      h('label', { text: localized(input.label), attrs: { for: id } }),
      field,
      h('span', {
        className: 'hint',
        text: input.help
          ? localized(input.help)
          : t('settings.presets.example', { example: input.example }),
        attrs: { id: `${id}-help` },
      }),
      error,
    );
  }

  /** The inputs as typed, and whether each matches its pattern (errors shown next to them). */
  private collect(showErrors: boolean): { inputs: Record<string, string>; valid: boolean } {
    const preset = this.selected();
    const inputs: Record<string, string> = {};
    let valid = true;
    for (const input of preset?.inputs ?? []) {
      const field = this.fields.get(input.key);
      if (!field) continue;
      const value = field.input.value.trim();
      inputs[input.key] = value;
      // Host names are compared lower-cased, as main does.
      const ok =
        value !== '' &&
        (safeTest(input.pattern, value) || safeTest(input.pattern, value.toLowerCase()));
      if (!ok) valid = false;
      const text = ok
        ? ''
        : value === ''
          ? t('settings.presets.required', { example: input.example })
          : t('settings.presets.invalid', { example: input.example });
      if (showErrors || ok) this.setError(input.key, text);
    }
    return { inputs, valid };
  }

  private setError(key: string, text: string): void {
    const field = this.fields.get(key);
    if (!field) return;
    field.error.textContent = text;
    field.input.setAttribute('aria-invalid', text === '' ? 'false' : 'true');
  }

  private async refresh(): Promise<void> {
    const preset = this.selected();
    const sequence = ++this.sequence;
    if (!preset) return;
    const { inputs, valid } = this.collect(false);
    if (!valid) {
      this.preview.replaceChildren(
        h('p', { className: 'muted', text: t('settings.presets.fillIn') }),
      );
      return;
    }
    const expanded = await connector().expandPreset({ id: preset.id, inputs });
    if (sequence !== this.sequence) return;
    if (!expanded.ok) {
      this.showServerErrors(expanded.errors ?? [], expanded.error);
      this.preview.replaceChildren();
      return;
    }
    const sample = await connector().previewRule({
      rule: expanded.rule,
      sampleNumber: PRESET_SAMPLE_NUMBER,
      direction: 'inbound',
    });
    if (sequence !== this.sequence) return;
    const url = sample.ok ? sample.preview.actions.find((a) => a.kind === 'open')?.url : undefined;
    this.preview.replaceChildren(
      h(
        'p',
        {},
        h('strong', { text: t('settings.presets.template') }),
        ' ',
        h('code', {
          className: 'mono',
          text: expanded.rule.open ?? '',
          attrs: { id: 'preset-template' },
        }),
      ),
      h(
        'p',
        {},
        h('strong', { text: t('settings.presets.opens', { number: PRESET_SAMPLE_NUMBER }) }),
        ' ',
        url !== undefined
          ? h('code', { className: 'mono', text: url, attrs: { id: 'preset-sample-url' } })
          : h('span', {
              className: 'message warn',
              text: sample.ok ? t('settings.preview.nothing') : sample.error,
            }),
      ),
    );
  }

  private showServerErrors(
    errors: readonly { path: string; message: string }[],
    fallback: string,
  ): void {
    const unplaced: string[] = [];
    for (const error of errors) {
      const key = error.path.startsWith('inputs.') ? error.path.slice('inputs.'.length) : '';
      if (this.fields.has(key)) this.setError(key, error.message);
      else unplaced.push(error.message);
    }
    if (unplaced.length > 0 || errors.length === 0)
      this.showMessage(unplaced.join(' ') || fallback);
  }

  private async confirm(): Promise<void> {
    const preset = this.selected();
    if (!preset) return;
    this.hideMessage();
    const { inputs, valid } = this.collect(true);
    if (!valid) {
      this.focusFirstError();
      return;
    }
    const expanded = await connector().expandPreset({ id: preset.id, inputs });
    if (!expanded.ok) {
      this.showServerErrors(expanded.errors ?? [], expanded.error);
      this.focusFirstError();
      return;
    }
    this.dialog.close();
    this.options.onAdd(expanded.rule);
  }

  private focusFirstError(): void {
    for (const { input } of this.fields.values()) {
      if (input.getAttribute('aria-invalid') === 'true') {
        input.focus();
        return;
      }
    }
  }

  private showMessage(text: string): void {
    this.message.textContent = text;
    this.message.className = 'message error';
    this.message.hidden = false;
  }

  private hideMessage(): void {
    this.message.hidden = true;
    this.message.textContent = '';
  }
}

function localized(text: { en: string; ro: string }): string {
  return currentLanguage() === 'ro' ? text.ro : text.en;
}

/** The pattern comes from main's own preset data; a broken one must not break the page. */
function safeTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return true;
  }
}
