// What happens when a tel:/callto: link arrives (second instance, open-url, first launch) or
// the agent asks to call the clipboard: parse strictly, normalize through the core, ask for
// confirmation (unless the admin turned it off), dial, and tell the agent the result.
import type { Logger } from '../core/ports.js';
import type { DialRequestSource, DialRequestView, Result } from '../shared/ipc-contract.js';
import type { StringKey, Translate } from '../shared/i18n/index.js';
import type { DialRequestBroker } from './dial-requests.js';
import { parsePhoneLink, type LinkRejection } from './protocol-links.js';
import type { ConnectorServices } from './services.js';

/** Longest clipboard text we even look at. */
const MAX_CLIPBOARD_NUMBER = 64;

export interface PhoneLinkHandlerOptions {
  services: Pick<ConnectorServices, 'getConfig' | 'dial'>;
  broker: Pick<DialRequestBroker, 'open' | 'settle' | 'onSettled'>;
  /**
   * Shows the confirmation; resolves true for "Call", false for "Cancel"/closed. `signal` aborts
   * when the request is settled elsewhere (the confirm page answers through `confirmDial`).
   */
  confirm: (request: DialRequestView, signal: AbortSignal) => Promise<boolean>;
  /** Tells the agent how it went (a notification in the app). */
  notify: (title: string, body: string) => void;
  translate: () => Translate;
  log: Logger;
}

const REJECTION_KEYS: Readonly<Record<LinkRejection, StringKey>> = {
  empty: 'link.empty',
  'too-long': 'link.tooLong',
  scheme: 'link.scheme',
  characters: 'link.characters',
  parameters: 'link.parameters',
};

/**
 * `answered-elsewhere`: a page (the confirm window) settled the request and showed the result.
 * `dropped`: too many requests were already waiting for an answer.
 */
export type PhoneLinkOutcome =
  'rejected' | 'dialled' | 'declined' | 'failed' | 'answered-elsewhere' | 'dropped';

export class PhoneLinkHandler {
  constructor(private readonly options: PhoneLinkHandlerOptions) {}

  async handleLink(link: string): Promise<PhoneLinkOutcome> {
    const parsed = parsePhoneLink(link);
    const t = this.options.translate();
    if (!parsed.ok) {
      // Log the reason, not the link: it may be a crafted string meant for the log viewer.
      this.options.log.warn('refused a phone link', { reason: parsed.reason, length: link.length });
      this.options.notify(
        t('app.name'),
        t('dial.linkRejected', { reason: t(REJECTION_KEYS[parsed.reason]) }),
      );
      return 'rejected';
    }
    return this.dialNumber('tel-link', parsed.number);
  }

  async handleClipboard(
    text: string,
    source: Extract<DialRequestSource, 'clipboard' | 'shortcut'>,
  ): Promise<PhoneLinkOutcome> {
    const candidate = text.trim();
    if (candidate === '' || candidate.length > MAX_CLIPBOARD_NUMBER || !/[0-9]/.test(candidate)) {
      const t = this.options.translate();
      this.options.notify(t('app.name'), t('dial.clipboardEmpty'));
      return 'rejected';
    }
    return this.dialNumber(source, candidate);
  }

  private async dialNumber(source: DialRequestSource, number: string): Promise<PhoneLinkOutcome> {
    if (!this.options.services.getConfig().tel.confirmBeforeDial) {
      return this.report(await this.options.services.dial(number));
    }
    const opened = this.options.broker.open(source, number);
    if (!opened.ok && opened.code === 'busy') {
      // A log line, not a notification: a page firing links in a loop would make a flood of
      // them. The agent still sees the waiting ones in the confirm window.
      this.options.log.warn('dropped a phone link: too many calls wait for confirmation', {
        source,
      });
      return 'dropped';
    }
    if (!opened.ok) return this.report(opened);
    const { requestId } = opened.request;
    const abort = new AbortController();
    const stopWatching = this.options.broker.onSettled((id) => {
      if (id === requestId) abort.abort();
    });
    let accept: boolean;
    try {
      accept = await this.options.confirm(opened.request, abort.signal);
    } catch {
      accept = false;
    } finally {
      stopWatching();
    }
    // Answered elsewhere (the confirm page called confirmDial) or expired: that answer stands.
    if (abort.signal.aborted) return 'answered-elsewhere';
    const result = await this.options.broker.settle(requestId, accept);
    if (result.ok && 'cancelled' in result) return 'declined';
    return this.report(result);
  }

  private report(result: Result<{ message: string }> | Result): PhoneLinkOutcome {
    const t = this.options.translate();
    if (!result.ok) {
      this.options.notify(t('app.name'), result.error);
      return 'failed';
    }
    if ('message' in result && typeof result.message === 'string')
      this.options.notify(t('app.name'), result.message);
    return 'dialled';
  }
}
