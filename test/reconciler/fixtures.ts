/**
 * Native objects of each operator as its controller would leave them (status shapes from the vendored CRDs), and
 * the ManagedDatabase the library would emit for them. The end-to-end tests need no library code for these.
 */
import { mariadbFixture } from './mariadb-fixture';
import { fingerprint, leafPointers } from '../../src/reconciler/fingerprint';
import { rfc3339 } from '../../src/reconciler/status';
import { ResourceId } from '../support/kube-api-server';

type Obj = { [key: string]: any };

export const MANAGED_DATABASES: ResourceId = { apiVersion: 'cdk8s-dbaas.dev/v1alpha1', plural: 'manageddatabases' };
export const EVENTS: ResourceId = { apiVersion: 'v1', plural: 'events' };
export const LEASES: ResourceId = { apiVersion: 'coordination.k8s.io/v1', plural: 'leases' };
export const NAMESPACE = 'shop';

/** Native statuses for the phases every operator can report. */
export interface NativeStatuses {
  readonly Provisioning: Obj;
  readonly Ready: Obj;
  /** Ready by the operator's word, but a member down. */
  readonly Degraded: Obj;
  readonly Paused: Obj;
  readonly Failed: Obj;
}

export interface OperatorFixture {
  readonly name: string;
  readonly engine: string;
  readonly operator: string;
  readonly engineVersion: string;
  readonly port: number;
  readonly cluster: ResourceId & { readonly kind: string };
  readonly backup: ResourceId & { readonly kind: string };
  /** The spec the library would have synthesized. */
  readonly spec: Obj;
  /** A synthesized spec field to edit out of band, as a merge patch. */
  readonly drift: Obj;
  readonly statuses: NativeStatuses;
  /** What the ManagedDatabase should show when Ready. */
  readonly expectReady: { readonly endpoint: string; readonly engineVersion?: string; readonly readyMembers: number };
  backupObject(cluster: string, name: string, completedAt: Date | undefined): Obj;
}

/** A Percona-style backup: `status.state` (one state for success, one for failure) and `status.completed`. */
function perconaBackup(kind: string, apiVersion: string, clusterField: string, succeeded: string, failed: string) {
  return (cluster: string, name: string, completedAt: Date | undefined) => ({
    apiVersion,
    kind,
    metadata: { name, namespace: NAMESPACE },
    spec: { [clusterField]: cluster, storageName: 's3' },
    status: completedAt ? { state: succeeded, completed: rfc3339(completedAt) } : { state: failed },
  });
}

