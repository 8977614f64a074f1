// TEMPORARY in-test ConnectorServices, used until the core façade (electron/core/connector.ts)
// is adapted to ConnectorServices (electron/main/connector-adapter.ts still throws). It is not a stub of the behaviour under test: every answer comes from the real core
// (config schema + policy locks + merge, rule checks and evaluation, URL/program templates, phone
// parsing, CSV export) and it sits behind the REAL createIpcHandlers + runValidated. What it
// fakes are only the outside world's effects: the Accolades socket (a settable state), the REST
// service (recorded dials / SMS) and the browser and program launcher (recorded actions).
// The lead swaps this for the real façade adapter (electron/main/connector-adapter.ts).
import type { ConnectionState } from '../../../electron/core/connection-state.js';
import type { CallDirection, PhoneNumberFormats } from '../../../electron/core/calls.js';
import {
  ConfigError,
  applyUserChange,
  configSchema,
  ruleSchema,
  type ConnectorConfig,
  type ScreenPopRule,
} from '../../../electron/core/config/index.js';
import { EventBus } from '../../../electron/core/events.js';
import { historyToCsv } from '../../../electron/core/history/history-csv.js';
import { formatForDial } from '../../../electron/core/phone/format-for-dial.js';
import { parseDialInput } from '../../../electron/core/phone/parse-dial-input.js';
import { smsWarnings } from '../../../electron/core/rest/sms-warnings.js';
import { checkRule } from '../../../electron/core/rules/check-rule.js';
import { previewCall } from '../../../electron/core/rules/preview-call.js';
import type {
  ConnectorServiceEvents,
  ConnectorServices,
  SaveSettingsResult,
  SettingsSnapshot,
} from '../../../electron/main/services.js';
import type {
  ActionOutcome,
  FieldError,
  HistoryEntryView,
  PlannedAction,
  Result,
  RulePreview,
  RuleTestRequest,
  SettingsPatch,
} from '../../../electron/shared/ipc-contract.js';

export interface TemporaryServicesOptions {
  user?: Record<string, unknown>;
  policy?: Record<string, unknown>;
  history?: HistoryEntryView[];
  state?: ConnectionState;
}

/** The dotted path the contract uses: `rules[2].open` → `rules.2.open`. */
export function dottedPath(path: string): string {
  return path.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
}

/** checkRule's plain-words problems, each placed on the rule field it is about. */
function ruleProblemPaths(rule: ScreenPopRule, problems: string[]): FieldError[] {
  return problems.map((message) => {
    if (message.startsWith('URL: ')) return { path: 'open', message: message.slice(5) };
    if (message.startsWith('Program: '))
      return { path: rule.run ? 'run.program' : 'open', message: message.slice(9) };
    if (message.includes('number pattern')) return { path: 'numberPattern', message };
    return { path: rule.run ? 'run.program' : 'open', message };
  });
}

function deepMerge(
  base: Record<string, unknown>,
  top: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(top)) {
    const current = out[key];
    out[key] =
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      current &&
      typeof current === 'object'
        ? deepMerge(current as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return out;
}

function leafPaths(value: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, child]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return child && typeof child === 'object' && !Array.isArray(child)
      ? leafPaths(child as Record<string, unknown>, path)
      : [path];
  });
}

export class TemporaryServices implements ConnectorServices {
  readonly bus = new EventBus<{ [K in keyof ConnectorServiceEvents]: ConnectorServiceEvents[K] }>();
  /** What would have gone to the outside world. */
  readonly dialed: string[] = [];
  readonly smsSent: { number: string; text: string }[] = [];
  readonly launched: PlannedAction[] = [];
  private user: Record<string, unknown>;
  private readonly policy: Record<string, unknown>;
  private state: ConnectionState;
  private paused = false;
  private password: string | undefined;
  private readonly history: HistoryEntryView[];
  private dialInFlight = false;
  /** How long a REST dial takes here (a slow network makes double clicks likely). */
  dialDelayMs = 300;

  constructor(options: TemporaryServicesOptions = {}) {
    this.user = options.user ?? {};
    this.policy = options.policy ?? {};
    this.history = [...(options.history ?? [])];
    this.state = options.state ?? { phase: 'needs-configuration', statusLine: '', attempt: 0 };
  }

  setState(state: ConnectionState): void {
    this.state = state;
    this.bus.emit('state', state);
  }

