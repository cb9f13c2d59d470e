/**
 * OpenEverest operator 1.12.0: each provider's Status() (internal/controller/everest/providers/<engine>/provider.go)
 * copies the upstream state, host and summed counts (`ready`/`size` add proxies, routers and config servers), and the
 * whole upstream status into `status.details` as YAML (common/helper.go:StatusAsPlainTextOrEmptyString,
 * gopkg.in/yaml.v3: Go field names in lower case, embedded structs under their type's name, nothing omitted);
 * databasecluster_controller.go:reconcileDBStatus writes it, observeDataImportState and Reconcile override the state.
 */
import * as YAML from 'yaml';
import { condition, OperatorCases, StateCase, T1, T2, T3 } from './support';
import { DatabaseEngine, MongodbVersion, MysqlVersion, Operator, PostgresVersion } from '../../../src';

type Obj = { [key: string]: any };

/** A DatabaseCluster status around the upstream one (as yaml.v3 writes it into `details`). */
function everestStatus(state: string, upstream: Obj, counts: { ready: number; size: number }, port: number, hostname: string, extra: Obj = {}): Obj {
  return { status: state, hostname, port, ...counts, crVersion: extra.crVersion ?? '1.18.0', details: YAML.stringify(upstream), observedGeneration: 1, ...extra };
}

/** pkg/apis/pxc/v1 AppStatus through yaml.v3: the embedded ComponentStatus nests under `componentstatus`. */
function pxcApp(status: string, ready: number, version = ''): Obj {
  return { componentstatus: { status, message: '', version, image: '', labelselectorpath: '' }, size: 3, ready };
}

/** A PerconaXtraDBClusterStatus through yaml.v3 (`Status` is the state; `Messages` becomes `messages`). */
function pxcUpstream(state: string, pxc: Obj, haproxy: Obj, conditions: string[]): Obj {
  // A new object each time: the YAML writer would make shared ones anchors, which yaml.v3 never writes for a struct.
  const empty = () => ({ status: '', message: '', version: '', image: '', labelselectorpath: '' });
  return {
    pxc,
    pxcreplication: null,
    proxysql: { componentstatus: empty(), size: 0, ready: 0 },
    haproxy,
    backup: empty(),
    pmm: empty(),
    logcollector: empty(),
    host: 'orders-haproxy.shop',
    messages: [],
    status: state,
    conditions: conditions.map((type) => ({ status: 'True', type, lasttransitiontime: {}, reason: '', message: '' })),
    observedgeneration: 1,
    size: pxc.size + haproxy.size,
    ready: pxc.ready + haproxy.ready,
  };
}