export const FIXTURES: ReadonlyArray<OperatorFixture> = [
  {
    name: 'PXC',
    engine: 'mysql',
    operator: 'percona',
    engineVersion: '8.0.42-33.1',
    port: 3306,
    cluster: { apiVersion: 'pxc.percona.com/v1', plural: 'perconaxtradbclusters', kind: 'PerconaXtraDBCluster' },
    backup: { apiVersion: 'pxc.percona.com/v1', plural: 'perconaxtradbclusterbackups', kind: 'PerconaXtraDBClusterBackup' },
    spec: { crVersion: '1.18.0', pxc: { size: 3, image: 'percona/percona-xtradb-cluster:8.0.42-33.1' }, haproxy: { enabled: true, size: 3 } },
    drift: { pxc: { size: 5 } },
    statuses: {
      Provisioning: { state: 'initializing', pxc: { ready: 0, size: 3 } },
      Ready: { state: 'ready', host: 'orders-haproxy.shop', pxc: { ready: 3, size: 3, version: '8.0.42-33.1' } },
      Degraded: { state: 'error', host: 'orders-haproxy.shop', pxc: { ready: 2, size: 3, version: '8.0.42-33.1' } },
      Paused: { state: 'paused', host: 'orders-haproxy.shop', pxc: { ready: 0, size: 3 } },
      Failed: { state: 'error', pxc: { ready: 0, size: 3 } },
    },
    expectReady: { endpoint: 'orders-haproxy.shop:3306', engineVersion: '8.0.42-33.1', readyMembers: 3 },
    backupObject: perconaBackup('PerconaXtraDBClusterBackup', 'pxc.percona.com/v1', 'pxcCluster', 'Succeeded', 'Failed'),
  },
  {
    name: 'PSMDB',
    engine: 'mongodb',
    operator: 'percona',
    engineVersion: '8.0.17-6',
    port: 27017,
    cluster: { apiVersion: 'psmdb.percona.com/v1', plural: 'perconaservermongodbs', kind: 'PerconaServerMongoDB' },
    backup: { apiVersion: 'psmdb.percona.com/v1', plural: 'perconaservermongodbbackups', kind: 'PerconaServerMongoDBBackup' },
    spec: { crVersion: '1.21.2', image: 'percona/percona-server-mongodb:8.0.17-6', replsets: [{ name: 'rs0', size: 3 }] },
    drift: { image: 'percona/percona-server-mongodb:7.0.28-15' },
    statuses: {
      Provisioning: { state: 'initializing', ready: 1, size: 3 },
      Ready: { state: 'ready', ready: 3, size: 3, host: 'orders-rs0.shop.svc.cluster.local', mongoVersion: '8.0.17-6' },
      Degraded: { state: 'ready', ready: 2, size: 3, host: 'orders-rs0.shop.svc.cluster.local', mongoVersion: '8.0.17-6' },
      Paused: { state: 'stopping', ready: 0, size: 3 },
      Failed: { state: 'error', ready: 0, size: 3 },
    },
    expectReady: { endpoint: 'orders-rs0.shop.svc.cluster.local:27017', engineVersion: '8.0.17-6', readyMembers: 3 },
    backupObject: perconaBackup('PerconaServerMongoDBBackup', 'psmdb.percona.com/v1', 'clusterName', 'ready', 'error'),
  },
  {
    name: 'Percona PG',
    engine: 'postgresql',
    operator: 'percona',
    engineVersion: '17.7',
    port: 5432,
    cluster: { apiVersion: 'pgv2.percona.com/v2', plural: 'perconapgclusters', kind: 'PerconaPGCluster' },
    backup: { apiVersion: 'pgv2.percona.com/v2', plural: 'perconapgbackups', kind: 'PerconaPGBackup' },
    spec: { crVersion: '2.8.2', postgresVersion: 17, instances: [{ name: 'instance1', replicas: 3 }] },
    drift: { postgresVersion: 16 },
    statuses: {
      Provisioning: { state: 'initializing', postgres: { ready: 0, size: 3 } },
      Ready: { state: 'ready', host: 'orders-pgbouncer.shop.svc', postgres: { ready: 3, size: 3, version: 17 } },
      Degraded: { state: 'ready', host: 'orders-pgbouncer.shop.svc', postgres: { ready: 1, size: 3, version: 17 } },
      Paused: { state: 'paused', postgres: { ready: 0, size: 3 } },
      Failed: { state: 'error', postgres: { ready: 0, size: 3 } },
    },
    expectReady: { endpoint: 'orders-pgbouncer.shop.svc:5432', engineVersion: '17', readyMembers: 3 },
    backupObject: perconaBackup('PerconaPGBackup', 'pgv2.percona.com/v2', 'pgCluster', 'Succeeded', 'Failed'),
  },
  {
    name: 'CloudNativePG',
    engine: 'postgresql',
    operator: 'cloudnative-pg',
    engineVersion: '17.7',
    port: 5432,
    cluster: { apiVersion: 'postgresql.cnpg.io/v1', plural: 'clusters', kind: 'Cluster' },
    backup: { apiVersion: 'postgresql.cnpg.io/v1', plural: 'backups', kind: 'Backup' },
    spec: { instances: 3, imageName: 'ghcr.io/cloudnative-pg/postgresql:17.7', storage: { size: '20Gi' } },
    drift: { storage: { size: '10Gi' } },
    statuses: {
      Provisioning: { phase: 'Setting up primary', instances: 3, readyInstances: 0 },
      Ready: {
        phase: 'Cluster in healthy state',
        instances: 3,
        readyInstances: 3,
        writeService: 'orders-rw',
        image: 'ghcr.io/cloudnative-pg/postgresql:17.7',
        conditions: [{ type: 'Ready', status: 'True', reason: 'ClusterIsReady' }],
      },
      Degraded: {
        phase: 'Failing over',
        instances: 3,
        readyInstances: 2,
        writeService: 'orders-rw',
        image: 'ghcr.io/cloudnative-pg/postgresql:17.7',
        conditions: [{ type: 'Ready', status: 'False' }],
      },
      Paused: {
        phase: 'Cluster in healthy state',
        instances: 3,
        readyInstances: 0,
        conditions: [{ type: 'cnpg.io/hibernation', status: 'True', reason: 'Hibernated' }],
      },
      Failed: { phase: 'Cluster is unrecoverable and needs manual intervention', instances: 3, readyInstances: 0 },
    },
    expectReady: { endpoint: 'orders-rw.shop.svc:5432', engineVersion: '17.7', readyMembers: 3 },
    backupObject: (cluster, name, completedAt) => ({
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Backup',
      metadata: { name, namespace: NAMESPACE },
      spec: { cluster: { name: cluster }, method: 'plugin' },
      status: completedAt ? { phase: 'completed', stoppedAt: rfc3339(completedAt) } : { phase: 'failed' },
    }),
  },
  {
    name: 'OpenEverest',
    engine: 'mysql',
    operator: 'everest',
    engineVersion: '8.0.42-33.1',
    port: 3306,
    cluster: { apiVersion: 'everest.percona.com/v1alpha1', plural: 'databaseclusters', kind: 'DatabaseCluster' },
    backup: { apiVersion: 'everest.percona.com/v1alpha1', plural: 'databaseclusterbackups', kind: 'DatabaseClusterBackup' },
    spec: { engine: { type: 'pxc', replicas: 3, version: '8.0.42-33.1' }, proxy: { type: 'haproxy', replicas: 3 } },
    drift: { engine: { replicas: 1 } },
    statuses: {
      Provisioning: { status: 'initializing', ready: 0, size: 3 },
      Ready: { status: 'ready', ready: 3, size: 3, hostname: 'orders-haproxy.shop', port: 3306 },
      Degraded: { status: 'error', ready: 2, size: 3, hostname: 'orders-haproxy.shop', port: 3306 },
      Paused: { status: 'paused', ready: 0, size: 3 },
      Failed: { status: 'error', ready: 0, size: 3 },
    },
    expectReady: { endpoint: 'orders-haproxy.shop:3306', readyMembers: 3 },
    backupObject: perconaBackup('DatabaseClusterBackup', 'everest.percona.com/v1alpha1', 'dbClusterName', 'Succeeded', 'Failed'),
  },
  mariadbFixture(NAMESPACE),
];

