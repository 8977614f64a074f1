// `npm run lint:security`: Doyensec's Electronegativity over the app's own sources (the Electron
// main and preload code, the pages), then every finding it reports must be triaged in
// docs/electronegativity-triage.json (what it is, why it is safe). The run fails on a finding
// nobody triaged, and on a triage entry that no finding matches any more (so the file never
// vouches for code that changed). A finding is matched by check, file and `code`: the source
// line it points at (for a CSP finding, the policy itself), not the line number, so unrelated
// edits above it do not break the match but a change to the flagged code needs a new look.
//
// Electronegativity reads .js/.ts/.html only, so the sources are copied to a temp folder with
// .cts/.mts as .ts first (the preload is .cts). The lint never goes to the network, so it is
// fast and gives the same answer offline: the check that looks up Electron releases on the
// internet is left out (Electron updates are tracked with the other dependencies), and the
// tool's HTTP client, which it otherwise also uses to fetch translations (then retries for
// seconds before falling back to its built-in English), answers "offline" at once.
import Module, { createRequire } from 'node:module';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** `--triage=<file>` reads another triage file (the test of this script uses it). */
const triageArgument = process.argv.find((arg) => arg.startsWith('--triage='));
const triageFile = triageArgument
  ? resolve(triageArgument.slice('--triage='.length))
  : join(projectRoot, 'docs', 'electronegativity-triage.json');
/**
 * What is scanned: the desktop app, i.e. main, preload, shared and the core (it runs in the main
 * process), the pages, and the CLI and simulator that share the folder. The hosted connector is
 * a page on the Accolades site and never runs in Electron.
 */
const SCANNED = ['electron', 'renderer'];
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

const require = createRequire(import.meta.url);
const electronVersion = JSON.parse(
  readFileSync(require.resolve('electron/package.json'), 'utf8'),
).version;
const toolRequire = createRequire(require.resolve('@doyensec/electronegativity'));
const offlineHttp = () => Promise.reject(new Error('lint:security does not use the network'));
offlineHttp.head = offlineHttp;
const gotPath = toolRequire.resolve('got');
const offlineModule = new Module(gotPath);
offlineModule.filename = gotPath;
offlineModule.loaded = true;
offlineModule.exports = offlineHttp;
require.cache[gotPath] = offlineModule;
const electronegativity = require('@doyensec/electronegativity');
const run = electronegativity.default ?? electronegativity;

/** Copies the scanned folders, renaming .cts/.mts so the tool reads them. */
function copySources(target) {
  for (const folder of SCANNED) {
    cpSync(join(projectRoot, folder), join(target, folder), { recursive: true });
  }
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.[cm]ts$/.test(entry.name)) renameSync(path, path.replace(/\.[cm]ts$/, '.ts'));
    }
  };
  walk(target);
}

/** The original file (with its real extension) a copied file came from. */
function originalPath(copied) {
  if (!copied || copied === 'N/A') return 'N/A';
  const plain = copied.split(sep).join('/');
  const spellings = [plain, plain.replace(/\.ts$/, '.cts'), plain.replace(/\.ts$/, '.mts')];
  return spellings.find((candidate) => existsSync(join(projectRoot, candidate))) ?? plain;
}

function sourceLine(file, line) {
  if (file === 'N/A' || !line) return '';
  const lines = readFileSync(join(projectRoot, file), 'utf8').split(/\r?\n/);
  return (lines[line - 1] ?? '').trim();
}

const workDir = mkdtempSync(join(tmpdir(), 'electronegativity-'));
let result;
try {
  copySources(workDir);
  // The tool prints progress and a banner through console.log; keep the output to our report.
  const log = console.log;
  console.log = () => {};
  try {
    result = await run({
      input: workDir,
      isRelative: true,
      customScan: [],
      excludeFromScan: EXCLUDED_CHECKS.map((name) => name.toLowerCase()),
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    });
  } finally {
    console.log = log;
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

const findings = result.issues.map((issue) => {
  const file = originalPath(issue.file);
  return {
    check: issue.id,
    file,
    code: typeof issue.sample === 'string' ? issue.sample : sourceLine(file, issue.location?.line),
    line: issue.location?.line ?? 0,
    severity: issue.severity?.name ?? String(issue.severity),
    confidence: issue.confidence?.name ?? String(issue.confidence),
    description: issue.description,
  };
});

let triage;
try {
  triage = JSON.parse(readFileSync(triageFile, 'utf8'));
  if (!Array.isArray(triage.findings)) throw new Error('it has no "findings" list');
} catch (error) {
  console.error(`cannot read the triage file ${triageFile}: ${error.message}`);
  process.exit(1);
}
// An entry must say what the finding is and why it is safe, in words.
const unexplained = triage.findings.filter((entry) =>
  ['what', 'why'].some((key) => typeof entry[key] !== 'string' || entry[key].trim().length < 20),
);
const sameFinding = (entry, finding) =>
  entry.check === finding.check && entry.file === finding.file && entry.code === finding.code;

const untriaged = findings.filter(
  (finding) => !triage.findings.some((e) => sameFinding(e, finding)),
);
const stale = triage.findings.filter((entry) => !findings.some((f) => sameFinding(entry, f)));
const parseErrors = result.errors.filter((error) => !error.tolerable);

const where = (f) => (f.file === 'N/A' ? '(whole app)' : `${f.file}:${f.line}`);
console.log(
  `electronegativity (Electron ${electronVersion}): ${findings.length} finding(s), ` +
    `${findings.length - untriaged.length} triaged in ${relative(projectRoot, triageFile)}`,
);
for (const error of parseErrors) {
  console.error(`could not parse ${relative(workDir, error.file)}: ${error.message}`);
}
for (const finding of untriaged) {
  console.error(
    `NOT TRIAGED ${finding.check} at ${where(finding)} (${finding.severity}, ${finding.confidence}): ` +
      `${finding.description}\n    ${finding.code}\n` +
      `    add { "check": ${JSON.stringify(finding.check)}, "file": ${JSON.stringify(finding.file)}, ` +
      `"code": ${JSON.stringify(finding.code)}, "what": "…", "why": "…" } once you know why it is safe`,
  );
}
for (const entry of stale) {
  console.error(
    `STALE triage entry ${entry.check} in ${entry.file} (${JSON.stringify(entry.code)}): ` +
      'no finding matches it any more; remove it or update the code it quotes',
  );
}
for (const entry of unexplained) {
  console.error(
    `UNEXPLAINED triage entry ${entry.check} in ${entry.file}: ` +
      'say what the finding is ("what") and why it is safe ("why")',
  );
}
const failed = untriaged.length + stale.length + unexplained.length + parseErrors.length > 0;
if (failed) process.exit(1);
