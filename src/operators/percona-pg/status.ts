import { num, OperatorStatusMapping, phaseOf, str } from '../../status-mapping';
import { PERCONA_STATES, perconaBackup } from '../percona/status';

/** How the Percona PostgreSQL operator reports a PerconaPGCluster and its backups. */
export const PERCONA_PG_STATUS: OperatorStatusMapping = {
  name: 'Percona Operator for PostgreSQL',
  cluster: { group: 'pgv2.percona.com', version: 'v2', kind: 'PerconaPGCluster', plural: 'perconapgclusters' },
  ...perconaBackup('pgv2.percona.com', 'v2', 'PerconaPGBackup', 'perconapgbackups', 'Succeeded', (s) => s.pgCluster),
  report: (o) => ({
    state: o.status?.state ?? '',
    phase: phaseOf(PERCONA_STATES, o.status?.state),
    readyMembers: num(o.status?.postgres?.ready),
    members: num(o.status?.postgres?.size),
    host: str(o.status?.host),
    // The operator reports the major version only.
    engineVersion: num(o.status?.postgres?.version)?.toString(),
  }),
};
