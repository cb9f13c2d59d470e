import { Chart, JsonPatch, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  AntiAffinity, BackupProvider, BackupStorage, DatabaseCluster, DatabaseClusterProps, DatabaseEngine, DatabaseRestore, Errors,
  Expose, Monitoring, MongodbVersion, MysqlVersion, OnDemandBackup, Operator, PostgresVersion, ProxyType, RestoreSource,
} from '../src';
import { refusal } from './support/refusal';
import { ofKind, only, synthValid } from './support/schema';

const ENGINES = {
  mysql: DatabaseEngine.mysql({ version: MysqlVersion.V8_0_42, operator: Operator.EVEREST }),
  mongodb: DatabaseEngine.mongodb({ version: MongodbVersion.V8_0_17, operator: Operator.EVEREST }),
  postgres: DatabaseEngine.postgres({ version: PostgresVersion.V17_7, operator: Operator.EVEREST }),
};
type EngineName = keyof typeof ENGINES;

function fleet(): Chart {
  return new Chart(Testing.app(), 'fleet', { namespace: 'shop' });
}

function s3(chart: Chart, id = 's3', props: { bucket?: string } = {}): BackupStorage {
  return new BackupStorage(chart, id, {
    provider: BackupProvider.S3, bucket: props.bucket ?? 'acme-backups', region: 'eu-west-1', credentialsSecret: `${id}-credentials`,
  });
}

/** An S3 storage as Everest runs PostgreSQL backups on it: an endpoint, path-style URLs, TLS not verified (see the conformance suite). */
function pgS3(chart: Chart, id = 's3'): BackupStorage {
  return new BackupStorage(chart, id, {
    provider: BackupProvider.S3,
    bucket: `${id}-backups`,
    region: 'eu-west-1',
    endpoint: 'https://s3.eu-west-1.amazonaws.com',
    forcePathStyle: true,
    verifyTls: false,
    credentialsSecret: `${id}-credentials`,
  });
}

/** A storage every Everest engine takes. */
function storageFor(engine: EngineName): (chart: Chart, id?: string) => BackupStorage {
  return engine === 'postgres' ? pgS3 : s3;
}

/** One Everest database `fleet/orders` in namespace `shop`, and accessors for its synthesized objects. */
function everest(engine: EngineName, props: Partial<DatabaseClusterProps> = {}, chart = fleet()) {
  const cluster = new DatabaseCluster(chart, 'orders', { engine: ENGINES[engine], ...props });
  const objects = () => synthValid(chart);
  return { chart, cluster, objects, spec: () => only(objects(), 'DatabaseCluster').spec };
}

/** The validation error `build` throws. */

