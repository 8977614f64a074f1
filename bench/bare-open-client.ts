// The baseline for the end-to-end launch bench, run as its own process: the least a screen-pop
// client can do — log in over ws, parse the frame, build the same URL, and hand it to the `open`
// package (on Linux: its xdg-open shell script, which finds the desktop's https handler and starts
// it). Usage: node bare-open-client.js <wss url> <CA file> <crmId>; prints "ready" once logged in.
import { readFileSync } from 'node:fs';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import open from 'open';
import WebSocket from 'ws';

const [url, caFile, crmId] = process.argv.slice(2);
if (!url || !caFile || !crmId) throw new Error('usage: bare-open-client <url> <caFile> <crmId>');
const socket = new WebSocket(url, { ca: readFileSync(caFile), perMessageDeflate: false });
socket.on('open', () => socket.send(JSON.stringify({ type: 'authRequest', idCrm: crmId })));
socket.on('message', (data) => {
  let message: { type?: unknown; phoneNumber?: unknown };
  try {
    message = JSON.parse(String(data)) as typeof message;
  } catch {
    return;
  }
  if (message.type === 'authSuccess' || message.type === 'authSucces')
    process.stdout.write('ready\n');
  if (message.type !== 'incomingCall' || typeof message.phoneNumber !== 'string') return;
  const e164 = parsePhoneNumberFromString(message.phoneNumber, 'RO')?.number;
  if (!e164) return;
  void open(`https://crm.example.com/c?phone=${encodeURIComponent(e164)}`);
});
socket.on('close', () => process.exit(0));
