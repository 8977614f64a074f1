// npm run build:hosted-connector [-- --port 14331] [--agent-origin https://client.voipit.ro …]
//   [--out dist/hosted-connector]
// Writes index.html (upload it as is) and accolades-hosted-connector.zip (the same file, for
// admins who prefer a ZIP) with the tray app's pairing port and the Agent page origins that may
// frame it baked in. --agent-origin may be given more than once; without it the page works only
// inside https://client.voipit.ro.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { storeZip } from './store-zip.mjs';

const DEFAULT_AGENT_ORIGIN = 'https://client.voipit.ro';
// The same shape as an Origin in the settings (originSchema): scheme://host[:port], nothing else.
const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$|^https?:\/\/\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '14331' },
    'agent-origin': { type: 'string', multiple: true },
    out: { type: 'string' },
  },
});
const port = Number(values.port);
if (!/^\d{1,5}$/.test(values.port) || port < 1024 || port > 65535) {
  console.error(`--port must be the tray app's pairing.port (1024-65535), not "${values.port}".`);
  process.exit(2);
}
const agentOrigins = values['agent-origin'] ?? [DEFAULT_AGENT_ORIGIN];
for (const origin of agentOrigins) {
  if (!ORIGIN.test(origin)) {
    console.error(
      `--agent-origin must be the Agent page's origin such as ${DEFAULT_AGENT_ORIGIN} (no path, no trailing slash), not "${origin}".`,
    );
    process.exit(2);
  }
}
const source = await readFile(join(root, 'hosted-connector', 'index.html'), 'utf8');
const markers = {
  port: { pattern: /var TRAY_PORT = \d+;/g, text: `var TRAY_PORT = ${port};` },
  origins: {
    pattern: /var AGENT_ORIGINS = \[[^\]\n]*\];/g,
    text: `var AGENT_ORIGINS = ${JSON.stringify(agentOrigins)};`,
  },
};
let html = source;
for (const [name, marker] of Object.entries(markers)) {
  if ((source.match(marker.pattern) ?? []).length !== 1) {
    console.error(
      `hosted-connector/index.html must contain exactly one "${marker.text.replace(/=.*/, '= …;')}" (${name}).`,
    );
    process.exit(1);
  }
  html = html.replace(marker.pattern, marker.text);
}
const bytes = Buffer.from(html, 'utf8');
const out = resolve(values.out ?? join(root, 'dist', 'hosted-connector'));
await mkdir(out, { recursive: true });
await writeFile(join(out, 'index.html'), bytes);
await writeFile(
  join(out, 'accolades-hosted-connector.zip'),
  storeZip([{ name: 'index.html', data: bytes }]),
);
console.log(
  `hosted connector for pairing port ${port}, framed by ${agentOrigins.join(', ')}, written to ${out}`,
);
