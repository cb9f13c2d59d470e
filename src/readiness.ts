import { IConstruct } from 'constructs';
import { onEverySynthesis } from './synthesis';

const BLUEPRINT_SYMBOL = Symbol.for('cdk8s-dbaas.Blueprint');
/** The constructs that report readiness warnings, each with how it finds them. */
const SUBJECTS = new WeakMap<IConstruct, () => string[]>();
/** Set this variable to keep `cdk8s synth` from printing the readiness report (tests set it). */
const SILENCE_ENV = 'CDK8S_DBAAS_SILENCE_READINESS';

/**
 * The production-readiness report: warnings for risky databases that are not blueprints. `cdk8s synth` prints
 * them to standard error; tests read them with `ProductionReadiness.warningsOf()`.
 */
export class ProductionReadiness {
  /** The warnings for every DatabaseCluster and DatabaseStorageClass below `scope`, each prefixed with its path. */
  public static warningsOf(scope: IConstruct): string[] {
    return scope.node.findAll().flatMap((c) => (SUBJECTS.get(c)?.() ?? []).map((w) => `[${c.node.path}] ${w}`));
  }

  private constructor() {}
}

/**
 * Adds a construct to the report: `warnings` lists what is risky about it at synthesis time. The first construct
 * of an app also makes the app print the report when it is synthesized.
 * @internal
 */
export function markForReadiness(construct: IConstruct, warnings: () => string[]): void {
  SUBJECTS.set(construct, warnings);
  const root = construct.node.root;
  onEverySynthesis(root, 'readiness-report', () => {
    const found = process.env[SILENCE_ENV] ? [] : ProductionReadiness.warningsOf(root);
    if (found.length > 0) {
      process.stderr.write(`cdk8s-dbaas production readiness:\n${found.map((w) => `  WARNING ${w}`).join('\n')}\n`);
    }
  });
}

/** Marks a blueprint, whose clusters keep their guarantees by construction. @internal */
export function markBlueprint(construct: IConstruct): void {
  (construct as any)[BLUEPRINT_SYMBOL] = true;
}

/** Whether a construct is part of a blueprint (which answers for its risks itself). @internal */
export function insideBlueprint(c: IConstruct): boolean {
  return c.node.scopes.some((s) => (s as any)[BLUEPRINT_SYMBOL]);
}
