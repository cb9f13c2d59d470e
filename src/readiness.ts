import { IConstruct } from 'constructs';

const BLUEPRINT_SYMBOL = Symbol.for('cdk8s-dbaas.Blueprint');
const REPORT_SYMBOL = Symbol.for('cdk8s-dbaas.ReadinessReport');
/** The constructs that report readiness warnings, each with how it finds them. */
const SUBJECTS = new WeakMap<IConstruct, () => string[]>();
/** Apps whose report the current synthesis has printed. */
const REPORTED = new WeakSet<IConstruct>();
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
  if ((root as any)[REPORT_SYMBOL]) return;
  (root as any)[REPORT_SYMBOL] = true;
  // A validation that never fails, run after every construct has been added. cdk8s validates the whole app again
  // for each chart it synthesizes: report once per synthesis (one synchronous run), not once per chart.
  root.node.addValidation({
    validate: () => {
      if (REPORTED.has(root)) return [];
      REPORTED.add(root);
      queueMicrotask(() => REPORTED.delete(root));
      const found = process.env[SILENCE_ENV] ? [] : ProductionReadiness.warningsOf(root);
      if (found.length > 0) {
        process.stderr.write(`cdk8s-dbaas production readiness:\n${found.map((w) => `  WARNING ${w}`).join('\n')}\n`);
      }
      return [];
    },
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