describe('Everest DatabaseCluster', () => {
  test('MySQL: the defaults field by field', () => {
    const { cluster, objects } = everest('mysql');
    const db = only(objects(), 'DatabaseCluster');
    expect(db.apiVersion).toBe('everest.percona.com/v1alpha1');
    expect(db.metadata).toMatchObject({ name: 'fleet-orders', namespace: 'shop' });
    expect(db.spec.engine).toEqual({
      type: 'pxc',
      version: '8.0.42-33.1',
      crVersion: '1.18.0',
      replicas: 3,
      resources: { cpu: '1', memory: '2Gi' },
      storage: { size: '20Gi' },
      // No config (Everest writes its size-tuned [mysqld] section) and no userSecretsName (Everest names its default).
    });
    expect(db.spec.proxy).toEqual({
      type: 'haproxy', replicas: 3, resources: { cpu: '200m', memory: '256Mi' }, expose: { type: 'ClusterIP', loadBalancerConfigName: 'shop-fleet-orders' },
    });
    expect(db.spec.podSchedulingPolicyName).toBe('shop-fleet-orders');
    expect(db.spec.paused).toBe(false);
    for (const absent of ['backup', 'monitoring', 'sharding', 'dataSource', 'allowUnsafeConfiguration']) {
      expect(db.spec[absent]).toBeUndefined();
    }
    expect(cluster.host).toBe('fleet-orders-haproxy.shop.svc');
    expect(cluster.port).toBe(3306);
    expect(cluster.credentialsSecretName).toBe('everest-secrets-fleet-orders');
  });

  test('MySQL: proxy, config, storage class, users Secret, pause and a LoadBalancer', () => {
    const { cluster, objects } = everest('mysql', {
      replicas: 5,
      resources: { cpu: Cpu.units(2), memory: Size.gibibytes(8) },
      storage: { size: Size.gibibytes(100), storageClassName: 'db-fast' },
      proxy: { replicas: 2, resources: { cpu: Cpu.millis(700), memory: Size.gibibytes(1) } },
      config: { max_connections: '500', innodb_buffer_pool_size: '4G' },
      credentialsSecret: 'orders-users',
      paused: true,
      expose: Expose.loadBalancer({ sourceRanges: ['10.0.0.0/8', '192.168.1.1'], annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } }),
    });
    const all = objects();
    const spec = only(all, 'DatabaseCluster').spec;
    expect(spec.engine).toMatchObject({
      replicas: 5,
      resources: { cpu: '2', memory: '8Gi' },
      storage: { size: '100Gi', class: 'db-fast' },
      config: '[mysqld]\nmax_connections=500\ninnodb_buffer_pool_size=4G\n',
      userSecretsName: 'orders-users',
    });
    expect(spec.proxy).toEqual({
      type: 'haproxy',
      replicas: 2,
      resources: { cpu: '700m', memory: '1Gi' },
      expose: { type: 'LoadBalancer', ipSourceRanges: ['10.0.0.0/8', '192.168.1.1/32'], loadBalancerConfigName: 'shop-fleet-orders' },
    });
    expect(spec.paused).toBe(true);
    const lbc = only(all, 'LoadBalancerConfig');
    expect(lbc.metadata.name).toBe('shop-fleet-orders');
    expect(lbc.spec).toEqual({ annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } });
    expect(cluster.host).toBe('fleet-orders-haproxy.shop.svc');
    expect(cluster.credentialsSecretName).toBe('orders-users');
  });

  test('every database names its own LoadBalancerConfig, empty without annotations', () => {
    const { objects } = everest('postgres', { expose: Expose.loadBalancer({ sourceRanges: ['10.0.0.0/8'] }) });
    const all = objects();
    expect(only(all, 'LoadBalancerConfig')).toMatchObject({ metadata: { name: 'shop-fleet-orders' }, spec: { annotations: {} } });
    expect(only(all, 'DatabaseCluster').spec.proxy.expose).toEqual({
      type: 'LoadBalancer', ipSourceRanges: ['10.0.0.0/8'], loadBalancerConfigName: 'shop-fleet-orders',
    });
  });

  test('MongoDB replica set: no router, exposed directly, mongod YAML config', () => {
    const { cluster, spec } = everest('mongodb', {
      config: { 'operationProfiling.mode': 'slowOp', 'operationProfiling.slowOpThresholdMs': '200', 'net.compression.compressors': 'zstd,snappy' },
    });
    const s = spec();
    expect(s.engine).toEqual({
      type: 'psmdb',
      version: '8.0.17-6',
      crVersion: '1.21.2',
      replicas: 3,
      resources: { cpu: '1', memory: '2Gi' },
      storage: { size: '20Gi' },
      config: 'operationProfiling:\n  mode: slowOp\n  slowOpThresholdMs: 200\nnet:\n  compression:\n    compressors: "zstd,snappy"\n',
    });
    // Everest types every MongoDB proxy `mongos`; without sharding only `expose` applies (to rs0).
    expect(s.proxy).toEqual({ type: 'mongos', expose: { type: 'ClusterIP', loadBalancerConfigName: 'shop-fleet-orders' } });
    expect(s.sharding).toBeUndefined();
    expect(cluster.host).toBe('fleet-orders-rs0.shop.svc');
    expect(cluster.port).toBe(27017);
  });

  test('MongoDB sharded: shards, config servers and mongos', () => {
    const { cluster, spec } = everest('mongodb', { sharding: { shards: 2, configServers: 5 } });
    const s = spec();
    expect(s.sharding).toEqual({ enabled: true, shards: 2, configServer: { replicas: 5 } });
    expect(s.proxy).toEqual({ type: 'mongos', replicas: 3, resources: { cpu: '600m', memory: '1Gi' }, expose: { type: 'ClusterIP', loadBalancerConfigName: 'shop-fleet-orders' } });
    expect(cluster.host).toBe('fleet-orders-mongos.shop.svc');
  });

  test('PostgreSQL: PgBouncer and postgresql.conf lines', () => {
    const { cluster, spec } = everest('postgres', { config: { max_connections: '500', shared_buffers: '512MB' } });
    const s = spec();
    expect(s.engine).toMatchObject({
      type: 'postgresql', version: '17.7', crVersion: '2.8.2', replicas: 3, config: 'max_connections = 500\nshared_buffers = 512MB\n',
    });
    expect(s.proxy).toEqual({ type: 'pgbouncer', replicas: 3, resources: { cpu: '200m', memory: '256Mi' }, expose: { type: 'ClusterIP', loadBalancerConfigName: 'shop-fleet-orders' } });
    expect(cluster.host).toBe('fleet-orders-pgbouncer.shop.svc');
    expect(cluster.port).toBe(5432);
  });

  test('engineResource is the DatabaseCluster, patched on its final JSON names', () => {
    const { cluster, spec } = everest('mysql');
    cluster.engineResource.addJsonPatch(JsonPatch.add('/spec/proxy/config', 'global\n  maxconn 4096\n'));
    expect(spec().proxy.config).toBe('global\n  maxconn 4096\n');
  });

  test.each<EngineName>(['mongodb', 'postgres'])('%s: no engine.config without parameters (Everest writes none back)', (engine) => {
    expect(everest(engine).spec().engine.config).toBeUndefined();
  });

  test.each(Object.keys(ENGINES) as EngineName[])('%s: no PodDisruptionBudget (the underlying operator makes them)', (engine) => {
    const { objects } = everest(engine);
    expect(ofKind(objects(), 'PodDisruptionBudget')).toEqual([]);
  });
});

