// tel:/callto: links and the clipboard: parsed strictly, normalized by the core, confirmed
// (unless the admin turned that off), then dialled; refusals and results reach the agent.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DialRequestBroker,
  DIAL_REQUEST_TTL_MS,
  MAX_WAITING_DIAL_REQUESTS,
} from '../../electron/app/dial-requests.js';
import { PhoneLinkHandler } from '../../electron/app/phone-link-handler.js';
import { createTranslator } from '../../electron/shared/i18n/index.js';
import type { DialRequestView } from '../../electron/shared/ipc-contract.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { FakeConnectorServices } from '../fakes/fake-connector-services.js';
import { MemoryLogger } from '../fakes/memory-logger.js';

let services: FakeConnectorServices;
let clock: FakeClock;
let broker: DialRequestBroker;
let notices: Array<[string, string]>;
let asked: DialRequestView[];
let answer: (request: DialRequestView, signal: AbortSignal) => Promise<boolean>;
let handler: PhoneLinkHandler;
let log: MemoryLogger;

beforeEach(() => {
  services = new FakeConnectorServices();
  clock = new FakeClock();
  let n = 0;
  broker = new DialRequestBroker({ services, clock, newId: () => `req-${++n}` });
  notices = [];
  asked = [];
  answer = async () => true;
  log = new MemoryLogger();
  handler = new PhoneLinkHandler({
    services,
    broker,
    translate: () => createTranslator('en'),
    log,
    notify: (title, body) => notices.push([title, body]),
    confirm: (request, signal) => {
      asked.push(request);
      return answer(request, signal);
    },
  });
});

describe('PhoneLinkHandler', () => {
  it('shows the normalized number for confirmation, then dials it', async () => {
    expect(await handler.handleLink('tel:+40 712-345-678')).toBe('dialled');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({
      source: 'tel-link',
      dialAs: '0712345678',
      number: { e164: '+40712345678' },
    });
    expect(services.dialled).toEqual(['0712345678']);
    expect(notices.at(-1)?.[1]).toContain('Calling 0712345678');
    expect(broker.list()).toEqual([]);
  });

  it('dials nothing when the agent cancels', async () => {
    answer = async () => false;
    expect(await handler.handleLink('callto://0712345678')).toBe('declined');
    expect(services.dialled).toEqual([]);
  });

  it('dials without asking when the admin turned confirmation off', async () => {
    services.config = { ...services.config, tel: { confirmBeforeDial: false } };
    expect(await handler.handleLink('tel:0712345678')).toBe('dialled');
    expect(asked).toEqual([]);
    expect(services.dialled).toEqual(['0712345678']);
  });

  it.each(['tel:0712;--inspect', 'tel:%0a0712345678', 'tel:javascript:alert(1)', 'sip:0712'])(
    'refuses %s with a message and never asks or dials',
    async (link) => {
      expect(await handler.handleLink(link)).toBe('rejected');
      expect(asked).toEqual([]);
      expect(services.dialled).toEqual([]);
      expect(notices[0]?.[1]).toMatch(/^This link is not a phone number we can call: /);
    },
  );

  it('reports a number the core cannot use', async () => {
    expect(await handler.handleLink('tel:123456789012345678')).toBe('failed');
    expect(asked).toEqual([]);
    expect(notices).toHaveLength(1);
  });

  it('lets the confirm page answer instead (confirmDial), and the box then stands down', async () => {
    answer = (request, signal) =>
      new Promise<boolean>((resolve) => {
        signal.addEventListener('abort', () => resolve(true));
        void broker.settle(request.requestId, true); // the page said yes
      });
    expect(await handler.handleLink('tel:0712345678')).toBe('answered-elsewhere');
    expect(services.dialled).toEqual(['0712345678']); // dialled once, by the page's answer
  });

  it('dials the clipboard number after confirmation, and refuses clipboard junk', async () => {
    expect(await handler.handleClipboard('  (0712) 345 678\n', 'clipboard')).toBe('dialled');
    expect(asked[0]?.source).toBe('clipboard');
    expect(await handler.handleClipboard('hello world', 'shortcut')).toBe('rejected');
    expect(await handler.handleClipboard('1'.repeat(100), 'shortcut')).toBe('rejected');
    expect(services.dialled).toEqual(['0712345678']);
  });
});

