// Zero-config pairing, the agent's side: each pairing request from the Accolades Agent page
// becomes ONE question ("Use the CRM ID from your Accolades Agent page?"). Never more than one
// box is open: requests that arrive meanwhile wait their turn. "Use it" saves through the
// services (saveSettings, so the admin policy's locks hold); anything else saves nothing.
// The message box is injected (Electron's dialog.showMessageBox in the app, the shared fake in
// tests), so this module has no Electron import of its own.
import type { MessageBoxOptions } from 'electron';
import type { Logger } from '../core/ports.js';
import type { Translate } from '../shared/i18n/index.js';
import type { ConnectorServices, PairingRequestView } from '../app/services.js';

export interface PairingConfirmationOptions {
  services: Pick<ConnectorServices, 'on' | 'confirmPairing' | 'rejectPairing'>;
  showMessageBox: (options: MessageBoxOptions) => Promise<{ response: number }>;
  translate: () => Translate;
  log: Logger;
}

const YES = 0;
const NO = 1;

/** The box for one request, in the UI language. */
export function pairingMessageBox(request: PairingRequestView, t: Translate): MessageBoxOptions {
  const server = request.serverUrl.replace(/^wss:\/\//, '');
  return {
    type: 'question',
    title: t('pairing.title'),
    message: request.changesServer
      ? t('pairing.questionWithServer', { server })
      : t('pairing.question'),
    detail: t('pairing.detail', { crmId: request.agentId, origin: request.origin }),
    buttons: [t('pairing.yes'), t('pairing.no')],
    // A box that pops up while the agent types must not turn a stray Enter into a yes.
    defaultId: NO,
    cancelId: NO,
    noLink: true,
  };
}

/** Starts answering pairing requests; returns the function that stops it. */
export function setupPairingConfirmation(options: PairingConfirmationOptions): () => void {
  const { services, log } = options;
  const waiting: PairingRequestView[] = [];
  let asking: string | undefined;
  let stopped = false;

  const ask = async (request: PairingRequestView): Promise<void> => {
    const t = options.translate();
    const { response } = await options.showMessageBox(pairingMessageBox(request, t));
    if (stopped) return;
    if (response !== YES) {
      services.rejectPairing(request.id);
      return;
    }
    const saved = await services.confirmPairing(request.id);
    if (saved.ok) {
      log.info('the agent accepted the CRM ID from the Agent page', { requestId: request.id });
      return;
    }
    log.warn('pairing accepted but not saved', { requestId: request.id, error: saved.error });
    // Still inside this turn, so the agent never sees two boxes at once.
    if (!stopped) {
      await options.showMessageBox({
        type: 'warning',
        title: t('pairing.title'),
        message: t('pairing.notSaved', { reason: saved.error }),
        buttons: ['OK'],
        noLink: true,
      });
    }
  };

  const next = (): void => {
    if (stopped || asking !== undefined) return;
    const request = waiting.shift();
    if (!request) return;
    asking = request.id;
    ask(request)
      .catch((error: unknown) =>
        log.error('the pairing question failed', { requestId: request.id, error: String(error) }),
      )
      .finally(() => {
        asking = undefined;
        next();
      });
  };

  const off = services.on('pairingRequest', (request) => {
    if (asking === request.id || waiting.some((r) => r.id === request.id)) return;
    waiting.push(request);
    next();
  });
  return () => {
    stopped = true;
    off();
    waiting.length = 0;
  };
}