describe('Everest PodSchedulingPolicy', () => {
  const preferredOn = (selector: object) => ({
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: selector }, topologyKey: 'kubernetes.io/hostname' } }],
    },
  });
  const perconaPods = (component: string) => ({ 'app.kubernetes.io/instance': 'fleet-orders', 'app.kubernetes.io/component': component });
  const pgPods = (label: object) => ({ 'postgres-operator.crunchydata.com/cluster': 'fleet-orders', ...label });

  test.each<[string, EngineName, Partial<DatabaseClusterProps>, object]>([
    ['pxc', 'mysql', {}, { pxc: { engine: preferredOn(perconaPods('pxc')), proxy: preferredOn(perconaPods('haproxy')) } }],
    ['psmdb', 'mongodb', {}, { psmdb: { engine: preferredOn(perconaPods('mongod')) } }],
    ['psmdb', 'mongodb', { sharding: { shards: 2 } }, {
      psmdb: { engine: preferredOn(perconaPods('mongod')), proxy: preferredOn(perconaPods('mongos')), configServer: preferredOn(perconaPods('cfg')) },
    }],
    ['postgresql', 'postgres', {}, {
      postgresql: {
        engine: preferredOn(pgPods({ 'postgres-operator.crunchydata.com/instance-set': 'instance1' })),
        proxy: preferredOn(pgPods({ 'postgres-operator.crunchydata.com/role': 'pgbouncer' })),
      },
    }],
  ])('%s (%s, %j): anti-affinity per component over the operator\'s pod labels', (engineType, engine, props, affinityConfig) => {
    const { objects } = everest(engine, props);
    const all = objects();
    const policy = only(all, 'PodSchedulingPolicy');
    expect(policy.apiVersion).toBe('everest.percona.com/v1alpha1');
    expect(policy.metadata.name).toBe('shop-fleet-orders');
    expect(policy.spec).toEqual({ engineType, affinityConfig });
    expect(only(all, 'DatabaseCluster').spec.podSchedulingPolicyName).toBe(policy.metadata.name);
  });

  test('nodeSelector becomes a required node affinity, zone spreading a preferred zone anti-affinity', () => {
    const { objects } = everest('mysql', {
      scheduling: { antiAffinity: AntiAffinity.REQUIRED, spreadAcrossZones: true, nodeSelector: { 'node-pool': 'databases', 'disk': 'ssd' } },
    });
    const engine = only(objects(), 'PodSchedulingPolicy').spec.affinityConfig.pxc.engine;
    expect(engine.nodeAffinity).toEqual({
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{
          matchExpressions: [
            { key: 'node-pool', operator: 'In', values: ['databases'] },
            { key: 'disk', operator: 'In', values: ['ssd'] },
          ],
        }],
      },
    });
    expect(engine.podAntiAffinity).toEqual({
      requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: perconaPods('pxc') }, topologyKey: 'kubernetes.io/hostname' }],
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: perconaPods('pxc') }, topologyKey: 'topology.kubernetes.io/zone' } },
      ],
    });
  });

  test('every component of a sharded MongoDB gets the node affinity and its own zone anti-affinity', () => {
    const { objects } = everest('mongodb', { sharding: { shards: 2 }, scheduling: { spreadAcrossZones: true, nodeSelector: { 'node-pool': 'databases' } } });
    const psmdb = only(objects(), 'PodSchedulingPolicy').spec.affinityConfig.psmdb;
    for (const [component, label] of [['engine', 'mongod'], ['proxy', 'mongos'], ['configServer', 'cfg']]) {
      expect(psmdb[component].nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms)
        .toEqual([{ matchExpressions: [{ key: 'node-pool', operator: 'In', values: ['databases'] }] }]);
      const zoneTerm = psmdb[component].podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[1].podAffinityTerm;
      expect(zoneTerm).toEqual({ labelSelector: { matchLabels: perconaPods(label) }, topologyKey: 'topology.kubernetes.io/zone' });
    }
  });

  test('no anti-affinity: an explicit policy whose components carry an empty affinity', () => {
    const { objects } = everest('postgres', { scheduling: { antiAffinity: AntiAffinity.NONE } });
    expect(only(objects(), 'PodSchedulingPolicy').spec).toEqual({ engineType: 'postgresql', affinityConfig: { postgresql: { engine: {}, proxy: {} } } });
  });

  test('cluster-scoped objects carry the namespace in their name, never a namespace field', () => {
    const chart = fleet();
    const storage = s3(chart);
    new DatabaseCluster(chart, 'a', { engine: ENGINES.mysql, namespace: 'staging', backup: { storage }, expose: Expose.loadBalancer({ annotations: { a: 'b' } }) });
    new DatabaseCluster(chart, 'b', { engine: ENGINES.mysql, name: 'fleet-a' });
    const all = synthValid(chart);
    for (const kind of ['PodSchedulingPolicy', 'LoadBalancerConfig']) {
      expect(ofKind(all, kind).map((p) => p.metadata.name)).toEqual(['staging-fleet-a', 'shop-fleet-a']);
      expect(ofKind(all, kind).map((p) => p.metadata.namespace)).toEqual([undefined, undefined]);
    }
  });
});

