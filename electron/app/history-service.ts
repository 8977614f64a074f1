// The history slice of ConnectorServices: listing and searching past calls, popping one again
// with today's rules, calling back, and the CSV export. Call-back dials through the calls slice
// so that it answers exactly like the dialer.
import type { Connector } from '../core/connector.js';
import { callRecordsCsvChunks } from '../core/history/history-csv.js';
import type { CallHistory } from '../core/history/history-entry.js';
import type { CallRecord } from '../core/screen-pop/call-record.js';
import type {
  ContactChoicesView,
  DialDone,
  HistoryPageView,
  HistoryQuery,
  Result,
} from '../shared/ipc-contract.js';
import { historyEntryView } from './history-view.js';
import { failure } from './service-results.js';

export class HistoryService {
  constructor(
    private readonly history: CallHistory<CallRecord>,
    private readonly connector: Connector,
    private readonly dial: (number: string) => Promise<Result<DialDone>>,
  ) {}

  /** One page, read from disk by the store: the history is never all in memory. */
  async listHistory(query: HistoryQuery): Promise<HistoryPageView> {
    const page = await this.history.page({
      limit: query.limit ?? 100,
      ...(query.query ? { query: query.query } : {}),
      ...(query.before === undefined ? {} : { before: query.before }),
    });
    const entries = page.records.map(historyEntryView);
    return page.next === undefined
      ? { entries, total: page.total }
      : { entries, total: page.total, next: page.next };
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

  /**
   * The whole history as CSV, streamed: `write` gets the text a few hundred rows at a time
   * (newest first) while the records are read from disk. Resolves to the rows written.
   */
  async writeHistoryCsv(
    write: (chunks: AsyncIterable<string>) => Promise<void>,
  ): Promise<{ count: number }> {
    let count = 0;
    const counted = async function* (records: AsyncIterable<CallRecord>) {
      for await (const record of records) {
        count += 1;
        yield record;
      }
    };
    await write(callRecordsCsvChunks(counted(this.history.each())));
    return { count };
  }
}
