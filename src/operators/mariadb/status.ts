import { BackupPhase, backupPhaseOf, count, Count, hasCondition, KubeObject, OperatorStatusMapping, Phase, phaseOf, str } from '../../status-mapping';

const GROUP = 'k8s.mariadb.com';

/**
 * The reason of a MariaDB's Ready condition (api/v1alpha1/condition_types.go), the operator's state. Every reconcile
 * writes it (internal/controller/mariadb_controller_status.go:reconcileStatus, through
 * pkg/condition/ready.go:SetReadyWithMariaDB, whose order of checks decides), except while a restore, a storage
 * resize, a primary switch or a Galera recovery runs: their writers own Ready until they end. The phases are those
 * of a first start; `phase` below says what the rest of the object changes.
 */
export const MARIADB_STATES: Readonly<Record<string, Phase>> = {
  // Before the operator's first status write.
  '': 'Provisioning',
  // SetReadyWithMariaDB: Initialized False (the init Jobs of a physical or point-in-time bootstrap,
  // mariadb_controller_init.go:reconcilePhysicalBackupInit) or GaleraInitialized False (the Galera init Job,
  // pkg/controller/galera/init.go:ReconcileInit). Both run once, before the first start.
  'Initializing': 'Provisioning',
  // SetReadyWithMariaDB: the StatefulSet has no pod or not every pod ready. A first start and a lost member alike.
  'StatefulSetNotReady': 'Provisioning',
  // SetReadyWithMariaDB: every pod ready.
  'StatefulSetReady': 'Ready',
  // SetReadyWithMariaDB (Ready True): the StatefulSet has a new revision that no pod runs yet
  // (mariadb_controller_status.go:setUpdatedCondition); with the library's ReplicasFirstPrimaryLast the operator
  // starts replacing pods at once (mariadb_controller_update.go:reconcileUpdates).
  'PendingUpdate': 'Upgrading',
  // SetReadyWithMariaDB: some pods run the new revision, others not yet (setUpdatedCondition).
  'Updating': 'Upgrading',
  // ready.go:SetReadyWithMaintenance: the user's `spec.maintenance` (Ready True): serving, read-only or draining
  // connections if asked (pkg/controller/maintenance/controller.go).
  'Maintenance': 'Ready',
  // ready.go:SetReadyWithMaintenance: `maintenance.cordon` blocks connections.
  'Cordoned': 'Paused',
  // ready.go:SetReadySuspended from reconcileStatus: `spec.suspend`, the operator stops reconciling (the pods run on).
  'Suspended': 'Paused',
  // ready.go:SetReadyStorageResizing and SetReadyWaitingStorageResize (mariadb_controller_storage.go:reconcileStorage):
  // the volumes of a running cluster grow.
  'ResizingStorage': 'Upgrading',
  'WaitStorageResize': 'Upgrading',
  // SetReadyWithMariaDB, ScaledOut False (mariadb_controller_scale_out.go:reconcileScaleOut): replication's new
  // replicas built from a physical backup.
  'ScalingOut': 'Upgrading',
  // SetReadyWithMariaDB, ReplicaRecovered False (mariadb_controller_replica_recovery.go:reconcileReplicaRecovery):
  // broken replicas rebuilt from a physical backup.
  'ReplicaRecovering': 'Degraded',
  // galera_ready.go:SetGaleraNotReady: the Galera cluster lost its health and is being recovered
  // (statefulset_galera_controller.go:Reconcile), a Galera init found existing volumes (galera/init.go:ReconcileInit)
  // or a certificate expired (mariadb_controller_tls.go:HandleExpiredCert).
  'GaleraNotReady': 'Degraded',
  // primary_switched.go:SetPrimarySwitching (pkg/controller/replication/switchover.go:reconcileSwitchover): the
  // primary moves, last in an update (mariadb_controller_update.go:reconcileUpdates) or after the old one failed
  // (pod_replication_controller.go:ReconcilePodNotReady); see `phase`.
  'SwitchPrimary': 'Upgrading',
  // SetReadyWithMariaDB, BinlogsArchived False (pkg/binlog/archiver.go): the database serves, its binlogs are not
  // archived for point-in-time recovery.
  'ArchiveBinlogsError': 'Degraded',
  // backup_restored.go:SetRestoringBackup (mariadb_controller.go:reconcileRestore): a logical bootstrap's Restore.
  'RestoreBackup': 'Restoring',
  // SetReadyWithMariaDB, binlogs_replayed.go:SetReplayingBinlogs (mariadb_controller_pitr.go:reconcilePITR): a
  // point-in-time clone replays binlogs.
  'ReplayBinlogs': 'Restoring',
  // Errors the operator meets again on every retry until the spec or the cluster's objects change:
  // SetReadyWithMariaDB from Initialized False InitError (storage PVCs already exist; the target time is after the
  // last recoverable one: mariadb_controller_init.go), ScaledOut False ScaleOutError and ReplicaRecovered False
  // ReplicaRecoverError (no replica.bootstrapFrom to build replicas from), BinlogsReplayed False ReplayBinlogsError
  // (an invalid binlog timeline: mariadb_controller_pitr.go:reconcileReplayBinlogsError).
  'InitError': 'Failed',
  'ScaleOutError': 'Failed',
  'ReplicaRecoverError': 'Failed',
  'ReplayBinlogsError': 'Failed',
  // condition.go:Ready.PatcherFailed from mariadb_controller.go:Reconcile ("Error reconciling <phase>: <error>") and
  // PatcherRefResolver from reconcileStatus ("MaxScale not found"); see `phase`.
  'Failed': 'Failed',
};

