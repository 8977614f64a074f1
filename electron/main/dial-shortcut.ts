// The optional global shortcut that dials the number in the clipboard. Off (empty) by default;
// a shortcut another app already owns is reported, not fatal.
import { globalShortcut } from 'electron';

export type ShortcutResult =
  { ok: true; active: string | undefined } | { ok: false; error: string };

export class DialShortcut {
  private current: string | undefined;

  constructor(private readonly onPress: () => void) {}

  /** Registers `accelerator` (or nothing, when empty), replacing the previous one. */
  apply(accelerator: string): ShortcutResult {
    const wanted = accelerator.trim();
    if ((wanted || undefined) === this.current) return { ok: true, active: this.current };
    this.clear();
    if (wanted === '') return { ok: true, active: undefined };
    let registered = false;
    try {
      registered = globalShortcut.register(wanted, this.onPress);
    } catch (error) {
      return { ok: false, error: `“${wanted}” is not a valid shortcut (${String(error)}).` };
    }
    if (!registered)
      return { ok: false, error: `“${wanted}” is already used by another application.` };
    this.current = wanted;
    return { ok: true, active: wanted };
  }

  clear(): void {
    if (this.current) globalShortcut.unregister(this.current);
    this.current = undefined;
  }
}
