import { clientServiceOf } from './names';
import { imageTag, KubeObject, num, OperatorStatusMapping, Phase, phaseOf, str } from '../../status-mapping';

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

/**
 * The phase of a MariaDB. `StatefulSetNotReady` is both a first start and a lost member: once Galera or replication
 * has been configured (their conditions turn True once and stay) it is a member down. A single-member cluster
 * paused by the library has no pods at all (spec.replicas 0).
 */
function phase(o: KubeObject): Phase {
  const reason = str(conditionOf(o, 'Ready')?.reason) ?? '';
  if (o.spec?.replicas === 0) return 'Paused';
  if (reason === 'StatefulSetNotReady' || reason === '') {
    const configured = ['GaleraConfigured', 'ReplicationConfigured'].some((t) => conditionOf(o, t)?.status === 'True');
    if (configured) return 'Degraded';
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
  backupCluster: (b) => str(b.spec?.mariaDbRef?.name),
  backupCompletedAt: (b) => {
    const complete = conditionOf(b, 'Complete');
    return complete?.status === 'True' && complete.reason === 'JobComplete' ? str(complete.lastTransitionTime) : undefined;
  },
  report: (o) => ({
    state: str(conditionOf(o, 'Ready')?.reason) ?? '',
    phase: phase(o),
    // Ready database pods only (the StatefulSet's readyReplicas); MaxScale's are counted on the MaxScale.
    readyMembers: num(o.status?.replicas),
    members: num(o.spec?.replicas),
    // No endpoint in the status: the Service the library hands out, as the operator names it (mariadb_keys.go).
    host: `${clientServiceOf(o)}.${o.metadata?.namespace}.svc`,
    port: num(o.spec?.port) ?? 3306,
    // The desired version: the status only carries the operator's default (status.defaultVersion).
    engineVersion: imageTag(o.spec?.image),
  }),
};
