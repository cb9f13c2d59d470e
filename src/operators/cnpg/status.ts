import {
  BackupPhase, backupPhaseOf, count, hasCondition, imageTag, OperatorStatusMapping, Phase, phaseOf, str,
} from '../../status-mapping';

/**
 * `status.phase` of a Cluster: the constants of api/v1/cluster_types.go and two literals, each written through
 * internal/controller/cluster_status.go:RegisterPhase by the function named (internal/controller/ unless said).
 */
export const CNPG_PHASES: Readonly<Record<string, Phase>> = {
  // Before the first reconcile.
  '': 'Provisioning',
  // cluster_create.go:createPrimaryInstance: the first instance's initdb, recovery or pg_basebackup Job.
  'Setting up primary': 'Provisioning',
  // cluster_create.go:joinReplicaInstance and reconcileMissingInstance: a new replica, at a first start and when a
  // lost instance is re-created.
  'Creating a new replica': 'Provisioning',
  // cluster_controller.go:reconcileResources: a pod not active, at a first start and after a loss.
  'Waiting for the instances to become active': 'Provisioning',
  // plugins.go:finalizeReconciliation, cluster_controller.go:handleSwitchover: the end of a successful loop.
  'Cluster in healthy state': 'Ready',
  // replicas.go:reconcileTargetPrimaryForNonReplicaCluster and setPrimaryOnSchedulableNode: a planned switchover.
  'Switchover in progress': 'Upgrading',
  // replicas.go:reconcileTargetPrimaryForNonReplicaCluster and reconcileTargetPrimaryForReplicaCluster: the primary
  // was lost.
  'Failing over': 'Degraded',
  // cluster_upgrade.go:rolloutRequiredInstances, switchPrimary, updatePrimaryPod: a rolling update.
  'Upgrading cluster': 'Upgrading',
  // pkg/reconciler/majorupgrade/reconciler.go:Reconcile.
  'Upgrading Postgres major version': 'Upgrading',
  // cluster_controller.go:handleRollingUpdate: an update waits for the operator's configured delay.
  'Cluster upgrade delayed': 'Upgrading',
  // cluster_upgrade.go:rolloutRequiredInstances (supervised primary update), and the instance manager
  // (internal/management/controller/instance_controller.go:processConfigReloadAndManageRestart): a user must act.
  'Waiting for user action': 'Degraded',
  // cluster_upgrade.go:updatePrimaryPod, cluster_controller.go:reconcileResources, instance_controller.go.
  'Primary instance is being restarted in-place': 'Upgrading',
  // cluster_upgrade.go:updatePrimaryPod and recreatePrimaryInPlace, cluster_controller.go:handleSwitchover.
  'Primary instance is being restarted without a switchover': 'Upgrading',
  // cluster_controller.go:Reconcile: the operator stops reconciling the cluster until this is fixed.
  'Cluster cannot proceed to reconciliation due to an unknown plugin being required': 'Failed',
  'Cluster cannot proceed to reconciliation due to an error while interacting with plugins': 'Failed',
  // cluster_image.go:reconcileImage, majorupgrade/reconciler.go:Reconcile and majorVersionUpgradeHandleCompletion.
  'Cluster has incomplete or invalid image catalog': 'Failed',
  // cluster_create.go:createPrimaryInstance, cluster_controller.go:reconcile and reconcileResources,
  // instance_controller.go:Reconcile.
  'Cluster is unrecoverable and needs manual intervention': 'Failed',
  // cluster_upgrade.go:upgradeInstanceManager.
  'Cluster cannot execute instance online upgrade due to missing architecture binary': 'Failed',
  // cluster_upgrade.go:upgradeInstanceManager, cluster_controller.go:handleRollingUpdate: a new instance manager.
  'Online upgrade in progress': 'Upgrading',
  // instance_controller.go:processConfigReloadAndManageRestart and triggerRestartForDecrease.
  'Applying configuration': 'Upgrading',
  // cluster_controller.go:reconcile, instance_controller.go:reconcilePrimary: a replica cluster being promoted.
  'Promoting to primary cluster': 'Upgrading',
  // cluster_controller.go:reconcile.
  'Unable to create required cluster objects': 'Failed',
  // api/v1/cluster_funcs.go:SetAdmissionError: the admission guard refused the definition.
  'Invalid cluster definition': 'Failed',
  // cluster_controller.go:ensureNoFailoverOnFullDisk: PostgreSQL stopped on a full volume.
  'Not enough disk space': 'Failed',
  // cluster_controller.go:reconcile: no ready instance answered the operator; the instances may still serve.
  'Instance Status Extraction Error: HTTP communication issue': 'Degraded',
};