  getConnectionState = (): ConnectionState => this.state;
  getCounts = () => ({
    calls: this.history.length,
    pops: 0,
    suppressed: 0,
    failed: 0,
    droppedFrames: 0,
  });
  isPaused = (): boolean => this.paused;
  setPaused = async (paused: boolean): Promise<void> => {
    this.paused = paused;
    this.bus.emit('paused', paused);
  };
  reconnectNow = (): void => {};
  on: ConnectorServices['on'] = (event, listener) => this.bus.on(event, listener);

  getConfig = (): ConnectorConfig => configSchema.parse(deepMerge(this.user, this.policy));
  private lockedKeys(): string[] {
    return leafPaths(this.policy);
  }
  getSettings = async (): Promise<SettingsSnapshot> => ({
    config: this.getConfig(),
    lockedKeys: this.lockedKeys(),
    ...(Object.keys(this.policy).length
      ? { policyNote: 'Set by your administrator (policy file).' }
      : {}),
    restPasswordStored: this.password !== undefined,
  });

  saveSettings = async (patch: SettingsPatch): Promise<SaveSettingsResult> => {
    let next: Record<string, unknown>;
    try {
      next = applyUserChange(this.user, patch as Record<string, unknown>, this.lockedKeys());
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return {
        ok: false,
        errors: error.issues.map((i) => ({ path: dottedPath(i.path), message: i.message })),
      };
    }
    const effective = configSchema.parse(deepMerge(next, this.policy));
    const policy = { allowHttp: effective.screenPop.allowHttp };
    const ruleErrors = effective.rules.flatMap((rule, index) =>
      ruleProblemPaths(rule, checkRule(rule, policy)).map((e) => ({
        path: `rules.${index}.${e.path}`,
        message: e.message,
      })),
    );
    if (ruleErrors.length) return { ok: false, errors: ruleErrors };
    this.user = next;
    this.bus.emit('config', effective);
    return { ok: true, snapshot: await this.getSettings() };
  };

  setRestPassword = async (password: string): Promise<Result> => {
    this.password = password === '' ? undefined : password;
    return { ok: true };
  };
  testCredentials = async (): Promise<Result<{ message: string }>> =>
    this.password === undefined
      ? { ok: false, code: 'not-configured', error: 'Enter and save the REST password first.' }
      : { ok: true, message: 'Accolades accepted the account and password.' };

  previewRule = async (request: RuleTestRequest): Promise<Result<{ preview: RulePreview }>> => {
    const parsed = ruleSchema.safeParse(request.rule);
    if (!parsed.success) {
      return {
        ok: false,
        code: 'invalid',
        error: 'The rule is not complete yet.',
        errors: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      };
    }
    const rule = parsed.data;
    const config = this.getConfig();
    // The core's own preview (the CLI `render` and the app use it) with just this rule.
    const { number, trace } = previewCall(
      { ...config, rules: [rule] },
      {
        rawNumber: request.sampleNumber,
        direction: request.direction,
        timeMs: Date.UTC(2026, 10, 25, 9),
      },
    );
    const problems = ruleProblemPaths(
      rule,
      checkRule(rule, { allowHttp: config.screenPop.allowHttp }),
    );
    const actions: PlannedAction[] = [];
    for (const action of trace.actions) {
      if (!action.ok)
        problems.push({
          path: action.kind === 'open' ? 'open' : 'run.program',
          message: action.error,
        });
      else if (action.kind === 'open') actions.push({ kind: 'open', url: action.url });
      else actions.push({ kind: 'run', program: action.program, args: action.args });
    }
    const preview: RulePreview = {
      number,
      direction: request.direction,
      trace: trace.tried.map((e) => ({
        index: e.index,
        name: e.name,
        matched: e.matched,
        reason: e.why,
      })),
      actions,
      problems: problems.filter((p, i) => problems.findIndex((q) => q.message === p.message) === i),
      pop: rule.pop,
    };
    return { ok: true, preview };
  };

  testRule = async (request: RuleTestRequest) => {
    const result = await this.previewRule(request);
    if (!result.ok) return result;
    const outcomes: ActionOutcome[] = result.preview.actions.map((action) => {
      this.launched.push(action);
      return { action, ok: true };
    });
    return { ok: true as const, preview: result.preview, outcomes };
  };

