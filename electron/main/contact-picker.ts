// Several CRM contacts matched a call: the picker window comes up (on top, without taking the
// keyboard) listing them; the agent's pick travels back as an index through the IPC guard
// (listContactChoices / openContactChoice) and main opens the stored link after checking it
// against the current settings. Nothing comes up while pops are paused, like a pop.
import type { ConnectorServices } from '../app/services.js';
import type { Logger } from '../core/ports.js';

export interface ContactPickerOptions {
  services: Pick<ConnectorServices, 'on' | 'isPaused'>;
  /** Opens the picker window for this call (WindowManager.open('pick-contact', …)). */
  openPicker: (callId: string) => void;
  log: Logger;
}

export function setupContactPicker(options: ContactPickerOptions): () => void {
  return options.services.on('call', (entry) => {
    if (entry.pickContact !== true || options.services.isPaused()) return;
    options.log.info('several contacts matched; showing the picker', {
      callId: entry.id,
      contacts: entry.contacts?.length ?? 0,
    });
    options.openPicker(entry.id);
  });
}
