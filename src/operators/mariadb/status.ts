import { BackupPhase, backupPhaseOf, count, hasCondition, imageTag, KubeObject, OperatorStatusMapping, Phase, phaseOf, str } from '../../status-mapping';

const GROUP = 'k8s.mariadb.com';

/**
 * The MariaDB's state is the reason of its Ready condition (pkg/condition/ready.go:SetReadyWithMariaDB and the
 * phases that own Ready while they run, api/v1alpha1/condition_types.go).
 */
const MARIADB_STATES: Record<string, Phase> = {
  StatefulSetReady: 'Ready',
  // A new revision is waiting for its rollout: serving.
  PendingUpdate: 'Ready',
  Maintenance: 'Ready',
  Cordoned: 'Paused',
  Suspended: 'Paused',
  Initializing: 'Provisioning',
  GaleraNotReady: 'Degraded',
  SwitchPrimary: 'Degraded',
  ReplicaRecovering: 'Degraded',
  ArchiveBinlogsError: 'Degraded',
  Updating: 'Upgrading',
  ScalingOut: 'Upgrading',
  ResizingStorage: 'Upgrading',
  WaitStorageResize: 'Upgrading',
  RestoreBackup: 'Restoring',
  ReplayBinlogs: 'Restoring',
  InitError: 'Failed',
  ScaleOutError: 'Failed',
  ReplicaRecoverError: 'Failed',
  ReplayBinlogsError: 'Failed',
  Failed: 'Failed',
};

const conditionOf = (o: KubeObject, type: string): KubeObject | undefined => (o.status?.conditions ?? []).find((c: KubeObject) => c.type === type);

/** Galera or replication has been configured: their conditions turn True once and stay (the operator's record of a start). */
const wasConfigured = (o: KubeObject): boolean => ['GaleraConfigured', 'ReplicationConfigured'].some((t) => hasCondition(o.status?.conditions, t, 'True'));

/**
 * A PhysicalBackup's Complete condition (pkg/condition/complete.go): False with reason JobRunning while a Job runs,
 * True with JobComplete or JobFailed when it ends.
 */
const PHYSICAL_BACKUP_REASONS: Record<string, BackupPhase> = {
  JobComplete: 'Succeeded',
  JobFailed: 'Failed',
  JobRunning: 'Running',
};

/**
 * The phase of a MariaDB. `StatefulSetNotReady` is both a first start and a lost member: once Galera or replication
 * has been configured (their conditions turn True once and stay) it is a member down. A single-member cluster
 * paused by the library has no pods at all (spec.replicas 0).
 */
function phase(o: KubeObject): Phase {
  const reason = str(conditionOf(o, 'Ready')?.reason) ?? '';
  if (o.spec?.replicas === 0) return 'Paused';
  if (reason === 'StatefulSetNotReady' || reason === '') {
    if (wasConfigured(o)) return 'Degraded';
    return o.spec?.bootstrapFrom ? 'Restoring' : 'Provisioning';
  }
  return phaseOf(MARIADB_STATES, reason);
}

/**
 * How the MariaDB operator reports a MariaDB and its scheduled backups. The backups the schedules promise are
 * PhysicalBackups; their status has no completion time, so a PhysicalBackup counts as completed when its Complete
 * condition last turned True with reason JobComplete (pkg/condition/complete.go; JobFailed is True too, and a run
 * in progress turns it False until it ends).
 */
export const MARIADB_STATUS: OperatorStatusMapping = {
  name: 'MariaDB',
  cluster: { group: GROUP, version: 'v1alpha1', kind: 'MariaDB', plural: 'mariadbs' },
  backup: { group: GROUP, version: 'v1alpha1', kind: 'PhysicalBackup', plural: 'physicalbackups' },
  backupReport: (b) => {
    const complete = conditionOf(b, 'Complete');
    const backupPhase = complete ? backupPhaseOf(PHYSICAL_BACKUP_REASONS, complete.reason) : 'Pending';
    return {
      cluster: str(b.spec?.mariaDbRef?.name),
      phase: backupPhase,
      completedAt: backupPhase === 'Succeeded' ? str(complete?.lastTransitionTime) : undefined,
    };
  },
  report: (o) => ({
    state: str(conditionOf(o, 'Ready')?.reason) ?? '',
    phase: phase(o),
    // Ready database pods (the StatefulSet's readyReplicas) out of spec.replicas; MaxScale's pods are the MaxScale's.
    members: count(o.status?.replicas, o.spec?.replicas),
    // The desired version: the status only carries the operator's default (status.defaultVersion).
    engineVersion: imageTag(o.spec?.image),
    wasReady: wasConfigured(o),
  }),
};
