// The pairing question in the main process, with the shared electron fake's message box: one
// box at a time (later requests wait their turn), "Not now" rejects, "Use it" confirms, a save
// refused by the admin policy is explained in a second box (still one at a time), EN and RO.
vi.mock('electron', () => import('../fakes/electron.js'));

import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  pairingMessageBox,
  setupPairingConfirmation,
} from '../../electron/main/pairing-confirmation.js';
import type { PairingRequestView } from '../../electron/app/services.js';
import { createTranslator } from '../../electron/shared/i18n/index.js';
import { dialog, electronFake } from '../fakes/electron.js';
import { FakeConnectorServices } from '../fakes/fake-connector-services.js';
import { MemoryLogger } from '../fakes/memory-logger.js';

let services: FakeConnectorServices;
let log: MemoryLogger;
let stop: () => void;

function request(n: number, overrides: Partial<PairingRequestView> = {}): PairingRequestView {
  return {
    id: `pair-${n}`,
    agentId: `agent-${n}`,
    serverUrl: 'wss://client.voipit.ro:14327',
    changesServer: false,
    origin: 'https://client.voipit.ro',
    ...overrides,
  };
}

/** Lets queued promise callbacks run (the fake box answers through promises). */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

beforeEach(() => {
  electronFake.reset();
  dialog.holdMessageBoxes = true;
  services = new FakeConnectorServices();
  log = new MemoryLogger();
  stop = setupPairingConfirmation({
    services,
    showMessageBox: (options) => dialog.showMessageBox(options),
    translate: () => createTranslator('en'),
    log,
  });
  return () => stop();
});

describe('pairing confirmation', () => {
  it('shows one box at a time; No rejects, Yes confirms, in arrival order', async () => {
    services.receivePairingRequest(request(1));
    services.receivePairingRequest(request(2));
    services.receivePairingRequest(request(2)); // the same request again: not asked twice
    expect(dialog.messageBoxes).toHaveLength(1);
    expect(dialog.messageBoxes[0]).toMatchObject({
      type: 'question',
      message: 'Use the CRM ID from your Accolades Agent page?',
      detail: 'CRM ID: agent-1. Sent by https://client.voipit.ro.',
      buttons: ['Use it', 'Not now'],
      // "Not now" is the default: a stray Enter never pairs.
      defaultId: 1,
      cancelId: 1,
    });

    dialog.answerMessageBox(1);
    await settle();
    expect(services.pairingAnswers).toEqual([{ id: 'pair-1', accepted: false }]);
    expect(dialog.messageBoxes).toHaveLength(2);
    expect(dialog.messageBoxes[1]).toMatchObject({ detail: expect.stringContaining('agent-2') });

    dialog.answerMessageBox(0);
    await settle();
    expect(services.pairingAnswers).toEqual([
      { id: 'pair-1', accepted: false },
      { id: 'pair-2', accepted: true },
    ]);
    expect(dialog.messageBoxes).toHaveLength(2);
    expect(dialog.heldMessageBoxes).toHaveLength(0);
  });

  it('names the server when saying yes would switch it', () => {
    const box = pairingMessageBox(
      request(3, { changesServer: true, serverUrl: 'wss://pbx.example.com:14327' }),
      createTranslator('en'),
    );
    expect(box.message).toBe(
      'Use the CRM ID from your Accolades Agent page, and its server pbx.example.com:14327?',
    );
    const ro = pairingMessageBox(request(3), createTranslator('ro'));
    expect(ro.message).toBe('Folosiți ID-ul CRM din pagina Accolades Agent?');
    expect(ro.buttons).toEqual(['Folosește-l', 'Nu acum']);
  });

  it('explains a yes the admin policy refused, before the next question', async () => {
    services.confirmPairingResult = {
      ok: false,
      code: 'locked',
      error: 'The CRM ID is locked by your administrator.',
    };
    services.receivePairingRequest(request(1));
    services.receivePairingRequest(request(2));
    dialog.answerMessageBox(0);
    await settle();
    expect(dialog.messageBoxes).toHaveLength(2);
    expect(dialog.messageBoxes[1]).toMatchObject({
      type: 'warning',
      message: 'The CRM ID was not changed: The CRM ID is locked by your administrator.',
    });
    expect(log.text()).toContain('pairing accepted but not saved');
    dialog.answerMessageBox(0); // OK on the explanation: only now the next question
    await settle();
    expect(dialog.messageBoxes).toHaveLength(3);
    expect(dialog.messageBoxes[2]).toMatchObject({ detail: expect.stringContaining('agent-2') });
  });

  it('asks nothing more after it is stopped', async () => {
    services.receivePairingRequest(request(1));
    services.receivePairingRequest(request(2));
    stop();
    dialog.answerMessageBox(0);
    await settle();
    expect(services.pairingAnswers).toEqual([]);
    expect(dialog.messageBoxes).toHaveLength(1);
    services.receivePairingRequest(request(3));
    expect(dialog.messageBoxes).toHaveLength(1);
  });
});
