import { ApiObject, Chart } from 'cdk8s';

/** Argo CD's annotation: a sync applies lower waves first, and waits for them to be healthy. */
const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

/**
 * Apply order. Everest's webhooks look objects up when a DatabaseCluster is created: its LoadBalancerConfig
 * (databasecluster_webhook.go:ValidateCreate, validateLoadBalancerConfig); its operator then needs the
 * PodSchedulingPolicy, MonitoringConfig and BackupStorages it names (providers' appliers), and a
 * DatabaseClusterBackup is refused before its DatabaseCluster and BackupStorage exist
 * (databaseclusterbackup_webhook.go:ValidateCreate), a DatabaseClusterRestore before its DatabaseCluster
 * (databaseclusterrestore_webhook.go:ValidateCreate). So prerequisites come first in their chart's manifest (cdk8s
 * writes a chart's objects in dependency order) and carry sync wave -1; backups and restores carry wave 1.
 */
export function prerequisite(object: ApiObject): ApiObject {
  object.metadata.addAnnotation(SYNC_WAVE, '-1');
  return object;
}

/** An object applied after the DatabaseCluster it names (sync wave 1). */
export function follower(object: ApiObject): ApiObject {
  object.metadata.addAnnotation(SYNC_WAVE, '1');
  return object;
}

/**
 * Writes `dependent` after each of `prerequisites` of its own chart. Objects of other charts are left to the sync
 * waves: a dependency across charts would order whole charts, and two charts that use each other's storages would
 * form a cycle.
 */
export function after(dependent: ApiObject, ...prerequisites: ApiObject[]): void {
  const chart = Chart.of(dependent);
  for (const object of prerequisites) {
    if (Chart.of(object) === chart) dependent.addDependency(object);
  }
}
