// Pairing a browser extension with the bridge by a short code, so nobody types a token and the
// extension's origin is allowed by the pairing itself, not by hand.
//
// The agent presses "Pair a browser" in the settings: a 6-digit code, valid 2 minutes, single
// use. While a code is open, an extension origin (chrome-extension:// or moz-extension://, never a
// web page) that the bridge does not otherwise know may connect only to send `connector.pair`
// with it. The right code gives that origin a fresh 256-bit token; only its SHA-256 is saved
// (browserTab.pairedExtensions), and afterwards only that origin may present that token.
// Guessing is bounded three ways: 10^6 codes, 5 wrong tries void the code, and at most
// PAIR_ATTEMPTS_PER_MINUTE attempts a minute from everyone together.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { browserOfOrigin, isExtensionOrigin } from '../config/extension-origin.js';
import type { PairedExtension } from '../config/schema.js';
import { errorMessage } from '../error-message.js';
import type { Clock, Logger } from '../ports.js';
import { systemClock } from '../system-clock.js';
import { secretEquals } from './secret-equals.js';

export const PAIRING_CODE_LIFETIME_MS = 2 * 60_000;
export const MAX_WRONG_CODES = 5;
export const PAIR_ATTEMPTS_PER_MINUTE = 10;

export type PairFailure =
  'not-an-extension' | 'no-code' | 'wrong-code' | 'rate-limited' | 'not-saved' | 'bad-request';

export type PairResult =
  | { ok: true; token: string; entry: PairedExtension }
  | { ok: false; reason: PairFailure; message: string };

/** Where the pairings are kept: the config key, written through the app's settings (locks hold). */
export interface PairedExtensionsStore {
  list(): readonly PairedExtension[];
  /** Rejects (with words for the agent) when the admin policy locks the key. */
  save(list: PairedExtension[]): Promise<void>;
}

export interface ExtensionPairingOptions {
  store: PairedExtensionsStore;
  logger: Logger;
  clock?: Clock;
  /** Test seams; production uses node:crypto. */
  newCode?: () => string;
  newToken?: () => string;
}

interface OpenCode {
  code: string;
  expiresAtMono: number;
  wrongTries: number;
}

export function tokenSha256(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export class ExtensionPairing {
  private open: OpenCode | undefined;
  private attempts: number[] = [];
  private readonly clock: Clock;
  private readonly log: Logger;

  constructor(private readonly options: ExtensionPairingOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.logger;
  }

  /** A new code replaces any open one. The code goes to the agent's screen only. */
  startCode(): { code: string; expiresAt: number } {
    const code = this.options.newCode?.() ?? String(randomInt(0, 1_000_000)).padStart(6, '0');
    this.open = {
      code,
      expiresAtMono: this.clock.monotonicMs() + PAIRING_CODE_LIFETIME_MS,
      wrongTries: 0,
    };
    this.log.info('browser pairing code issued (valid 2 minutes)');
    return { code, expiresAt: this.clock.nowMs() + PAIRING_CODE_LIFETIME_MS };
  }

  cancelCode(): void {
    this.open = undefined;
  }

  /** Whether a code can still be used (not expired, not used, not voided). */
  codeOpen(): boolean {
    if (this.open && this.clock.monotonicMs() >= this.open.expiresAtMono) this.open = undefined;
    return this.open !== undefined;
  }

  isPaired(origin: string | undefined): boolean {
    return origin !== undefined && this.options.store.list().some((e) => e.origin === origin);
  }

  /** May this not-otherwise-allowed origin open a socket just to pair? Extensions, while a code is open. */
  admitsForPairing(origin: string | undefined): boolean {
    return isExtensionOrigin(origin) && this.codeOpen();
  }

  /**
   * Is `presented` the token paired with exactly this origin? Compared with every entry in
   * constant time (a hash compare each), so the answer time does not tell which entry exists.
   */
  tokenMatches(origin: string | undefined, presented: string): boolean {
    if (!isExtensionOrigin(origin)) return false;
    const presentedHash = tokenSha256(presented);
    let match = false;
    for (const entry of this.options.store.list()) {
      const equal = secretEquals(presentedHash, entry.tokenSha256);
      if (equal && entry.origin === origin) match = true;
    }
    return match;
  }

  async pair(origin: string | undefined, code: unknown): Promise<PairResult> {
    if (!isExtensionOrigin(origin)) {
      this.log.warn(`browser pairing refused for ${origin ?? 'a local program'}: not an extension`);
      return fail('not-an-extension', 'Only a browser extension can pair.');
    }
    if (!this.takeAttempt()) {
      this.log.warn(`browser pairing refused for ${origin}: too many attempts`);
      return fail('rate-limited', 'Too many pairing attempts; wait a minute.');
    }
    if (typeof code !== 'string' || code.length > 20) {
      return fail('bad-request', 'The code must be the 6 digits shown by the connector.');
    }
    if (!this.codeOpen() || !this.open) {
      return fail('no-code', 'No pairing code is open; press "Pair a browser" in the connector.');
    }
    const open = this.open;
    if (!secretEquals(code.trim(), open.code)) {
      open.wrongTries += 1;
      if (open.wrongTries >= MAX_WRONG_CODES) {
        this.open = undefined;
        this.log.warn(`browser pairing code voided after ${MAX_WRONG_CODES} wrong tries`);
        return fail('wrong-code', 'Wrong code; the code is now void. Ask for a new one.');
      }
      this.log.warn(`browser pairing: wrong code from ${origin}`);
      return fail('wrong-code', 'Wrong code.');
    }
    // Single use: the code is gone before anything else can run.
    this.open = undefined;
    const token = this.options.newToken?.() ?? randomBytes(32).toString('base64url');
    const entry: PairedExtension = {
      origin,
      browser: browserOfOrigin(origin) ?? 'chromium',
      tokenSha256: tokenSha256(token),
      pairedAt: new Date(this.clock.nowMs()).toISOString(),
    };
    try {
      const others = this.options.store.list().filter((e) => e.origin !== origin);
      await this.options.store.save([...others, entry]);
    } catch (error) {
      const message = errorMessage(error);
      this.log.warn(`browser pairing not saved for ${origin}: ${message}`);
      return fail('not-saved', message);
    }
    this.log.info(`browser extension paired: ${origin}`);
    return { ok: true, token, entry };
  }

  /** Removes a pairing; the bridge then cuts that origin's connections (config change). */
  async unpair(origin: string): Promise<boolean> {
    const list = this.options.store.list();
    const rest = list.filter((e) => e.origin !== origin);
    if (rest.length === list.length) return false;
    await this.options.store.save(rest);
    this.log.info(`browser extension unpaired: ${origin}`);
    return true;
  }

  private takeAttempt(): boolean {
    const now = this.clock.monotonicMs();
    this.attempts = this.attempts.filter((at) => now - at < 60_000);
    if (this.attempts.length >= PAIR_ATTEMPTS_PER_MINUTE) return false;
    this.attempts.push(now);
    return true;
  }
}

function fail(reason: PairFailure, message: string): PairResult {
  return { ok: false, reason, message };
}
