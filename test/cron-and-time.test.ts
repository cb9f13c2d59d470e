import { CronDialect, cronProblem, longestIntervalSeconds, nextRun, parseCron, withSeconds } from '../src/cron';
import { isRfc3339, toUtcDateTime, toUtcRfc3339 } from '../src/restore-rules';

const V3 = CronDialect.ROBFIG_V3;
const V1 = CronDialect.ROBFIG_V1;

/** The next `count` runs after 2030-01-01T00:00Z, as robfig's SpecSchedule.Next finds them. */
function runs(expression: string, dialect: CronDialect, count: number): string[] {
  const schedule = parseCron(expression, dialect);
  if (typeof schedule === 'string') throw new Error(schedule);
  const out: string[] = [];
  let at: Date | undefined = new Date(Date.UTC(2030, 0, 1));
  while (out.length < count && (at = nextRun(schedule, at))) out.push(at.toISOString().slice(0, 16));
  return out;
}

describe('cron as robfig/cron parses it (parser.go:getField, getRange, parseIntOrName)', () => {
  test.each([
    '0 0 * * *', '*/15 * * * *', '30 2 * * 1-5', '0 3 1 * *', '0 0 * * SUN', '0 0 * JAN-mar mon', '0 0 ? * ?', '+5 0 * * *',
    '1,,5 0 * * *', '0 0 1/10 * *', '0 0 * * 0-6', '*/61 * * * *', '0 0 *-5 * *', '007 1 * * *',
  ])('accepts %j in both versions', (c) => {
    expect(cronProblem(c, V3)).toBeUndefined();
    expect(cronProblem(c, V1)).toBeUndefined();
  });

  test.each([
    ['', 'five-field'], ['* * *', 'five-field'], ['0 0 * * * *', 'five-field'], ['@daily', 'five-field'], ['TZ=UTC 0 0 * *', 'five-field'],
    ['61 * * * *', 'above the minute\'s maximum 59'], ['0 25 * * *', 'above the hour\'s maximum 23'], ['0 0 32 * *', 'maximum 31'],
    ['0 0 0 * *', 'below the day of month\'s minimum 1'], ['0 0 * 13 *', 'maximum 12'],
    ['0 0 * * 7', 'Sunday is 0, not 7'], ['0 0 * * 1-7', 'Sunday is 0, not 7'], ['0 0 L * *', '"L" is not a number'],
    ['0 0 15W * *', '"15W" is not a number'], ['0 0 * * 5L', '"5L" is not a number'], ['0 0 * * MON#2', '"MON#2" is not a number'],
    ['0 0 * * monday', '"monday" is not a number'], ['0 0 * * FRI-MON', 'starts after it ends'], ['60/5 * * * *', 'starts after it ends'],
    ['*/0 * * * *', 'step'], ['1/-2 * * * *', 'negative'], ['1-2-3 * * * *', 'more than one "-"'], ['1/2/3 * * * *', 'more than one "/"'],
    ['0 0 * * jan', '"jan" is not a number'], ['0 0 1.5 * *', '"1.5" is not a number'],
  ])('refuses %j: %s', (c, reason) => {
    expect(cronProblem(c, V3)).toContain(reason);
    expect(cronProblem(c, V1)).toContain(reason);
  });

  test('refuses a schedule that parses but never fires: robfig then never starts the job (spec.go:Next gives up after 5 years)', () => {
    expect(cronProblem('0 0 30 2 *', V3)).toMatch(/no date matches it/);
    expect(cronProblem('0 0 31 4,6,9,11 *', V3)).toMatch(/no date matches it/);
    expect(cronProblem('0 0 , * *', V3)).toMatch(/no date matches it/);
    // With OR logic the day-of-week still fires.
    expect(cronProblem('0 0 30 2 1', V3)).toBeUndefined();
    expect(cronProblem('0 0 29 2 *', V3)).toBeUndefined();
  });

  test('day-of-month and day-of-week: AND when either is a wildcard, else OR (spec.go:dayMatches)', () => {
    expect(runs('0 3 * * 1', V3, 2)).toEqual(['2030-01-07T03:00', '2030-01-14T03:00']);
    expect(runs('0 3 1 * 1', V3, 3)).toEqual(['2030-01-01T03:00', '2030-01-07T03:00', '2030-01-14T03:00']);
    expect(runs('0 3 1-31 * 1', V3, 2)).toEqual(['2030-01-01T03:00', '2030-01-02T03:00']);
  });

  test('a stepped wildcard is a wildcard for v1 (CloudNativePG) but not for v3 (Percona, Kubernetes, MariaDB)', () => {
    // v3: */2 is no wildcard, so odd days OR Mondays; v1: odd days that are Mondays.
    expect(runs('0 3 */2 * 1', V3, 3)).toEqual(['2030-01-01T03:00', '2030-01-03T03:00', '2030-01-05T03:00']);
    expect(runs('0 3 */2 * 1', V1, 3)).toEqual(['2030-01-07T03:00', '2030-01-21T03:00', '2030-02-11T03:00']);
    expect(runs('0 3 */1 * 1', V3, 2)).toEqual(['2030-01-07T03:00', '2030-01-14T03:00']);
  });

  test('N/step runs from N to the maximum; a step beyond the range selects N only; names are three letters in any case', () => {
    expect(runs('50/5 9 1 1 *', V3, 3)).toEqual(['2030-01-01T09:50', '2030-01-01T09:55', '2031-01-01T09:50']);
    expect(runs('*/61 0 1 1 *', V3, 2)).toEqual(['2031-01-01T00:00', '2032-01-01T00:00']);
    expect(runs('0 0 1 FEB,oct *', V3, 2)).toEqual(['2030-02-01T00:00', '2030-10-01T00:00']);
  });

  test('CloudNativePG form has seconds first', () => expect(withSeconds('30 2 * * *')).toBe('0 30 2 * * *'));

  test('the longest gap between runs, with each version\'s semantics', () => {
    expect(longestIntervalSeconds('0 0 * * *', V3)).toBe(86400);
    expect(longestIntervalSeconds('0 0 * * 1-5', V3)).toBe(3 * 86400);
    expect(longestIntervalSeconds('0 3 */2 * 1', V3)).toBeLessThan(longestIntervalSeconds('0 3 */2 * 1', V1));
    expect(longestIntervalSeconds('0 0 30 2 *', V3)).toBe(0);
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
