/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week, UTC) as the operators parse them. Every
 * operator here parses with robfig/cron, in one of two versions whose grammar is the same and whose semantics
 * differ in one point (the "star bit" of a stepped wildcard, which decides how day-of-month and day-of-week
 * combine). This module is the library's own implementation of that grammar and of robfig's next-run search, so
 * that a schedule is accepted exactly when the operator's parser accepts it and runs when the operator runs it.
 * Sources: robfig/cron v3.0.1 and v1.2.0, `parser.go:getField`, `getRange`, `parseIntOrName`, `mustParseInt`,
 * `spec.go:dayMatches`, `spec.go:(*SpecSchedule).Next`.
 */

/** Which robfig/cron parses an operator's schedules. @internal */
export enum CronDialect {
  /**
   * robfig/cron v3 `ParseStandard` (or a v3 parser with the same five fields): the Percona operators, OpenEverest
   * through them, Kubernetes CronJobs and the MariaDB operator. A stepped wildcard (`* /2`) is not a wildcard.
   */
  ROBFIG_V3 = 'robfig/cron v3',
  /**
   * robfig/cron v1 `Parse` (CloudNativePG), which reads six fields with seconds first: the library writes
   * `0 <five fields>`. A stepped wildcard (`* /2`) stays a wildcard when day-of-month and day-of-week combine.
   */
  ROBFIG_V1 = 'robfig/cron v1',
}

/** One parsed field: the values it matches, and whether robfig counts it as a wildcard (its "star bit"). */
interface CronField {
  readonly values: ReadonlySet<number>;
  readonly star: boolean;
}

/** A parsed five-field schedule. @internal */
export interface CronSchedule {
  readonly minute: CronField;
  readonly hour: CronField;
  readonly dayOfMonth: CronField;
  readonly month: CronField;
  readonly dayOfWeek: CronField;
}

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: ReadonlyArray<string>;
}

const FIELDS: ReadonlyArray<FieldSpec> = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day of week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

class CronSyntaxError extends Error {}

/** Go's `strconv.Atoi`: an optional sign and decimal digits, nothing else. */
function atoi(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw new CronSyntaxError(`"${text}" is not a number`);
  return Number(text);
}

/** `parser.go:parseIntOrName`: a three-letter name (any case) where the field has names, else a number. */
function intOrName(text: string, field: FieldSpec): number {
  const index = field.names?.indexOf(text.toLowerCase()) ?? -1;
  if (index >= 0) return field.min + index;
  return atoi(text);
}

/** `parser.go:getRange`: one comma-separated item of a field. */
function parseItem(item: string, field: FieldSpec, dialect: CronDialect, into: Set<number>): boolean {
  const rangeAndStep = item.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    // Anything after a hyphen is ignored here: `*-5` is `*`, as in robfig.
    [start, end, star] = [field.min, field.max, true];
  } else {
    if (lowAndHigh.length > 2) throw new CronSyntaxError(`"${item}" has more than one "-"`);
    start = intOrName(lowAndHigh[0], field);
    end = single ? start : intOrName(lowAndHigh[1], field);
  }
  let step = 1;
  if (rangeAndStep.length > 2) throw new CronSyntaxError(`"${item}" has more than one "/"`);
  if (rangeAndStep.length === 2) {
    step = atoi(rangeAndStep[1]);
    if (step < 0) throw new CronSyntaxError(`the step of "${item}" is negative`);
    // "N/step" means "N-max/step".
    if (single) end = field.max;
    // v3 clears the wildcard bit of a stepped wildcard; v1 keeps it.
    if (step > 1 && dialect === CronDialect.ROBFIG_V3) star = false;
  }
  if (start < field.min) throw new CronSyntaxError(`${start} is below the ${field.name}'s minimum ${field.min}`);
  if (end > field.max) {
    const sunday = field.names?.[0] === 'sun' ? ' (Sunday is 0, not 7)' : '';
    throw new CronSyntaxError(`${end} is above the ${field.name}'s maximum ${field.max}${sunday}`);
  }
  if (start > end) throw new CronSyntaxError(`"${item}" starts after it ends (ranges do not wrap around)`);
  if (step === 0) throw new CronSyntaxError(`the step of "${item}" is 0`);
  for (let v = start; v <= end; v += step) into.add(v);
  return star;
}

/** `parser.go:getField`: comma-separated items; empty items are dropped (a field of commas matches nothing). */
function parseField(text: string, field: FieldSpec, dialect: CronDialect): CronField {
  const values = new Set<number>();
  let star = false;
  for (const item of text.split(',').filter((i) => i !== '')) star = parseItem(item, field, dialect, values) || star;
  return { values, star };
}

const PARSED = new Map<string, CronSchedule | string>();

