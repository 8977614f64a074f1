// The history slice of ConnectorServices: listing and searching past calls, popping one again
// with today's rules, calling back, and the CSV export. Call-back dials through the calls slice
// so that it answers exactly like the dialer.
import type { Connector } from '../core/connector.js';
import { callRecordsToCsv } from '../core/history/history-csv.js';
import type { CallHistory } from '../core/history/history-entry.js';
import type { CallRecord } from '../core/screen-pop/call-record.js';
import type { ContactChoicesView, DialDone, HistoryQuery, Result } from '../shared/ipc-contract.js';
import { historyEntryView } from './history-view.js';
import { failure } from './service-results.js';

export class HistoryService {
  constructor(
    private readonly history: CallHistory<CallRecord>,
    private readonly connector: Connector,
    private readonly dial: (number: string) => Promise<Result<DialDone>>,
  ) {}

  async listHistory(query: HistoryQuery) {
    const limit = query.limit ?? 100;
    if (!query.query) {
      // The tray asks for the last 10 after every call: no need to copy the whole history.
      const [entries, { count }] = await Promise.all([
        this.history.list({ limit }),
        this.history.health(),
      ]);
      return { entries: entries.map(historyEntryView), total: count };
    }
    const matching = await this.history.list({ query: query.query });
    return { entries: matching.slice(0, limit).map(historyEntryView), total: matching.length };
  }

  async getHistoryEntry(callId: string) {
    const record = await this.history.get(callId);
    return record ? historyEntryView(record) : undefined;
  }

  async popAgain(callId: string) {
    if (!(await this.history.get(callId))) {
      return {
        ok: false as const,
        code: 'not-found' as const,
        error: 'That call is no longer in the history.',
      };
    }
    try {
      const record = await this.connector.popAgain(callId);
      if (record.actions.length === 0) {
        // The current rules open nothing for this call (or the entry is damaged): say why.
        const outcome = record.outcome;
        const why =
          outcome.kind === 'suppressed'
            ? outcome.why
            : outcome.kind === 'failed'
              ? outcome.error
              : '';
        return {
          ok: false as const,
          code: 'invalid' as const,
          error: `Nothing was opened: ${why}`,
        };
      }
      return { ok: true as const, outcomes: historyEntryView(record).actions };
    } catch (error) {
      return failure(error);
    }
  }

  /** The contacts a lookup matched for a call, for the picker window. */
  async contactChoices(callId: string): Promise<Result<{ choices: ContactChoicesView }>> {
    const record = await this.history.get(callId);
    if (!record)
      return { ok: false, code: 'not-found', error: 'That call is no longer in the history.' };
    const view = historyEntryView(record);
    return {
      ok: true,
      choices: { callId: record.id, display: view.display, contacts: view.contacts ?? [] },
    };
  }

  /**
   * The picker's answer: a contact's index, or 'search' for the rule's own page (the same as
   * "Open again"). The link comes from the stored record and is checked again in the core.
   */
  async openContact(callId: string, choice: number | 'search') {
    if (choice === 'search') return this.popAgain(callId);
    if (!(await this.history.get(callId))) {
      return {
        ok: false as const,
        code: 'not-found' as const,
        error: 'That call is no longer in the history.',
      };
    }
    try {
      const record = await this.connector.openContact(callId, choice);
      const view = historyEntryView(record);
      if (record.outcome.kind === 'failed')
        return { ok: false as const, code: 'invalid' as const, error: record.outcome.error };
      return { ok: true as const, outcomes: view.actions };
    } catch (error) {
      return failure(error);
    }
  }

  async callBack(callId: string): Promise<Result<DialDone>> {
    const record = await this.history.get(callId);
    if (!record)
      return { ok: false, code: 'not-found', error: 'That call is no longer in the history.' };
    if (record.number.kind === 'withheld' || record.number.kind === 'invalid') {
      return {
        ok: false,
        code: 'invalid',
        error: 'This caller withheld the number, or it is not a phone number.',
      };
    }
    return this.dial(record.number.e164 ?? record.number.raw);
  }

  async historyCsv(): Promise<{ csv: string; count: number }> {
    const records = await this.history.list();
    return { csv: callRecordsToCsv(records), count: records.length };
  }
}
