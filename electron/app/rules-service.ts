// The rules slice of ConnectorServices: the settings page's preview of a rule for a sample number
// and its "Test", which may run the rule for real under the locks and the agent's consent.
import type { Connector } from '../core/connector.js';
import type {
  ActionOutcome,
  Result,
  RulePreview,
  RuleTestNotRun,
  RuleTestRequest,
} from '../shared/ipc-contract.js';
import { historyEntryView } from './history-view.js';
import { parseRule, previewRule } from './rule-preview.js';
import type { SettingsLayers } from './settings-layers.js';
import type { ConfirmProgram } from './services.js';

export class RulesService {
  constructor(
    private readonly connector: Connector,
    private readonly settings: SettingsLayers,
  ) {}

  async previewRule(request: RuleTestRequest): Promise<Result<{ preview: RulePreview }>> {
    return previewRule(this.connector, this.settings.config, request);
  }

  /**
   * The settings "Test": runs the rule for a sample number for real, but starts a program only
   * when the rules are the agent's to edit AND `confirmProgram` said yes to exactly that
   * program and argv. With the rules locked, Test is a preview: the admin decides what runs.
   */
  async testRule(
    request: RuleTestRequest,
    confirmProgram?: ConfirmProgram,
  ): Promise<Result<{ preview: RulePreview; outcomes: ActionOutcome[]; notRun?: RuleTestNotRun }>> {
    const preview = await this.previewRule(request);
    if (!preview.ok) return preview;
    const parsed = parseRule(request.rule);
    if (!parsed.ok) return { ok: false, code: 'invalid', error: 'invalid rule' };
    const notRun = (why: RuleTestNotRun) => ({
      ok: true as const,
      preview: preview.preview,
      outcomes: [],
      notRun: why,
    });
    if (this.settings.isLocked('rules')) return notRun('locked');
    // One plan: what the agent is asked about is exactly what runs.
    const plan = this.connector.preview(request.sampleNumber, request.direction, {
      ...this.settings.config,
      rules: [{ ...parsed.rule, pop: 'auto' }],
    });
    for (const action of plan.trace.actions) {
      if (!action.ok || action.kind !== 'run') continue;
      const run = { ruleName: action.ruleName, program: action.program, args: [...action.args] };
      if (!confirmProgram || !(await confirmProgram(run))) return notRun('declined');
    }
    // The policy may have locked the rules while the question was open.
    if (this.settings.isLocked('rules')) return notRun('locked');
    const record = await this.connector.runTest(plan, request.direction);
    return { ok: true, preview: preview.preview, outcomes: historyEntryView(record).actions };
  }
}