  normalizeNumber: ConnectorServices['normalizeNumber'] = (text) => {
    const config = this.getConfig();
    const parsed = parseDialInput(text, config.phone);
    if (!parsed.ok) return { ok: false, code: 'invalid', error: parsed.reason };
    const dialAs = formatForDial(parsed.formats, config.rest.dialFormat);
    return { ok: true, formats: parsed.formats, display: parsed.formats.e164 ?? dialAs, dialAs };
  };

  dial = async (number: string) => {
    const check = this.normalizeNumber(number);
    if (!check.ok) return check;
    if (this.dialInFlight)
      return {
        ok: false as const,
        code: 'busy' as const,
        error: 'A call is already being placed.',
      };
    this.dialInFlight = true;
    await new Promise((resolve) => setTimeout(resolve, this.dialDelayMs));
    this.dialInFlight = false;
    this.dialed.push(check.dialAs);
    return {
      ok: true as const,
      dialed: check.dialAs,
      message: `Calling ${check.dialAs}: your phone rings first.`,
    };
  };

  checkSms = (text: string) => {
    const length = [...text].length;
    // Accolades sends one SMS and cuts the rest (the core's warnings say so).
    return {
      warnings: smsWarnings(text).map((w) => w.message),
      length,
      segments: length === 0 ? 0 : 1,
    };
  };

  sendSms = async (number: string, text: string) => {
    const check = this.normalizeNumber(number);
    if (!check.ok) return check;
    this.smsSent.push({ number: check.dialAs, text });
    return {
      ok: true as const,
      sentTo: check.dialAs,
      message: `SMS sent to ${check.dialAs}.`,
      warnings: this.checkSms(text).warnings,
    };
  };

  listHistory = async (query: { query?: string; limit?: number }) => {
    const needle = (query.query ?? '').trim().toLowerCase();
    const digits = needle.replace(/\D/g, '');
    const matches = [...this.history]
      .sort((a, b) => b.time - a.time)
      .filter((entry) => {
        if (!needle) return true;
        const text = [
          entry.display,
          entry.summary,
          entry.ruleName ?? '',
          entry.outcome,
          entry.number.raw,
        ]
          .join(' ')
          .toLowerCase();
        const numbers = [
          entry.number.raw,
          entry.number.e164 ?? '',
          entry.number.national,
          entry.number.digits,
        ].join(' ');
        return (
          text.includes(needle) ||
          (digits.length >= 3 && numbers.replace(/\D/g, ' ').includes(digits))
        );
      });
    return { entries: matches.slice(0, query.limit ?? 100), total: matches.length };
  };
  getHistoryEntry = async (id: string) => this.history.find((entry) => entry.id === id);
  popAgain = async (callId: string): Promise<Result<{ outcomes: ActionOutcome[] }>> => {
    const entry = await this.getHistoryEntry(callId);
    if (!entry)
      return { ok: false, code: 'not-found', error: 'That call is no longer in the history.' };
    const outcomes = entry.actions.map((outcome) => {
      this.launched.push(outcome.action);
      return { action: outcome.action, ok: true };
    });
    return { ok: true, outcomes };
  };
  callBack = async (callId: string) => {
    const entry = await this.getHistoryEntry(callId);
    if (!entry)
      return {
        ok: false as const,
        code: 'not-found' as const,
        error: 'That call is no longer in the history.',
      };
    return this.dial(entry.number.raw);
  };
  historyCsv = async () => ({
    csv: historyToCsv(
      this.history.map((entry) => ({
        id: entry.id,
        time: new Date(entry.time).toISOString(),
        direction: entry.direction,
        number: entry.number,
        ...(entry.ruleName ? { rule: entry.ruleName } : {}),
        outcome: entry.outcome,
        detail: entry.summary,
      })),
    ),
    count: this.history.length,
  });

  /** A new call arrives: history gets it and pages are told. */
  addCall(entry: HistoryEntryView): void {
    this.history.push(entry);
    this.bus.emit('call', entry);
  }
}

export function historyEntry(
  id: string,
  time: number,
  direction: CallDirection,
  number: PhoneNumberFormats,
  fields: Partial<HistoryEntryView> & Pick<HistoryEntryView, 'outcome' | 'summary'>,
): HistoryEntryView {
  return {
    id,
    time,
    direction,
    number,
    display: number.e164 ?? number.raw,
    trace: [],
    actions: [],
    canReopen: fields.outcome !== 'no-rule',
    canCallBack: number.kind === 'external' || number.kind === 'internal',
    ...fields,
  };
}
