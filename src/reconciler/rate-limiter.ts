/**
 * Client-side rate limiting as client-go does it (flowcontrol.NewTokenBucketRateLimiter): a bucket of `burst`
 * tokens refilled at `qps` per second; every request takes one, waiting for it when the bucket is empty. Waiters
 * are served in order: each reserves the next token, as golang.org/x/time/rate's Reserve does.
 */
import { delay } from './backoff';

/**
 * The reconciler's default limits: kube-scheduler's (`--kube-api-qps` 50, `--kube-api-burst` 100), a controller that
 * writes status for a fleet. 1,000 databases changing at once (a patch and an Event each) settle in about 40 s.
 */
export const DEFAULT_API_QPS = 50;
export const DEFAULT_API_BURST = 100;

export class TokenBucket {
  private tokens: number;
  private last = performance.now();

  constructor(private readonly qps: number, private readonly burst: number) {
    this.tokens = burst;
  }

  /** Resolves when this request may go. */
  public take(): Promise<void> {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.qps) / 1000);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? Promise.resolve() : delay((-this.tokens * 1000) / this.qps);
  }
}
