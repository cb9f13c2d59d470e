/**
 * Percona Server for MongoDB operator 1.21.2: pkg/controller/perconaservermongodb/status.go:updateStatus writes the
 * PerconaServerMongoDBStatus (pkg/apis/psmdb/v1/psmdb_types.go): per replica set `size` (ReplsetSpec.GetSize) and
 * `ready` (rsStatus: pods ContainersReady), mongos (mongosStatus) when sharded, `status.size`/`status.ready` the sum
 * of all of them; `host` from connectionEndpoint (per-pod `host:port` list for an exposed replica set, mongos
 * `host:port` when sharded). Conditions: one per type, never removed (AddCondition), also for a replica set turning
 * ready (reason RSReady).
 */
import { OperatorCases, perconaCondition, StateCase, T0, T1, T2, T3 } from './support';
import { DatabaseEngine, MongodbVersion } from '../../../src';

type Obj = { [key: string]: any };

const VERSION = '8.0.17-6';
const IMAGE = `percona/percona-server-mongodb:${VERSION}`;

function replset(status: string, ready: number, extra: Obj = {}): Obj {
  return { size: 3, ready, status, initialized: true, ...extra };
}

function psmdbStatus(state: string, replsets: Obj, host: string, conditions: Obj[], extra: Obj = {}): Obj {
  const parts: Obj[] = [...Object.values(replsets), ...(extra.mongos ? [extra.mongos] : [])];
  return {
    state,
    replsets,
    host,
    conditions,
    observedGeneration: 1,
    size: parts.reduce((n, p) => n + p.size, 0),
    ready: parts.reduce((n, p) => n + p.ready, 0),
    ...extra,
  };
}

const RS_HOSTS = [0, 1, 2].map((i) => `orders-rs0-${i}.orders-rs0.shop.svc.cluster.local:27017`).join(',');
const MONGOS_HOST = 'orders-mongos.shop.svc.cluster.local:27017';
const RUNNING = { mongoVersion: VERSION, mongoImage: IMAGE };
// rs0 turned ready (reason RSReady), then the cluster: AddCondition keeps one `ready` and takes the cluster's reason ('').
const STARTED = [perconaCondition('initializing', T0), perconaCondition('ready', T1, { message: 'rs0: ready' })];

const BACKUPS: OperatorCases['backups'] = [
  { state: '', situation: 'new', source: 'psmdb_backup_controller.go:Reconcile (nothing written yet)' },
  { state: 'waiting', situation: 'another backup holds the lock', source: 'psmdb_backup_controller.go:reconcile', status: { state: 'waiting' } },
  {
    state: 'requested',
    situation: 'the command is sent',
    source: 'perconaservermongodbbackup/backup.go:Start',
    status: { state: 'requested', storageName: 's3', pbmName: '2026-05-20T03:00:00Z', lastTransition: T2, replsetNames: ['rs0'] },
  },
  { state: 'running', situation: 'PBM runs it', source: 'backup.go:Status (any other PBM status)', status: { state: 'running', storageName: 's3', pbmName: '2026-05-20T03:00:00Z', start: T2 } },
  {
    state: 'ready',
    situation: 'PBM done',
    source: 'backup.go:Status (StatusDone: completed is PBM\'s last transition)',
    status: {
      state: 'ready',
      storageName: 's3',
      pbmName: '2026-05-20T03:00:00Z',
      start: T2,
      completed: T3,
      lastWriteAt: T3,
      lastTransition: T3,
      destination: 's3://backups/2026-05-20T03:00:00Z',
      type: 'logical',
      size: '1.20MB',
    },
    completedAt: T3,
  },
  { state: 'error', situation: 'PBM failed', source: 'backup.go:Status (StatusError)', status: { state: 'error', error: 'upload: access denied', storageName: 's3' } },
];

