// The fault matrix's tally: what each matrix file survived and tried, from real counters.
// Vitest runs test files in parallel workers, so each file writes its own JSON into
// test-output/matrix-tally/ and the global setup's teardown merges them into one summary line.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export const TALLY_DIR = join('test-output', 'matrix-tally');
export const MERGED_TALLY_FILE = join('test-output', 'matrix-tally.json');

export interface TallyFigures {
  faultsSurvived: number;
  badInputsTried: number;
  popsLost: number;
  shellLaunchesFromCallerData: number;
  urlsOutsideAllowlist: number;
}

export function emptyFigures(): TallyFigures {
  return {
    faultsSurvived: 0,
    badInputsTried: 0,
    popsLost: 0,
    shellLaunchesFromCallerData: 0,
    urlsOutsideAllowlist: 0,
  };
}

export class MatrixTally {
  readonly figures = emptyFigures();
  /** The named faults survived, so the JSON says which ones were counted. */
  readonly faults: string[] = [];

  /** `file` is the test file (import.meta.url or a path); its base name names the JSON. */
  constructor(private readonly file: string) {}

  faultSurvived(name: string): void {
    this.figures.faultsSurvived += 1;
    this.faults.push(name);
  }

  badInputs(count: number): void {
    this.figures.badInputsTried += count;
  }

  popsLost(count: number): void {
    this.figures.popsLost += count;
  }

  shellLaunchesFromCallerData(count: number): void {
    this.figures.shellLaunchesFromCallerData += count;
  }

  urlsOutsideAllowlist(count: number): void {
    this.figures.urlsOutsideAllowlist += count;
  }

  /** Writes this file's figures (call it in afterAll). */
  write(): void {
    mkdirSync(TALLY_DIR, { recursive: true });
    const name = basename(this.file)
      .replace(/\.test\.ts$/, '')
      .replace(/[^\w.-]/g, '_');
    writeFileSync(
      join(TALLY_DIR, `${name}.json`),
      `${JSON.stringify({ file: name, ...this.figures, faults: this.faults }, null, 2)}\n`,
    );
  }
}

/** Sums every per-file JSON in `dir`; undefined when no matrix file reported. */
export function mergeTallies(
  dir = TALLY_DIR,
): { total: TallyFigures; files: string[] } | undefined {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return undefined;
  }
  if (names.length === 0) return undefined;
  const total = emptyFigures();
  for (const name of names.sort()) {
    const parsed = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Partial<TallyFigures>;
    for (const key of Object.keys(total) as (keyof TallyFigures)[]) {
      const value = parsed[key];
      if (typeof value === 'number' && Number.isFinite(value)) total[key] += value;
    }
  }
  return { total, files: names.map((n) => n.replace(/\.json$/, '')) };
}

export function summaryLine(total: TallyFigures): string {
  return (
    `fault matrix: ${total.faultsSurvived} faults survived, ` +
    `${total.badInputsTried} bad inputs tried, ${total.popsLost} pops lost, ` +
    `${total.shellLaunchesFromCallerData} shell launches from caller data, ` +
    `${total.urlsOutsideAllowlist} URLs opened outside the allowlist`
  );
}