const MYSQL_STATES: StateCase[] = [
  {
    state: '',
    situation: 'never reconciled',
    source: 'nothing written yet',
    expect: { phase: 'Provisioning', ready: '0/3', proxies: 'haproxy 0/3' },
  },
  {
    state: 'creating',
    situation: 'PXC has written no state yet',
    source: 'providers/pxc/provider.go:Status (AppState.WithCreatingState)',
    status: { status: 'creating', port: 3306, crVersion: '1.18.0', details: YAML.stringify(pxcUpstream('', pxcApp('', 0), pxcApp('', 0), [])), observedGeneration: 1 },
    expect: { phase: 'Provisioning', ready: '0/3' },
  },
  {
    state: 'initializing',
    situation: 'a first start',
    source: 'providers/pxc/provider.go:Status (PXC initializing)',
    status: everestStatus('initializing', pxcUpstream('initializing', pxcApp('initializing', 1), pxcApp('initializing', 0), ['initializing']),
      { ready: 1, size: 6 }, 3306, 'orders-haproxy.shop'),
    expect: { phase: 'Provisioning', ready: '1/3', proxies: 'haproxy 0/3' },
  },
  {
    state: 'ready',
    situation: 'every member and proxy ready: `ready` 6 counts HAProxy too',
    source: 'providers/pxc/provider.go:Status',
    status: everestStatus('ready', pxcUpstream('ready', pxcApp('ready', 3, '8.0.42-33.1'), pxcApp('ready', 3), ['initializing', 'ready']),
      { ready: 6, size: 6 }, 3306, 'orders-haproxy.shop'),
    expect: { phase: 'Ready', ready: '3/3', proxies: 'haproxy 3/3', engineVersion: '8.0.42-33.1' },
  },
  {
    state: 'initializing',
    situation: 'a node lost after Ready (first seen now: PXC\'s condition history says it was ready)',
    source: 'providers/pxc/provider.go:Status (PXC initializing)',
    status: everestStatus('initializing', pxcUpstream('initializing', pxcApp('initializing', 2, '8.0.42-33.1'), pxcApp('initializing', 2), ['initializing', 'ready', 'initializing']),
      { ready: 4, size: 6 }, 3306, 'orders-haproxy.shop'),
    expect: { phase: 'Degraded', ready: '2/3', proxies: 'haproxy 2/3' },
  },
  {
    state: 'error',
    situation: 'PXC failed a reconcile while serving',
    source: 'providers/pxc/provider.go:Status (PXC error)',
    status: everestStatus('error', pxcUpstream('error', pxcApp('ready', 3, '8.0.42-33.1'), pxcApp('ready', 3), ['initializing', 'ready', 'error']),
      { ready: 6, size: 6 }, 3306, 'orders-haproxy.shop', { message: 'Error: reconcile users' }),
    previousPhase: 'Ready',
    expect: { phase: 'Degraded', ready: '3/3' },
  },
  {
    state: 'error',
    situation: 'the data import failed',
    source: 'databasecluster_controller.go:observeDataImportState',
    status: everestStatus('error', pxcUpstream('ready', pxcApp('ready', 3, '8.0.42-33.1'), pxcApp('ready', 3), ['initializing', 'ready']),
      { ready: 6, size: 6 }, 3306, 'orders-haproxy.shop', {
        message: 'Data import job failed',
        dataImportJobName: 'orders-import',
        conditions: [condition('ImportFailed', 'True', 'DataImportJobFailed', '', T2)],
      }),
    expect: { phase: 'Failed', ready: '3/3' },
  },
  {
    state: 'importing',
    situation: 'a data import job runs',
    source: 'databasecluster_controller.go:observeDataImportState',
    status: everestStatus('importing', pxcUpstream('ready', pxcApp('ready', 3, '8.0.42-33.1'), pxcApp('ready', 3), ['initializing', 'ready']),
      { ready: 6, size: 6 }, 3306, 'orders-haproxy.shop', { dataImportJobName: 'orders-import' }),
    expect: { phase: 'Restoring', ready: '3/3' },
  },
  {
    state: 'restoring',
    situation: 'a DatabaseClusterRestore runs',
    source: 'providers/pxc/provider.go:Status (common.IsDatabaseClusterRestoreRunning)',
    status: everestStatus('restoring', pxcUpstream('paused', pxcApp('paused', 0, '8.0.42-33.1'), pxcApp('paused', 0), ['initializing', 'ready', 'paused']),
      { ready: 0, size: 6 }, 3306, 'orders-haproxy.shop'),
    previousPhase: 'Ready',
    expect: { phase: 'Restoring', ready: '0/3' },
  },
  {
    state: 'resizingVolumes',
    situation: 'a PVC resize',
    source: 'providers/pxc/provider.go:Status (PVC resize annotation on the PXC object)',
    status: everestStatus('resizingVolumes', pxcUpstream('initializing', pxcApp('ready', 3, '8.0.42-33.1'), pxcApp('ready', 3), ['initializing', 'ready', 'initializing']),
      { ready: 6, size: 6 }, 3306, 'orders-haproxy.shop'),
    previousPhase: 'Ready',
    expect: { phase: 'Upgrading', ready: '3/3' },
  },
  {
    state: 'upgrading',
    situation: 'the engine version in the spec differs from the running one',
    source: 'providers/pxc/provider.go:Status (spec.engine.version != status.pxc.version)',
    status: everestStatus('upgrading', pxcUpstream('initializing', pxcApp('initializing', 2, '8.0.39-30.1'), pxcApp('ready', 3), ['initializing', 'ready', 'initializing']),
      { ready: 5, size: 6 }, 3306, 'orders-haproxy.shop'),
    previousPhase: 'Ready',
    expect: { phase: 'Upgrading', ready: '2/3', engineVersion: '8.0.39-30.1' },
  },
  {
    state: 'stopping',
    situation: 'paused by the user, pods still running',
    source: 'providers/pxc/provider.go:Status (PXC stopping)',
    spec: { paused: true },
    status: everestStatus('stopping', pxcUpstream('stopping', pxcApp('stopping', 1, '8.0.42-33.1'), pxcApp('stopping', 1), ['initializing', 'ready', 'stopping']),
      { ready: 2, size: 6 }, 3306, 'orders-haproxy.shop'),
    previousPhase: 'Ready',
    expect: { phase: 'Paused', ready: '1/3' },
  },
  {
    state: 'paused',
    situation: 'paused by the user',
    source: 'providers/pxc/provider.go:Status (PXC paused)',
    spec: { paused: true },
    status: everestStatus('paused', pxcUpstream('paused', pxcApp('paused', 0, '8.0.42-33.1'), pxcApp('paused', 0), ['initializing', 'ready', 'paused']),
      { ready: 0, size: 6 }, 3306, 'orders-haproxy.shop'),
    expect: { phase: 'Paused', ready: '0/3' },
  },
  {
    state: 'deleting',
    situation: 'being deleted',
    source: 'databasecluster_controller.go:Reconcile (deletionTimestamp)',
    metadata: { deletionTimestamp: T3, finalizers: ['everest.percona.com/upstream-cluster-cleanup'] },
    status: everestStatus('deleting', pxcUpstream('stopping', pxcApp('ready', 3, '8.0.42-33.1'), pxcApp('ready', 3), ['initializing', 'ready', 'stopping']),
      { ready: 6, size: 6 }, 3306, 'orders-haproxy.shop'),
    expect: { phase: 'Deleting' },
  },
];

