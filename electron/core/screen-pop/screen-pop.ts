// The screen-pop pipeline: call notification → number formats → rule trace → one pop per call
// (dedupe, pause, flood limit) → open the URL / start the program. Every notification becomes
// a CallRecord, whatever happens; nothing is dropped silently and nothing here throws.
// Over 300 lines on purpose: the steps of a pop are one ordered pipeline sharing its counters
// and dedupe state; pop-again and click mode reuse the same steps.
import { SpawnProgramLauncher } from '../actions/program-launcher.js';
import { BrowserUrlOpener, hrefToOpen } from '../actions/url-opener.js';
import type { CallDirection, CallNotification } from '../calls.js';
import type { ConnectorConfig } from '../config/schema.js';
import { normalizePhone } from '../phone/normalize-phone.js';
import type { Clock, Logger, ProgramLauncher, UrlOpener } from '../ports.js';
import { evaluateRules, summarizeTrace } from '../rules/evaluate-rules.js';
import type { PlannedAction } from '../rules/trace.js';
import { systemClock } from '../system-clock.js';
import { checkProgramPath, findLineBreakOrNul } from '../templates/program-template.js';
import { checkUrlScheme } from '../templates/url-template.js';
import type { ActionAttempt, CallRecord, PopOutcome, SuppressReason } from './call-record.js';
import { DedupeWindow, dedupeKey } from './dedupe-window.js';
import { noTabNavigator, openUrl, type OpenInTab } from './open-url.js';
import { TokenBucket } from './token-bucket.js';
import { errorMessage } from '../error-message.js';

export interface ScreenPopDeps {
  logger: Logger;
  /** Read on every call, so settings changes apply to the next call. */
  getConfig: () => ConnectorConfig;
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: the system browser through `open`, http: allowed per config.screenPop.allowHttp. */
  opener?: UrlOpener;
  /** Default: spawn without a shell, detached. */
  launcher?: ProgramLauncher;
  /** Record ids; default: wall-clock base36 + a counter (unique within and across runs). */
  newId?: () => string;
  /**
   * The CRM-tab path (the browser companion extension, through the event bridge); default: none,
   * so every URL opens in the browser. Read on every pop.
   */
  openInTab?: OpenInTab;
}

export interface CallExtra {
  crmId: string;
  /** The configuration answer (parsed JSON when it was JSON). */
  configuration: unknown;
}

/** Totals since start; popAgain() outcomes count too (calls counts notifications only). */
export interface ScreenPopCounters {
  calls: number;
  pops: number;
  suppressed: number;
  suppressedBy: Record<SuppressReason, number>;
  failed: number;
  /** Programs started through a shell: always 0, by construction (for the fault-matrix summary). */
  shellLaunches: 0;
}

export class ScreenPop {
  private readonly dedupe = new DedupeWindow();
  private readonly bucket = new TokenBucket();
  private readonly log: Logger;
  private readonly newId: () => string;
  private readonly newPopId: () => string;
  private pausedByUser = false;
  private readonly counts: ScreenPopCounters = {
    calls: 0,
    pops: 0,
    suppressed: 0,
    suppressedBy: {
      duplicate: 0,
      flood: 0,
      paused: 0,
      'click-mode-pending': 0,
      'pop-off': 0,
      'no-rule': 0,
    },
    failed: 0,
    shellLaunches: 0,
  };

  private readonly deps: Required<Omit<ScreenPopDeps, 'newId'>>;

  constructor(deps: ScreenPopDeps) {
    this.deps = {
      logger: deps.logger,
      getConfig: deps.getConfig,
      clock: deps.clock ?? systemClock,
      opener:
        deps.opener ??
        new BrowserUrlOpener({ allowHttp: () => deps.getConfig().screenPop.allowHttp }),
      launcher: deps.launcher ?? new SpawnProgramLauncher(),
      openInTab: deps.openInTab ?? noTabNavigator,
    };
    this.log = deps.logger.child('screen-pop');
    let counter = 0;
    const base = this.deps.clock.nowMs().toString(36);
    this.newId = deps.newId ?? (() => `${base}-${++counter}`);
    // Pop ids name one URL handed to the tab navigator; their own counter keeps record ids as
    // they were.
    let pops = 0;
    this.newPopId = () => `${base}-pop${++pops}`;
  }

