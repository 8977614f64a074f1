// Timing helpers for the pages: live previews wait for typing to pause, and action buttons
// (dial, send) ignore repeats while a request is in flight or just finished.

export interface Debounced<A extends unknown[]> {
  (...args: A): void;
  cancel(): void;
  /** Runs the pending call now, if there is one. */
  flush(): void;
}

export function debounce<A extends unknown[]>(
  fn: (...args: A) => void,
  waitMs: number,
): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: A | undefined;
  const run = (): void => {
    timer = undefined;
    const args = pending;
    pending = undefined;
    if (args) fn(...args);
  };
  const debounced = ((...args: A) => {
    pending = args;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(run, waitMs);
  }) as Debounced<A>;
  debounced.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    pending = undefined;
  };
  debounced.flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    run();
  };
  return debounced;
}

/**
 * Wraps an async action so a second click while it runs (or within `cooldownMs` after it
 * ends) does nothing: a double click must never dial twice. The button is disabled meanwhile.
 */
export function singleFlight(
  button: HTMLButtonElement,
  action: () => Promise<void>,
  cooldownMs = 1500,
): () => Promise<void> {
  let busy = false;
  return async () => {
    if (busy) return;
    busy = true;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      await action();
    } finally {
      button.removeAttribute('aria-busy');
      setTimeout(() => {
        busy = false;
        button.disabled = false;
      }, cooldownMs);
    }
  };
}