/** A PerconaServerMongoDBStatus through yaml.v3. */
function psmdbUpstream(state: string, ready: { rs: number[]; cfg: number; mongos: number }): Obj {
  const replset = (n: number) => ({ members: {}, clusterrole: '', initialized: true, addedasshard: true, size: 3, ready: n, status: n === 3 ? 'ready' : 'initializing', message: '' });
  return {
    state,
    mongoversion: '8.0.17-6',
    mongoimage: 'percona/percona-server-mongodb:8.0.17-6',
    message: '',
    conditions: [],
    replsets: { rs0: replset(ready.rs[0]), rs1: replset(ready.rs[1]), cfg: replset(ready.cfg) },
    mongos: { size: 3, ready: ready.mongos, status: ready.mongos === 3 ? 'ready' : 'initializing', message: '' },
    observedgeneration: 1,
    host: 'orders-mongos.shop.svc.cluster.local:27017',
    size: 12,
    ready: ready.rs[0] + ready.rs[1] + ready.cfg + ready.mongos,
  };
}

const MONGODB_STATES: StateCase[] = [
  {
    state: 'ready',
    situation: 'sharded, every member, config server and mongos ready: `ready` 12 counts them all',
    source: 'providers/psmdb/provider.go:Status',
    status: everestStatus('ready', psmdbUpstream('ready', { rs: [3, 3], cfg: 3, mongos: 3 }), { ready: 12, size: 12 }, 27017,
      'orders-mongos.shop.svc.cluster.local:27017', { crVersion: '1.21.2' }),
    expect: {
      phase: 'Ready',
      ready: '6/6',
      proxies: 'mongos 3/3',
      engineVersion: '8.0.17-6',
      components: [{ name: 'mongos', role: 'Router', ready: 3, desired: 3 }, { name: 'cfg', role: 'ConfigServer', ready: 3, desired: 3 }],
    },
  },
  {
    state: 'initializing',
    situation: 'sharded, a node lost after Ready',
    source: 'providers/psmdb/provider.go:Status (PSMDB initializing)',
    status: everestStatus('initializing', psmdbUpstream('initializing', { rs: [2, 3], cfg: 2, mongos: 3 }), { ready: 10, size: 12 }, 27017,
      'orders-mongos.shop.svc.cluster.local:27017', { crVersion: '1.21.2' }),
    previousPhase: 'Ready',
    expect: { phase: 'Degraded', ready: '5/6', proxies: 'mongos 3/3' },
  },
];