  /** Pause automatic pops from the tray (on top of config.screenPop.paused). */
  setPaused(paused: boolean): void {
    this.pausedByUser = paused;
  }

  isPaused(): boolean {
    return this.pausedByUser || this.deps.getConfig().screenPop.paused;
  }

  counters(): ScreenPopCounters {
    return { ...this.counts, suppressedBy: { ...this.counts.suppressedBy } };
  }

  /** Never rejects: even an unexpected fault becomes a failed record. */
  async handle(notification: CallNotification, extra: CallExtra): Promise<CallRecord> {
    this.counts.calls += 1;
    try {
      return await this.process(notification, extra);
    } catch (error) {
      const outcome: PopOutcome = { kind: 'failed', error: `Internal error: ${message(error)}` };
      this.count(outcome);
      this.log.error('screen-pop failed unexpectedly', { error: message(error) });
      const number = {
        raw: String(notification.rawNumber),
        e164: undefined,
        national: '',
        digits: '',
        kind: 'invalid' as const,
      };
      return {
        id: this.newId(),
        direction: notification.direction,
        number,
        crmId: extra.crmId,
        receivedAt: notification.receivedAt,
        handledAt: this.deps.clock.nowMs(),
        latencyMs: undefined,
        trace: {
          direction: notification.direction,
          number,
          tried: [],
          winners: [],
          actions: [],
          summary: outcome.error,
        },
        outcome,
        actions: [],
        pendingClick: false,
      };
    }
  }

  private async process(notification: CallNotification, extra: CallExtra): Promise<CallRecord> {
    const config = this.deps.getConfig();
    const nowMono = this.deps.clock.monotonicMs();
    const number = normalizePhone(notification.rawNumber, config.phone);
    // The summary (a string with every URL) is written in finish(), after the action started.
    const trace = evaluateRules(
      config.rules,
      {
        direction: notification.direction,
        number,
        crmId: extra.crmId,
        timeMs: notification.receivedAt,
        configuration: extra.configuration,
        allowHttp: config.screenPop.allowHttp,
      },
      { summary: false },
    );
    const record: CallRecord = {
      id: this.newId(),
      direction: notification.direction,
      number,
      crmId: extra.crmId,
      receivedAt: notification.receivedAt,
      handledAt: notification.receivedAt,
      latencyMs: undefined,
      trace,
      outcome: { kind: 'popped' },
      actions: [],
      pendingClick: false,
    };
    const hasClickAction = trace.actions.some((a) => a.ok && a.pop === 'click');
    const finish = (outcome: PopOutcome): CallRecord => {
      trace.summary = summarizeTrace(trace);
      record.outcome = outcome;
      // Only a call that was not suppressed for another reason waits for the agent's click.
      record.pendingClick =
        hasClickAction &&
        (outcome.kind === 'popped' ||
          (outcome.kind === 'suppressed' && outcome.reason === 'click-mode-pending'));
      record.handledAt = this.deps.clock.nowMs();
      record.latencyMs = Math.max(0, this.deps.clock.monotonicMs() - notification.receivedMono);
      this.count(outcome);
      this.log.info(`${describe(outcome)}: ${trace.summary}`, { id: record.id });
      return record;
    };

    if (trace.nothing?.reason === 'no-rule')
      return finish(suppressed('no-rule', trace.nothing.why));
    if (trace.nothing?.reason === 'pop-off')
      return finish(suppressed('pop-off', trace.nothing.why));
    if (trace.nothing?.reason === 'render-error')
      return finish({ kind: 'failed', error: trace.nothing.why });

    const key = dedupeKey(notification.direction, number);
    const windowMs = config.screenPop.dedupeWindowSeconds * 1000;
    if (this.dedupe.seen(key, nowMono, windowMs)) {
      return finish(
        suppressed(
          'duplicate',
          `Same ${notification.direction} number within ${config.screenPop.dedupeWindowSeconds} s: already handled.`,
        ),
      );
    }
    // Rendered automatic actions; the trace keeps the ones that failed to render.
    const auto = trace.actions.filter((a) => a.pop === 'auto' && a.ok);
    if (auto.length === 0) {
      // trace.nothing is unset, so some click-mode action rendered and waits for the click.
      return finish(
        suppressed('click-mode-pending', 'The rule pops when the agent clicks the notification.'),
      );
    }
    if (this.isPaused()) return finish(suppressed('paused', 'Screen-pops are paused.'));
    const { burst, refillSeconds } = config.screenPop;
    if (!this.bucket.tryTake(nowMono, { burst, refillMs: refillSeconds * 1000 })) {
      return finish(
        suppressed(
          'flood',
          `More than ${burst} pops in a short time; the flood limit allows one every ${refillSeconds} s.`,
        ),
      );
    }
    record.actions = await this.runActions(auto, config);
    return finish(outcomeOf(record.actions));
  }

