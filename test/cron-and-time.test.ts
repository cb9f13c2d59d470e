import { cronProblem, longestIntervalSeconds, withSeconds } from '../src/cron';
import { isRfc3339, toUtcDateTime, toUtcRfc3339 } from '../src/restore-rules';

describe('cron', () => {
  test.each(['0 0 * * *', '*/15 * * * *', '30 2 * * 1-5', '0 3 1 * *', '0 0 * * SUN'])('accepts %s', (c) => expect(cronProblem(c)).toBeUndefined());
  test.each(['', '* * *', '0 0 * * * *', '61 * * * *', '0 25 * * *', '0 0 32 * *', '@daily', '0 0 * * 8'])('refuses %j', (c) => expect(cronProblem(c)).toBeDefined());
  test('CloudNativePG form has seconds first', () => expect(withSeconds('30 2 * * *')).toBe('0 30 2 * * *'));
  test('longest interval', () => {
    expect(longestIntervalSeconds('0 0 * * *')).toBe(86400);
    expect(longestIntervalSeconds('0 0 * * 1-5')).toBe(3 * 86400);
  });
});

describe('RFC 3339 instants', () => {
  test.each(['2026-11-20T08:30:00Z', '2026-11-20T08:30:00.123+02:00', '2024-02-29T00:00:00Z'])('accepts %s', (t) => expect(isRfc3339(t)).toBe(true));
  test.each(['2026-11-20 08:30:00', '2026-13-01T00:00:00Z', '2025-02-29T00:00:00Z', '2026-11-20T24:00:00Z', 'yesterday'])('refuses %s', (t) => expect(isRfc3339(t)).toBe(false));
  test('operator formats are UTC', () => {
    expect(toUtcDateTime('2026-11-20T10:30:00+02:00')).toBe('2026-11-20 08:30:00');
    expect(toUtcRfc3339('2026-11-20T10:30:00.5+02:00')).toBe('2026-11-20T08:30:00Z');
  });
});
