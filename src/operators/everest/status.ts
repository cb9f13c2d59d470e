import { num, OperatorStatusMapping, Phase, phaseOf, str } from '../../status-mapping';
import { perconaBackup } from '../percona/status';

/** OpenEverest's `status.status` (api/v1alpha1 AppState). */
const EVEREST_STATES: Record<string, Phase> = {
  '': 'Provisioning',
  'unknown': 'Provisioning',
  'creating': 'Provisioning',
  'initializing': 'Provisioning',
  'resuming': 'Provisioning',
  'ready': 'Ready',
  'error': 'Failed',
  'pausing': 'Paused',
  'stopping': 'Paused',
  'paused': 'Paused',
  'restoring': 'Restoring',
  'upgrading': 'Upgrading',
  'resizingVolumes': 'Upgrading',
  'deleting': 'Deleting',
};

/** How OpenEverest reports a DatabaseCluster and its DatabaseClusterBackups. */
export const EVEREST_STATUS: OperatorStatusMapping = {
  name: 'OpenEverest',
  cluster: { group: 'everest.percona.com', version: 'v1alpha1', kind: 'DatabaseCluster', plural: 'databaseclusters' },
  ...perconaBackup('everest.percona.com', 'v1alpha1', 'DatabaseClusterBackup', 'databaseclusterbackups', 'Succeeded', (s) => s.dbClusterName),
  report: (o) => ({
    state: o.status?.status ?? '',
    phase: phaseOf(EVEREST_STATES, o.status?.status),
    readyMembers: num(o.status?.ready),
    members: num(o.status?.size),
    host: str(o.status?.hostname),
    port: num(o.status?.port),
    // Everest reports no running engine version.
  }),
};
