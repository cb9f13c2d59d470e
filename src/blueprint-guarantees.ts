import { IConstruct } from 'constructs';
import { markBlueprint } from './readiness';
import { checkRules, Rule } from './rules';

/**
 * Checks that a blueprint's props keep its guarantees, each a rule whose reason says what the blueprint promises.
 * With `unsafeOverrides` the checks are skipped and the blueprint is not marked, so the production-readiness
 * report speaks about its cluster like any other.
 * @internal
 */
export function keepGuarantees<T>(
  scope: IConstruct, blueprint: string, guarantees: ReadonlyArray<Rule<T>>, subject: T, unsafeOverrides: boolean,
): void {
  if (unsafeOverrides) return;
  checkRules(scope, guarantees.map((g) => ({
    ...g,
    reason: (s: T) => `${blueprint} guarantees ${typeof g.reason === 'function' ? g.reason(s) : g.reason}; set \`unsafeOverrides: true\` to accept the risk`,
  })), subject);
  markBlueprint(scope);
}
