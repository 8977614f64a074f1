// The bad inputs of the compressed day. Caller ids a hostile or broken PBX could send: each is
// still a call that must end in the history. Odd call frames the protocol accepts as calls (a
// missing number is a withheld one; a JSON number is read as its digits). And frames that are
// not calls at all, each to be dropped without harm: among them a "number" longer than 64
// characters (not a phone number, by the parser's rule) and, last, a frame larger than the
// 64 KiB the connector accepts, which closes that link.

export const HOSTILE_CALLER_IDS: readonly string[] = [
  '',
  'anonymous',
  '+40 (21) 555-0100',
  '<script>alert(1)</script>',
  '0722;rm -rf ~',
  '$(reboot)',
  '../../etc/passwd',
  '0722\u202e654',
  '__proto__',
];

export const ODD_CALL_FRAMES: ReadonlyArray<{
  frame: string;
  direction: 'incoming' | 'outgoing';
  /** The number the history records for it. */
  raw: string;
}> = [
  { frame: '{"type":"incomingCall"}', direction: 'incoming', raw: '' },
  {
    frame: '{"type":"outgoingCall","phoneNumber":40722123456}',
    direction: 'outgoing',
    raw: '40722123456',
  },
];

export const GARBAGE_FRAMES: ReadonlyArray<string | Buffer> = [
  'not json at all',
  '{"type":"incomingCall",',
  '[]',
  '42',
  'null',
  '{"type":"somethingNew","x":1}',
  `{"type":"incomingCall","phoneNumber":"${'9'.repeat(300)}"}`,
  '{"type":"outgoingCall","phoneNumber":["0722"]}',
  Buffer.from([0xff, 0xfe, 0x00, 0x01]),
  `{"type":"incomingCall","phoneNumber":"0722","pad":"${'x'.repeat(70 * 1024)}"}`,
];
