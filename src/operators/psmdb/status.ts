import {
  BackupPhase, component, count, Count, KubeObject, OperatorStatusMapping, Phase, phaseOf, str, sum,
} from '../../status-mapping';
import { perconaBackupReport, servingDespiteError } from '../percona/status';

/**
 * `status.state` of a PerconaServerMongoDB (AppState, pkg/apis/psmdb/v1/psmdb_types.go), written by
 * pkg/controller/perconaservermongodb/status.go:updateStatus.
 */
export const PSMDB_STATES: Readonly<Record<string, Phase>> = {
  // Before the operator's first status write (updateStatus itself writes `initializing` for AppStateNone).
  '': 'Provisioning',
  // updateStatus's default: a replica set or mongos pod not ready, a StatefulSet rolling, the replica set not yet
  // initiated or a restore running (reconcileCluster), a PVC resize (rsStatus). A first start and a lost member alike.
  'initializing': 'Provisioning',
  // No StatefulSet rolling, every replica set (and mongos) ready, the replica sets configured, a host.
  'ready': 'Ready',
  // updateStatus: the reconcile failed (see servingDespiteError).
  'error': 'Failed',
  // updateStatus: `spec.pause` with pods still ready, or the cluster being deleted (shown as Deleting).
  'stopping': 'Paused',
  // updateStatus: every replica set (and mongos) paused.
  'paused': 'Paused',
};

/** `status.state` of a PerconaServerMongoDBBackup (BackupState, pkg/apis/psmdb/v1/perconaservermongodbbackup_types.go). */
export const PSMDB_BACKUP_STATES: Readonly<Record<string, BackupPhase>> = {
  // New: nothing written yet.
  '': 'Pending',
  // pkg/controller/perconaservermongodbbackup/psmdb_backup_controller.go:reconcile: another backup or restore, or
  // the lease, comes first.
  'waiting': 'Pending',
  // backup.go:Start sent the command; backup.go:Status while PBM reports `starting`.
  'requested': 'Running',
  // backup.go:Status: any other PBM status.
  'running': 'Running',
  // backup.go:Status: PBM `done`, with `status.completed` its last transition.
  'ready': 'Succeeded',
  // backup.go:Status: PBM `error` or a start past its deadline; Reconcile: any error.
  'error': 'Failed',
};

/** The config server replica set's name (api.ConfigReplSetName). */
const CONFIG_REPLSET = 'cfg';

/** Pods of a replica set as psmdb_types.go:ReplsetSpec.GetSize counts them: members, arbiter, non-voting, hidden. */
function replsetSize(rs: KubeObject | undefined): number | undefined {
  if (typeof rs?.size !== 'number') return undefined;
  const extra = (part: KubeObject | undefined) => (part?.enabled === true && typeof part.size === 'number' ? part.size : 0);
  return rs.size + extra(rs.arbiter) + extra(rs.nonvoting) + extra(rs.hidden);
}

/** A replica set's ready pods (status.go:rsStatus: pods ContainersReady) out of its spec's size. */
function replset(o: KubeObject, spec: KubeObject | undefined): Count | undefined {
  return count(o.status?.replsets?.[spec?.name]?.ready, replsetSize(spec));
}

/**
 * How the PSMDB operator reports a PerconaServerMongoDB and its backups. `status.ready`/`status.size` sum every
 * replica set, the config servers and mongos (status.go:updateStatus); the members are the data replica sets'
 * pods (`status.replsets.<rs>`), the config servers and mongos are components. PSMDB keeps no record that tells a
 * first start from a loss: its `ready` condition is also written when one replica set turns ready
 * (updateStatus, reason `RSReady`).
 */
export const PSMDB_STATUS: OperatorStatusMapping = {
  name: 'Percona Server for MongoDB',
  cluster: { group: 'psmdb.percona.com', version: 'v1', kind: 'PerconaServerMongoDB', plural: 'perconaservermongodbs' },
  backup: { group: 'psmdb.percona.com', version: 'v1', kind: 'PerconaServerMongoDBBackup', plural: 'perconaservermongodbbackups' },
  backupReport: perconaBackupReport(PSMDB_BACKUP_STATES, 'clusterName'),
  report: (o) => {
    const sharding = o.spec?.sharding?.enabled === true ? o.spec.sharding : undefined;
    const members = sum((o.spec?.replsets ?? []).map((rs: KubeObject) => replset(o, rs)));
    return {
      state: o.status?.state ?? '',
      phase: servingDespiteError(phaseOf(PSMDB_STATES, o.status?.state), o.status?.state, members),
      members,
      components: sharding ? [
        // status.go:mongosStatus: ready mongos pods; ready only when as many as `mongos.size`.
        ...component('mongos', 'Router', count(o.status?.mongos?.ready, sharding.mongos?.size)),
        ...component(CONFIG_REPLSET, 'ConfigServer', replset(o, { ...sharding.configsvrReplSet, name: CONFIG_REPLSET })),
      ] : [],
      engineVersion: str(o.status?.mongoVersion),
    };
  },
};
