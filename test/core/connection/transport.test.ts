import { describe, expect, it } from 'vitest';
import {
  checkServerUrl,
  createAccoladesSocket,
  describeTransportError,
  isLoopbackHost,
  TransportError,
} from '../../../electron/core/connection/transport.js';

describe('server URL policy', () => {
  it('accepts wss:// anywhere and ws:// only to loopback', () => {
    for (const url of [
      'wss://client.voipit.ro:14327',
      'ws://127.0.0.1:8080',
      'ws://127.5.6.7:1',
      'ws://[::1]:8080',
      'ws://localhost:8080',
      'ws://LOCALHOST.:8080',
    ]) {
      expect(() => checkServerUrl(url)).not.toThrow();
    }
  });

  it('refuses ws:// to anything else, other schemes and garbage, with a clear message', () => {
    const refused: [string, string, RegExp][] = [
      ['ws://client.voipit.ro:14327', 'insecure-url', /use wss:\/\//],
      ['ws://10.0.0.1', 'insecure-url', /only allowed to this computer/],
      ['ws://127.0.0.1.evil.example', 'insecure-url', /wss/],
      ['ws://[::ffff:10.0.0.1]', 'insecure-url', /wss/],
      ['https://client.voipit.ro', 'unsupported-scheme', /must start with wss/],
      ['not a url', 'bad-url', /not a valid URL/],
    ];
    for (const [url, code, message] of refused) {
      let error: unknown;
      try {
        checkServerUrl(url);
      } catch (e) {
        error = e;
      }
      expect(error, url).toBeInstanceOf(TransportError);
      expect((error as TransportError).code, url).toBe(code);
      expect((error as TransportError).message, url).toMatch(message);
    }
    expect(() => createAccoladesSocket('ws://example.com')).toThrow(TransportError);
  });

  it('isLoopbackHost', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
    expect(isLoopbackHost('localhost.example.com')).toBe(false);
  });

  it('names a proxy 407 plainly', () => {
    expect(describeTransportError(new Error('Unexpected server response: 407'), true)).toEqual({
      detail: expect.stringMatching(/^proxy authentication failed/) as unknown,
      proxyAuthFailed: true,
    });
    expect(
      describeTransportError(new Error('Unexpected server response: 407'), false).proxyAuthFailed,
    ).toBe(false);
    expect(describeTransportError('boom', false)).toEqual({
      detail: 'boom',
      proxyAuthFailed: false,
    });
  });
});
