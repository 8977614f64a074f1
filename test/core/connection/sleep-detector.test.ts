import { describe, expect, it } from 'vitest';
import { SleepDetector } from '../../../electron/core/connection/sleep-detector.js';
import { FakeClock } from '../../fakes/fake-clock.js';

const timing = { tickIntervalMs: 5_000, lateTickThresholdMs: 15_000 };

function detector(): { clock: FakeClock; late: number[]; sleepDetector: SleepDetector } {
  const clock = new FakeClock();
  const late: number[] = [];
  const sleepDetector = new SleepDetector(clock, timing, (ms) => late.push(ms));
  sleepDetector.start();
  return { clock, late, sleepDetector };
}

describe('SleepDetector', () => {
  it('stays quiet while ticks arrive on time', () => {
    const { clock, late } = detector();
    clock.advance(10 * 60_000);
    expect(late).toEqual([]);
  });

  it('reports a tick that fires more than 15 s late (the machine slept)', () => {
    const { clock, late } = detector();
    clock.advance(1_000);
    clock.sleep(15_000 + 4_000); // due at 5 s, fires at 20 s: 15 s late, not yet "far too late"
    expect(late).toEqual([]);
    clock.advance(5_000);
    clock.sleep(60_000);
    expect(late).toEqual([55_000]);
  });

  it('also notices a wall clock that jumped while the monotonic one did not', () => {
    const { clock, late } = detector();
    clock.setWallClock(clock.nowMs() + 3_600_000);
    clock.advance(5_000);
    expect(late).toEqual([3_600_000]);
  });

  it('stop() leaves no timer behind', () => {
    const { clock, sleepDetector } = detector();
    sleepDetector.stop();
    expect(clock.pendingTimers()).toBe(0);
  });
});
