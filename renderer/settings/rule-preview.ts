// Live preview of the selected rule for a sample number and direction: the exact URL or argv,
// the rule trace, and problems shown next to the rule's own fields. "Test" runs it for real,
// as far as main allows: nothing when the admin locks the rules, a program only after main's
// own message box naming it got a yes.
import type {
  CallDirection,
  PlannedAction,
  RulePreview,
  RuleTestRequest,
} from '../../electron/shared/ipc-contract.js';
import { connector } from '../common/connector.js';
import { debounce } from '../common/debounce.js';
import { byId, h, showMessage } from '../common/dom.js';
import { t } from '../common/i18n.js';
import type { PageStringKey } from '../common/strings-en.js';
import type { FieldRegistry } from './fields.js';
import type { RulesEditor } from './rules-editor.js';

const PREVIEW_DELAY_MS = 250;

export class RulePreviewPanel {
  private readonly sample = byId<HTMLInputElement>('preview-number');
  private readonly direction = byId<HTMLSelectElement>('preview-direction');
  private readonly output = byId('preview-output');
  private readonly trace = byId('preview-trace');
  private readonly problems = byId('preview-problems');
  private readonly testButton = byId<HTMLButtonElement>('preview-test');
  private readonly testResult = byId('preview-test-result');
  /** Answers can arrive out of order; only the newest request may paint. */
  private sequence = 0;
  readonly schedule = debounce(() => void this.refresh(), PREVIEW_DELAY_MS);

  constructor(
    private readonly editor: RulesEditor,
    private readonly registry: FieldRegistry,
  ) {
    this.sample.addEventListener('input', () => this.schedule());
    this.direction.addEventListener('change', () => this.schedule());
    this.testButton.addEventListener('click', () => void this.runTest());
  }

  private request(): RuleTestRequest | undefined {
    const rule = this.editor.selectedRule();
    if (!rule) return undefined;
    return {
      rule,
      sampleNumber: this.sample.value,
      direction: this.direction.value as CallDirection,
    };
  }

  async refresh(): Promise<void> {
    const request = this.request();
    const sequence = ++this.sequence;
    const index = this.editor.selectedIndex();
    this.registry.clearErrors((path) => path.startsWith('rules.'));
    if (!request) {
      this.output.replaceChildren(
        h('p', { className: 'muted', text: t('settings.preview.noRule') }),
      );
      this.trace.replaceChildren();
      this.problems.replaceChildren();
      this.testButton.disabled = true;
      return;
    }
    const result = await connector().previewRule(request);
    if (sequence !== this.sequence) return;
    this.testButton.disabled = false;
    if (!result.ok) {
      this.output.replaceChildren();
      this.trace.replaceChildren();
      const unplaced = this.registry.showErrors(
        (result.errors ?? []).map((e) => ({
          path: `rules.${index}.${e.path}`,
          message: e.message,
        })),
      );
      this.renderProblems([result.error, ...unplaced]);
      return;
    }
    this.paint(result.preview, index);
  }

  private paint(preview: RulePreview, index: number): void {
    const number = preview.number;
    this.output.replaceChildren(
      h(
        'p',
        { className: 'muted' },
        t('settings.preview.numberAs', {
          e164: number.e164 ?? '—',
          national: number.national,
          kind: t(`settings.preview.kind.${number.kind}`),
        }),
      ),
      ...(preview.rewrite
        ? [
            h('p', {
              className: 'message warn',
              text: t('settings.preview.rewrite', { text: preview.rewrite }),
              attrs: { id: 'preview-rewrite' },
            }),
          ]
        : []),
      h(
        'p',
        {},
        h('strong', { text: t('settings.preview.popMode') }),
        ' ',
        t(POP_MODE_KEYS[preview.pop]),
      ),
      preview.actions.length === 0
        ? h('p', { className: 'message warn', text: t('settings.preview.nothing') })
        : h(
            'ol',
            { className: 'planned-actions' },
            ...preview.actions.map((action) => renderAction(action)),
          ),
    );
    this.trace.replaceChildren(
      ...preview.trace.map((step) =>
        h(
          'li',
          { className: step.matched ? 'trace-match' : 'trace-skip' },
          h('strong', { text: `${step.index + 1}. ${step.name}` }),
          ` — ${step.matched ? t('settings.preview.matched') : t('settings.preview.skipped')}: ${step.reason}`,
        ),
      ),
    );
    const unplaced = this.registry.showErrors(
      preview.problems.map((problem) => ({
        path: `rules.${index}.${problem.path}`,
        message: problem.message,
      })),
    );
    this.renderProblems(unplaced);
  }

  private renderProblems(messages: string[]): void {
    this.problems.replaceChildren(...messages.map((message) => h('li', { text: message })));
    this.problems.hidden = messages.length === 0;
  }

  private async runTest(): Promise<void> {
    const request = this.request();
    if (!request) return;
    this.testButton.disabled = true;
    showMessage(this.testResult, 'info', t('settings.preview.testing'));
    try {
      const result = await connector().testRule(request);
      if (!result.ok) {
        showMessage(this.testResult, 'error', result.error);
        return;
      }
      const failed = result.outcomes.filter((outcome) => !outcome.ok);
      // Main started nothing on purpose: say why (the preview above still shows the argv).
      if (result.notRun === 'locked')
        showMessage(this.testResult, 'warn', t('settings.preview.notRunLocked'));
      else if (result.notRun === 'declined')
        showMessage(this.testResult, 'warn', t('settings.preview.notRunDeclined'));
      else if (result.outcomes.length === 0)
        showMessage(this.testResult, 'warn', t('settings.preview.nothing'));
      else if (failed.length)
        showMessage(this.testResult, 'error', failed.map((o) => o.error ?? '').join(' '));
      else
        showMessage(
          this.testResult,
          'ok',
          t('settings.preview.testOk', { count: result.outcomes.length }),
        );
    } finally {
      this.testButton.disabled = false;
    }
  }
}

const POP_MODE_KEYS = {
  auto: 'settings.rules.popAuto',
  click: 'settings.rules.popClick',
  off: 'settings.rules.popOff',
} as const satisfies Record<RulePreview['pop'], PageStringKey>;

function renderAction(action: PlannedAction): HTMLElement {
  if (action.kind === 'open') {
    return h(
      'li',
      {},
      h('span', { className: 'action-kind', text: t('settings.preview.opens') }),
      h('code', { className: 'mono preview-url', text: action.url }),
    );
  }
  return h(
    'li',
    {},
    h('span', { className: 'action-kind', text: t('settings.preview.runs') }),
    h('code', { className: 'mono preview-program', text: action.program }),
    h(
      'ol',
      { className: 'argv', attrs: { start: '1' } },
      ...action.args.map((arg) =>
        h('li', {}, h('code', { className: 'mono preview-arg', text: arg })),
      ),
    ),
  );
}
