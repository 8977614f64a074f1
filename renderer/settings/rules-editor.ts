// The ordered screen-pop rules list: add, remove, move up/down and edit each rule. Every edit
// asks for a debounced live preview of the selected rule; structural changes re-render the list
// and keep keyboard focus on the control the agent used.
// A little over 300 lines: one list editor whose add/move/remove and focus handling only make
// sense read together.
import type { RuleInput } from '../../electron/shared/ipc-contract.js';
import { h } from '../common/dom.js';
import { t } from '../common/i18n.js';
import {
  checkbox,
  createField,
  select,
  textInput,
  type Field,
  type FieldRegistry,
} from './fields.js';

export interface RulesEditorOptions {
  container: HTMLElement;
  registry: FieldRegistry;
  locked: boolean;
  lockNote?: string;
  /** Called after every change with the rule that should be previewed. */
  onChange(selectedIndex: number): void;
}

type ActionKind = 'open' | 'run';

export class RulesEditor {
  private rules: RuleInput[] = [];
  private selected = 0;

  constructor(private readonly options: RulesEditorOptions) {}

  load(rules: readonly RuleInput[]): void {
    this.rules = rules.map((rule) => structuredClone(rule));
    this.selected = 0;
    this.render();
  }

  value(): RuleInput[] {
    return this.rules.map((rule) => structuredClone(rule));
  }

  selectedIndex(): number {
    return this.selected;
  }

  selectedRule(): RuleInput | undefined {
    return this.rules[this.selected];
  }

  private render(focus?: { index: number; action: string }): void {
    const { container, registry } = this.options;
    registry.removeWhere((path) => path.startsWith('rules.'));
    container.replaceChildren();
    if (this.rules.length === 0) {
      container.append(h('p', { className: 'muted', text: t('settings.rules.empty') }));
    }
    this.rules.forEach((rule, index) => container.append(this.renderRule(rule, index)));
    const add = h('button', {
      text: t('settings.rules.add'),
      props: { type: 'button', disabled: this.options.locked },
      attrs: { 'data-action': 'add-rule' },
      on: { click: () => this.add() },
    });
    container.append(h('div', { className: 'actions' }, add));
    if (focus) {
      // Keep the keyboard where it was: the same button in the moved card, or (at the top or
      // bottom, where that button is now disabled) the opposite move button, else its first field.
      const card = container.querySelector<HTMLElement>(`[data-rule-index="${focus.index}"]`);
      const opposite = focus.action === 'move-up' ? 'move-down' : 'move-up';
      const target =
        card?.querySelector<HTMLElement>(`[data-action="${focus.action}"]:not(:disabled)`) ??
        card?.querySelector<HTMLElement>(`[data-action="${opposite}"]:not(:disabled)`) ??
        card?.querySelector<HTMLElement>('input, select, textarea');
      target?.focus();
    }
  }

