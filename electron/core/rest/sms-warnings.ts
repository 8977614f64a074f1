// What Accolades will do to an SMS before it leaves: text past 160 characters is cut off and
// diacritics are replaced by plain letters. Warn the person before they press Send.

export const SMS_MAX_CHARACTERS = 160;

export type SmsWarning =
  | { kind: 'too-long'; length: number; limit: number; message: string }
  | { kind: 'diacritics'; characters: string[]; message: string }
  | { kind: 'unsupported-characters'; characters: string[]; message: string };

/** Pure: the warnings for this text, empty when it will go out as written. */
export function smsWarnings(text: string): SmsWarning[] {
  const warnings: SmsWarning[] = [];
  const characters = [...text];
  if (characters.length > SMS_MAX_CHARACTERS) {
    warnings.push({
      kind: 'too-long',
      length: characters.length,
      limit: SMS_MAX_CHARACTERS,
      message: `The message has ${characters.length} characters; only the first ${SMS_MAX_CHARACTERS} will be sent.`,
    });
  }
  const diacritics = new Set<string>();
  const unsupported = new Set<string>();
  for (const char of characters) {
    if (/^[\x20-\x7e\n\r]$/.test(char)) continue;
    const base = char.normalize('NFD').replace(/\p{M}/gu, '');
    if (base !== char && /^[\x20-\x7e]+$/.test(base)) diacritics.add(char);
    else unsupported.add(char);
  }
  if (diacritics.size > 0) {
    const list = [...diacritics];
    warnings.push({
      kind: 'diacritics',
      characters: list,
      message: `These letters will be sent without their accents: ${list.join(' ')}.`,
    });
  }
  if (unsupported.size > 0) {
    const list = [...unsupported];
    warnings.push({
      kind: 'unsupported-characters',
      characters: list,
      message: `These characters may be replaced or dropped: ${list.join(' ')}.`,
    });
  }
  return warnings;
}
