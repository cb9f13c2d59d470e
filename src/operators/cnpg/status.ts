import { imageTag, KubeObject, num, OperatorStatusMapping, Phase, phaseOf, str } from '../../status-mapping';

/** CloudNativePG's `status.phase` strings (api/v1 cluster_types.go). */
const CNPG_PHASES: Record<string, Phase> = {
  '': 'Provisioning',
  'Setting up primary': 'Provisioning',
  'Creating a new replica': 'Provisioning',
  'Waiting for the instances to become active': 'Provisioning',
  'Cluster in healthy state': 'Ready',
  'Switchover in progress': 'Degraded',
  'Failing over': 'Degraded',
  'Waiting for user action': 'Degraded',
  'Promoting to primary cluster': 'Degraded',
  'Upgrading cluster': 'Upgrading',
  'Upgrading Postgres major version': 'Upgrading',
  'Cluster upgrade delayed': 'Upgrading',
  'Online upgrade in progress': 'Upgrading',
  'Applying configuration': 'Upgrading',
  'Primary instance is being restarted in-place': 'Upgrading',
  'Primary instance is being restarted without a switchover': 'Upgrading',
  'Cluster is unrecoverable and needs manual intervention': 'Failed',
  'Unable to create required cluster objects': 'Failed',
  'Cluster cannot proceed to reconciliation due to an unknown plugin being required': 'Failed',
  'Cluster cannot proceed to reconciliation due to an error while processing the image catalog': 'Failed',
  'Cluster cannot execute instance online upgrade due to missing architecture binary': 'Failed',
  'Not enough disk space': 'Failed',
};

/** How CloudNativePG reports a Cluster and its Backups. */
export const CNPG_STATUS: OperatorStatusMapping = {
  name: 'CloudNativePG',
  cluster: { group: 'postgresql.cnpg.io', version: 'v1', kind: 'Cluster', plural: 'clusters' },
  backup: { group: 'postgresql.cnpg.io', version: 'v1', kind: 'Backup', plural: 'backups' },
  backupCluster: (b) => str(b.spec?.cluster?.name),
  backupCompletedAt: (b) => (b.status?.phase === 'completed' ? str(b.status?.stoppedAt) : undefined),
  report: (o) => {
    const conditions: KubeObject[] = o.status?.conditions ?? [];
    const condition = (type: string) => conditions.find((c) => c.type === type)?.status;
    let phase = phaseOf(CNPG_PHASES, o.status?.phase);
    if (condition('cnpg.io/hibernation') === 'True') phase = 'Paused';
    // The phase string can say healthy while the Ready condition does not (cloudnative-pg#4209).
    else if (phase === 'Ready' && condition('Ready') === 'False') phase = 'Degraded';
    else if (phase === 'Provisioning' && o.spec?.bootstrap?.recovery) phase = 'Restoring';
    const service = str(o.status?.writeService);
    return {
      state: o.status?.phase ?? '',
      phase,
      readyMembers: num(o.status?.readyInstances),
      members: num(o.status?.instances) ?? num(o.spec?.instances),
      host: service && `${service}.${o.metadata?.namespace}.svc`,
      engineVersion: imageTag(o.status?.image),
    };
  },
};