describe('Everest rules', () => {
  const gcs = (chart: Chart) => new BackupStorage(chart, 'gcs', { provider: BackupProvider.GCS, bucket: 'acme-backups', credentialsSecret: 'gcs' });
  const azure = (chart: Chart) => new BackupStorage(chart, 'azure', { provider: BackupProvider.AZURE, bucket: 'acme-backups', credentialsSecret: 'azure' });

  test.each<[string, EngineName, (chart: Chart) => Partial<DatabaseClusterProps>, string]>([
    ['a Galera cluster of even size', 'mysql', () => ({ replicas: 4 }), 'replicas'],
    ['PgBouncer for MySQL', 'mysql', () => ({ proxy: { type: ProxyType.PGBOUNCER } }), 'proxy.type'],
    ['MySQL without a proxy', 'mysql', () => ({ proxy: { type: ProxyType.NONE } }), 'proxy.type'],
    ['a single proxy for three members', 'mysql', () => ({ proxy: { replicas: 1 } }), 'proxy.replicas'],
    ['mongos for a replica set', 'mongodb', () => ({ proxy: { type: ProxyType.MONGOS } }), 'proxy.type'],
    ['a sharded cluster without mongos', 'mongodb', () => ({ sharding: { shards: 2 }, proxy: { type: ProxyType.NONE } }), 'proxy.type'],
    ['an even number of config servers', 'mongodb', () => ({ sharding: { shards: 2, configServers: 4 } }), 'sharding.configServers'],
    ['a mongod option that is also a section', 'mongodb', () => ({ config: { 'net': 'x', 'net.port': '27018' } }), 'config'],
    ['PostgreSQL without PgBouncer', 'postgres', () => ({ proxy: { type: ProxyType.NONE } }), 'proxy.type'],
    ['sharding outside MongoDB', 'postgres', () => ({ sharding: { shards: 2 } }), 'sharding'],
    ['synchronous replicas', 'postgres', () => ({ synchronousReplicas: 1 }), 'synchronousReplicas'],
    ['tolerations', 'postgres', () => ({ scheduling: { tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }] } }), 'scheduling.tolerations'],
    ['Prometheus monitoring', 'mysql', () => ({ monitoring: Monitoring.prometheus() }), 'monitoring'],
    ['a PMM URL that is not one', 'mysql', () => ({ monitoring: Monitoring.pmm({ url: 'pmm.example.com', credentialsSecret: 'pmm' }) }), 'monitoring.url'],
    ['a custom image', 'mysql', () => ({ engine: DatabaseEngine.mysql({ version: MysqlVersion.V8_0_42, operator: Operator.EVEREST, image: 'mirror/pxc:8.0' }) }), 'engine.image'],
    ['GCS backups', 'mongodb', (chart) => ({ backup: { storage: gcs(chart) } }), 'backup.storage.provider'],
    ['MySQL PITR on Azure', 'mysql', (chart) => ({ backup: { storage: azure(chart), pointInTimeRecovery: true } }), 'backup.pointInTimeRecovery'],
    ['repeated source ranges', 'mysql', () => ({ expose: Expose.loadBalancer({ sourceRanges: ['10.0.0.1', '10.0.0.1/32'] }) }), 'expose.sourceRanges'],
    ['a PXC name over 22 characters', 'mysql', () => ({ name: 'a'.repeat(23) }), 'name'],
    ['a PSMDB name that with rs0 exceeds 50 characters', 'mongodb', () => ({ name: 'a'.repeat(48) }), 'name'],
    ['a PSMDB name that with rs10 exceeds 50 characters', 'mongodb', () => ({ name: 'a'.repeat(47), sharding: { shards: 11 } }), 'name'],
    ['a PostgreSQL name that with instance1 exceeds 46 characters', 'postgres', () => ({ name: 'a'.repeat(38) }), 'name'],
    ['a clone from GCS', 'postgres', (chart) => ({ restoreFrom: RestoreSource.backup({ backupName: 'nightly', storage: gcs(chart) }) }), 'restoreFrom.storage.provider'],
    ['a point-in-time clone without a base backup', 'postgres',
      (chart) => ({ restoreFrom: RestoreSource.pointInTime({ storage: pgS3(chart), sourceCluster: 'billing', time: '2026-11-20T06:00:00Z' }) }),
      'restoreFrom.baseBackupName'],
    ['a MongoDB clone from a second storage', 'mongodb',
      (chart) => ({ backup: { storage: s3(chart) }, restoreFrom: RestoreSource.backup({ backupName: 'nightly', storage: s3(chart, 'other') }) }),
      'restoreFrom.storage'],
  ])('refuses %s', (_what, engine, props, prop) => {
    const chart = fleet();
    const error = refusal(() => everest(engine, props(chart), chart));
    expect(Errors.propOf(error)).toBe(prop);
    expect(error.message).toContain('[fleet/orders]');
  });

  test('the GCS refusal says what Everest supports', () => {
    const chart = fleet();
    const error = refusal(() => everest('mysql', { backup: { storage: gcs(chart) } }, chart));
    expect(error.message).toMatch(/Everest has no GCS backup storage \(s3 and azure only\)/);
  });

  test('the tolerations refusal says why', () => {
    const error = refusal(() => everest('mysql', { scheduling: { tolerations: [{ key: 'a', operator: 'Exists' }] } }));
    expect(error.message).toMatch(/tolerations cannot be expressed/);
  });

  test.each(Object.keys(ENGINES) as EngineName[])('%s: a name of 22 characters is accepted', (engine) => {
    expect(everest(engine, { name: 'a'.repeat(22) }).spec().engine.type).toBeDefined();
  });

  test('MySQL PITR on an S3 storage is accepted', () => {
    const chart = fleet();
    expect(() => everest('mysql', { backup: { storage: s3(chart), pointInTimeRecovery: true } }, chart).objects()).not.toThrow();
  });

  test('each engine with Operator.EVEREST resolves to its own Everest target', () => {
    for (const engine of Object.keys(ENGINES) as EngineName[]) {
      const { cluster } = everest(engine);
      expect(cluster._target.operator).toBe(Operator.EVEREST);
      expect(cluster._target.engine).toBe(ENGINES[engine].type);
    }
  });
});

