import { ExposeType } from './expose';
import { ClusterModel } from './model';
import { EngineTarget } from './provider';
import { AntiAffinity } from './scheduling';

/** Whether the cluster writes backups anywhere (a storage it only restores from does not count). */
function backsUp(m: ClusterModel): boolean {
  return m.backup !== undefined || m.schedules.length > 0;
}

/** One readiness check over a DatabaseCluster that is not part of a blueprint. */
interface ReadinessCheck {
  readonly risky: (model: ClusterModel, target: EngineTarget) => boolean;
  readonly warning: string;
}

/** The risks a production database should not run with, in the order the report lists them. */
const CLUSTER_CHECKS: ReadonlyArray<ReadinessCheck> = [
  {
    risky: (m) => m.replicas === 1,
    warning: 'a single replica: no failover, and every node drain or crash is an outage',
  },
  {
    risky: (m) => !backsUp(m),
    warning: 'no backups: set `backup.storage` and add a schedule',
  },
  {
    risky: (m) => m.backup !== undefined && m.schedules.length === 0,
    warning: 'a backup storage but no schedule: nothing backs the database up regularly',
  },
  {
    risky: (m, t) => backsUp(m) && !m.backup?.pointInTimeRecovery && !t.archivesLogsWithEveryStorage,
    warning: 'backups without point-in-time recovery: a restore loses everything since the last full backup',
  },
  {
    risky: (m) => m.replicas > 1 && m.scheduling.antiAffinity === AntiAffinity.PREFERRED,
    warning: 'anti-affinity is only preferred: the primary and its replicas can land on one node and fail together',
  },
  {
    risky: (m) => m.replicas > 1 && m.scheduling.antiAffinity === AntiAffinity.NONE,
    warning: 'no anti-affinity: the primary and its replicas can land on one node and fail together',
  },
  {
    risky: (m) => m.expose.type === ExposeType.LOAD_BALANCER
      && (m.expose.sourceRanges.length === 0 || m.expose.sourceRanges.some((r) => r.endsWith('/0'))),
    warning: 'a LoadBalancer open to 0.0.0.0/0: restrict `expose.sourceRanges`',
  },
];

/** The production-readiness warnings of one cluster. @internal */
export function clusterWarnings(model: ClusterModel, target: EngineTarget): string[] {
  return CLUSTER_CHECKS.filter((check) => check.risky(model, target)).map((check) => check.warning);
}
