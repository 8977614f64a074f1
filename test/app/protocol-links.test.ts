// tel:/callto: links come from any web page: only a phone number with visual separators may
// pass; parameters, control characters, second schemes and oversize input are refused.
import { describe, expect, it } from 'vitest';
import {
  findPhoneLinkInArgv,
  MAX_LINK_LENGTH,
  parsePhoneLink,
} from '../../electron/app/protocol-links.js';

describe('parsePhoneLink accepts real phone links', () => {
  it.each([
    ['tel:+40 712-345-678', 'tel', '+40712345678'],
    ['tel:+40712345678', 'tel', '+40712345678'],
    ['TEL:0712345678', 'tel', '0712345678'],
    ['tel:0712.345.678', 'tel', '0712345678'],
    ['tel:(0712) 345 678', 'tel', '0712345678'],
    ['tel:+40%20712%20345%20678', 'tel', '+40712345678'],
    ['callto://0712345678', 'callto', '0712345678'],
    ['callto:0712345678', 'callto', '0712345678'],
    ['callto://+40712345678/', 'callto', '+40712345678'],
    ['tel:101', 'tel', '101'],
  ])('%s → %s %s', (link, scheme, number) => {
    expect(parsePhoneLink(link)).toEqual({ ok: true, scheme, number });
  });
});

describe('parsePhoneLink refuses everything else', () => {
  it.each([
    ['tel:0712;--inspect', 'parameters'],
    ['tel:0712345678;ext=12', 'parameters'],
    ['tel:0712345678;phone-context=example.com', 'parameters'],
    ['tel:0712345678?body=x', 'parameters'],
    ['tel:0712345678#frag', 'parameters'],
    ['tel:0712%3B--inspect', 'parameters'],
    ['tel:%0a0712345678', 'characters'],
    ['tel:0712345678%0d%0aSet-Cookie:x', 'characters'],
    ['tel:0712%00345', 'characters'],
    ['tel:%E0%A4%A', 'characters'],
    ['tel:0712 345 678 & calc.exe', 'parameters'],
    ['tel:0712`whoami`', 'characters'],
    ['tel:$(reboot)', 'characters'],
    ['tel:07123-abc', 'characters'],
    ['tel:+40+712', 'characters'],
    ['tel:0712\u202e345', 'characters'],
    ['tel:０７１２３４５６７８', 'characters'],
    ['tel:javascript:alert(1)', 'characters'],
    ['tel://evil.example.com/0712', 'characters'],
    ['tel:--inspect=0.0.0.0', 'parameters'],
    ['tel:%250a0712', 'characters'],
    ['tel:', 'empty'],
    ['tel:   ', 'empty'],
    ['tel:+', 'characters'],
    ['tel:7', 'empty'],
    ['callto://', 'empty'],
    ['sip:0712345678', 'scheme'],
    ['https://example.com/?tel:0712', 'scheme'],
    ['0712345678', 'scheme'],
    ['tel:' + '1'.repeat(21), 'too-long'],
    ['tel:' + '1 '.repeat(MAX_LINK_LENGTH), 'too-long'],
  ])('%j → %s', (link, reason) => {
    expect(parsePhoneLink(link)).toEqual({ ok: false, reason });
  });
});

describe('findPhoneLinkInArgv', () => {
  it('finds the link among Chromium switches and paths (second instance on Windows/Linux)', () => {
    const argv = [
      '/opt/Accolades/accolades-connector',
      '--allow-file-access-from-files',
      'tel:+40712345678',
    ];
    expect(findPhoneLinkInArgv(argv)).toBe('tel:+40712345678');
    expect(findPhoneLinkInArgv(['app.exe', 'callto://0712'])).toBe('callto://0712');
  });

  it('ignores argv without a link', () => {
    expect(findPhoneLinkInArgv(['app', '--hidden', 'C:\\tel\\file.txt'])).toBeUndefined();
  });
});
