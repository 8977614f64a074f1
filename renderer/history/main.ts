// Call history window: what happened on each call and why, searchable; any call can be popped
// again or called back (by id: the page never sends a URL or a number to run). Calls come a page
// at a time, newest first; "Show older calls" asks for the next page with the cursor the last
// one returned, so the history itself stays on disk in the main process.
import type { HistoryEntryView } from '../../electron/shared/ipc-contract.js';
import { connector } from '../common/connector.js';
import { debounce } from '../common/debounce.js';
import { byId, h, showMessage } from '../common/dom.js';
import { currentLanguage, initI18n, t } from '../common/i18n.js';

const SEARCH_DELAY_MS = 200;
const PAGE_SIZE = 50;

const search = byId<HTMLInputElement>('history-search');
const rows = byId('history-rows');
const empty = byId('history-empty');
const message = byId('history-message');
const count = byId('history-count');
const more = byId<HTMLButtonElement>('history-more');
let sequence = 0;
/** The query the rows on screen were asked with, and the cursor for the page after them. */
let shown = { query: '', next: undefined as number | undefined };

function formatTime(ms: number): string {
  return new Intl.DateTimeFormat(currentLanguage() === 'ro' ? 'ro-RO' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'medium',
  }).format(new Date(ms));
}

function actionButton(
  label: string,
  entry: HistoryEntryView,
  action: string,
  run: () => Promise<void>,
): HTMLButtonElement {
  const button = h('button', {
    text: label,
    props: { type: 'button' },
    attrs: { 'data-action': action, 'aria-label': `${label}: ${entry.display}` },
  });
  button.addEventListener('click', () => {
    button.disabled = true;
    void run().finally(() => {
      button.disabled = false;
    });
  });
  return button;
}

function renderRow(entry: HistoryEntryView): HTMLTableRowElement {
  const reopen = actionButton(t('history.openAgain'), entry, 'reopen', async () => {
    const result = await connector().reopenCall({ callId: entry.id });
    if (!result.ok) return showMessage(message, 'error', result.error);
    const failed = result.outcomes.find((outcome) => !outcome.ok);
    if (failed) showMessage(message, 'error', failed.error ?? t('history.reopenFailed'));
    else showMessage(message, 'ok', t('history.reopened', { number: entry.display }));
  });
  reopen.hidden = !entry.canReopen;
  const callBack = actionButton(t('history.callBack'), entry, 'call-back', async () => {
    const result = await connector().callBack({ callId: entry.id });
    showMessage(message, result.ok ? 'ok' : 'error', result.ok ? result.message : result.error);
  });
  callBack.hidden = !entry.canCallBack;

  return h(
    'tr',
    {
      className: `outcome-${entry.outcome}`,
      attrs: { 'data-id': entry.id, 'data-outcome': entry.outcome },
    },
    h('td', { className: 'time', text: formatTime(entry.time) }),
    h('td', { className: 'direction', text: t(`direction.${entry.direction}`) }),
    // The caller's name from the CRM lookup arrives after the call (a history event); it is the
    // CRM's text, so it goes in as text like everything else.
    entry.callerName
      ? h(
          'td',
          { className: 'number' },
          h('span', { className: 'number-text', text: entry.display }),
          h('span', { className: 'caller-name', text: entry.callerName }),
        )
      : h('td', { className: 'number', text: entry.display }),
    h(
      'td',
      { className: 'outcome' },
      h('span', { className: 'badge', text: t(`history.outcomes.${entry.outcome}`) }),
      h('span', { className: 'summary', text: entry.summary }),
      entry.ruleName
        ? h('span', { className: 'rule-name', text: t('history.rule', { rule: entry.ruleName }) })
        : null,
    ),
    h('td', { className: 'row-actions' }, reopen, callBack),
  );
}

/** The first page for the search box's text (`older` false), or the page after the rows shown. */
async function load(older: boolean): Promise<void> {
  const mine = ++sequence;
  const query = older ? shown.query : search.value.trim();
  const before = older ? shown.next : undefined;
  if (older && before === undefined) return;
  const result = await connector().listHistory({
    limit: PAGE_SIZE,
    ...(query ? { query } : {}),
    ...(before === undefined ? {} : { before }),
  });
  if (mine !== sequence) return;
  if (!result.ok) {
    showMessage(message, 'error', result.error);
    return;
  }
  const added = result.entries.map(renderRow);
  if (older) rows.append(...added);
  else rows.replaceChildren(...added);
  shown = { query, next: result.next };
  more.hidden = result.next === undefined;
  empty.hidden = rows.childElementCount > 0;
  empty.textContent = query ? t('history.noMatches', { query }) : t('history.empty');
  count.textContent = t('history.count', { shown: rows.childElementCount, total: result.total });
}

const refresh = (): Promise<void> => load(false);

async function exportCsv(): Promise<void> {
  const result = await connector().exportHistoryCsv();
  if (!result.ok) return showMessage(message, 'error', result.error);
  if ('cancelled' in result) return showMessage(message, 'none');
  showMessage(message, 'ok', t('history.exported', { count: result.count, file: result.fileName }));
}

async function main(): Promise<void> {
  await initI18n();
  const scheduleRefresh = debounce(() => void refresh(), SEARCH_DELAY_MS);
  search.addEventListener('input', () => scheduleRefresh());
  byId('history-export').addEventListener('click', () => void exportCsv());
  more.addEventListener('click', () => {
    more.disabled = true;
    void load(true).finally(() => {
      more.disabled = false;
    });
  });
  connector().onHistory(() => scheduleRefresh());
  await refresh();
  search.focus();
  document.body.dataset.ready = 'true';
}

void main().catch((error: unknown) => {
  showMessage(message, 'error', error instanceof Error ? error.message : String(error));
});
