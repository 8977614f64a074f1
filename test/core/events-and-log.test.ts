import { describe, expect, it } from 'vitest';
import { EventBus } from '../../electron/core/events.js';
import { createLogger, redact, type LogEntry } from '../../electron/core/log.js';

describe('EventBus', () => {
  it('delivers to every listener and stops after unsubscribe', () => {
    const bus = new EventBus<{ call: number }>();
    const seen: number[] = [];
    const off = bus.on('call', (n) => seen.push(n));
    bus.on('call', (n) => seen.push(n * 10));
    bus.emit('call', 1);
    off();
    bus.emit('call', 2);
    expect(seen).toEqual([1, 10, 20]);
    expect(bus.listenerCount('call')).toBe(1);
  });

  it('isolates a throwing listener', () => {
    const errors: string[] = [];
    const bus = new EventBus<{ call: number }>((event) => errors.push(event));
    const seen: number[] = [];
    bus.on('call', () => {
      throw new Error('boom');
    });
    bus.on('call', (n) => seen.push(n));
    bus.emit('call', 7);
    expect(seen).toEqual([7]);
    expect(errors).toEqual(['call']);
  });
});

describe('logger', () => {
  it('redacts secret-looking fields at any depth and scopes children', () => {
    const entries: LogEntry[] = [];
    const log = createLogger(
      (e) => entries.push(e),
      'app',
      () => 0,
    ).child('rest');
    log.info('dial', {
      password: 'hunter2',
      nested: { apiKey: 'k', ok: 1 },
      number: '+40712345678',
    });
    expect(entries[0]?.scope).toBe('app:rest');
    expect(JSON.stringify(entries)).not.toContain('hunter2');
    expect(entries[0]?.fields).toEqual({
      password: '[redacted]',
      nested: { apiKey: '[redacted]', ok: 1 },
      number: '+40712345678',
    });
    expect(redact({ Authorization: 'Bearer x' })).toEqual({ Authorization: '[redacted]' });
  });

  it('survives a sink that throws and honours the level', () => {
    const entries: LogEntry[] = [];
    createLogger(() => {
      throw new Error('disk full');
    }).error('still fine');
    const log = createLogger((e) => entries.push(e), 'x', Date.now, 'warn');
    log.info('dropped');
    log.warn('kept');
    expect(entries.map((e) => e.message)).toEqual(['kept']);
  });
});