/** The native object as synthesized (no status yet). */
export function nativeObject(fixture: OperatorFixture, name: string): Obj {
  return { apiVersion: fixture.cluster.apiVersion, kind: fixture.cluster.kind, metadata: { name, namespace: NAMESPACE }, spec: fixture.spec };
}

/** The ManagedDatabase the library emits for `native`: every spec leaf fingerprinted. */
export function managedDatabase(fixture: OperatorFixture, native: Obj, backupMaxAgeSeconds?: number): Obj {
  const paths = leafPointers(native, '/spec');
  return {
    apiVersion: MANAGED_DATABASES.apiVersion,
    kind: 'ManagedDatabase',
    metadata: { name: native.metadata.name, namespace: NAMESPACE },
    spec: {
      engine: fixture.engine,
      operator: fixture.operator,
      engineVersion: fixture.engineVersion,
      resource: { apiVersion: native.apiVersion, kind: native.kind, name: native.metadata.name },
      port: fixture.port,
      ...(backupMaxAgeSeconds !== undefined ? { backup: { maxAgeSeconds: backupMaxAgeSeconds } } : {}),
      fingerprint: { paths, hash: fingerprint(native, paths) },
    },
  };
}

/** The condition of a type in a status. */
export function condition(status: Obj | undefined, type: string): Obj | undefined {
  return (status?.conditions ?? []).find((c: Obj) => c.type === type);
}
