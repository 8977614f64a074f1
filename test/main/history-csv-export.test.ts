// CSV export against formula injection, end to end: hostile caller ids ring in from the
// Accolades stand-in, land in the real history, and the page's "Export" goes through the real
// IPC guard and handler to a file on disk. That file is then read the way a spreadsheet reads
// it, once with `,` and once with `;` as the separator (Excel with Romanian regional settings
// splits on `;`), and no cell may start a formula.
vi.mock('electron', () => import('../fakes/electron.js'));

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store.js';
import { CoreConnectorServices } from '../../electron/app/connector-services.js';
import { writeCsvFile } from '../../electron/main/ipc/handlers.js';
import { createTranslator } from '../../electron/shared/i18n/index.js';
import { invokeChannel } from '../../electron/shared/ipc-contract.js';
import {
  DEMO_AGENT_ID,
  startSimulator,
  type SimulatorHandle,
} from '../../electron/simulator/index.js';
import { electronFake, ipcMain } from '../fakes/electron.js';
import { PAGE, registerTestHandlers } from '../fakes/ipc-test-setup.js';
import { MemoryLogger } from '../fakes/memory-logger.js';
import { MemorySettingsStore } from '../fakes/memory-settings-store.js';

const HISTORY_PAGE = PAGE.history;

/** Caller ids that hide a formula behind a separator (or lead with one). */
const HOSTILE_CALLER_IDS = [
  '1;=1+1',
  '1,=1+1',
  '1; =2+2',
  '0712;+40712345678',
  "1;-2+3+cmd|' /C calc'!A0",
  "1;@SUM(1+1)*cmd|' /C calc'!A0",
  '1;"=HYPERLINK(""http://evil.example"")"',
  '1",=3+3',
  '=4+4',
  '1\t=5+5',
  '1\n=6+6',
];

/** Cells a spreadsheet would run: these first characters start a formula (OWASP's list). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Splits CSV text the way spreadsheet programs do, with the given separator: a field that opens
 * with `"` is quoted until a lone `"` (`""` is a quote); whatever follows a closing quote is
 * taken literally up to the next separator; a quote inside an unquoted field is just a
 * character; an unquoted line break ends the row.
 */
function parseLikeASpreadsheet(text: string, separator: ',' | ';'): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let atFieldStart = true;
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
    atFieldStart = true;
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
      continue;
    }
    if (atFieldStart && c === '"') {
      quoted = true;
      atFieldStart = false;
    } else if (c === separator) {
      endCell();
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else {
      cell += c;
      atFieldStart = false;
    }
  }
  if (cell !== '' || row.length > 0) endRow();
  return rows;
}

let sim: SimulatorHandle;
let dir: string;
let services: CoreConnectorServices | undefined;

beforeEach(async () => {
  electronFake.reset();
  sim = await startSimulator();
  dir = await mkdtemp(join(tmpdir(), 'csv-export-'));
  await writeFile(join(dir, 'ca.pem'), sim.caCert);
});

afterEach(async () => {
  await services?.stop();
  services = undefined;
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > 10_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('history CSV export through IPC, read back by a spreadsheet', () => {
  it('starts no cell with a formula, splitting on "," or ";", and keeps every caller id', async () => {
    const s = new CoreConnectorServices({
      userSettings: new MemorySettingsStore({
        accolades: { url: sim.wssUrl, crmId: DEMO_AGENT_ID, caFile: join(dir, 'ca.pem') },
        screenPop: { dedupeWindowSeconds: 0, burst: 100, refillSeconds: 0 },
      }),
      policyFile: undefined,
      secrets: new MemorySecretStore(),
      logger: new MemoryLogger(),
      dataDirectory: dir,
      urlOpener: { open: async () => {} },
    });
    services = s;
    const exportPath = join(dir, 'exported.csv');
    const translate = () => createTranslator('ro');
    registerTestHandlers(s, {
      translate,
      osLocale: () => 'ro-RO',
      chooseCsvPath: async () => exportPath,
      writeCsvFile,
    });

    await s.start();
    await until(async () => s.getConnectionState().phase === 'connected', 'connected');
    for (const callerId of HOSTILE_CALLER_IDS) {
      expect(sim.ringAgent(DEMO_AGENT_ID, 'incoming', callerId).delivered).toBe(true);
    }
    await until(
      async () => (await s.listHistory({})).total === HOSTILE_CALLER_IDS.length,
      'every call in the history',
    );

    expect(await ipcMain.invokeFrom(HISTORY_PAGE, invokeChannel('exportHistoryCsv'))).toEqual({
      ok: true,
      fileName: 'exported.csv',
      count: HOSTILE_CALLER_IDS.length,
    });
    const text = (await readFile(exportPath, 'utf8')).replace(/^\uFEFF/, '');

    for (const separator of [',', ';'] as const) {
      const rows = parseLikeASpreadsheet(text, separator);
      expect(rows.length).toBeGreaterThan(HOSTILE_CALLER_IDS.length);
      const formulas = rows
        .flat()
        .filter((cell) => FORMULA_START.test(cell) || FORMULA_START.test(cell.trimStart()));
      expect(formulas, `cells that start a formula with "${separator}"`).toEqual([]);
    }

    // Read with the separator it was written with, every cell was quoted and each caller id is
    // still there, only with an apostrophe before each would-be formula.
    const rows = parseLikeASpreadsheet(text, ',');
    const header = rows[0]!;
    expect(header).toContain('number');
    const numbers = rows.slice(1).map((row) => row[header.indexOf('number')]);
    const restored = numbers.map((cell) => cell?.replace(/^'/, '').replace(/([,;\t\r\n])'/g, '$1'));
    expect(restored.sort()).toEqual([...HOSTILE_CALLER_IDS].sort());
    expect(text.startsWith('"time","direction","number",')).toBe(true);
  });
});
