// npm run build:hosted-connector [-- --port 14331] [--out dist/hosted-connector]
// Writes index.html (upload it as is) and accolades-hosted-connector.zip (the same file, for
// admins who prefer a ZIP) with the tray app's pairing port baked in.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { storeZip } from './store-zip.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: { port: { type: 'string', default: '14331' }, out: { type: 'string' } },
});
const port = Number(values.port);
if (!/^\d{1,5}$/.test(values.port) || port < 1024 || port > 65535) {
  console.error(`--port must be the tray app's pairing.port (1024-65535), not "${values.port}".`);
  process.exit(2);
}
const source = await readFile(join(root, 'hosted-connector', 'index.html'), 'utf8');
const marker = /var TRAY_PORT = \d+;/g;
if ((source.match(marker) ?? []).length !== 1) {
  console.error('hosted-connector/index.html must contain exactly one "var TRAY_PORT = <n>;".');
  process.exit(1);
}
const html = Buffer.from(source.replace(marker, `var TRAY_PORT = ${port};`), 'utf8');
const out = resolve(values.out ?? join(root, 'dist', 'hosted-connector'));
await mkdir(out, { recursive: true });
await writeFile(join(out, 'index.html'), html);
await writeFile(
  join(out, 'accolades-hosted-connector.zip'),
  storeZip([{ name: 'index.html', data: html }]),
);
console.log(`hosted connector for pairing port ${port} written to ${out}`);