/** `status.phase` of a Backup (api/v1/backup_types.go). */
export const CNPG_BACKUP_PHASES: Readonly<Record<string, BackupPhase>> = {
  // Not reconciled yet.
  '': 'Pending',
  // internal/controller/backup_controller.go (SetAsPending): the cluster or its target pod is not ready, or
  // another backup runs.
  'pending': 'Pending',
  // backup_controller.go (SetAsStarted): the instance manager got the request.
  'started': 'Running',
  // pkg/management/postgres/backup.go: an in-tree Barman backup runs (plugin backups never enter it).
  'running': 'Running',
  // pkg/reconciler/backup/volumesnapshot/reconciler.go (SetAsFinalizing): snapshots taken, not yet ready.
  'finalizing': 'Running',
  // pkg/management/postgres/webserver/plugin_backup.go, postgres/backup.go, volumesnapshot/reconciler.go
  // (SetAsCompleted).
  'completed': 'Succeeded',
  // pkg/resources/status/backup.go:FlagBackupAsFailed and others (SetAsFailed).
  'failed': 'Failed',
  // pkg/management/postgres/backup.go: WAL archiving fails, so the backup cannot be consistent.
  'walArchivingFailing': 'Failed',
  // api/v1/backup_funcs.go: the admission guard refused the definition.
  'invalid backup definition': 'Failed',
};

/**
 * How CloudNativePG reports a Cluster and its Backups. The members are `status.readyInstances` out of
 * `spec.instances`; the Pooler is an object of its own whose status counts no ready pods (api/v1/pooler_types.go:
 * PoolerStatus.Instances is its Deployment's `status.replicas`), so it is not a component here. CloudNativePG keeps
 * no record that tells a first start from a loss: its `Initialized` condition turns true once the first instance has
 * a volume (internal/controller/cluster_status.go), before the cluster is ever healthy.
 */
export const CNPG_STATUS: OperatorStatusMapping = {
  name: 'CloudNativePG',
  cluster: { group: 'postgresql.cnpg.io', version: 'v1', kind: 'Cluster', plural: 'clusters' },
  backup: { group: 'postgresql.cnpg.io', version: 'v1', kind: 'Backup', plural: 'backups' },
  backupReport: (b) => ({
    cluster: str(b.spec?.cluster?.name),
    phase: backupPhaseOf(CNPG_BACKUP_PHASES, b.status?.phase),
    // A plugin may return no stop time (plugin_backup.go); SetAsCompleted always sets reconciliationTerminatedAt.
    completedAt: str(b.status?.stoppedAt) ?? str(b.status?.reconciliationTerminatedAt),
  }),
  report: (o) => {
    let phase = phaseOf(CNPG_PHASES, o.status?.phase);
    // pkg/reconciler/hibernation/status.go:EnrichStatus: the condition exists while the hibernation annotation is
    // `on` (waiting for a healthy cluster, deleting pods, hibernated); the phase keeps saying what it said before. (The Ready condition follows the phase: RegisterPhase rewrites both.)
    if (hasCondition(o.status?.conditions, 'cnpg.io/hibernation')) phase = 'Paused';
    else if (phase === 'Provisioning' && o.spec?.bootstrap?.recovery) phase = 'Restoring';
    return {
      state: o.status?.phase ?? '',
      phase,
      members: count(o.status?.readyInstances, o.spec?.instances),
      // The image the cluster asked for (status.image follows spec before the rollout ends).
      engineVersion: imageTag(o.status?.image),
    };
  },
};