describe('Everest backups', () => {
  test('a BackupStorage is emitted once per namespace, however many clusters use it', () => {
    const chart = fleet();
    const storage = new BackupStorage(chart, 'minio', {
      provider: BackupProvider.S3,
      bucket: 'db-backups',
      region: 'us-east-1',
      endpoint: 'https://minio.storage.svc:9000',
      forcePathStyle: true,
      verifyTls: false,
      credentialsSecret: 'backup-minio',
      prefix: 'prod',
    });
    new DatabaseCluster(chart, 'orders', { engine: ENGINES.mysql, backup: { storage } });
    new DatabaseCluster(chart, 'billing', { engine: ENGINES.postgres, backup: { storage } });
    const staging = new DatabaseCluster(chart, 'staging', { engine: ENGINES.mongodb, namespace: 'staging' });
    staging.addBackupSchedule('nightly', { schedule: '0 2 * * *', storage });
    const storages = ofKind(synthValid(chart), 'BackupStorage');
    expect(storages.map((s) => `${s.metadata.namespace}/${s.metadata.name}`)).toEqual(['shop/minio', 'staging/minio']);
    // Everest has no prefix: it writes below <bucket>/<cluster>/<uid> by itself.
    expect(storages[0].spec).toEqual({
      type: 's3',
      bucket: 'db-backups',
      region: 'us-east-1',
      endpointURL: 'https://minio.storage.svc:9000',
      credentialsSecretName: 'backup-minio',
      verifyTLS: false,
      forcePathStyle: true,
    });
  });

  test('two storages of one name in one namespace are refused (Everest names its BackupStorage after them)', () => {
    const chart = fleet();
    const first = new BackupStorage(chart, 'first', { provider: BackupProvider.S3, bucket: 'bucket-a', region: 'eu-west-1', credentialsSecret: 'a', name: 'backups' });
    const second = new BackupStorage(chart, 'second', { provider: BackupProvider.S3, bucket: 'bucket-b', region: 'eu-west-1', credentialsSecret: 'b', name: 'backups' });
    new DatabaseCluster(chart, 'orders', { engine: ENGINES.mysql, backup: { storage: first } });
    new DatabaseCluster(chart, 'elsewhere', { engine: ENGINES.mysql, namespace: 'staging', backup: { storage: second } });
    expect(ofKind(synthValid(chart), 'BackupStorage').map((s) => `${s.metadata.namespace}/${s.spec.bucket}`)).toEqual(['shop/bucket-a', 'staging/bucket-b']);
    const error = refusal(() => new DatabaseCluster(chart, 'billing', { engine: ENGINES.mongodb, backup: { storage: second } }));
    expect(Errors.propOf(error)).toBe('backup.storage.name');
    expect(error.message).toContain('[fleet/billing]');
    expect(error.message).toContain('fleet/first');
  });

  test('S3 on AWS and Azure storages', () => {
    const chart = fleet();
    const azure = new BackupStorage(chart, 'azure', { provider: BackupProvider.AZURE, bucket: 'pgbackups', credentialsSecret: 'backup-azure' });
    const cluster = new DatabaseCluster(chart, 'orders', { engine: ENGINES.mysql, backup: { storage: s3(chart) } });
    cluster.addBackupSchedule('weekly', { schedule: '0 3 * * 0', storage: azure });
    const all = synthValid(chart);
    expect(only(all, 'BackupStorage', 's3').spec).toEqual({
      type: 's3', bucket: 'acme-backups', region: 'eu-west-1', credentialsSecretName: 's3-credentials', verifyTLS: true, forcePathStyle: false,
    });
    expect(only(all, 'BackupStorage', 'azure').spec).toMatchObject({ type: 'azure', bucket: 'pgbackups', credentialsSecretName: 'backup-azure' });
  });

  test('schedules and point-in-time recovery', () => {
    const chart = fleet();
    const storage = s3(chart);
    const { cluster, spec } = everest('mysql', { backup: { storage, pointInTimeRecovery: true } }, chart);
    cluster.addBackupSchedule('daily', { schedule: '0 1 * * *', retention: 7 });
    cluster.addBackupSchedule('weekly', { schedule: '0 2 * * 0', retention: 4, enabled: false, name: 'sunday' });
    expect(spec().backup).toEqual({
      schedules: [
        { name: 'daily', enabled: true, schedule: '0 1 * * *', retentionCopies: 7, backupStorageName: 's3' },
        { name: 'sunday', enabled: false, schedule: '0 2 * * 0', retentionCopies: 4, backupStorageName: 's3' },
      ],
      pitr: { enabled: true, backupStorageName: 's3', uploadIntervalSec: 300 },
    });
  });

  test('backups without PITR say so explicitly; no backup section without backups', () => {
    const chart = fleet();
    expect(everest('postgres', { backup: { storage: pgS3(chart) } }, chart).spec().backup).toEqual({ schedules: [], pitr: { enabled: false } });
    expect(everest('postgres').spec().backup).toBeUndefined();
  });

  test.each<[string, EngineName, (chart: Chart, cluster: DatabaseCluster) => void, string]>([
    ['a repeated cron', 'mysql', (_c, cluster) => {
      cluster.addBackupSchedule('daily', { schedule: '0 1 * * *' });
      cluster.addBackupSchedule('again', { schedule: '0 1 * * *' });
    }, 'schedule'],
    ['two PostgreSQL schedules on one storage', 'postgres', (_c, cluster) => {
      cluster.addBackupSchedule('daily', { schedule: '0 1 * * *' });
      cluster.addBackupSchedule('again', { schedule: '0 2 * * *' });
    }, 'storage'],
    ['a fourth PostgreSQL storage', 'postgres', (chart, cluster) => {
      ['b', 'c', 'd'].forEach((id, i) => cluster.addBackupSchedule(`again${i}`, { schedule: `0 ${i + 2} * * *`, storage: pgS3(chart, id) }));
    }, 'storage'],
    ['a second MongoDB storage', 'mongodb', (chart, cluster) => {
      cluster.addBackupSchedule('again', { schedule: '0 2 * * *', storage: s3(chart, 'other') });
    }, 'storage'],
    ['a schedule to GCS', 'mysql', (chart, cluster) => {
      cluster.addBackupSchedule('again', { schedule: '0 2 * * *', storage: new BackupStorage(chart, 'gcs', { provider: BackupProvider.GCS, bucket: 'acme-backups', credentialsSecret: 'gcs' }) });
    }, 'storage.provider'],
  ])('refuses %s, naming the schedule', (_what, engine, add, prop) => {
    const chart = fleet();
    const { cluster } = everest(engine, { backup: { storage: storageFor(engine)(chart) } }, chart);
    const error = refusal(() => add(chart, cluster));
    expect(Errors.propOf(error)).toBe(prop);
    expect(error.message).toMatch(/\[fleet\/orders\/again\d?\]/);
  });

  test('an on-demand backup is a DatabaseClusterBackup on an Everest BackupStorage', () => {
    const chart = fleet();
    const { cluster } = everest('mongodb', {}, chart);
    const storage = s3(chart);
    const backup = new OnDemandBackup(chart, 'before-migration', { cluster, storage, name: 'orders-before-migration' });
    const all = synthValid(chart);
    const object = only(all, 'DatabaseClusterBackup');
    expect(object).toEqual({
      apiVersion: 'everest.percona.com/v1alpha1',
      kind: 'DatabaseClusterBackup',
      metadata: {
        name: 'orders-before-migration',
        namespace: 'shop',
        annotations: { 'argocd.argoproj.io/sync-wave': '1' },
        finalizers: ['everest.percona.com/dbb-storage-protection'],
      },
      spec: { dbClusterName: 'fleet-orders', backupStorageName: 's3' },
    });
    expect(backup.apiObject.name).toBe('orders-before-migration');
    expect(only(all, 'BackupStorage').metadata).toMatchObject({ name: 's3', namespace: 'shop' });
  });

  test('an on-demand backup of MongoDB to a second storage is refused', () => {
    const chart = fleet();
    const { cluster } = everest('mongodb', { backup: { storage: s3(chart) } }, chart);
    const error = refusal(() => new OnDemandBackup(chart, 'extra', { cluster, storage: s3(chart, 'other') }));
    expect(Errors.propOf(error)).toBe('storage');
    expect(error.message).toContain('[fleet/extra]');
  });
});

