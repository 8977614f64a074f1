// The production Clock: wall time from Date, monotonic time from performance.now().
import { performance } from 'node:perf_hooks';
import type { Clock, TimerHandle } from './ports.js';

export const systemClock: Clock = {
  nowMs: () => Date.now(),
  monotonicMs: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle: TimerHandle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
