// The Browser tab section's pairing controls: "Pair a browser" shows a 6-digit code with the
// bridge port and a countdown (the agent types both into the extension's options page), the list
// of paired browsers says which are connected, and Unpair forgets one (main cuts its connection).
// Self-contained: it finds its own elements inside #section-browser-tab and talks to main only
// through window.connector.
import type { BrowserTabView } from '../../electron/shared/ipc-contract.js';
import { connector } from '../common/connector.js';
import { h, showMessage } from '../common/dom.js';
import { t } from '../common/i18n.js';

const SECTION = 'section-browser-tab';
const REFRESH_MS = 3000;

export class BrowserTabSection {
  private readonly root: HTMLElement | null = document.getElementById(SECTION);
  private countdown: number | undefined;
  private refresher: number | undefined;

  constructor() {
    if (!this.root) return;
    this.el('browser-pair').addEventListener('click', () => void this.pair());
    this.el('browser-pair-cancel').addEventListener('click', () => void this.cancel());
    void this.refresh();
    // Connected / not connected changes without any action here.
    this.refresher = window.setInterval(() => void this.refresh(), REFRESH_MS);
  }

  async refresh(): Promise<void> {
    const result = await connector().getBrowserTab();
    if (result.ok) this.render(result.browserTab);
  }

  private el<T extends HTMLElement = HTMLElement>(id: string): T {
    const found = this.root?.querySelector<T>(`#${id}`);
    if (!found) throw new Error(`#${id} is missing from #${SECTION}`);
    return found;
  }

  private render(view: BrowserTabView): void {
    const button = this.el<HTMLButtonElement>('browser-pair');
    button.disabled = !view.bridgeEnabled || view.pairingLocked;
    const note = this.el('browser-pair-note');
    note.textContent = view.pairingLocked
      ? t('settings.browserTab.pairingLocked')
      : view.bridgeEnabled
        ? ''
        : t('settings.browserTab.bridgeOff');
    note.hidden = note.textContent === '';

    const list = this.el('browser-paired');
    list.replaceChildren(
      ...view.paired.map((entry) =>
        h(
          'li',
          { attrs: { 'data-origin': entry.origin } },
          h('span', { className: 'paired-name', text: entry.origin }),
          ' ',
          h('span', {
            className: entry.connected ? 'paired-state ok' : 'paired-state',
            text: entry.connected
              ? t('settings.browserTab.connected')
              : t('settings.browserTab.notConnected'),
          }),
          ' ',
          h('button', {
            text: t('settings.browserTab.unpair'),
            props: { type: 'button', disabled: view.pairingLocked },
            attrs: { 'data-unpair': entry.origin },
            on: { click: () => void this.unpair(entry.origin) },
          }),
        ),
      ),
    );
    this.el('browser-paired-none').hidden = view.paired.length > 0;
  }

  private async pair(): Promise<void> {
    const message = this.el('browser-pair-message');
    const result = await connector().startBrowserPairing();
    if (!result.ok) {
      showMessage(message, 'error', result.error);
      return;
    }
    showMessage(message, 'none');
    this.el('browser-pair-code').textContent = result.code;
    this.el('browser-pair-port').textContent = t('settings.browserTab.port', {
      port: String(result.port),
    });
    this.el('browser-pair-box').hidden = false;
    window.clearInterval(this.countdown);
    const tick = (): void => {
      const left = Math.max(0, Math.round((result.expiresAt - Date.now()) / 1000));
      this.el('browser-pair-expires').textContent = t('settings.browserTab.expiresIn', {
        seconds: String(left),
      });
      if (left === 0) this.hideCode();
    };
    tick();
    this.countdown = window.setInterval(tick, 1000);
  }

  private hideCode(): void {
    window.clearInterval(this.countdown);
    this.el('browser-pair-code').textContent = '';
    this.el('browser-pair-box').hidden = true;
  }

  private async cancel(): Promise<void> {
    this.hideCode();
    await connector().cancelBrowserPairing();
  }

  private async unpair(origin: string): Promise<void> {
    const result = await connector().unpairBrowser({ origin });
    if (!result.ok) {
      showMessage(this.el('browser-pair-message'), 'error', result.error);
      return;
    }
    this.render(result.browserTab);
  }

  dispose(): void {
    window.clearInterval(this.countdown);
    window.clearInterval(this.refresher);
  }
}
