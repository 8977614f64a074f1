// Resident memory of another process from /proc/<pid>/status, split the way the kernel counts
// it: anonymous pages (the JS heap, malloc, stacks: what the program itself allocated) and
// file-backed pages (the node binary and shared libraries mapped in, the same for every Node
// process). Linux only; undefined elsewhere.
import { readFileSync } from 'node:fs';

export interface ProcMemory {
  rssMb: number;
  anonMb: number;
  fileMb: number;
}

export function procMemory(pid: number): ProcMemory | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (field: string): number | undefined => {
    const value = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1];
    return value === undefined ? undefined : Number(value);
  };
  const rss = kb('VmRSS');
  if (rss === undefined) return undefined;
  const mb = (k: number | undefined): number => Math.round(((k ?? 0) / 1024) * 10) / 10;
  return { rssMb: mb(rss), anonMb: mb(kb('RssAnon')), fileMb: mb(kb('RssFile')) };
}
