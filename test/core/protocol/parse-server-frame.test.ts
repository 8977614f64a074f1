import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_FRAME_BYTES,
  parseServerFrame,
} from '../../../electron/core/protocol/parse-server-frame.js';
import {
  encodeAuthRequest,
  encodeConfigurationRequest,
} from '../../../electron/core/protocol/client-messages.js';
import { safeJsonParse } from '../../../electron/core/protocol/safe-json.js';

const text = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

describe('parseServerFrame: the documented messages', () => {
  it('accepts both auth success spellings and keeps the version', () => {
    for (const type of ['authSucces', 'authSuccess'] as const) {
      const parsed = parseServerFrame(text({ type, version: '1.2.3' }), false);
      expect(parsed).toMatchObject({ kind: 'auth-success', type, version: '1.2.3' });
    }
    expect(parseServerFrame(text({ type: 'authSuccess' }), false)).toMatchObject({
      version: undefined,
    });
    expect(parseServerFrame(text({ type: 'authSuccess', version: 2 }), false)).toMatchObject({
      version: '2',
    });
  });

  it('keeps the authFailed reason verbatim, known or not', () => {
    for (const reason of ['ID_NOT_FOUND', 'IP_MISSMATCH', 'CONNECTION_EXISTS', 'SOMETHING_NEW']) {
      expect(parseServerFrame(text({ type: 'authFailed', reason }), false)).toMatchObject({
        kind: 'auth-failed',
        reason,
      });
    }
    expect(parseServerFrame(text({ type: 'authFailed' }), false)).toMatchObject({
      kind: 'auth-failed',
      reason: '',
    });
  });

  it('keeps configuration values as-is and parses the ones that hold JSON', () => {
    const parsed = parseServerFrame(
      text({ type: 'configuration', account: '{"crm":"x"}', phone: 'free text', agent: { a: 1 } }),
      false,
    );
    expect(parsed).toMatchObject({
      kind: 'configuration',
      account: { value: '{"crm":"x"}', json: { crm: 'x' } },
      phone: { value: 'free text' },
      agent: { value: { a: 1 } },
    });
    if (parsed.kind !== 'configuration') throw new Error('unreachable');
    expect('json' in parsed.phone).toBe(false);
    expect(parsed.message).toMatchObject({ type: 'configuration' });
  });

  it('turns incomingCall/outgoingCall into calls, coercing numbers and allowing withheld', () => {
    expect(
      parseServerFrame(
        text({ type: 'incomingCall', phoneNumber: '0712345678', queue: 'q' }),
        false,
      ),
    ).toMatchObject({
      kind: 'call',
      direction: 'inbound',
      phoneNumber: '0712345678',
      message: { queue: 'q' },
    });
    expect(
      parseServerFrame(text({ type: 'outgoingCall', phoneNumber: 712345678 }), false),
    ).toMatchObject({
      kind: 'call',
      direction: 'outbound',
      phoneNumber: '712345678',
    });
    expect(parseServerFrame(text({ type: 'incomingCall' }), false)).toMatchObject({
      phoneNumber: '',
    });
    expect(parseServerFrame(text({ type: 'incomingCall', phoneNumber: '' }), false)).toMatchObject({
      phoneNumber: '',
    });
  });

  it('drops calls with an over-long or non-scalar phone number', () => {
    expect(
      parseServerFrame(text({ type: 'incomingCall', phoneNumber: '1'.repeat(64) }), false).kind,
    ).toBe('call');
    for (const phoneNumber of ['1'.repeat(65), { a: 1 }, [1], true]) {
      expect(parseServerFrame(text({ type: 'incomingCall', phoneNumber }), false)).toMatchObject({
        kind: 'malformed',
        reason: 'bad-field',
      });
    }
    expect(parseServerFrame('{"type":"incomingCall","phoneNumber":1e400}', false)).toMatchObject({
      reason: 'bad-field',
    });
  });

  it('recognises connectionClosed, error (all fields kept) and unknown types', () => {
    expect(parseServerFrame(text({ type: 'connectionClosed' }), false).kind).toBe(
      'connection-closed',
    );
    expect(parseServerFrame(text({ type: 'error', code: 7, text: 'x' }), false)).toMatchObject({
      kind: 'error',
      message: { code: 7, text: 'x' },
    });
    expect(parseServerFrame(text({ type: 'callEnded' }), false)).toMatchObject({
      kind: 'unknown',
      type: 'callEnded',
    });
  });

  it('accepts every shape ws hands over: string, Buffer, ArrayBuffer, fragments', () => {
    const json = JSON.stringify({ type: 'incomingCall', phoneNumber: '1' });
    const buffer = Buffer.from(json);
    const arrayBuffer = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.length);
    for (const data of [json, buffer, arrayBuffer, [buffer.subarray(0, 5), buffer.subarray(5)]]) {
      expect(parseServerFrame(data, false).kind).toBe('call');
    }
  });
});

