// Confirmation for tel:/callto: links (and the clipboard): show the number exactly as it will
// be dialled, then Call or Cancel. Only the request id goes back to the main process.
// Any web page can fire tel: links at any moment, so the window must not be answerable by
// accident: Cancel has the focus (an Enter meant for something else cancels), Call takes a
// click only after the number has been on screen, unchanged, for CALL_ARMING_DELAY_MS, and a
// request that arrives meanwhile waits its turn instead of replacing the number shown.
import type { DialRequestView } from '../../electron/shared/ipc-contract.js';
import { connector } from '../common/connector.js';
import { byId, showMessage } from '../common/dom.js';
import { initI18n, t } from '../common/i18n.js';

/** How long the number must have been visible and unchanged before "Call" can be pressed. */
const CALL_ARMING_DELAY_MS = 1000;

const callButton = byId<HTMLButtonElement>('confirm-call');
const cancelButton = byId<HTMLButtonElement>('confirm-cancel');
const result = byId('confirm-result');
let current: DialRequestView | undefined;
let armTimer: ReturnType<typeof setTimeout> | undefined;
let answering = false;
let refreshes = 0;

function disarm(): void {
  if (armTimer !== undefined) clearTimeout(armTimer);
  armTimer = undefined;
  callButton.disabled = true;
}

/** Starts the wait before Call works; it starts over whenever the page was hidden. */
function arm(): void {
  disarm();
  if (!current || answering || document.visibilityState !== 'visible') return;
  const shown = current.requestId;
  armTimer = setTimeout(() => {
    armTimer = undefined;
    if (current?.requestId === shown && !answering) callButton.disabled = false;
  }, CALL_ARMING_DELAY_MS);
}

/** Shows `request` (if it is not the one on screen already) and how many wait behind it. */
function show(request: DialRequestView | undefined, waiting: number): void {
  byId('confirm-waiting').textContent =
    waiting > 0 ? t('confirmDial.waiting', { count: waiting }) : '';
  if (request !== undefined && request.requestId === current?.requestId) return;
  current = request;
  byId('confirm-source').textContent = request ? t(`confirmDial.source.${request.source}`) : '';
  byId('confirm-number').textContent = request ? request.display : t('confirmDial.none');
  byId('confirm-detail').textContent = request
    ? t('dial.confirmDetail', { dialAs: request.dialAs })
    : '';
  cancelButton.disabled = !request;
  arm();
  if (request) cancelButton.focus();
}

/**
 * Asks which requests wait. The one on screen stays until it is answered; otherwise the oldest
 * is shown. A newer refresh wins over an older one that answers late.
 */
async function refresh(): Promise<void> {
  const mine = ++refreshes;
  const listed = await connector().listDialRequests();
  if (mine !== refreshes) return;
  if (!listed.ok) {
    showMessage(result, 'error', listed.error);
    return;
  }
  const shown = listed.requests.find((request) => request.requestId === current?.requestId);
  const next = shown ?? listed.requests[0];
  show(next, listed.requests.length - (next ? 1 : 0));
}

async function answer(accept: boolean): Promise<void> {
  // Call works only once armed: a click (or a key) that comes too early does nothing.
  if (!current || answering || (accept && callButton.disabled)) return;
  answering = true;
  disarm();
  cancelButton.disabled = true;
  showMessage(result, 'none');
  const requestId = current.requestId;
  try {
    const response = await connector().confirmDial({ requestId, accept });
    // The result stays on screen while the next waiting request (if any) is shown.
    if (!response.ok) showMessage(result, 'error', response.error);
    else if ('cancelled' in response) showMessage(result, 'info', t('confirmDial.cancelled'));
    else showMessage(result, 'ok', response.message);
  } finally {
    answering = false;
    current = undefined;
    await refresh();
  }
}

async function main(): Promise<void> {
  await initI18n();
  await refresh();
  connector().onDialRequest(() => void refresh());
  callButton.addEventListener('click', () => void answer(true));
  cancelButton.addEventListener('click', () => void answer(false));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') void answer(false);
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') arm();
    else disarm();
  });
  document.body.dataset.ready = 'true';
}

void main().catch((error: unknown) => {
  showMessage(result, 'error', error instanceof Error ? error.message : String(error));
});
