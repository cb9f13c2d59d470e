import { Cron } from 'croner';

/**
 * Parses a standard five-field cron expression (minute hour day-of-month month day-of-week), the form every
 * Percona operator and Everest take. Returns why it is invalid, or undefined when it is valid.
 * @internal
 */
export function cronProblem(expression: string): string | undefined {
  if (typeof expression !== 'string' || expression.trim().split(/\s+/).length !== 5) {
    return 'a schedule is a five-field cron expression: minute hour day-of-month month day-of-week';
  }
  if (!/^[0-9*,/\-A-Za-z? ]+$/.test(expression)) return 'a cron expression has only digits, names, and * , / - ?';
  if (!PARSED.has(expression)) PARSED.set(expression, parseProblem(expression));
  return PARSED.get(expression);
}

/** Parse results by expression: a fleet repeats a few schedules many times, and croner's parser is not free. */
const PARSED = new Map<string, string | undefined>();

function parseProblem(expression: string): string | undefined {
  try {
    new Cron(expression, { paused: true });
    return undefined;
  } catch (e) {
    return `not a valid cron expression: ${(e as Error).message.replace(/^CronPattern: /, '')}`;
  }
}

/** CloudNativePG's six-field form (seconds first) of a five-field expression. @internal */
export function withSeconds(expression: string): string {
  return `0 ${expression.trim().split(/\s+/).join(' ')}`;
}

/**
 * Gaps by expression: walking 400 runs costs about a millisecond, and synthesis asks several times per schedule
 * (the native spec, its alerts, the ManagedDatabase), which made croner most of a fleet's synthesis time.
 */
const LONGEST_INTERVALS = new Map<string, number>();

/** The longest gap, in seconds, between two runs of a schedule over the next year. @internal */
export function longestIntervalSeconds(expression: string): number {
  const known = LONGEST_INTERVALS.get(expression);
  if (known !== undefined) return known;
  const runs = new Cron(expression, { paused: true }).nextRuns(400, new Date(Date.UTC(2030, 0, 1)));
  let longest = 0;
  for (let i = 1; i < runs.length; i++) longest = Math.max(longest, (runs[i].getTime() - runs[i - 1].getTime()) / 1000);
  LONGEST_INTERVALS.set(expression, longest);
  return longest;
}
