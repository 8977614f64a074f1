// The baseline for the latency bench: the least a screen-pop client can do with ws — log in,
// parse the frame, build the same URL, call the same no-op opener. No rules, no history.
// "The same URL" is the rule's https://crm.example.com/contacts?phone={e164}: a caller id comes
// as dialled (0722…), so the E.164 form needs a real phone-number parse. The bare client does it
// with libphonenumber-js as well (its default, smaller metadata: E.164 is all it needs), or the
// comparison would set parsing the number against not parsing it at all.
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