describe('Everest restores and clones', () => {
  test('an in-place restore of a named backup', () => {
    const chart = fleet();
    const { cluster } = everest('postgres', {}, chart);
    new DatabaseRestore(chart, 'rollback', { cluster, source: RestoreSource.backup({ backupName: 'orders-nightly' }) });
    expect(only(synthValid(chart), 'DatabaseClusterRestore')).toEqual({
      apiVersion: 'everest.percona.com/v1alpha1',
      kind: 'DatabaseClusterRestore',
      metadata: { name: 'fleet-orders-rollback', namespace: 'shop', annotations: { 'argocd.argoproj.io/sync-wave': '1' } },
      spec: { dbClusterName: 'fleet-orders', dataSource: { dbClusterBackupName: 'orders-nightly' } },
    });
  });

  test('a point-in-time restore: the base backup plus a UTC date (never `latest`)', () => {
    const chart = fleet();
    const storage = s3(chart);
    const { cluster } = everest('mysql', { backup: { storage, pointInTimeRecovery: true } }, chart);
    new DatabaseRestore(chart, 'undo', {
      cluster,
      source: RestoreSource.pointInTime({ storage, sourceCluster: 'fleet-orders', time: '2026-11-20T09:30:00+01:00', baseBackupName: 'orders-nightly' }),
    });
    const all = synthValid(chart);
    expect(only(all, 'DatabaseClusterRestore').spec.dataSource).toEqual({
      dbClusterBackupName: 'orders-nightly', pitr: { type: 'date', date: '2026-11-20T08:30:00Z' },
    });
    expect(ofKind(all, 'BackupStorage')).toHaveLength(1);
  });

  test('a point-in-time restore without a base backup is refused, naming the restore', () => {
    const chart = fleet();
    const storage = s3(chart);
    const { cluster } = everest('mongodb', { backup: { storage } }, chart);
    const error = refusal(() => new DatabaseRestore(chart, 'undo', {
      cluster, source: RestoreSource.pointInTime({ storage, sourceCluster: 'fleet-orders', time: '2026-11-20T08:30:00Z' }),
    }));
    expect(Errors.propOf(error)).toBe('source.baseBackupName');
    expect(error.message).toContain('[fleet/undo]');
  });

  test('a clone takes the same data source in spec.dataSource', () => {
    const chart = fleet();
    const storage = pgS3(chart);
    const { spec, objects } = everest('postgres', {
      restoreFrom: RestoreSource.pointInTime({ storage, sourceCluster: 'billing', time: '2026-11-20T06:00:00Z', baseBackupName: 'billing-nightly' }),
    }, chart);
    expect(spec().dataSource).toEqual({ dbClusterBackupName: 'billing-nightly', pitr: { type: 'date', date: '2026-11-20T06:00:00Z' } });
    expect(only(objects(), 'BackupStorage').metadata.name).toBe('s3');
  });

  test('a clone of a named backup', () => {
    const { spec } = everest('mongodb', { restoreFrom: RestoreSource.backup({ backupName: 'sessions-nightly' }) });
    expect(spec().dataSource).toEqual({ dbClusterBackupName: 'sessions-nightly' });
  });
});