  /**
   * "Open again" from the history, and the click on a click-mode notification. The stored
   * record says only WHICH call it was (number as received, direction, time): what to open or
   * start is decided again by the CURRENT rules, so neither a rule changed since nor a history
   * file edited on disk can run anything the rules don't say now. Dedupe, pause and the flood
   * limit are bypassed (the agent asked); the URL and program policy is not.
   */
  async popAgain(record: CallRecord, extra: CallExtra): Promise<CallRecord> {
    const config = this.deps.getConfig();
    const call = storedCall(record);
    if (!call.ok) {
      const outcome: PopOutcome = { kind: 'failed', error: call.error };
      const number = {
        raw: '',
        e164: undefined,
        national: '',
        digits: '',
        kind: 'invalid' as const,
      };
      const direction = 'inbound' as const;
      const trace = { direction, number, tried: [], winners: [], actions: [], summary: call.error };
      return this.finishAgain(
        { ...record, direction, number, crmId: extra.crmId, trace },
        outcome,
        [],
      );
    }
    const number = normalizePhone(call.rawNumber, config.phone);
    const trace = evaluateRules(config.rules, {
      direction: call.direction,
      number,
      crmId: extra.crmId,
      timeMs: call.receivedAt ?? this.deps.clock.nowMs(),
      configuration: extra.configuration,
      allowHttp: config.screenPop.allowHttp,
    });
    return this.runPlanned({
      ...record,
      direction: call.direction,
      number,
      crmId: extra.crmId,
      trace,
    });
  }

  /**
   * Runs the actions already planned in `record.trace` whose pop mode is auto or click (off
   * means the rule never pops), with the URL and program policy of the current settings. Only
   * for plans made just now from current or given rules (popAgain, the settings "Test").
   */
  async runPlanned(record: CallRecord): Promise<CallRecord> {
    const config = this.deps.getConfig();
    const planned = record.trace.actions.filter((a) => a.pop !== 'off');
    let outcome: PopOutcome;
    let attempts: ActionAttempt[] = [];
    if (planned.length === 0) {
      const reason = record.trace.nothing?.reason === 'no-rule' ? 'no-rule' : 'pop-off';
      outcome = suppressed(reason, record.trace.nothing?.why ?? 'No rule of this call pops.');
    } else if (planned.every((a) => !a.ok)) {
      outcome = { kind: 'failed', error: planned.map((a) => (a.ok ? '' : a.error)).join(' ') };
    } else {
      attempts = await this.runActions(planned, config);
      outcome = outcomeOf(attempts);
    }
    return this.finishAgain(record, outcome, attempts);
  }

  private finishAgain(
    record: CallRecord,
    outcome: PopOutcome,
    attempts: ActionAttempt[],
  ): CallRecord {
    const again: CallRecord = {
      ...record,
      id: this.newId(),
      popAgainOf: record.id,
      handledAt: this.deps.clock.nowMs(),
      latencyMs: undefined,
      outcome,
      actions: attempts,
      pendingClick: false,
    };
    this.count(outcome);
    this.log.info(`pop again ${record.id}: ${describe(outcome)}`, { id: again.id });
    return again;
  }

