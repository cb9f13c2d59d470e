/**
 * The client-side rate limit, as client-go's token bucket: `burst` requests at once, then `qps` per second, in
 * order. On jest's fake clock, so that nothing here depends on the machine's speed.
 */
import { TokenBucket } from '../../src/reconciler/rate-limiter';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** Takes `n` tokens at once and reports which requests may go after each clock step. */
async function released(bucket: TokenBucket, n: number, steps: number[]): Promise<number[]> {
  const gone: number[] = [];
  for (let i = 0; i < n; i++) void bucket.take().then(() => gone.push(i));
  const counts: number[] = [];
  for (const ms of steps) {
    await jest.advanceTimersByTimeAsync(ms);
    counts.push(gone.length);
  }
  expect(gone).toEqual([...gone].sort((a, b) => a - b));
  return counts;
}

test('a burst goes at once, the rest at qps per second, in order', async () => {
  // 10 per second after a burst of 3: 3 at once, then one every 100 ms.
  expect(await released(new TokenBucket(10, 3), 8, [0, 100, 100, 100, 100, 100, 1000])).toEqual([3, 4, 5, 6, 7, 8, 8]);
});

test('an idle bucket refills up to its burst, not beyond', async () => {
  const bucket = new TokenBucket(2, 2);
  expect(await released(bucket, 2, [0])).toEqual([2]);
  await jest.advanceTimersByTimeAsync(60_000);
  expect(await released(bucket, 3, [0, 499, 1])).toEqual([2, 2, 3]);
});