  private renderRule(rule: RuleInput, index: number): HTMLElement {
    const { locked } = this.options;
    const prefix = `rules.${index}`;
    const fields: Field[] = [];
    const addField = (
      path: string,
      label: string,
      control: Field['control'],
      hint?: string,
    ): Field => {
      const field = createField({
        path: `${prefix}.${path}`,
        label,
        control,
        ...(hint ? { hint } : {}),
      });
      // The rules section shows one lock note for the whole list.
      field.setLocked(locked, this.options.lockNote, false);
      this.options.registry.add(field);
      fields.push(field);
      return field;
    };
    const changed = (): void => {
      this.selected = index;
      this.markSelected();
      this.options.onChange(index);
    };

    const name = addField('name', t('settings.rules.name'), textInput(rule.name));
    name.control.addEventListener('input', () => {
      rule.name = name.control.value;
      title.textContent = rule.name || t('settings.rules.untitled');
      changed();
    });

    const direction = addField(
      'direction',
      t('settings.rules.direction'),
      select(rule.direction ?? 'any', [
        { value: 'any', label: t('settings.rules.directionAny') },
        { value: 'inbound', label: t('settings.rules.directionInbound') },
        { value: 'outbound', label: t('settings.rules.directionOutbound') },
      ]),
    );
    direction.control.addEventListener('change', () => {
      rule.direction = direction.control.value as RuleInput['direction'];
      changed();
    });

    const pattern = addField(
      'numberPattern',
      t('settings.rules.numberPattern'),
      textInput(rule.numberPattern ?? ''),
      t('settings.rules.numberPatternHint'),
    );
    pattern.control.classList.add('mono');
    pattern.control.addEventListener('input', () => {
      const value = pattern.control.value;
      if (value) rule.numberPattern = value;
      else delete rule.numberPattern;
      changed();
    });

    const internal = addField(
      'internal',
      t('settings.rules.internal'),
      checkbox(rule.internal ?? false),
    );
    internal.control.addEventListener('change', () => {
      rule.internal = (internal.control as HTMLInputElement).checked;
      changed();
    });
    const withheld = addField(
      'withheld',
      t('settings.rules.withheld'),
      checkbox(rule.withheld ?? false),
    );
    withheld.control.addEventListener('change', () => {
      rule.withheld = (withheld.control as HTMLInputElement).checked;
      changed();
    });

    const kind: ActionKind = rule.run && !rule.open ? 'run' : 'open';
    const actionKind = addField(
      'action',
      t('settings.rules.action'),
      select(kind, [
        { value: 'open', label: t('settings.rules.actionOpen') },
        { value: 'run', label: t('settings.rules.actionRun') },
      ]),
    );
    const url = addField(
      'open',
      t('settings.rules.url'),
      textInput(rule.open ?? ''),
      t('settings.rules.urlHint'),
    );
    url.control.classList.add('mono');
    const program = addField(
      'run.program',
      t('settings.rules.program'),
      textInput(rule.run?.program ?? ''),
    );
    program.control.classList.add('mono');
    const args = addField(
      'run.args',
      t('settings.rules.args'),
      h('textarea', { props: { rows: 3, value: (rule.run?.args ?? []).join('\n') } }),
      t('settings.rules.argsHint'),
    );
    args.control.classList.add('mono');
    // Where the URL opens (issue 13): the agent's CRM tab through the browser extension or a new
    // browser tab; auto falls back to the browser when no extension answers.
    const openIn = addField(
      'openIn',
      t('settings.rules.openIn'),
      select(rule.openIn ?? 'auto', [
        { value: 'auto', label: t('settings.rules.openInAuto') },
        { value: 'tab', label: t('settings.rules.openInTab') },
        { value: 'browser', label: t('settings.rules.openInBrowser') },
      ]),
    );
    openIn.control.addEventListener('change', () => {
      rule.openIn = openIn.control.value as RuleInput['openIn'];
      changed();
    });
    const showKind = (current: ActionKind): void => {
      url.row.hidden = current !== 'open';
      openIn.row.hidden = current !== 'open';
      program.row.hidden = current !== 'run';
      args.row.hidden = current !== 'run';
    };
    showKind(kind);
    const syncAction = (): void => {
      const current = actionKind.control.value as ActionKind;
      showKind(current);
      if (current === 'open') {
        rule.open = url.control.value;
        delete rule.run;
      } else {
        delete rule.open;
        const argList = args.control.value.split('\n').filter((line) => line.length > 0);
        rule.run = { program: program.control.value, args: argList };
      }
      changed();
    };
    actionKind.control.addEventListener('change', syncAction);
    for (const field of [url, program, args]) field.control.addEventListener('input', syncAction);

    const pop = addField(
      'pop',
      t('settings.rules.pop'),
      select(rule.pop ?? 'auto', [
        { value: 'auto', label: t('settings.rules.popAuto') },
        { value: 'click', label: t('settings.rules.popClick') },
        { value: 'off', label: t('settings.rules.popOff') },
      ]),
    );
    pop.control.addEventListener('change', () => {
      rule.pop = pop.control.value as RuleInput['pop'];
      changed();
    });
    const cont = addField(
      'continue',
      t('settings.rules.continue'),
      checkbox(rule.continue ?? false),
    );
    cont.control.addEventListener('change', () => {
      rule.continue = (cont.control as HTMLInputElement).checked;
      changed();
    });

    const title = h('span', {
      className: 'rule-title',
      text: rule.name || t('settings.rules.untitled'),
    });
    const button = (
      action: string,
      label: string,
      disabled: boolean,
      run: () => void,
      changesRules = true,
    ): HTMLButtonElement =>
      h('button', {
        text: label,
        // Preview changes nothing, so it stays usable when the admin locks the rules.
        props: { type: 'button', disabled: (locked && changesRules) || disabled },
        attrs: {
          'data-action': action,
          'aria-label': `${label}: ${rule.name || t('settings.rules.untitled')}`,
        },
        on: { click: run },
      });
    const header = h(
      'div',
      { className: 'rule-header' },
      h('span', { className: 'rule-number', text: `${index + 1}.` }),
      title,
      h(
        'span',
        { className: 'actions' },
        button('preview', t('settings.rules.select'), false, () => changed(), false),
        button('move-up', t('settings.rules.moveUp'), index === 0, () => this.move(index, -1)),
        button('move-down', t('settings.rules.moveDown'), index === this.rules.length - 1, () =>
          this.move(index, 1),
        ),
        button('remove', t('settings.rules.remove'), false, () => this.remove(index)),
      ),
    );
    const card = h(
      'section',
      {
        className: `rule-card${index === this.selected ? ' selected' : ''}`,
        attrs: {
          'data-rule-index': String(index),
          'aria-label': rule.name || t('settings.rules.untitled'),
        },
      },
      header,
      ...fields.map((field) => field.row),
    );
    card.addEventListener('focusin', () => {
      if (this.selected !== index) changed();
    });
    return card;
  }

  private markSelected(): void {
    for (const card of this.options.container.querySelectorAll<HTMLElement>('.rule-card')) {
      card.classList.toggle('selected', card.dataset.ruleIndex === String(this.selected));
    }
  }

  private add(): void {
    this.rules.push({
      name: t('settings.rules.newName', { n: this.rules.length + 1 }),
      direction: 'inbound',
      open: 'https://crm.example.com/search?phone={e164}',
      pop: 'auto',
    });
    this.selected = this.rules.length - 1;
    this.render({ index: this.selected, action: 'none' });
    this.options.onChange(this.selected);
  }

  private remove(index: number): void {
    this.rules.splice(index, 1);
    this.selected = Math.max(0, Math.min(this.selected, this.rules.length - 1));
    this.render(this.rules.length ? { index: this.selected, action: 'remove' } : undefined);
    if (!this.rules.length)
      this.options.container.querySelector<HTMLElement>('[data-action="add-rule"]')?.focus();
    this.options.onChange(this.selected);
  }

  private move(index: number, delta: -1 | 1): void {
    const target = index + delta;
    const [rule] = this.rules.splice(index, 1);
    if (!rule) return;
    this.rules.splice(target, 0, rule);
    this.selected = target;
    this.render({ index: target, action: delta < 0 ? 'move-up' : 'move-down' });
    this.options.onChange(target);
  }
}
