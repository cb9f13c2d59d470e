import { KubeObject, OperatorStatusMapping, Phase, str } from '../../status-mapping';

/** The state strings of the three Percona operators: `status.state`. */
export const PERCONA_STATES: Record<string, Phase> = {
  '': 'Provisioning',
  'pending': 'Provisioning',
  'initializing': 'Provisioning',
  'ready': 'Ready',
  'error': 'Failed',
  'unknown': 'Degraded',
  'stopping': 'Paused',
  'paused': 'Paused',
};

/** The backup kind of a Percona operator (or Everest): `status.state` and `status.completed`. */
export function perconaBackup(group: string, version: string, kind: string, plural: string, succeeded: string,
  clusterOf: (spec: KubeObject) => unknown): Pick<OperatorStatusMapping, 'backup' | 'backupCluster' | 'backupCompletedAt'> {
  return {
    backup: { group, version, kind, plural },
    backupCluster: (b) => str(clusterOf(b.spec ?? {})),
    backupCompletedAt: (b) => (b.status?.state === succeeded ? str(b.status?.completed) : undefined),
  };
}
