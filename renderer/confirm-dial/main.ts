// Confirmation for tel:/callto: links (and the clipboard): show the number exactly as it will
// be dialled, then Call or Cancel. Only the request id goes back to the main process.
import type { DialRequestView } from '../../electron/shared/ipc-contract.js';
import { connector } from '../common/connector.js';
import { singleFlight } from '../common/debounce.js';
import { byId, showMessage } from '../common/dom.js';
import { initI18n, t } from '../common/i18n.js';

const callButton = byId<HTMLButtonElement>('confirm-call');
const cancelButton = byId<HTMLButtonElement>('confirm-cancel');
const result = byId('confirm-result');
let current: DialRequestView | undefined;

function show(request: DialRequestView | undefined): void {
  current = request;
  byId('confirm-source').textContent = request ? t(`confirmDial.source.${request.source}`) : '';
  byId('confirm-number').textContent = request ? request.display : t('confirmDial.none');
  byId('confirm-detail').textContent = request
    ? t('dial.confirmDetail', { dialAs: request.dialAs })
    : '';
  callButton.disabled = !request;
  cancelButton.disabled = !request;
  showMessage(result, 'none');
  if (request) callButton.focus();
}

async function answer(accept: boolean): Promise<void> {
  if (!current) return;
  const requestId = current.requestId;
  const response = await connector().confirmDial({ requestId, accept });
  if (!response.ok) {
    showMessage(result, 'error', response.error);
    return;
  }
  callButton.disabled = true;
  cancelButton.disabled = true;
  current = undefined;
  if ('cancelled' in response) showMessage(result, 'info', t('confirmDial.cancelled'));
  else showMessage(result, 'ok', response.message);
}

async function main(): Promise<void> {
  await initI18n();
  const wanted = new URLSearchParams(window.location.search).get('request');
  const listed = await connector().listDialRequests();
  if (listed.ok) {
    show(listed.requests.find((request) => request.requestId === wanted) ?? listed.requests.at(-1));
  } else {
    show(undefined);
    showMessage(result, 'error', listed.error);
  }
  connector().onDialRequest((request) => show(request));
  callButton.addEventListener(
    'click',
    singleFlight(callButton, () => answer(true)),
  );
  cancelButton.addEventListener('click', () => void answer(false));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') void answer(false);
  });
  document.body.dataset.ready = 'true';
}

void main().catch((error: unknown) => {
  showMessage(result, 'error', error instanceof Error ? error.message : String(error));
});
