/**
 * Percona Operator for PostgreSQL 2.8.2: percona/controller/pgcluster/status.go:updateStatus writes
 * PerconaPGClusterStatus (pkg/apis/pgv2.percona.com/v2/perconapgcluster_types.go) at the end of each successful
 * reconcile: `postgres.size`/`ready` summed over the instance sets' pods, `pgbouncer` from its Deployment, `host`
 * from getHost (`<cluster>-pgbouncer.<ns>.svc`), `state` from getState (no error state), conditions copied from the
 * PostgresCluster the first time each appears, plus ReadyForBackup.
 */
import { condition, OperatorCases, T0, T1, T3 } from './support';
import { DatabaseEngine, PostgresVersion } from '../../../src';

type Obj = { [key: string]: any };

function pgStatus(state: string, postgresReady: number, pgbouncerReady: number, extra: Obj = {}): Obj {
  return {
    postgres: { size: 3, ready: postgresReady, instances: [{ name: 'instance1', size: 3, ready: postgresReady }], version: 17, imageID: 'docker.io/percona/percona-distribution-postgresql@sha256:0d5c' },
    pgbouncer: { size: 3, ready: pgbouncerReady },
    state,
    host: 'orders-pgbouncer.shop.svc',
    patroniVersion: '4.0.6',
    patroni: { version: '4.0.6', status: { systemIdentifier: '7501234567890123456' } },
    conditions: [
      condition('ReadyForBackup', 'True', 'AllConditionsAreTrue', '', T1),
      condition('PGBackRestRepoHostReady', 'True', 'RepoHostReady', 'pgBackRest dedicated repository host is ready', T0),
    ],
    installedCustomExtensions: [],
    observedGeneration: 1,
    ...extra,
  };
}

export const PERCONA_PG_CASES: ReadonlyArray<OperatorCases> = [{
  name: 'Percona PG',
  props: { engine: DatabaseEngine.postgres({ version: PostgresVersion.V17_7 }) },
  states: [
    {
      state: '',
      situation: 'created, not reconciled yet',
      source: 'no status before the first updateStatus',
      expect: { phase: 'Provisioning', ready: '0/3', proxies: 'pgbouncer 0/3' },
    },
    {
      state: 'initializing',
      situation: 'a first start: the primary bootstrapped, replicas starting',
      source: 'status.go:getState (postgres.ready != postgres.size)',
      status: pgStatus('initializing', 1, 0, { patroni: { version: '4.0.6', status: { systemIdentifier: '7501234567890123456' } } }),
      expect: { phase: 'Provisioning', ready: '1/3', proxies: 'pgbouncer 0/3' },
    },
    {
      state: 'ready',
      situation: 'every instance and PgBouncer ready',
      source: 'status.go:getState',
      status: pgStatus('ready', 3, 3),
      expect: {
        phase: 'Ready',
        ready: '3/3',
        proxies: 'pgbouncer 3/3',
        engineVersion: '17',
        components: [{ name: 'pgbouncer', role: 'ConnectionPooler', ready: 3, desired: 3 }],
      },
    },
    {
      state: 'initializing',
      situation: 'a node lost after Ready: an instance and a PgBouncer down',
      source: 'status.go:getState (pgbouncer.ready != pgbouncer.size)',
      status: pgStatus('initializing', 2, 2),
      previousPhase: 'Ready',
      expect: { phase: 'Degraded', ready: '2/3', proxies: 'pgbouncer 2/3' },
    },
    {
      state: 'initializing',
      situation: 'a rolling restart after Ready, every pod ready but not on its template yet',
      source: 'status.go:getState (updatedReplicas != postgres.size)',
      status: pgStatus('initializing', 3, 3),
      previousPhase: 'Ready',
      expect: { phase: 'Upgrading', ready: '3/3' },
    },
    {
      state: 'initializing',
      situation: 'an in-place restore: the operator set restore.enabled and re-creates the instances',
      source: 'pgrestore/controller.go:startRestore, status.go:getState',
      spec: { backups: { pgbackrest: { restore: { enabled: true, repoName: 'repo1' } } } },
      metadata: { annotations: { 'postgres-operator.crunchydata.com/pgbackrest-restore': 'orders-restore' } },
      status: pgStatus('initializing', 0, 3),
      previousPhase: 'Ready',
      expect: { phase: 'Restoring', ready: '0/3' },
    },
    {
      state: 'stopping',
      situation: 'paused by the user, instances still running',
      source: 'status.go:getState (pause, postgres.ready > 0)',
      spec: { pause: true },
      status: pgStatus('stopping', 1, 0),
      previousPhase: 'Ready',
      expect: { phase: 'Paused', ready: '1/3' },
    },
    {
      state: 'paused',
      situation: 'paused by the user, every instance gone',
      source: 'status.go:getState (pause, none ready)',
      spec: { pause: true },
      status: pgStatus('paused', 0, 0, { postgres: { size: 0, ready: 0, instances: [{ name: 'instance1', size: 0, ready: 0 }], version: 17 } }),
      expect: { phase: 'Paused', ready: '0/3' },
    },
  ],
  backup: { apiVersion: 'pgv2.percona.com/v2', kind: 'PerconaPGBackup', spec: { pgCluster: 'orders', repoName: 'repo1' } },
  backups: [
    { state: '', situation: 'new', source: 'pgbackup/controller.go:Reconcile (nothing written yet)' },
    {
      state: 'Starting',
      situation: 'pgBackRest asked for a backup',
      source: 'pgbackup/controller.go:Reconcile (startBackup)',
      status: { state: 'Starting', destination: 's3://backups/orders/repo1', storageType: 's3', crVersion: '2.8.2', image: 'percona/percona-pgbackrest:2.57.0-1', repo: { name: 'repo1' } },
    },
    { state: 'Running', situation: 'the Job exists', source: 'pgbackup/controller.go:Reconcile', status: { state: 'Running', jobName: 'orders-backup-x7k2', repo: { name: 'repo1' } } },
    {
      state: 'Succeeded',
      situation: 'the Job completed',
      source: 'pgbackup/controller.go:Reconcile through checkBackupJob (completed: the Job\'s completionTime)',
      status: { state: 'Succeeded', completed: T3, jobName: 'orders-backup-x7k2', backupName: '20260520-030000F', backupType: 'full', repo: { name: 'repo1' } },
      completedAt: T3,
    },
    { state: 'Failed', situation: 'the cluster was not ready in time', source: 'pgbackup/controller.go:failIfClusterIsNotReady', status: { state: 'Failed' } },
  ],
}];
