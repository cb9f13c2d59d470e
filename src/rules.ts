import { IConstruct } from 'constructs';
import { Errors, invalidAll, Problem } from './errors';

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
  /**
   * Later rules assume this one holds (a size within bounds before names are built from it): when it is broken,
   * the remaining tables of the same validation are not checked.
   */
  readonly precondition?: boolean;
}

/**
 * Checks tables of rules over a construct's subjects and reports every broken rule at once, as AWS CDK's validation
 * does. A table's rules may assume that earlier tables passed: once a problem is found, a rule that cannot be
 * evaluated is skipped rather than reported, and a broken precondition ends the checks.
 * @internal
 */
export class Validation {
  private readonly problems: Problem[] = [];
  private stopped = false;

  constructor(private readonly scope: IConstruct) {}

  /** Checks every rule of `rules` against `subject`. */
  public check<T>(rules: ReadonlyArray<Rule<T>>, subject: T): this {
    for (const rule of this.stopped ? [] : rules) {
      const problem = this.evaluate(rule, subject);
      if (!problem) continue;
      this.problems.push(problem);
      if (rule.precondition) this.stopped = true;
    }
    return this;
  }

  /** Throws the library's validation error listing every problem found, if any. */
  public done(): void {
    if (this.problems.length > 0) invalidAll(this.scope, this.problems);
  }

  private evaluate<T>(rule: Rule<T>, subject: T): Problem | undefined {
    try {
      if ((rule.when && !rule.when(subject)) || rule.valid(subject)) return undefined;
      return { prop: rule.prop, value: rule.value(subject), reason: typeof rule.reason === 'function' ? rule.reason(subject) : rule.reason };
    } catch (e) {
      // With problems already found, a rule may meet values that earlier rules refused: its verdict adds nothing.
      if (this.problems.length > 0 && !Errors.isValidationError(e)) return undefined;
      throw e;
    }
  }
}

/** Throws the library's validation error listing every rule of `rules` that `subject` breaks. @internal */
export function checkRules<T>(scope: IConstruct, rules: ReadonlyArray<Rule<T>>, subject: T): void {
  new Validation(scope).check(rules, subject).done();
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