/**
 * A PhysicalBackup's Complete condition (physicalbackup_controller_job.go:reconcileJobStatus for mariabackup Jobs,
 * physicalbackup_controller_snapshot.go:reconcileSnapshotStatus for VolumeSnapshots, physicalbackup_controller.go:
 * Reconcile). One PhysicalBackup runs a schedule: its condition says where the Jobs it lists stand.
 */
export const MARIADB_BACKUP_STATES: Readonly<Record<string, BackupPhase>> = {
  // Before the first reconcile.
  '': 'Pending',
  // No Job yet, or none running, complete or failed ("Scheduled" with a schedule, "Not complete" without).
  'JobNotComplete': 'Pending',
  'SnapshotNotComplete': 'Pending',
  // `schedule.suspend` (a disabled schedule): checked first, whatever the Jobs did.
  'JobSuspended': 'Pending',
  'SnapshotSuspended': 'Pending',
  'JobRunning': 'Running',
  'SnapshotInProgress': 'Running',
  // Every listed Job complete (True), every VolumeSnapshot ready to use (True).
  'JobComplete': 'Succeeded',
  'SnapshotComplete': 'Succeeded',
  // Any listed Job failed (True: finished, not succeeded), or a VolumeSnapshot has an error. Failed Jobs are kept up
  // to `failedJobsHistoryLimit` (5: cleanupJobs), so one failure holds this reason through later successes.
  'JobFailed': 'Failed',
  'SnapshotFailed': 'Failed',
  // condition.go:Complete.PatcherFailed and PatcherRefResolver (False): "MariaDB not ready" (`mariaDbRef.waitForIt`,
  // true by default: the run waits), "MariaDB not found", "Error getting MariaDB".
  'Failed': 'Failed',
};

const conditionOf = (o: KubeObject, type: string): KubeObject | undefined =>
  (Array.isArray(o.status?.conditions) ? o.status.conditions : []).find((c: KubeObject) => c?.type === type);

/**
 * The operator's own record that the members have run together: GaleraConfigured turns True once every Galera
 * member is ready (pkg/controller/galera/controller.go:Reconcile; also when a Galera init finds existing volumes,
 * galera/init.go:ReconcileInit), ReplicationConfigured once replication is set up in every pod
 * (pkg/controller/replication/controller.go:reconcileReplication). Neither is ever set back. A single member has no
 * such record.
 */
function wasReady(o: KubeObject): boolean | undefined {
  if (o.spec?.galera?.enabled) return hasCondition(o.status?.conditions, 'GaleraConfigured', 'True');
  if (o.spec?.replication?.enabled) return hasCondition(o.status?.conditions, 'ReplicationConfigured', 'True');
  return undefined;
}