const REPLICA_SET_STATES: StateCase[] = [
  {
    state: '',
    situation: 'created, not reconciled yet',
    source: 'no status before the first updateStatus',
    expect: { phase: 'Provisioning', ready: '0/3' },
  },
  {
    state: 'initializing',
    situation: 'a first start, the replica set not initiated yet',
    source: 'status.go:updateStatus (default), rsStatus',
    status: psmdbStatus('initializing', { rs0: { size: 3, ready: 2, status: 'initializing' } }, RS_HOSTS, [perconaCondition('initializing', T0)]),
    expect: { phase: 'Provisioning', ready: '2/3' },
  },
  {
    state: 'ready',
    situation: 'every member ready',
    source: 'status.go:updateStatus (replsets ready, host set, nothing rolling)',
    status: psmdbStatus('ready', { rs0: replset('ready', 3) }, RS_HOSTS, STARTED, RUNNING),
    expect: { phase: 'Ready', ready: '3/3', engineVersion: VERSION },
  },
  {
    state: 'initializing',
    situation: 'a node lost after Ready',
    source: 'status.go:rsStatus (2 of 3 ContainersReady), updateStatus (default)',
    status: psmdbStatus('initializing', { rs0: replset('initializing', 2) }, RS_HOSTS, STARTED, RUNNING),
    previousPhase: 'Ready',
    expect: { phase: 'Degraded', ready: '2/3' },
  },
  {
    state: 'error',
    situation: 'a reconcile failed while the members serve',
    source: 'status.go:updateStatus (reconcileErr: counts of the last pass kept)',
    status: psmdbStatus('error', { rs0: replset('ready', 3) }, RS_HOSTS,
      [...STARTED, perconaCondition('error', T2, { reason: 'ErrorReconcile', message: 'reconcile replset rs0: dial' })],
      { ...RUNNING, message: 'Error: reconcile replset rs0: dial' }),
    previousPhase: 'Ready',
    expect: { phase: 'Degraded', ready: '3/3' },
  },
  {
    state: 'error',
    situation: 'a first start that fails before any member runs',
    source: 'status.go:updateStatus (reconcileErr)',
    status: { state: 'error', message: 'Error: TLS secrets handler: create', conditions: [perconaCondition('error', T0, { reason: 'ErrorReconcile' })], size: 0, ready: 0 },
    expect: { phase: 'Failed', ready: '0/3' },
  },
  {
    state: 'stopping',
    situation: 'paused by the user, pods still running',
    source: 'status.go:rsStatus (pause with ready pods), updateStatus',
    spec: { pause: true },
    status: psmdbStatus('stopping', { rs0: replset('stopping', 1) }, RS_HOSTS, [...STARTED, perconaCondition('stopping', T2, { reason: 'RSStopping', message: 'rs0: stopping' })], RUNNING),
    previousPhase: 'Ready',
    expect: { phase: 'Paused', ready: '1/3' },
  },
  {
    state: 'paused',
    situation: 'paused by the user, every pod gone',
    source: 'status.go:rsStatus (pause, none ready), updateStatus (every replset paused)',
    spec: { pause: true },
    status: psmdbStatus('paused', { rs0: replset('paused', 0) }, RS_HOSTS, [...STARTED, perconaCondition('paused', T3, { reason: 'RSPaused', message: 'rs0: paused' })], RUNNING),
    expect: { phase: 'Paused', ready: '0/3' },
  },
  {
    state: 'stopping',
    situation: 'being deleted',
    source: 'status.go:updateStatus (deletionTimestamp)',
    metadata: { deletionTimestamp: T3, finalizers: ['percona.com/delete-psmdb-pods-in-order'] },
    status: psmdbStatus('stopping', { rs0: replset('ready', 3) }, RS_HOSTS, [...STARTED, perconaCondition('stopping', T3)], RUNNING),
    expect: { phase: 'Deleting' },
  },
];

const SHARDED_REPLSETS = (ready: number[], status: string[]): Obj => ({
  rs0: replset(status[0], ready[0], { added_as_shard: true, clusterRole: 'shardsvr' }),
  rs1: replset(status[1], ready[1], { added_as_shard: true, clusterRole: 'shardsvr' }),
  cfg: replset(status[2], ready[2], { clusterRole: 'configsvr' }),
});
const mongos = (ready: number, status: string): Obj => ({ mongos: { size: 3, ready, status } });

const SHARDED_STATES: StateCase[] = [
  {
    state: 'initializing',
    situation: 'sharded, a first start: shards and config servers ready, mongos starting',
    source: 'status.go:updateStatus (mongos not ready: the cluster takes mongos\' state), mongosStatus',
    status: psmdbStatus('initializing', SHARDED_REPLSETS([3, 3, 3], ['ready', 'ready', 'ready']), '',
      [perconaCondition('initializing', T0), perconaCondition('ready', T0, { reason: 'RSReady', message: 'cfg: ready' })], mongos(1, 'initializing')),
    expect: {
      phase: 'Provisioning',
      ready: '6/6',
      proxies: 'mongos 1/3',
      components: [{ name: 'mongos', role: 'Router', ready: 1, desired: 3 }, { name: 'cfg', role: 'ConfigServer', ready: 3, desired: 3 }],
    },
  },
  {
    state: 'ready',
    situation: 'sharded, every member, config server and mongos ready (status.size 11 here would count them all)',
    source: 'status.go:updateStatus',
    status: psmdbStatus('ready', SHARDED_REPLSETS([3, 3, 3], ['ready', 'ready', 'ready']), MONGOS_HOST, STARTED, { ...RUNNING, ...mongos(3, 'ready') }),
    expect: { phase: 'Ready', ready: '6/6', proxies: 'mongos 3/3' },
  },
  {
    state: 'initializing',
    situation: 'sharded, a node lost after Ready: a shard member and a mongos',
    source: 'status.go:rsStatus, mongosStatus, updateStatus (default)',
    status: psmdbStatus('initializing', SHARDED_REPLSETS([2, 3, 3], ['initializing', 'ready', 'ready']), MONGOS_HOST, STARTED,
      { ...RUNNING, ...mongos(2, 'initializing') }),
    previousPhase: 'Ready',
    expect: { phase: 'Degraded', ready: '5/6', proxies: 'mongos 2/3' },
  },
];

export const PSMDB_CASES: ReadonlyArray<OperatorCases> = [
  {
    name: 'PSMDB replica set',
    props: { engine: DatabaseEngine.mongodb({ version: MongodbVersion.V8_0_17 }) },
    states: REPLICA_SET_STATES,
    backup: { apiVersion: 'psmdb.percona.com/v1', kind: 'PerconaServerMongoDBBackup', spec: { clusterName: 'orders', storageName: 's3' } },
    backups: BACKUPS,
  },
  {
    name: 'PSMDB sharded',
    props: { engine: DatabaseEngine.mongodb({ version: MongodbVersion.V8_0_17 }), sharding: { shards: 2 } },
    states: SHARDED_STATES,
    backup: { apiVersion: 'psmdb.percona.com/v1', kind: 'PerconaServerMongoDBBackup', spec: { clusterName: 'orders', storageName: 's3' } },
    backups: BACKUPS,
  },
];