describe('Everest monitoring', () => {
  test('PMM: a MonitoringConfig named after its Secret, referenced by the DatabaseCluster; Everest picks the client image', () => {
    const { objects } = everest('mysql', { monitoring: Monitoring.pmm({ url: 'https://pmm.example.com/', credentialsSecret: 'pmm-token' }) });
    const all = objects();
    expect(only(all, 'MonitoringConfig')).toEqual({
      apiVersion: 'everest.percona.com/v1alpha1',
      kind: 'MonitoringConfig',
      metadata: { name: 'pmm-token', namespace: 'shop', annotations: { 'argocd.argoproj.io/sync-wave': '-1' } },
      spec: { type: 'pmm', credentialsSecretName: 'pmm-token', pmm: { url: 'https://pmm.example.com', image: '' } },
    });
    expect(only(all, 'DatabaseCluster').spec.monitoring).toEqual({ monitoringConfigName: 'pmm-token' });
  });

  test('PMM with a client image', () => {
    const { objects } = everest('postgres', {
      monitoring: Monitoring.pmm({ url: 'https://pmm.example.com', credentialsSecret: 'pmm-token', image: 'percona/pmm-client:3.5.0' }),
    });
    expect(only(objects(), 'MonitoringConfig').spec.pmm.image).toBe('percona/pmm-client:3.5.0');
  });
});