describe('PhoneLinkHandler while a confirmation is open', () => {
  it('queues further links behind the shown one and drops those beyond the cap, with a log line', async () => {
    const answers = new Map<string, (accept: boolean) => void>();
    answer = (request) =>
      new Promise<boolean>((resolve) => answers.set(request.requestId, resolve));
    const numbers = Array.from(
      { length: MAX_WAITING_DIAL_REQUESTS + 2 },
      (_, i) => `07123456${10 + i}`,
    );
    const outcomes = numbers.map((number) => handler.handleLink(`tel:${number}`));
    // The extra ones are turned away at once; the first ones wait, oldest first.
    expect(await Promise.all(outcomes.slice(MAX_WAITING_DIAL_REQUESTS))).toEqual([
      'dropped',
      'dropped',
    ]);
    expect(broker.list().map((r) => r.dialAs)).toEqual(numbers.slice(0, MAX_WAITING_DIAL_REQUESTS));
    const drops = log.entries.filter((e) => e.message.includes('dropped a phone link'));
    expect(drops).toHaveLength(2);
    expect(log.text()).not.toContain(numbers.at(-1)); // the log says why, not which number
    // A flood of links must not become a flood of notifications.
    expect(notices).toEqual([]);

    // Each is answered in turn: yes to the first, no to the rest.
    answers.get(broker.list()[0]!.requestId)!(true);
    expect(await outcomes[0]).toBe('dialled');
    for (const request of broker.list()) answers.get(request.requestId)!(false);
    expect(await Promise.all(outcomes.slice(1, MAX_WAITING_DIAL_REQUESTS))).toEqual(
      Array(MAX_WAITING_DIAL_REQUESTS - 1).fill('declined'),
    );
    expect(services.dialled).toEqual([numbers[0]]);
    // With the queue empty again, a new link is asked about.
    answer = async () => false;
    expect(await handler.handleLink('tel:0712345678')).toBe('declined');
  });
});

describe('DialRequestBroker', () => {
  it('keeps waiting requests oldest first and refuses more than the cap', async () => {
    const ids = [];
    for (let i = 0; i < MAX_WAITING_DIAL_REQUESTS; i++) {
      const opened = broker.open('tel-link', `07123456${10 + i}`);
      if (!opened.ok) throw new Error(opened.error);
      ids.push(opened.request.requestId);
    }
    expect(broker.list().map((r) => r.requestId)).toEqual(ids);
    const refused = broker.open('tel-link', '0799999999');
    expect(refused).toMatchObject({ ok: false, code: 'busy' });
    expect(broker.list().map((r) => r.requestId)).toEqual(ids);
    await broker.settle(ids[0]!, false);
    expect(broker.open('tel-link', '0799999999').ok).toBe(true);
    expect(broker.list()).toHaveLength(MAX_WAITING_DIAL_REQUESTS);
    expect(broker.list()[0]?.requestId).toBe(ids[1]);
  });

  it('counts only the first answer', async () => {
    const opened = broker.open('tel-link', '0712345678');
    if (!opened.ok) throw new Error('expected a request');
    const id = opened.request.requestId;
    expect(await broker.settle(id, true)).toMatchObject({ ok: true, dialed: '0712345678' });
    expect(await broker.settle(id, true)).toMatchObject({ ok: false, code: 'not-found' });
    expect(services.dialled).toEqual(['0712345678']);
  });

  it('forgets requests that waited too long', async () => {
    const settled = vi.fn();
    broker.onSettled(settled);
    const opened = broker.open('tel-link', '0712345678');
    if (!opened.ok) throw new Error('expected a request');
    clock.advance(DIAL_REQUEST_TTL_MS + 1);
    expect(broker.list()).toEqual([]);
    expect(settled).toHaveBeenCalledWith(opened.request.requestId);
    expect(await broker.settle(opened.request.requestId, true)).toMatchObject({ ok: false });
    expect(services.dialled).toEqual([]);
  });
});
