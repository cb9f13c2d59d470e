import { num, OperatorStatusMapping, phaseOf, str } from '../../status-mapping';
import { PERCONA_STATES, perconaBackup } from '../percona/status';

/** How the PXC operator reports a PerconaXtraDBCluster and its backups. */
export const PXC_STATUS: OperatorStatusMapping = {
  name: 'Percona XtraDB Cluster',
  cluster: { group: 'pxc.percona.com', version: 'v1', kind: 'PerconaXtraDBCluster', plural: 'perconaxtradbclusters' },
  ...perconaBackup('pxc.percona.com', 'v1', 'PerconaXtraDBClusterBackup', 'perconaxtradbclusterbackups', 'Succeeded', (s) => s.pxcCluster),
  report: (o) => ({
    state: o.status?.state ?? '',
    phase: phaseOf(PERCONA_STATES, o.status?.state),
    readyMembers: num(o.status?.pxc?.ready),
    members: num(o.status?.pxc?.size) ?? num(o.spec?.pxc?.size),
    host: str(o.status?.host),
    engineVersion: str(o.status?.pxc?.version),
  }),
};
