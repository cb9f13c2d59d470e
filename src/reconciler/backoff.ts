/** Exponential backoff with jitter, for reconnecting watches and retrying writes. */
export class Backoff {
  private attempt = 0;

  constructor(private readonly initialMs: number, private readonly maxMs: number) {}

  /** The delay before the next attempt; a server's Retry-After wins when it asks for longer. */
  public next(retryAfterSeconds?: number): number {
    const exponential = Math.min(this.maxMs, this.initialMs * 2 ** this.attempt++);
    const jittered = exponential / 2 + Math.random() * exponential / 2;
    return Math.max(jittered, (retryAfterSeconds ?? 0) * 1000);
  }

  public reset(): void {
    this.attempt = 0;
  }
}

/** A promise that resolves after `ms`, or early when `signal` aborts. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done);
  });
}
