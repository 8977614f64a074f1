// One pop per call: Accolades sends no call id, and ring-all queues or a second connector tab
// repeat the same notification, so the same direction + number within a window is one call.
// The window slides: every repeat extends it, so a call that keeps ringing never pops twice.
import type { CallDirection, PhoneNumberFormats } from '../calls.js';

export function dedupeKey(direction: CallDirection, number: PhoneNumberFormats): string {
  // Withheld calls all share one key: two anonymous notifications within the window are
  // treated as one call (the second is kept in history and can still be opened).
  const id =
    number.kind === 'withheld' ? 'withheld' : (number.e164 ?? number.digits) || number.raw.trim();
  return `${direction}:${id}`;
}

export class DedupeWindow {
  private readonly lastSeen = new Map<string, number>();

  /** Records a sighting at `nowMono`; true when the same key was seen within `windowMs` before. */
  seen(key: string, nowMono: number, windowMs: number): boolean {
    this.forgetOlderThan(nowMono - windowMs);
    const previous = this.lastSeen.get(key);
    this.lastSeen.set(key, nowMono);
    return previous !== undefined && nowMono - previous < windowMs;
  }

  /** How many keys are remembered (bounded by the window; for tests and diagnostics). */
  size(): number {
    return this.lastSeen.size;
  }

  private forgetOlderThan(limitMono: number): void {
    for (const [key, at] of this.lastSeen) if (at <= limitMono) this.lastSeen.delete(key);
  }
}