/** A PerconaPGClusterStatus through yaml.v3. */
function pgUpstream(state: string, postgres: number, pgbouncer: number): Obj {
  return {
    postgres: { size: 3, ready: postgres, instancesets: [{ name: 'instance1', size: 3, ready: postgres }], version: 17, imageid: '' },
    pgbouncer: { size: 3, ready: pgbouncer },
    state,
    patroniversion: '4.0.6',
    patroni: { status: null, version: '4.0.6' },
    pgbackrest: null,
    host: 'orders-pgbouncer.shop.svc',
    installedcustomextensions: [],
    conditions: [],
    observedgeneration: 1,
  };
}

const POSTGRES_STATES: StateCase[] = [
  {
    state: 'ready',
    situation: 'every instance and PgBouncer ready: `ready` 6 counts PgBouncer too',
    source: 'providers/pg/provider.go:Status (ready = postgres.ready + pgBouncer.ready)',
    status: everestStatus('ready', pgUpstream('ready', 3, 3), { ready: 6, size: 6 }, 5432, 'orders-pgbouncer.shop.svc', { crVersion: '2.8.2' }),
    expect: { phase: 'Ready', ready: '3/3', proxies: 'pgbouncer 3/3', engineVersion: '17' },
  },
  {
    state: 'initializing',
    situation: 'a node lost after Ready',
    source: 'providers/pg/provider.go:Status (PG initializing)',
    status: everestStatus('initializing', pgUpstream('initializing', 2, 3), { ready: 5, size: 6 }, 5432, 'orders-pgbouncer.shop.svc', { crVersion: '2.8.2' }),
    previousPhase: 'Ready',
    expect: { phase: 'Degraded', ready: '2/3', proxies: 'pgbouncer 3/3' },
  },
];

const BACKUP_STATUS = { gaps: false, created: T2, destination: 's3://backups/orders/2026-05-20' };

const BACKUPS: OperatorCases['backups'] = [
  { state: '', situation: 'new, or the upstream backup not found', source: 'databaseclusterbackup_controller.go (nothing written yet)' },
  { state: 'Starting', situation: 'upstream Starting, requested or waiting', source: 'databaseclusterbackup_types.go:GetDBBackupState', status: { ...BACKUP_STATUS, state: 'Starting' } },
  { state: 'Running', situation: 'upstream running', source: 'databaseclusterbackup_types.go:GetDBBackupState', status: { ...BACKUP_STATUS, state: 'Running' } },
  {
    state: 'Succeeded',
    situation: 'upstream Succeeded or ready',
    source: 'databaseclusterbackup_types.go:GetDBBackupState; completed copied from upstream',
    status: { ...BACKUP_STATUS, state: 'Succeeded', completed: T3 },
    completedAt: T3,
  },
  { state: 'Failed', situation: 'upstream Failed or error', source: 'databaseclusterbackup_types.go:GetDBBackupState', status: { ...BACKUP_STATUS, state: 'Failed' } },
  { state: 'Deleting', situation: 'being deleted', source: 'databaseclusterbackup_controller.go (deletionTimestamp)', status: { ...BACKUP_STATUS, state: 'Deleting', completed: T1 } },
];

const BACKUP_KIND = { apiVersion: 'everest.percona.com/v1alpha1', kind: 'DatabaseClusterBackup', spec: { dbClusterName: 'orders', backupStorageName: 's3' } };

export const EVEREST_CASES: ReadonlyArray<OperatorCases> = [
  {
    name: 'OpenEverest MySQL',
    props: { engine: DatabaseEngine.mysql({ version: MysqlVersion.V8_0_42, operator: Operator.EVEREST }) },
    states: MYSQL_STATES,
    backup: BACKUP_KIND,
    backups: BACKUPS,
  },
  {
    name: 'OpenEverest MongoDB sharded',
    props: { engine: DatabaseEngine.mongodb({ version: MongodbVersion.V8_0_17, operator: Operator.EVEREST }), sharding: { shards: 2 } },
    states: MONGODB_STATES,
    backup: BACKUP_KIND,
    backups: BACKUPS,
  },
  {
    name: 'OpenEverest PostgreSQL',
    props: { engine: DatabaseEngine.postgres({ version: PostgresVersion.V17_7, operator: Operator.EVEREST }) },
    states: POSTGRES_STATES,
    backup: BACKUP_KIND,
    backups: BACKUPS,
  },
];
