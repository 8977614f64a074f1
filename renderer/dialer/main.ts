// Dialer window: paste or type a number, see what will be dialled as you type, call once (the
// button ignores repeats), or send an SMS with length and diacritics warnings.
import { connector } from '../common/connector.js';
import { debounce, singleFlight } from '../common/debounce.js';
import { byId, h, showMessage } from '../common/dom.js';
import { initI18n, t } from '../common/i18n.js';

const NORMALIZE_DELAY_MS = 150;
const SMS_CHECK_DELAY_MS = 150;

const numberInput = byId<HTMLInputElement>('dial-number');
const normalized = byId('dial-normalized');
const numberError = byId('dial-error');
const dialResult = byId('dial-result');
const callButton = byId<HTMLButtonElement>('dial-call');
const smsText = byId<HTMLTextAreaElement>('sms-text');
const smsCount = byId('sms-count');
const smsWarnings = byId('sms-warnings');
const smsButton = byId<HTMLButtonElement>('sms-send');
const smsResult = byId('sms-result');

/** Only the newest normalize answer may paint: typing fast sends several. */
let normalizeSequence = 0;

function setNumberError(message: string): void {
  numberError.textContent = message;
  if (message) numberInput.setAttribute('aria-invalid', 'true');
  else numberInput.removeAttribute('aria-invalid');
}

async function showNormalized(): Promise<boolean> {
  const text = numberInput.value;
  const sequence = ++normalizeSequence;
  if (text.trim() === '') {
    normalized.replaceChildren();
    setNumberError('');
    return false;
  }
  const result = await connector().normalizeNumber({ text });
  if (sequence !== normalizeSequence) return result.ok;
  if (!result.ok) {
    normalized.replaceChildren();
    setNumberError(result.error);
    return false;
  }
  setNumberError('');
  normalized.replaceChildren(
    t('dialer.willDial'),
    ' ',
    h('strong', { attrs: { 'data-testid': 'dial-as' }, text: result.dialAs }),
    result.display && result.display !== result.dialAs ? ` (${result.display})` : '',
  );
  return true;
}

const scheduleNormalize = debounce(() => void showNormalized(), NORMALIZE_DELAY_MS);

async function dial(): Promise<void> {
  scheduleNormalize.cancel();
  showMessage(dialResult, 'none');
  if (!(await showNormalized())) {
    if (numberInput.value.trim() === '') setNumberError(t('dialer.numberRequired'));
    numberInput.focus();
    return;
  }
  showMessage(dialResult, 'info', t('dialer.calling'));
  const result = await connector().dial({ number: numberInput.value });
  if (result.ok) showMessage(dialResult, 'ok', result.message);
  else showMessage(dialResult, 'error', result.error);
}

async function checkSms(): Promise<void> {
  const result = await connector().checkSms({ text: smsText.value });
  if (!result.ok) {
    smsCount.textContent = '';
    smsWarnings.replaceChildren(h('li', { text: result.error }));
    return;
  }
  smsCount.textContent = t('dialer.smsCount', { length: result.length, segments: result.segments });
  smsWarnings.replaceChildren(...result.warnings.map((warning) => h('li', { text: warning })));
}

const scheduleSmsCheck = debounce(() => void checkSms(), SMS_CHECK_DELAY_MS);

async function sendSms(): Promise<void> {
  showMessage(smsResult, 'none');
  if (!(await showNormalized())) {
    if (numberInput.value.trim() === '') setNumberError(t('dialer.numberRequired'));
    numberInput.focus();
    return;
  }
  if (smsText.value.trim() === '') {
    showMessage(smsResult, 'error', t('dialer.smsEmpty'));
    smsText.focus();
    return;
  }
  const result = await connector().sendSms({ number: numberInput.value, text: smsText.value });
  if (result.ok) showMessage(smsResult, 'ok', result.message);
  else showMessage(smsResult, 'error', result.error);
}

async function main(): Promise<void> {
  await initI18n();
  numberInput.addEventListener('input', () => {
    showMessage(dialResult, 'none');
    scheduleNormalize();
  });
  smsText.addEventListener('input', () => scheduleSmsCheck());
  const guardedDial = singleFlight(callButton, dial);
  byId('dial-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void guardedDial();
  });
  const guardedSms = singleFlight(smsButton, sendSms);
  byId('sms-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void guardedSms();
  });
  // Opened with a number (e.g. "Call back" from elsewhere): ?number=… fills the field.
  const preset = new URLSearchParams(window.location.search).get('number');
  if (preset) {
    numberInput.value = preset.slice(0, 200);
    void showNormalized();
  }
  await checkSms();
  numberInput.focus();
  document.body.dataset.ready = 'true';
}

void main().catch((error: unknown) => {
  showMessage(dialResult, 'error', error instanceof Error ? error.message : String(error));
});
