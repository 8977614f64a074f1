// The baseline for the latency bench: the least a screen-pop client can do with ws — log in,
// parse the frame, build the same URL, call the same no-op opener. No rules, no history.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import WebSocket from 'ws';
import type { UrlOpener } from '../electron/core/ports.js';

export function startBareClient(url: string, caPem: string, opener: UrlOpener): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { ca: caPem, perMessageDeflate: false, maxPayload: 65_536 });
    socket.once('error', reject);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'authRequest', idCrm: 'bare' })));
    socket.on('message', (data) => {
      let message: { type?: unknown; phoneNumber?: unknown };
      try {
        message = JSON.parse(String(data)) as typeof message;
      } catch {
        return;
      }
      if (message.type === 'authSuccess') resolve(socket);
      if (message.type !== 'incomingCall' || typeof message.phoneNumber !== 'string') return;
      const e164 = parsePhoneNumberFromString(message.phoneNumber, 'RO')?.number;
      if (!e164) return;
      void opener.open(`https://crm.example.com/contacts?phone=${encodeURIComponent(e164)}`);
    });
  });
}