/**
 * A clone whose restore has not finished. `bootstrapFrom` stays in the spec, so the restore's own condition says
 * when it is done: binlogs replayed or their replay skipped for a point-in-time clone
 * (api/v1alpha1/mariadb_types.go:HasPendingBinlogReplay), the backup restored otherwise (BackupRestored True:
 * backup_restored.go:SetRestoredBackup for a logical backup, SetRestoredPhysicalBackup for a physical one). Until then
 * the cluster's pods start for the restore: a logical one runs once they are all ready (mariadb_controller.go:
 * reconcileRestore), binlogs are replayed on top of a physical one (mariadb_controller_pitr.go:shouldReconcilePITR).
 */
function restoring(o: KubeObject): boolean {
  const from = o.spec?.bootstrapFrom;
  if (!from) return false;
  return !hasCondition(o.status?.conditions, from.pointInTimeRecoveryRef ? 'BinlogsReplayed' : 'BackupRestored', 'True');
}

/**
 * The phase of a MariaDB: the table's, with what the rest of the object says.
 * - The library pauses a single member by scaling it to 0 (cluster.ts:mariadbSpec): the StatefulSet then has no pod
 *   and Ready says StatefulSetNotReady (SetReadyWithMariaDB).
 * - A clone is Restoring until its restore is done, through the states of a start (`restoring`).
 * - SwitchPrimary with a member missing is a failover (pod_replication_controller.go:ReconcilePodNotReady moves the
 *   primary away from a pod that is not ready); with every member ready it is the planned switch of an update.
 * - A reconcile error with members still ready leaves them serving: Degraded, not Failed (reconcileStatus wrote the
 *   count earlier in the same reconcile).
 */
function phase(o: KubeObject, state: string, members: Count | undefined): Phase {
  if (o.spec?.replicas === 0) return 'Paused';
  const table = phaseOf(MARIADB_STATES, state);
  if ((table === 'Provisioning' || table === 'Ready') && restoring(o)) return 'Restoring';
  if (state === 'SwitchPrimary' && members !== undefined && members.ready < members.desired) return 'Degraded';
  if (state === 'Failed' && (members?.ready ?? 0) > 0) return 'Degraded';
  return table;
}

/**
 * How the MariaDB operator reports a MariaDB and the PhysicalBackups its schedules run.
 *
 * Members are `status.replicas`, the MariaDB StatefulSet's `readyReplicas` (reconcileStatus; omitted when 0), out of
 * `spec.replicas`. MaxScale is an object of its own (its ready pods are the MaxScale's `status.replicas`,
 * maxscale_controller_status.go), so it is no component here. No engine version is reported: the status holds none
 * of the pods' (`status.defaultVersion` is the operator's MARIADB_DEFAULT_VERSION, written on every reconcile, for
 * images without a tag), and `spec.image` is what is asked, not what runs.
 *
 * A PhysicalBackup carries no completion time. With JobComplete (SnapshotComplete) every Job (VolumeSnapshot) it
 * lists is complete, the newest too, which the operator created at `status.lastScheduleTime`
 * (physicalbackup_controller_job.go:createJob, physicalbackup_controller_snapshot.go:scheduleSnapshot): a backup
 * completed at that time or later, so that time never claims a fresher backup than there is (unless creating that
 * Job failed: the operator then waits for the next scheduled time). The condition's lastTransitionTime is no
 * completion time: it also moves when the MariaDB turns Ready again after "MariaDB not ready"
 * (physicalbackup_controller.go:Reconcile).
 */
export const MARIADB_STATUS: OperatorStatusMapping = {
  name: 'MariaDB',
  cluster: { group: GROUP, version: 'v1alpha1', kind: 'MariaDB', plural: 'mariadbs' },
  backup: { group: GROUP, version: 'v1alpha1', kind: 'PhysicalBackup', plural: 'physicalbackups' },
  backupReport: (b) => {
    const backupPhase = backupPhaseOf(MARIADB_BACKUP_STATES, conditionOf(b, 'Complete')?.reason ?? '');
    return {
      cluster: str(b.spec?.mariaDbRef?.name),
      phase: backupPhase,
      completedAt: backupPhase === 'Succeeded' ? str(b.status?.lastScheduleTime) : undefined,
    };
  },
  report: (o) => {
    const state = str(conditionOf(o, 'Ready')?.reason) ?? '';
    const members = count(o.status?.replicas, o.spec?.replicas);
    return { state, phase: phase(o, state, members), members, wasReady: wasReady(o) };
  },
};
