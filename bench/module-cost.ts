// Where the CLI's memory goes, the cheap way: a fresh Node process imports one group of modules,
// forces GC three times and reports process.memoryUsage(). The difference to "node alone" is
// what loading that group costs (code, its source text kept by V8, what it builds at import).
// Three processes per group, the median kept. No connection, no calls: import cost only.
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { round } from './stats.js';

export interface ModuleCost {
  group: string;
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  arrayBuffersMb: number;
}

/** The repository root, from dist/bench/ where `npm run bench` runs this. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const built = (file: string): string => pathToFileURL(`${ROOT}dist/electron/${file}`).href;

const GROUPS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['node alone', []],
  ['ws (with tls, https)', ['ws']],
  ['libphonenumber-js/min', ['libphonenumber-js/min']],
  ['libphonenumber-js/max', ['libphonenumber-js/max']],
  ['zod', ['zod']],
  ['@peculiar/x509 (certificate minting)', ['@peculiar/x509']],
  ['https-proxy-agent', ['https-proxy-agent']],
  ['open', ['open']],
  ['the stand-in (simulator)', [built('simulator/index.js')]],
  ['config JSON-schema export', [built('core/config/json-schema.js')]],
  ['CLI entry (every command)', [built('cli/index.js')]],
  ['CLI entry + run command', [built('cli/index.js'), built('cli/run-command.js')]],
];

function measure(specifiers: readonly string[]): NodeJS.MemoryUsage {
  const code = `${specifiers.map((s) => `await import(${JSON.stringify(s)});`).join('')}
for (let i = 0; i < 3; i++) { gc(); await new Promise((r) => setTimeout(r, 100)); }
process.stdout.write(JSON.stringify(process.memoryUsage()));`;
  const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', code], {
    cwd: ROOT,
  });
  return JSON.parse(out.toString()) as NodeJS.MemoryUsage;
}

export function moduleCosts(runs = 3): ModuleCost[] {
  return GROUPS.map(([group, specifiers]) => {
    const samples = Array.from({ length: runs }, () => measure(specifiers));
    const median = (field: keyof NodeJS.MemoryUsage): number => {
      const sorted = samples.map((s) => s[field]).sort((a, b) => a - b);
      return round(sorted[Math.floor(sorted.length / 2)]! / 1024 / 1024, 1);
    };
    return {
      group,
      rssMb: median('rss'),
      heapUsedMb: median('heapUsed'),
      heapTotalMb: median('heapTotal'),
      externalMb: median('external'),
      arrayBuffersMb: median('arrayBuffers'),
    };
  });
}