describe('parseServerFrame: malformed frames', () => {
  const cases: [string, Parameters<typeof parseServerFrame>[0], boolean, string][] = [
    ['binary', text({ type: 'incomingCall' }), true, 'binary'],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), false, 'invalid-utf8'],
    ['oversize', Buffer.alloc(MAX_FRAME_BYTES + 1, 0x20), false, 'oversize'],
    ['oversize string', ' '.repeat(MAX_FRAME_BYTES + 1), false, 'oversize'],
    ['not JSON', 'hello', false, 'not-json'],
    ['JSON array', '[1,2]', false, 'not-object'],
    ['JSON null', 'null', false, 'not-object'],
    ['no type', '{"phoneNumber":"1"}', false, 'no-type'],
    ['numeric type', '{"type":5}', false, 'no-type'],
    ['deep nesting', '['.repeat(30_000) + ']'.repeat(30_000), false, 'not-json'],
  ];
  for (const [name, data, isBinary, reason] of cases) {
    it(`${name} → malformed/${reason}`, () => {
      expect(parseServerFrame(data, isBinary)).toMatchObject({ kind: 'malformed', reason });
    });
  }

  it('accepts a frame of exactly the size limit', () => {
    const base = JSON.stringify({ type: 'x', pad: '' });
    const padded = JSON.stringify({ type: 'x', pad: 'a'.repeat(MAX_FRAME_BYTES - base.length) });
    expect(Buffer.byteLength(padded)).toBe(MAX_FRAME_BYTES);
    expect(parseServerFrame(Buffer.from(padded), false).kind).toBe('unknown');
  });
});

describe('prototype pollution', () => {
  it('drops __proto__, constructor and prototype keys at any depth', () => {
    const parsed = parseServerFrame(
      '{"type":"incomingCall","phoneNumber":"1","__proto__":{"polluted":1},"a":{"constructor":{"prototype":{"polluted":1}},"__proto__":{"x":1}}}',
      false,
    );
    expect(parsed.kind).toBe('call');
    if (parsed.kind !== 'call') throw new Error('unreachable');
    expect(Object.keys(parsed.message)).toEqual(['type', 'phoneNumber', 'a']);
    expect(Object.getPrototypeOf(parsed.message)).toBe(Object.prototype);
    expect(Object.keys(parsed.message.a as object)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a __proto__ type cannot sneak through either', () => {
    expect(parseServerFrame('{"__proto__":{"type":"incomingCall"}}', false)).toMatchObject({
      reason: 'no-type',
    });
  });

  it('configuration strings holding JSON are parsed just as safely', () => {
    const parsed = parseServerFrame(
      text({ type: 'configuration', account: '{"__proto__":{"p":1},"ok":1}' }),
      false,
    );
    if (parsed.kind !== 'configuration') throw new Error('unreachable');
    expect(parsed.account.json).toEqual({ ok: 1 });
    expect(Object.keys(parsed.account.json as object)).toEqual(['ok']);
  });
});

/** True when some object reachable from value has an own forbidden key or a non-standard prototype. */
function polluted(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== Array.prototype) return true;
  for (const key of Object.keys(value)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') return true;
    if (polluted((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

describe('property tests', () => {
  const hostileKey = fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'type',
    'phoneNumber',
    'reason',
  );
  const hostileJson = fc
    .jsonValue()
    .chain((inner) =>
      fc
        .dictionary(fc.oneof(hostileKey, fc.string()), fc.oneof(fc.constant(inner), fc.jsonValue()))
        .map((object) => JSON.stringify(object)),
    );
  const messageTypes = fc.constantFrom(
    'authSucces',
    'authSuccess',
    'authFailed',
    'configuration',
    'incomingCall',
    'outgoingCall',
    'connectionClosed',
    'error',
    'other',
  );
  const protocolLike = fc
    .record({
      type: messageTypes,
      phoneNumber: fc.jsonValue(),
      reason: fc.jsonValue(),
      account: fc.jsonValue(),
    })
    .map((m) => JSON.stringify(m).replace('"account"', '"__proto__"'));

  it('never throws and never yields polluted objects, whatever the bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
          fc.string(),
          hostileJson,
          protocolLike,
        ),
        fc.boolean(),
        (data, isBinary) => {
          const parsed = parseServerFrame(data, isBinary);
          expect(typeof parsed.kind).toBe('string');
          if (parsed.kind !== 'malformed') {
            expect(polluted(parsed.message)).toBe(false);
            if (parsed.kind === 'configuration') {
              for (const v of [parsed.account, parsed.phone, parsed.agent])
                expect(polluted(v.json)).toBe(false);
            }
            if (parsed.kind === 'call') expect(parsed.phoneNumber.length).toBeLessThanOrEqual(64);
          }
        },
      ),
      { numRuns: 2_000, seed: 20261125 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('any valid call frame yields the number it carried', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('incomingCall', 'outgoingCall'),
        fc.string({ maxLength: 64 }),
        (type, number) => {
          const parsed = parseServerFrame(JSON.stringify({ type, phoneNumber: number }), false);
          expect(parsed).toMatchObject({ kind: 'call', phoneNumber: number });
        },
      ),
      { seed: 7 },
    );
  });
});

describe('encoders and safe JSON', () => {
  it('authRequest always carries idCrm as a string', () => {
    expect(JSON.parse(encodeAuthRequest('f8cb549544'))).toEqual({
      type: 'authRequest',
      idCrm: 'f8cb549544',
    });
    expect(JSON.parse(encodeAuthRequest(12345))).toEqual({ type: 'authRequest', idCrm: '12345' });
  });

  it('configuration request', () => {
    expect(JSON.parse(encodeConfigurationRequest())).toEqual({ type: 'configuration' });
  });

  it('safeJsonParse reports errors instead of throwing', () => {
    expect(safeJsonParse('{')).toMatchObject({ ok: false });
    expect(safeJsonParse('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
  });
});