  private async runActions(
    planned: PlannedAction[],
    config: ConnectorConfig,
  ): Promise<ActionAttempt[]> {
    const attempts: ActionAttempt[] = [];
    for (const action of planned) {
      if (!action.ok) continue;
      if (action.kind === 'open') {
        const refused = checkUrlScheme(action.url, { allowHttp: config.screenPop.allowHttp });
        if (refused) {
          attempts.push({
            kind: 'open',
            ruleName: action.ruleName,
            url: action.url,
            ok: false,
            error: refused,
          });
          continue;
        }
        let href: string;
        try {
          href = hrefToOpen(action.url, config.screenPop.allowHttp);
        } catch (error) {
          attempts.push({
            kind: 'open',
            ruleName: action.ruleName,
            url: action.url,
            ok: false,
            error: message(error),
          });
          continue;
        }
        // The URL policy above applies before either path; the tab path falls back to the browser.
        const opened = await openUrl(
          href,
          action.openIn ?? 'auto',
          this.newPopId(),
          config.screenPop.browser,
          { opener: this.deps.opener, openInTab: this.deps.openInTab, log: this.log },
        );
        attempts.push(
          opened.ok
            ? {
                kind: 'open',
                ruleName: action.ruleName,
                url: action.url,
                ok: true,
                via: opened.via,
              }
            : {
                kind: 'open',
                ruleName: action.ruleName,
                url: action.url,
                ok: false,
                error: opened.error,
                via: opened.via,
              },
        );
      } else {
        const base = {
          kind: 'run' as const,
          ruleName: action.ruleName,
          program: action.program,
          args: action.args,
        };
        const refused =
          checkProgramPath(action.program) ??
          action.args.map(findLineBreakOrNul).find((p) => p !== undefined);
        if (refused) {
          attempts.push({ ...base, ok: false, error: refused });
          continue;
        }
        try {
          const { pid } = await this.deps.launcher.launch(action.program, action.args);
          attempts.push({ ...base, ok: true, pid });
        } catch (error) {
          attempts.push({ ...base, ok: false, error: message(error) });
        }
      }
    }
    return attempts;
  }

  private count(outcome: PopOutcome): void {
    if (outcome.kind === 'popped') this.counts.pops += 1;
    else if (outcome.kind === 'failed') this.counts.failed += 1;
    else {
      this.counts.suppressed += 1;
      this.counts.suppressedBy[outcome.reason] += 1;
    }
  }
}

/**
 * What popAgain reads from a stored record: which call it was. The history is a file on disk,
 * so each field is checked rather than trusted; a record without them is refused in words.
 */
function storedCall(
  record: CallRecord,
):
  | { ok: true; direction: CallDirection; rawNumber: string; receivedAt: number | undefined }
  | { ok: false; error: string } {
  const direction: unknown = record.direction;
  const raw: unknown = (record.number as { raw?: unknown } | undefined)?.raw;
  if ((direction !== 'inbound' && direction !== 'outbound') || typeof raw !== 'string') {
    return {
      ok: false,
      error: 'This history entry is damaged (it has no direction or number).',
    };
  }
  const at: unknown = record.receivedAt;
  const receivedAt = typeof at === 'number' && Number.isFinite(at) ? at : undefined;
  return { ok: true, direction, rawNumber: raw, receivedAt };
}

function suppressed(reason: SuppressReason, why: string): PopOutcome {
  return { kind: 'suppressed', reason, why };
}

/** Popped when at least one action worked; failed (with every error) when none did. */
function outcomeOf(attempts: ActionAttempt[]): PopOutcome {
  if (attempts.some((a) => a.ok)) return { kind: 'popped' };
  const errors = attempts.map((a) => (a.ok ? '' : `${a.ruleName}: ${a.error}`));
  return { kind: 'failed', error: errors.join(' ') || 'Nothing could be opened or started.' };
}

function describe(outcome: PopOutcome): string {
  if (outcome.kind === 'popped') return 'popped';
  if (outcome.kind === 'failed') return `failed (${outcome.error})`;
  return `suppressed: ${outcome.reason}`;
}

function message(error: unknown): string {
  return errorMessage(error);
}