/**
 * The schedule of a five-field expression as `dialect` reads it, or why that parser refuses it. Results are kept
 * per expression: a fleet repeats a few schedules many times.
 * @internal
 */
export function parseCron(expression: string, dialect: CronDialect): CronSchedule | string {
  const key = `${dialect} ${expression}`;
  let parsed = PARSED.get(key);
  if (parsed === undefined) {
    parsed = parse(expression, dialect);
    PARSED.set(key, parsed);
  }
  return parsed;
}

function parse(expression: string, dialect: CronDialect): CronSchedule | string {
  if (typeof expression !== 'string') return 'a schedule is a five-field cron expression: minute hour day-of-month month day-of-week';
  // The library takes the five standard fields only: no descriptors (@daily) and no TZ= prefix, which not every
  // operator's parser accepts, and which CloudNativePG's six-field form could not carry.
  const fields = expression.trim().split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5 || fields.some((f) => f.startsWith('@') || f.includes('='))) {
    return 'a schedule is a five-field cron expression: minute hour day-of-month month day-of-week (no @descriptors, no TZ=)';
  }
  try {
    const [minute, hour, dayOfMonth, month, dayOfWeek] = fields.map((f, i) => parseField(f, FIELDS[i], dialect));
    return { minute, hour, dayOfMonth, month, dayOfWeek };
  } catch (e) {
    if (!(e instanceof CronSyntaxError)) throw e;
    return `${dialect} refuses it: ${e.message} (it takes numbers, three-letter month and day names, and * ? , - /; no L, W or #)`;
  }
}

/** `spec.go:dayMatches`: if either day field is a wildcard both must match, otherwise either one. */
function dayMatches(s: CronSchedule, date: Date): boolean {
  const dom = s.dayOfMonth.values.has(date.getUTCDate());
  const dow = s.dayOfWeek.values.has(date.getUTCDay());
  return s.dayOfMonth.star || s.dayOfWeek.star ? dom && dow : dom || dow;
}

/** How far robfig searches before it gives up on a schedule (`spec.go:Next`: five years after the start's year). */
const SEARCH_YEARS = 5;

/**
 * The first run strictly after `after` (UTC, to the minute), as robfig's `SpecSchedule.Next` finds it; undefined
 * when robfig finds none (it then never starts the job).
 * @internal
 */
export function nextRun(s: CronSchedule, after: Date): Date | undefined {
  const t = new Date(Math.floor(after.getTime() / 60_000) * 60_000 + 60_000);
  const yearLimit = t.getUTCFullYear() + SEARCH_YEARS;
  for (;;) {
    if (t.getUTCFullYear() > yearLimit) return undefined;
    if (!s.month.values.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!dayMatches(s, t)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!s.hour.values.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (!s.minute.values.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
      continue;
    }
    return t;
  }
}

/** Where run calculations start: a fixed instant, so that synthesis is reproducible. */
const REFERENCE = new Date(Date.UTC(2030, 0, 1));

/**
 * Why `dialect` would not run `expression`: refused by its parser, or accepted but never firing (robfig then never
 * starts the job, silently). Undefined for a schedule the operator runs.
 * @internal
 */
export function cronProblem(expression: string, dialect: CronDialect): string | undefined {
  const parsed = parseCron(expression, dialect);
  if (typeof parsed === 'string') return parsed;
  if (nextRun(parsed, REFERENCE) === undefined) {
    return `${dialect} accepts it, but no date matches it (such as February 30): the operator would never run it`;
  }
  return undefined;
}

/** CloudNativePG's six-field form (seconds first) of a five-field expression. @internal */
export function withSeconds(expression: string): string {
  return `0 ${expression.trim().split(/\s+/).join(' ')}`;
}

/** Runs walked to find the longest gap: enough to cover a year of a daily schedule. */
const WALKED_RUNS = 400;
const LONGEST_INTERVALS = new Map<string, number>();

/**
 * The longest gap, in seconds, between two runs of a schedule as `dialect` runs it, over its next 400 runs from a
 * fixed instant (0 for a schedule that never runs). Kept per expression: synthesis asks several times per schedule
 * (the native spec, its alerts, the ManagedDatabase).
 * @internal
 */
export function longestIntervalSeconds(expression: string, dialect: CronDialect): number {
  const key = `${dialect} ${expression}`;
  const known = LONGEST_INTERVALS.get(key);
  if (known !== undefined) return known;
  const parsed = parseCron(expression, dialect);
  let longest = 0;
  if (typeof parsed !== 'string') {
    let previous = nextRun(parsed, REFERENCE);
    for (let i = 1; previous && i < WALKED_RUNS; i++) {
      const next = nextRun(parsed, previous);
      if (next) longest = Math.max(longest, (next.getTime() - previous.getTime()) / 1000);
      previous = next;
    }
  }
  LONGEST_INTERVALS.set(key, longest);
  return longest;
}
