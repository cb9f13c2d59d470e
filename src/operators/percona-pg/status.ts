import { BackupPhase, component, count, KubeObject, OperatorStatusMapping, Phase, phaseOf } from '../../status-mapping';
import { perconaBackupReport } from '../percona/status';

/**
 * `status.state` of a PerconaPGCluster (AppState, pkg/apis/pgv2.percona.com/v2/perconapgcluster_types.go), written
 * by percona/controller/pgcluster/status.go:updateStatus through getState at the end of each successful reconcile.
 * There is no error state: a failed reconcile leaves the previous one.
 */
export const PERCONA_PG_STATES: Readonly<Record<string, Phase>> = {
  // Before the operator's first status write.
  '': 'Provisioning',
  // getState: the repo host, a PgBouncer or a PostgreSQL pod not ready, pods not on their template yet, or no pod.
  // A first start and a lost member alike.
  'initializing': 'Provisioning',
  'ready': 'Ready',
  // getState: `spec.pause` and no PostgreSQL pod ready.
  'paused': 'Paused',
  // getState: `spec.pause` with PostgreSQL pods still ready.
  'stopping': 'Paused',
};

/** `status.state` of a PerconaPGBackup (PGBackupState, pkg/apis/pgv2.percona.com/v2/perconapgbackup_types.go). */
export const PERCONA_PG_BACKUP_STATES: Readonly<Record<string, BackupPhase>> = {
  // New: percona/controller/pgbackup/controller.go:Reconcile has not started it yet.
  '': 'Pending',
  // Reconcile: startBackup asked pgBackRest; the Job does not exist yet.
  'Starting': 'Running',
  // Reconcile: the backup Job exists.
  'Running': 'Running',
  // Reconcile through checkBackupJob: the Job's Complete condition, `status.completed` its completionTime.
  'Succeeded': 'Succeeded',
  // checkBackupJob: the Job failed; also the Job vanished, backups disabled, or the cluster not ready in time
  // (failIfClusterIsNotReady).
  'Failed': 'Failed',
};

/** Crunchy's default of `instances[].replicas` and `proxy.pgBouncer.replicas` in the CRD (1). */
const DEFAULT_REPLICAS = 1;

/**
 * How the Percona PostgreSQL operator reports a PerconaPGCluster and its backups. The members are
 * `status.postgres.ready` out of the instance sets' replicas (`status.postgres.size` counts the pods that exist,
 * status.go:updateStatus, so a pod that could not be created would not show); PgBouncer is a component. Patroni's
 * system identifier (status.go:syncPatroniFromPostgresToPercona) is set when the primary bootstraps, before the
 * replicas are ready, so it does not tell a first start from a loss.
 */
export const PERCONA_PG_STATUS: OperatorStatusMapping = {
  name: 'Percona Operator for PostgreSQL',
  cluster: { group: 'pgv2.percona.com', version: 'v2', kind: 'PerconaPGCluster', plural: 'perconapgclusters' },
  backup: { group: 'pgv2.percona.com', version: 'v2', kind: 'PerconaPGBackup', plural: 'perconapgbackups' },
  backupReport: perconaBackupReport(PERCONA_PG_BACKUP_STATES, 'pgCluster'),
  report: (o) => {
    const replicas = (spec: KubeObject | undefined) => (typeof spec?.replicas === 'number' ? spec.replicas : DEFAULT_REPLICAS);
    const sets: KubeObject[] = o.spec?.instances ?? [];
    const pgBouncer = o.spec?.proxy?.pgBouncer;
    const phase = phaseOf(PERCONA_PG_STATES, o.status?.state);
    return {
      state: o.status?.state ?? '',
      // percona/controller/pgrestore/controller.go:startRestore sets `restore.enabled` for an in-place restore (the
      // cluster goes `initializing` while its instances are re-created), disableRestore clears it when done.
      phase: phase === 'Provisioning' && o.spec?.backups?.pgbackrest?.restore?.enabled === true ? 'Restoring' : phase,
      members: sets.length > 0 ? count(o.status?.postgres?.ready, sets.reduce((n, set) => n + replicas(set), 0)) : undefined,
      components: pgBouncer ? component('pgbouncer', 'ConnectionPooler', count(o.status?.pgbouncer?.ready, replicas(pgBouncer))) : [],
      // status.postgres.version is `spec.postgresVersion`, the major version only.
      engineVersion: typeof o.status?.postgres?.version === 'number' && o.status.postgres.version > 0 ? String(o.status.postgres.version) : undefined,
    };
  },
};
