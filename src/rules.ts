import { IConstruct } from 'constructs';
import { invalid } from './errors';

/**
 * One validation rule, written so that a table of them reads like the documentation it enforces.
 * @internal
 */
export interface Rule<T> {
  /** The prop the rule is about, as the user wrote it (e.g. `proxy.replicas`). */
  readonly prop: string;
  /** Only checked when this holds. */
  readonly when?: (subject: T) => boolean;
  /** The value that the error reports. */
  readonly value: (subject: T) => unknown;
  /** True when the subject is acceptable. */
  readonly valid: (subject: T) => boolean;
  /** Why a value is refused, e.g. "Percona XtraDB Cluster needs an odd size of at most 5". */
  readonly reason: string | ((subject: T) => string);
}

/** Throws for the first rule that `subject` breaks. @internal */
export function checkRules<T>(scope: IConstruct, rules: ReadonlyArray<Rule<T>>, subject: T): void {
  for (const rule of rules) {
    if (rule.when && !rule.when(subject)) continue;
    if (!rule.valid(subject)) {
      const reason = typeof rule.reason === 'function' ? rule.reason(subject) : rule.reason;
      invalid(scope, rule.prop, rule.value(subject), reason);
    }
  }
}

/**
 * A rule over one part of a subject (a storage, say) that a function checks as a whole: it holds when `problem`
 * finds nothing, and the problem found is the reason. The rule is skipped when the subject has no such part.
 * @internal
 */
export function problemRule<T, P>(prop: string, partOf: (subject: T) => P | undefined, problem: (part: P) => string | undefined,
  value: (part: P) => unknown): Rule<T> {
  return {
    prop,
    value: (s) => value(partOf(s)!),
    when: (s) => partOf(s) !== undefined,
    valid: (s) => problem(partOf(s)!) === undefined,
    reason: (s) => problem(partOf(s)!)!,
  };
}

/**
 * An operator's limit on a database's name plus the longest part name it derives from it (StatefulSets, label
 * values): `partOf` gives that part (empty when the name alone is limited).
 * @internal
 */
export function nameLengthRule<T extends { readonly name: string }>(operator: string, most: number, partOf: (subject: T) => string): Rule<T> {
  return {
    prop: 'name',
    value: (m) => m.name,
    valid: (m) => m.name.length + partOf(m).length <= most,
    reason: (m) => `the ${operator} operator refuses a cluster whose name${partOf(m) ? ` plus ${partOf(m)}` : ''} exceeds ${most} characters`,
  };
}
