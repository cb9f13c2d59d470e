import { BackupPhase, component, count, hasCondition, KubeObject, OperatorStatusMapping, Phase, phaseOf, str } from '../../status-mapping';
import { perconaBackupReport, servingDespiteError } from '../percona/status';

/**
 * `status.state` of a PerconaXtraDBCluster (AppState, pkg/apis/pxc/v1/pxc_types.go), written by
 * pkg/controller/pxc/status.go:updateStatus through pxc_types.go:ClusterStatus.
 */
export const PXC_STATES: Readonly<Record<string, Phase>> = {
  // Before the operator's first status write.
  '': 'Provisioning',
  // ClusterStatus's default: a PXC or proxy pod not ready (appStatus), a StatefulSet rolling (upgradeInProgress),
  // no host yet; updateStatus also forces it while a PVC resize runs. A first start and a lost member alike.
  'initializing': 'Provisioning',
  // Every PXC and proxy pod ready on the StatefulSet's current revision, and a host.
  'ready': 'Ready',
  // updateStatus: the reconcile failed (see servingDespiteError).
  'error': 'Failed',
  // appStatus: `spec.pause` and no pod ready any more.
  'paused': 'Paused',
  // ClusterStatus: `spec.pause` with pods still ready, or the cluster being deleted (then the reconciler shows
  // Deleting from metadata.deletionTimestamp).
  'stopping': 'Paused',
};

/** `status.state` of a PerconaXtraDBClusterBackup (PXCBackupState, pkg/apis/pxc/v1/pxc_backup_types.go). */
export const PXC_BACKUP_STATES: Readonly<Record<string, BackupPhase>> = {
  // New, or waiting for a ready cluster or the backup lock (pkg/controller/pxcbackup/controller.go:Reconcile).
  '': 'Pending',
  // suspendJobIfNeeded: the Job is suspended while the cluster is not ready.
  'Suspended': 'Pending',
  // updateJobStatus: the Job exists (resumeJobIfNeeded also writes Starting), then runs (`active == 1`).
  'Starting': 'Running',
  'Running': 'Running',
  // updateJobStatus: the Job's Complete condition, with `status.completed` its completionTime.
  'Succeeded': 'Succeeded',
  // updateJobStatus: the Job's Failed condition; setFailedStatus: any error before.
  'Failed': 'Failed',
};

/** A PXC component's `status.<component>` ready count out of the spec's size, when the spec enables it. */
function proxy(o: KubeObject, name: 'haproxy' | 'proxysql') {
  const spec = o.spec?.[name];
  return spec?.enabled === true ? component(name, 'Proxy', count(o.status?.[name]?.ready, spec.size)) : [];
}

/**
 * How the PXC operator reports a PerconaXtraDBCluster and its backups. `status.ready`/`status.size` sum PXC and proxy
 * pods (status.go:updateStatus); the members are `status.pxc.ready` (pods ContainersReady on the StatefulSet's update
 * revision, not waiting for recovery: status.go:appStatus) out of `spec.pxc.size`.
 */
export const PXC_STATUS: OperatorStatusMapping = {
  name: 'Percona XtraDB Cluster',
  cluster: { group: 'pxc.percona.com', version: 'v1', kind: 'PerconaXtraDBCluster', plural: 'perconaxtradbclusters' },
  backup: { group: 'pxc.percona.com', version: 'v1', kind: 'PerconaXtraDBClusterBackup', plural: 'perconaxtradbclusterbackups' },
  backupReport: perconaBackupReport(PXC_BACKUP_STATES, 'pxcCluster'),
  report: (o) => {
    const members = count(o.status?.pxc?.ready, o.spec?.pxc?.size);
    return {
      state: o.status?.state ?? '',
      phase: servingDespiteError(phaseOf(PXC_STATES, o.status?.state), o.status?.state, members),
      members,
      components: [...proxy(o, 'haproxy'), ...proxy(o, 'proxysql')],
      engineVersion: str(o.status?.pxc?.version),
      // updateStatus appends a condition of the cluster's state on every change (AddCondition keeps the last 20):
      // a `ready` one means the cluster was Ready before.
      wasReady: hasCondition(o.status?.conditions, 'ready'),
    };
  },
};
