// A deterministic Random for tests (mulberry32), plus a scripted one for exact delays.
import type { Random } from '../../../electron/core/ports.js';

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Returns the given values in turn, then repeats the last one. */
export function scriptedRandom(...values: number[]): Random {
  let index = 0;
  return () => values[Math.min(index++, values.length - 1)] ?? 0;
}