/** The CEL rules of the Everest DatabaseCluster CRD that our output could break, transcribed. */
describe('Everest CEL rules', () => {
  /** `.spec.engine.type`: `self == oldSelf`. */
  const engineTypeUnchanged = (old: any, next: any) => old.spec.engine.type === next.spec.engine.type;
  /** `.spec.proxy.expose`: loadBalancerConfigName cannot be cleared once set. */
  const loadBalancerConfigKept = (old: any, next: any) => {
    const [o, n] = [old.spec.proxy.expose, next.spec.proxy.expose];
    return n.type === 'internal' || !o.loadBalancerConfigName || (n.loadBalancerConfigName ?? '') !== '';
  };

  test.each(Object.keys(ENGINES) as EngineName[])('%s: engine.type depends on the engine only, so no change of props changes it', (engine) => {
    const before = everest(engine).spec();
    const after = everest(engine, { replicas: 5, resources: { cpu: Cpu.units(4), memory: Size.gibibytes(16) }, paused: true }).spec();
    expect(engineTypeUnchanged({ spec: before }, { spec: after })).toBe(true);
  });

  test('no sequence of exposures ever clears loadBalancerConfigName', () => {
    const exposures = [
      Expose.clusterIp(),
      Expose.loadBalancer({ annotations: { a: '1' } }),
      Expose.loadBalancer({ annotations: { a: '2', b: '3' } }),
      Expose.loadBalancer(),
      Expose.clusterIp(),
    ];
    const specs = exposures.map((expose) => ({ spec: everest('mysql', { expose }).spec() }));
    for (let i = 1; i < specs.length; i++) expect(loadBalancerConfigKept(specs[i - 1], specs[i])).toBe(true);
  });

  test.each<[EngineName, string]>([['mysql', '1.18.0'], ['mongodb', '1.21.2'], ['postgres', '2.8.2']])(
    '%s: crVersion is explicit (%s), so Everest never writes it back and a pending recommendedCRVersion is ours to bump',
    (engine, crVersion) => {
      expect(everest(engine).spec().engine.crVersion).toBe(crVersion);
    });

  test('dataImport (immutable, with its own path and URL rules) is never emitted', () => {
    const { spec } = everest('mysql', { restoreFrom: RestoreSource.backup({ backupName: 'nightly' }) });
    expect(spec().dataSource.dataImport).toBeUndefined();
  });
});

describe('Everest credentials', () => {
  test('no credential value anywhere: only Secret names', () => {
    const chart = fleet();
    const storage = s3(chart);
    const { cluster } = everest('mysql', {
      backup: { storage, pointInTimeRecovery: true },
      monitoring: Monitoring.pmm({ url: 'https://pmm.example.com', credentialsSecret: 'pmm-token' }),
      credentialsSecret: 'orders-users',
    }, chart);
    new OnDemandBackup(chart, 'now', { cluster });
    const all = synthValid(chart);
    expect(ofKind(all, 'Secret')).toEqual([]);
    const text = JSON.stringify(all);
    expect(text).not.toMatch(/"(password|secretAccessKey|accessKeyId|apiKey|token|AWS_SECRET_ACCESS_KEY)"\s*:/i);
  });
});
