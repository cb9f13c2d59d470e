import { IConstruct } from 'constructs';
import type { DatabaseCluster } from './database-cluster';
import { ExposeType } from './expose';
import { AntiAffinity } from './scheduling';
import { ReclaimPolicy } from './storage-class';

const BLUEPRINT_SYMBOL = Symbol.for('cdk8s-dbaas.Blueprint');
const CLUSTER_SYMBOL = Symbol.for('cdk8s-dbaas.DatabaseCluster');
const STORAGE_CLASS_SYMBOL = Symbol.for('cdk8s-dbaas.DatabaseStorageClass');
const REPORT_SYMBOL = Symbol.for('cdk8s-dbaas.ReadinessReport');
/** Apps whose report the current synthesis has printed. */
const REPORTED = new WeakSet<IConstruct>();
/** Set this variable to keep `cdk8s synth` from printing the readiness report (tests set it). */
const SILENCE_ENV = 'CDK8S_DBAAS_SILENCE_READINESS';

/** Whether the cluster writes backups anywhere (a storage it only restores from does not count). */
function backsUp(c: DatabaseCluster): boolean {
  return c._model.backup !== undefined || c._model.schedules.length > 0;
}

/** One readiness check over a DatabaseCluster that is not part of a blueprint. */
interface ReadinessCheck {
  readonly risky: (cluster: DatabaseCluster) => boolean;
  readonly warning: string;
}

/** The risks a production database should not run with, in the order the report lists them. */
const CLUSTER_CHECKS: ReadonlyArray<ReadinessCheck> = [
  {
    risky: (c) => c._model.replicas === 1,
    warning: 'a single replica: no failover, and every node drain or crash is an outage',
  },
  {
    risky: (c) => !backsUp(c),
    warning: 'no backups: set `backup.storage` and add a schedule',
  },
  {
    risky: (c) => c._model.backup !== undefined && c._model.schedules.length === 0,
    warning: 'a backup storage but no schedule: nothing backs the database up regularly',
  },
  {
    risky: (c) => backsUp(c) && !c._model.backup?.pointInTimeRecovery && !c._target.archivesLogsWithEveryStorage,
    warning: 'backups without point-in-time recovery: a restore loses everything since the last full backup',
  },
  {
    risky: (c) => c._model.replicas > 1 && c._model.scheduling.antiAffinity !== AntiAffinity.REQUIRED,
    warning: 'anti-affinity is only preferred: the primary and its replicas can land on one node and fail together',
  },
  {
    risky: (c) => c._model.expose.type === ExposeType.LOAD_BALANCER
      && (c._model.expose.sourceRanges.length === 0 || c._model.expose.sourceRanges.some((r) => r.endsWith('/0'))),
    warning: 'a LoadBalancer open to 0.0.0.0/0: restrict `expose.sourceRanges`',
  },
];

/**
 * The production-readiness report: warnings for risky databases that are not blueprints. `cdk8s synth` prints
 * them to standard error; tests read them with `ProductionReadiness.warningsOf()`.
 */
export class ProductionReadiness {
  /** The warnings for every DatabaseCluster and DatabaseStorageClass below `scope`, each prefixed with its path. */
  public static warningsOf(scope: IConstruct): string[] {
    const warnings: string[] = [];
    for (const c of scope.node.findAll()) {
      if ((c as any)[STORAGE_CLASS_SYMBOL] && (c as any).reclaimPolicy === ReclaimPolicy.DELETE) {
        warnings.push(`[${c.node.path}] reclaimPolicy Delete: deleting a claim deletes the database's data`);
      }
      if (!(c as any)[CLUSTER_SYMBOL] || insideBlueprint(c)) continue;
      for (const check of CLUSTER_CHECKS) {
        if (check.risky(c as DatabaseCluster)) warnings.push(`[${c.node.path}] ${check.warning}`);
      }
    }
    return warnings;
  }

  private constructor() {}
}

/** Marks a construct as a DatabaseCluster or a DatabaseStorageClass for the report. @internal */
export function markForReadiness(construct: IConstruct, kind: 'cluster' | 'storageClass'): void {
  (construct as any)[kind === 'cluster' ? CLUSTER_SYMBOL : STORAGE_CLASS_SYMBOL] = true;
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
      const warnings = process.env[SILENCE_ENV] ? [] : ProductionReadiness.warningsOf(root);
      if (warnings.length > 0) {
        process.stderr.write(`cdk8s-dbaas production readiness:\n${warnings.map((w) => `  WARNING ${w}`).join('\n')}\n`);
      }
      return [];
    },
  });
}

/** Marks a blueprint, whose clusters keep their guarantees by construction. @internal */
export function markBlueprint(construct: IConstruct): void {
  (construct as any)[BLUEPRINT_SYMBOL] = true;
}

function insideBlueprint(c: IConstruct): boolean {
  return c.node.scopes.some((s) => (s as any)[BLUEPRINT_SYMBOL]);
}
