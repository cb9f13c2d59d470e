import { BackupStorage } from '../../backup-storage';
import { ClusterModel } from '../../model';

export const POSTGRES_PORT = 5432;

/**
 * The longest Cluster name whose Jobs fit Kubernetes' 63 characters: CloudNativePG's webhook allows 50, but a clone's
 * `<cluster>-1-full-recovery` and a major upgrade's `<cluster>-<primary serial>-major-upgrade` (serials up to 99)
 * need 46 (pkg/specs/jobs.go:getJobName).
 */
export const MAX_CLUSTER_NAME_LENGTH = 46;

export const BARMAN_PLUGIN = 'barman-cloud.cloudnative-pg.io';

/** The `externalClusters` entry a recovery reads from. */
export const RECOVERY_SOURCE = 'origin';

/** The database and owner CNPG creates at bootstrap; its `<name>-app` Secret is for this user. */
export const APP_DATABASE = 'app';

export const HIBERNATION_ANNOTATION = 'cnpg.io/hibernation';

export const METRICS_PORT = 'metrics';

/** Labels CloudNativePG puts on instance and Pooler pods. */
export const CLUSTER_LABEL = 'cnpg.io/cluster';

export const POD_ROLE_LABEL = 'cnpg.io/podRole';

export const POOLER_LABEL = 'cnpg.io/poolerName';

/** Names of the objects of one cluster. */
export const names = {
  pooler: (m: ClusterModel) => `${m.name}-pooler`,
  /** CNPG's own services are `-rw`, `-ro` and `-r`; this is the extra LoadBalancer over the primary. */
  loadBalancer: (m: ClusterModel) => `${m.name}-rw-lb`,
  objectStore: (m: ClusterModel, storage: BackupStorage) => `${m.name}-${storage.name}`,
  recoveryObjectStore: (m: ClusterModel) => `${m.name}-${RECOVERY_SOURCE}`,
  scheduledBackup: (m: ClusterModel, scheduleName: string) => `${m.name}-${scheduleName}`,
  /**
   * The Barman server name a cluster archives under, one per PostgreSQL major: pg_upgrade starts a new system on
   * timeline 1, whose WAL and backups must not mix with the old major's (docs/src/postgres_upgrades.md, "Backup and
   * WAL Archive Considerations"); the old major's backups stay restorable under their own name.
   */
  archiveServerName: (cluster: string, major: number) => `${cluster}-pg${major}`,
};

export function instanceLabels(m: ClusterModel): { [key: string]: string } {
  return { [CLUSTER_LABEL]: m.name, [POD_ROLE_LABEL]: 'instance' };
}

