import { describe, expect, it } from 'vitest';
import {
  AUTH_RETRY_PACES,
  authRetryDelay,
} from '../../../electron/core/connection/auth-retry-pace.js';
import { Backoff, fullJitterDelay } from '../../../electron/core/connection/backoff.js';
import { STATUS_LINES } from '../../../electron/core/connection/status-lines.js';
import type { ConnectionPhase } from '../../../electron/core/connection-state.js';
import { scriptedRandom, seededRandom } from './seeded-random.js';

describe('full-jitter backoff', () => {
  it('delay = floor(random · min(30 s, 1 s · 2^n))', () => {
    const almostOne = () => 0.999999;
    expect([0, 1, 2, 3, 4, 5, 6, 50, 5000].map((n) => fullJitterDelay(n, almostOne))).toEqual([
      999, 1999, 3999, 7999, 15999, 29999, 29999, 29999, 29999,
    ]);
    expect(fullJitterDelay(3, () => 0)).toBe(0);
    expect(fullJitterDelay(3, () => 0.5)).toBe(4000);
    expect(fullJitterDelay(2, () => 0.5, { baseMs: 100, capMs: 250 })).toBe(125);
  });

  it('Backoff counts failures, is exact with a seeded random, and resets', () => {
    const a = new Backoff(seededRandom(42));
    const b = new Backoff(seededRandom(42));
    const delays = [a.next(), a.next(), a.next(), a.next(), a.next(), a.next(), a.next()];
    expect([b.next(), b.next(), b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual(delays);
    delays.forEach((d, n) => {
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(Math.min(30_000, 1000 * 2 ** n));
    });
    expect(a.attempt).toBe(7);
    a.reset();
    expect(a.attempt).toBe(0);
    expect(new Backoff(scriptedRandom(0.75)).next()).toBe(750);
  });

  it('spreads 200 clients across the window instead of a thundering herd', () => {
    const random = seededRandom(1);
    const delays = Array.from({ length: 200 }, () => fullJitterDelay(5, random));
    const buckets = new Array(10).fill(0) as number[];
    for (const d of delays) buckets[Math.floor(d / 3000)]! += 1;
    // Each 3 s slice of the 30 s window gets a share; none is empty, none has half the crowd.
    for (const count of buckets) {
      expect(count).toBeGreaterThan(5);
      expect(count).toBeLessThan(60);
    }
  });
});

describe('slow retry after authFailed', () => {
  const range = (reason: string, failures: number) => [
    authRetryDelay(reason, failures, () => 0),
    authRetryDelay(reason, failures, () => 0.999999),
  ];

  it('ID_NOT_FOUND: about 15 s first, growing to 60 s', () => {
    expect(range('ID_NOT_FOUND', 0)).toEqual([15_000, 18_749]);
    expect(range('ID_NOT_FOUND', 1)).toEqual([30_000, 37_499]);
    expect(range('ID_NOT_FOUND', 2)).toEqual([60_000, 74_999]);
    expect(range('ID_NOT_FOUND', 9)).toEqual([60_000, 74_999]);
  });

  it('IP_MISSMATCH and unknown reasons: never under 60 s', () => {
    for (const reason of ['IP_MISSMATCH', 'WHATEVER', '']) {
      for (let n = 0; n < 10; n++) expect(range(reason, n)[0]).toBeGreaterThanOrEqual(60_000);
    }
  });

  it('CONNECTION_EXISTS: at least 30 s, growing', () => {
    expect(range('CONNECTION_EXISTS', 0)[0]).toBe(30_000);
    expect(range('CONNECTION_EXISTS', 1)[0]).toBe(60_000);
    expect(range('CONNECTION_EXISTS', 2)[0]).toBe(120_000);
  });

  it('is jittered and never a tight loop, for any random value', () => {
    const random = seededRandom(9);
    const seen = new Set<number>();
    for (let i = 0; i < 50; i++) {
      const d = authRetryDelay('ID_NOT_FOUND', 0, random);
      expect(d).toBeGreaterThanOrEqual(15_000);
      seen.add(d);
    }
    expect(seen.size).toBeGreaterThan(40);
  });

  it('reasons named like Object.prototype members get the unknown pace', () => {
    expect(authRetryDelay('toString', 0, () => 0)).toBe(60_000);
    expect(Object.keys(AUTH_RETRY_PACES)).toEqual([
      'ID_NOT_FOUND',
      'IP_MISSMATCH',
      'CONNECTION_EXISTS',
    ]);
  });
});

describe('status lines', () => {
  it('one plain sentence per phase, including the three the brief fixes', () => {
    const phases: ConnectionPhase[] = [
      'connecting',
      'authenticating',
      'connected',
      'waiting-for-agent-login',
      'ip-mismatch',
      'slot-taken',
      'auth-rejected',
      'backing-off',
      'needs-configuration',
      'stopped',
    ];
    expect(Object.keys(STATUS_LINES).sort()).toEqual([...phases].sort());
    for (const phase of phases) expect(STATUS_LINES[phase]).toMatch(/^[A-Z].*[.…]$/);
    expect(STATUS_LINES['waiting-for-agent-login']).toBe(
      'Log in to the Accolades Agent page in your browser; the connector will retry by itself.',
    );
    expect(STATUS_LINES['ip-mismatch']).toContain('VPN or proxy');
    expect(STATUS_LINES['slot-taken']).toContain('Another connector already holds');
  });
});
