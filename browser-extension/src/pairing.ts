// Pairing, extension side: one WebSocket to the connector's bridge from this extension page
// (the browser sends our chrome-extension:// / moz-extension:// Origin), one connector.pair with
// the 6-digit code the agent reads off the connector's settings, one answer. The token that comes
// back is this browser profile's own key to the bridge; the caller stores it in storage.local.

export type PairOutcome = { ok: true; token: string } | { ok: false; message: string };

export interface PairOptions {
  port: number;
  code: string;
  browser: 'chromium' | 'firefox';
  timeoutMs?: number;
  /** Test seam; the page uses the browser's WebSocket. */
  socket?: (url: string) => WebSocket;
}

export function isPairingCode(code: string): boolean {
  return /^\d{6}$/.test(code);
}

export function pairWithConnector(options: PairOptions): Promise<PairOutcome> {
  const code = options.code.trim();
  if (!isPairingCode(code)) {
    return Promise.resolve({ ok: false, message: 'The code is the 6 digits the connector shows.' });
  }
  return new Promise((resolve) => {
    let settled = false;
    const url = `ws://127.0.0.1:${options.port}`;
    const socket = options.socket?.(url) ?? new WebSocket(url);
    const finish = (outcome: PairOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.close();
      resolve(outcome);
    };
    const timer = setTimeout(
      () => finish({ ok: false, message: 'The connector did not answer.' }),
      options.timeoutMs ?? 5000,
    );
    socket.addEventListener('open', () =>
      socket.send(JSON.stringify({ type: 'connector.pair', code, browser: options.browser })),
    );
    socket.addEventListener('message', (event) => {
      let frame: Record<string, unknown>;
      try {
        frame = JSON.parse(String(event.data)) as Record<string, unknown>;
      } catch {
        return;
      }
      if (
        frame.type === 'connector.paired' &&
        typeof frame.token === 'string' &&
        frame.token !== ''
      )
        finish({ ok: true, token: frame.token });
      else if (frame.type === 'connector.pairFailed')
        finish({ ok: false, message: String(frame.message ?? frame.reason ?? 'Pairing failed.') });
    });
    // Refused before the socket opened (no code open, wrong port, connector not running): the
    // browser does not say why, so say what usually helps.
    socket.addEventListener('close', () =>
      finish({
        ok: false,
        message: `No pairing on port ${options.port}: check the port, and press "Pair a browser" in the connector first.`,
      }),
    );
  });
}
