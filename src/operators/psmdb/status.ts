import { num, OperatorStatusMapping, phaseOf, str } from '../../status-mapping';
import { PERCONA_STATES, perconaBackup } from '../percona/status';

/** How the PSMDB operator reports a PerconaServerMongoDB and its backups. */
export const PSMDB_STATUS: OperatorStatusMapping = {
  name: 'Percona Server for MongoDB',
  cluster: { group: 'psmdb.percona.com', version: 'v1', kind: 'PerconaServerMongoDB', plural: 'perconaservermongodbs' },
  ...perconaBackup('psmdb.percona.com', 'v1', 'PerconaServerMongoDBBackup', 'perconaservermongodbbackups', 'ready', (s) => s.clusterName),
  report: (o) => ({
    state: o.status?.state ?? '',
    phase: phaseOf(PERCONA_STATES, o.status?.state),
    readyMembers: num(o.status?.ready),
    members: num(o.status?.size),
    host: str(o.status?.host),
    engineVersion: str(o.status?.mongoVersion),
  }),
};
