// Vitest global setup: clears the per-file tallies before the run, and afterwards merges them
// and prints the fault matrix's one summary line (only when some matrix file ran).
import { rmSync, writeFileSync } from 'node:fs';
import { MERGED_TALLY_FILE, TALLY_DIR, mergeTallies, summaryLine } from './tally.js';

export function setup(): void {
  rmSync(TALLY_DIR, { recursive: true, force: true });
}

export function teardown(): void {
  const merged = mergeTallies();
  if (!merged) return;
  writeFileSync(MERGED_TALLY_FILE, `${JSON.stringify(merged, null, 2)}\n`);
  process.stdout.write(`\n${summaryLine(merged.total)}\n`);
}
