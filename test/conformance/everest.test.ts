/**
 * OpenEverest 1.12 conformance: one test per rule of the operator (openeverest-operator v1.12.0: webhooks,
 * controllers, providers) and of the API server (percona/everest release-1.12: validation/*.go, run on every create
 * and every save from Everest's UI) that an object we synthesize could break, named by its upstream `file:function`.
 * Each shows that props which would break the rule are refused with the library's error, or that the output
 * satisfies it. The last part checks the safe-change guard against the update rules.
 */
import { Chart, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  AntiAffinity, BackupProvider, BackupStorage, BackupStorageProps, ChangeClass, DatabaseCluster, DatabaseClusterProps, DatabaseEngine,
  DatabaseRestore, Errors, Expose, ManifestDiff, Monitoring, MongodbVersion, MysqlVersion, OnDemandBackup, Operator, PostgresVersion,
  ProductionReadiness, ProxyType, RestoreSource,
} from '../../src';
import { refusal, ValidationErrorLike } from '../support/refusal';
import { ofKind, only, synthValid } from '../support/schema';

const ENGINES = {
  mysql: () => DatabaseEngine.mysql({ version: MysqlVersion.V8_0_42, operator: Operator.EVEREST }),
  mongodb: () => DatabaseEngine.mongodb({ version: MongodbVersion.V8_0_17, operator: Operator.EVEREST }),
  postgres: () => DatabaseEngine.postgres({ version: PostgresVersion.V17_7, operator: Operator.EVEREST }),
};
type EngineName = keyof typeof ENGINES;
const ALL_ENGINES = Object.keys(ENGINES) as EngineName[];

function fleet(namespace: string | null = 'shop'): Chart {
  return new Chart(Testing.app(), 'fleet', { namespace: namespace ?? undefined });
}

/** An S3 storage on AWS, as Everest takes it for MySQL and MongoDB. */
function s3(chart: Chart, id = 's3', props: Partial<BackupStorageProps> = {}): BackupStorage {
  return new BackupStorage(chart, id, {
    provider: BackupProvider.S3, bucket: `${id}-backups`, region: 'eu-west-1', credentialsSecret: `${id}-credentials`, ...props,
  });
}

/** An S3 storage as Everest runs PostgreSQL backups on it: an https endpoint, path-style URLs, TLS not verified. */
function pgS3(chart: Chart, id = 's3', props: Partial<BackupStorageProps> = {}): BackupStorage {
  return s3(chart, id, { endpoint: 'https://s3.eu-west-1.amazonaws.com', forcePathStyle: true, verifyTls: false, ...props });
}


/** One Everest database `fleet/orders` (`fleet-orders`) of `engine` in the chart's namespace. */
function everest(engine: EngineName, props: Partial<DatabaseClusterProps> = {}, chart = fleet()) {
  const cluster = new DatabaseCluster(chart, 'orders', { engine: ENGINES[engine](), ...props });
  const objects = () => synthValid(chart);
  return { chart, cluster, objects, spec: () => only(objects(), 'DatabaseCluster').spec };
}

/** The library's validation error of `build`, which must name `prop` among its broken rules. */
function refused(build: () => unknown, prop: string): ValidationErrorLike {
  const error = refusal(build);
  expect(Errors.propsOf(error)).toContain(prop);
  return error;
}

/** The reasons given for `prop` in a validation error, one line each. */
function reasonFor(error: ValidationErrorLike, prop: string): string {
  return error.message.split('\n').filter((line) => line.includes(`] ${prop}: `)).join('\n');
}

/** utils/validators.go:ValidateEverestResourceName, transcribed. */
function isEverestResourceName(name: string): boolean {
  return name.length <= 22 && /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name);
}

/** utils/validators.go:ValidateRFC1035, transcribed. */
function isRfc1035(name: string): boolean {
  return /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name);
}

/** Each antiAffinity with and without sharding, as scheduling variants of one engine. */
const SCHEDULING_VARIANTS: Array<[string, Partial<DatabaseClusterProps>]> = [
  ['no anti-affinity', { scheduling: { antiAffinity: AntiAffinity.NONE } }],
  ['preferred anti-affinity', {}],
  ['required anti-affinity', { scheduling: { antiAffinity: AntiAffinity.REQUIRED } }],
  ['a node selector without anti-affinity', { scheduling: { antiAffinity: AntiAffinity.NONE, nodeSelector: { pool: 'db' } } }],
];

describe('API server: DatabaseCluster, on create and every save (validation/database_cluster.go)', () => {
  test.each(ALL_ENGINES)('validateCreateDatabaseClusterRequest (utils/validators.go:ValidateEverestResourceName): %s names of at most 22 characters', (engine) => {
    expect(isEverestResourceName(everest(engine, { name: 'a'.repeat(22) }).cluster.name)).toBe(true);
    const error = refused(() => everest(engine, { name: 'a'.repeat(23) }), 'name');
    expect(reasonFor(error, 'name')).toContain('more than 22 characters');
  });

  test('validateCreateDatabaseClusterRequest (utils/validators.go:ValidateRFC1035): names start with a letter', () => {
    refused(() => everest('postgres', { name: '1orders' }), 'name');
  });

  test('validateEngine: PXC takes an odd number of members, at most 5', () => {
    refused(() => everest('mysql', { replicas: 4 }), 'replicas');
    refused(() => everest('mysql', { replicas: 7 }), 'replicas');
  });

  test('validateEngine: PSMDB takes an odd number of members', () => {
    refused(() => everest('mongodb', { replicas: 4 }), 'replicas');
  });

  test('validateVersion: the version is a key of the DatabaseEngine\'s available versions (without MySQL 5.x, databaseengine_controller.go:Reconcile)', () => {
    expect(everest('mysql').spec().engine.version).toBe('8.0.42-33.1');
    expect(everest('mongodb').spec().engine.version).toBe('8.0.17-6');
    expect(everest('postgres').spec().engine.version).toBe('17.7');
    refused(() => everest('mysql', { engine: DatabaseEngine.mysql({ version: MysqlVersion.V5_7_44, operator: Operator.EVEREST }) }), 'engine.version');
  });

  test.each<[EngineName, Partial<DatabaseClusterProps>, string]>([
    ['mysql', {}, 'haproxy'],
    ['mongodb', {}, 'mongos'],
    ['mongodb', { sharding: { shards: 2 } }, 'mongos'],
    ['postgres', {}, 'pgbouncer'],
  ])('validateProxyType: %s %j gets proxy type %s', (engine, props, type) => {
    expect(everest(engine, props).spec().proxy.type).toBe(type);
  });

  test('validateProxyType: MySQL and PostgreSQL always have a proxy', () => {
    refused(() => everest('mysql', { proxy: { type: ProxyType.NONE } }), 'proxy.type');
    refused(() => everest('postgres', { proxy: { type: ProxyType.NONE } }), 'proxy.type');
  });

  test('validateProxy: PXC with several members needs at least 2 proxies', () => {
    refused(() => everest('mysql', { proxy: { replicas: 1 } }), 'proxy.replicas');
    expect(everest('mysql', { replicas: 1, singleNodeDevelopment: true, proxy: { replicas: 1 } }).spec().proxy.replicas).toBe(1);
  });

  test('validateProxy: no source range twice', () => {
    refused(() => everest('mysql', { expose: Expose.loadBalancer({ sourceRanges: ['10.0.0.1', '10.0.0.1/32'] }) }), 'expose.sourceRanges');
    const ranges = everest('mysql', { expose: Expose.loadBalancer({ sourceRanges: ['10.0.0.0/8', '192.168.1.1'] }) }).spec().proxy.expose.ipSourceRanges;
    expect(new Set(ranges).size).toBe(ranges.length);
  });

  test('validatePitrSpec: PXC point-in-time recovery names its storage, with an upload interval above 0', () => {
    const chart = fleet();
    const pitr = everest('mysql', { backup: { storage: s3(chart), pointInTimeRecovery: true } }, chart).spec().backup.pitr;
    expect(pitr).toEqual({ enabled: true, backupStorageName: 's3', uploadIntervalSec: 300 });
  });

  test('validateBackupSpec: every schedule has a name and a storage', () => {
    const chart = fleet();
    const { cluster, spec } = everest('mongodb', { backup: { storage: s3(chart) } }, chart);
    cluster.addBackupSchedule('nightly', { schedule: '0 1 * * *', enabled: false });
    for (const schedule of spec().backup.schedules) {
      expect(schedule.name).not.toBe('');
      expect(schedule.backupStorageName).toBe('s3');
    }
  });

  test('checkDuplicateSchedules: no two schedules with the same cron expression', () => {
    const chart = fleet();
    const { cluster } = everest('mysql', { backup: { storage: s3(chart) } }, chart);
    cluster.addBackupSchedule('daily', { schedule: '0 1 * * *' });
    refused(() => cluster.addBackupSchedule('again', { schedule: '0 1 * * *' }), 'schedule');
  });

  test('checkDuplicateSchedules, and PXC naming.ScheduledBackupName through pxc/applier.go:addScheduledBackupsConfiguration: the PXC operator\'s schedule rules hold for MySQL', () => {
    const chart = fleet();
    const { cluster } = everest('mysql', { backup: { storage: s3(chart) } }, chart);
    cluster.addBackupSchedule('daily', { schedule: '0 1 * * *' });
    expect(refused(() => cluster.addBackupSchedule('again', { schedule: '0 1 * * *' }), 'schedule').message).toContain('PXC names a scheduled backup');
  });

  test('validateBackupStoragesFor: one storage per MongoDB cluster', () => {
    const chart = fleet();
    const { cluster } = everest('mongodb', { backup: { storage: s3(chart) } }, chart);
    refused(() => cluster.addBackupSchedule('other', { schedule: '0 2 * * *', storage: s3(chart, 'other') }), 'storage');
    refused(() => new OnDemandBackup(chart, 'elsewhere', { cluster, storage: s3(chart, 'third') }), 'storage');
  });

  test('validateBackupStoragesFor: MySQL point-in-time recovery on S3 storages only', () => {
    const chart = fleet();
    const azure = new BackupStorage(chart, 'azure', { provider: BackupProvider.AZURE, bucket: 'backups', credentialsSecret: 'azure' });
    refused(() => everest('mysql', { backup: { storage: azure, pointInTimeRecovery: true } }, chart), 'backup.pointInTimeRecovery');
  });

  test('validateDataSource: exactly one source, a point in time of type date with a date', () => {
    const chart = fleet();
    const storage = s3(chart);
    const source = everest('mysql', {
      restoreFrom: RestoreSource.pointInTime({ storage, sourceCluster: 'billing', time: '2026-11-20T07:00:00+01:00', baseBackupName: 'billing-nightly' }),
    }, chart).spec().dataSource;
    expect(source).toEqual({ dbClusterBackupName: 'billing-nightly', pitr: { type: 'date', date: '2026-11-20T06:00:00Z' } });
    expect(source.pitr.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  test('validatePGSchedulesRestrictions (checkStorageDuplicates): one PostgreSQL schedule per storage', () => {
    const chart = fleet();
    const { cluster } = everest('postgres', { backup: { storage: pgS3(chart) } }, chart);
    cluster.addBackupSchedule('daily', { schedule: '0 1 * * *' });
    refused(() => cluster.addBackupSchedule('again', { schedule: '0 2 * * *' }), 'storage');
  });

  test('validatePGReposForAPIDB: at most 3 storages per PostgreSQL cluster', () => {
    const chart = fleet();
    const { cluster } = everest('postgres', { backup: { storage: pgS3(chart, 'a') } }, chart);
    ['b', 'c'].forEach((id, i) => cluster.addBackupSchedule(id, { schedule: `0 ${i + 1} * * *`, storage: pgS3(chart, id) }));
    refused(() => cluster.addBackupSchedule('d', { schedule: '0 5 * * *', storage: pgS3(chart, 'd') }), 'storage');
  });

  test('validateSharding: MongoDB only, an odd number of config servers, at least 3 for several members', () => {
    refused(() => everest('postgres', { sharding: { shards: 2 } }), 'sharding');
    refused(() => everest('mongodb', { sharding: { shards: 2, configServers: 4 } }), 'sharding.configServers');
    refused(() => everest('mongodb', { sharding: { shards: 2, configServers: 1 } }), 'sharding.configServers');
    expect(everest('mongodb', { sharding: { shards: 2 } }).spec().sharding).toEqual({ enabled: true, shards: 2, configServer: { replicas: 3 } });
  });

  /** validatePodSchedulingPolicy, transcribed: the API server's refusal of a cluster's policy, if any. */
  function policyRefusal(policy: any, cluster: any): string | undefined {
    const type = cluster.spec.engine.type;
    if (policy.metadata.name !== cluster.spec.podSchedulingPolicyName) return 'NotFound';
    if (policy.spec.engineType !== type) return `not applicable with engineType='${type}'`;
    const config = policy.spec.affinityConfig;
    if (!config) return 'affinityConfig is absent or empty';
    if (!config[type]) return `.spec.affinityConfig.${type} is required`;
    const components = type === 'psmdb' ? ['engine', 'proxy', 'configServer'] : ['engine', 'proxy'];
    if (components.every((c) => config[type][c] === undefined || config[type][c] === null)) return 'a component is required';
    return undefined;
  }

  describe.each(ALL_ENGINES)('validatePodSchedulingPolicy: a %s policy names its engine and at least one component', (engine) => {
    test.each([...SCHEDULING_VARIANTS, ['sharded', { sharding: { shards: 2 }, scheduling: { antiAffinity: AntiAffinity.NONE } }]]
      .filter(([variant]) => engine === 'mongodb' || variant !== 'sharded') as Array<[string, Partial<DatabaseClusterProps>]>)('%s', (_variant, props) => {
      const all = everest(engine, props).objects();
      expect(policyRefusal(only(all, 'PodSchedulingPolicy'), only(all, 'DatabaseCluster'))).toBeUndefined();
    });
  });

  test('validateResourceLimits: CPU of at least 600m, memory of at least 512M, storage of at least 1G', () => {
    refused(() => everest('postgres', { resources: { cpu: Cpu.millis(500) } }), 'resources.cpu');
    refused(() => everest('postgres', { resources: { memory: Size.mebibytes(400) } }), 'resources.memory');
    refused(() => everest('postgres', { storage: { size: Size.mebibytes(900) } }), 'storage.size');
    expect(everest('postgres', { resources: { cpu: Cpu.millis(600), memory: Size.mebibytes(512) } }).spec().engine.resources)
      .toEqual({ cpu: '600m', memory: '512Mi' });
  });
});

describe('API server: BackupStorage (validation/backup_storage.go)', () => {
  test('validateCreateBackupStorageRequest (ValidateEverestResourceName): storage names of at most 22 characters', () => {
    const chart = fleet();
    expect(() => s3(chart, 'x', { name: 'a'.repeat(23) })).toThrow(/name/);
    const all = everest('mysql', { backup: { storage: s3(chart, 'y', { name: 'a'.repeat(22) }) } }, chart).objects();
    for (const storage of ofKind(all, 'BackupStorage')) expect(isEverestResourceName(storage.metadata.name)).toBe(true);
  });

  test('validateBucketName: 3 to 63 lowercase letters, digits, dots and dashes', () => {
    const chart = fleet();
    const error = refused(() => everest('mysql', { backup: { storage: s3(chart, 's3', { bucket: 'acme_backups' }) } }, chart), 'backup.storage.bucket');
    expect(reasonFor(error, 'backup.storage.bucket')).toContain('validateBucketName');
    const other = fleet();
    expect(only(everest('mysql', { backup: { storage: s3(other, 's3', { bucket: 'acme.backups-1' }) } }, other).objects(), 'BackupStorage').spec.bucket)
      .toBe('acme.backups-1');
  });

  test('validateCreateBackupStorageRequest, validateBackupStorageAccess: an S3 storage needs a region, an S3-compatible one too', () => {
    const chart = fleet();
    const minio = s3(chart, 'minio', { region: undefined, endpoint: 'https://minio.storage.svc:9000', forcePathStyle: true });
    const error = refused(() => everest('mongodb', { backup: { storage: minio } }, chart), 'backup.storage.region');
    expect(reasonFor(error, 'backup.storage.region')).toContain('an S3-compatible endpoint too');
    const azure = new BackupStorage(chart, 'azure', { provider: BackupProvider.AZURE, bucket: 'backups', credentialsSecret: 'azure' });
    expect(() => everest('mongodb', { backup: { storage: azure } }, fleet()).objects()).not.toThrow();
  });

  test('validateCreateBackupStorageRequest: no two storages on one bucket, region and endpoint in a namespace', () => {
    const chart = fleet();
    const first = s3(chart, 'first', { bucket: 'shared' });
    const second = s3(chart, 'second', { bucket: 'shared' });
    new DatabaseCluster(chart, 'orders', { engine: ENGINES.mysql(), backup: { storage: first } });
    // Another namespace has its own BackupStorages.
    new DatabaseCluster(chart, 'staging', { engine: ENGINES.mysql(), namespace: 'staging', backup: { storage: second } });
    const error = refused(() => new DatabaseCluster(chart, 'billing', { engine: ENGINES.mongodb(), backup: { storage: second } }), 'backup.storage.bucket');
    expect(error.message).toContain('fleet/first');
    expect(ofKind(synthValid(chart), 'BackupStorage').map((s) => `${s.metadata.namespace}/${s.metadata.name}`)).toEqual(['shop/first', 'staging/second']);
  });
});

describe('API server: MonitoringConfig (validation/monitoring_instance.go)', () => {
  test.each(['pmm-token', 'pmm.credentials', 'a-secret-name-that-is-much-too-long-for-everest', '1pmm'])(
    'CreateMonitoringInstance (ValidateEverestResourceName): the MonitoringConfig of Secret %s has a name Everest takes', (credentialsSecret) => {
      const all = everest('mysql', { monitoring: Monitoring.pmm({ url: 'https://pmm.example.com', credentialsSecret }) }).objects();
      const config = only(all, 'MonitoringConfig');
      expect(isEverestResourceName(config.metadata.name)).toBe(true);
      expect(config.spec.credentialsSecretName).toBe(credentialsSecret);
      expect(only(all, 'DatabaseCluster').spec.monitoring.monitoringConfigName).toBe(config.metadata.name);
    });
});

describe('operator webhook: DatabaseCluster (databasecluster_webhook.go)', () => {
  test.each(ALL_ENGINES)('ValidateCreate: %s with default props names no users Secret that does not exist yet', (engine) => {
    const { cluster, spec } = everest(engine);
    expect(spec().engine.userSecretsName).toBeUndefined();
    // databasecluster_controller.go:Reconcile names Everest's default, which the Percona operator creates.
    expect(cluster.credentialsSecretName).toBe('everest-secrets-fleet-orders');
  });

  test('ValidateCreate: a given users Secret is named (it must exist before the cluster)', () => {
    const { cluster, spec } = everest('mongodb', { credentialsSecret: 'orders-users' });
    expect(spec().engine.userSecretsName).toBe('orders-users');
    expect(cluster.credentialsSecretName).toBe('orders-users');
  });

  test('ValidateCreate (validateLoadBalancerConfig): the LoadBalancerConfig comes before the cluster', () => {
    const all = everest('postgres', { expose: Expose.loadBalancer({ annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } }) }).objects();
    const lbc = all.findIndex((o) => o.kind === 'LoadBalancerConfig');
    expect(lbc).toBeLessThan(all.findIndex((o) => o.kind === 'DatabaseCluster'));
    expect(all[lbc].metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-1');
  });
});

describe('operator webhook: LoadBalancerConfig (loadbalancerconfig_webhook.go:validateLoadBalancerConfig)', () => {
  test.each<[string | null, string]>([
    ['shop', 'shop-fleet-orders'],
    ['1team', 'fleet-orders-'],
    ['a'.repeat(51), 'fleet-orders-'],
    [null, 'fleet-orders'],
  ])('ValidateRFC1035: the name in namespace %s is an RFC 1035 label (%s...)', (namespace, prefix) => {
    const all = everest('mysql', {}, fleet(namespace)).objects();
    for (const kind of ['LoadBalancerConfig', 'PodSchedulingPolicy']) {
      const name = only(all, kind).metadata.name;
      expect(isRfc1035(name)).toBe(true);
      expect(name.startsWith(prefix)).toBe(true);
    }
  });

  test('ValidateRFC1035: two databases whose names would collide are refused', () => {
    const chart = fleet();
    new DatabaseCluster(chart, 'a', { engine: ENGINES.mysql(), namespace: 'shop-eu', name: 'orders' });
    refused(() => new DatabaseCluster(chart, 'b', { engine: ENGINES.mysql(), namespace: 'shop', name: 'eu-orders' }), 'name');
  });

  test('annotationKeyRegex: annotation keys in lowercase only', () => {
    const error = refused(() => everest('mysql', { expose: Expose.loadBalancer({ annotations: { 'example.com/MyKey': 'x' } }) }), 'expose.annotations');
    expect(error.message).toContain('["example.com/MyKey"]');
    const lbc = only(everest('mysql', { expose: Expose.loadBalancer({ annotations: { 'example.com/my_key.v1': 'x' } }) }).objects(), 'LoadBalancerConfig');
    expect(lbc.spec.annotations).toEqual({ 'example.com/my_key.v1': 'x' });
  });
});

describe('operator webhook: MonitoringConfig (monitoringconfig_webhook.go)', () => {
  test('checkAccess: the webhook appends /v1/version, so the URL is written without a trailing slash', () => {
    const config = only(everest('mongodb', { monitoring: Monitoring.pmm({ url: 'https://pmm.example.com/', credentialsSecret: 'pmm' }) }).objects(), 'MonitoringConfig');
    expect(config.spec.pmm.url).toBe('https://pmm.example.com');
  });

  test.each(['https://pmm.example.com:8443', 'https://pmm.example.com/pmm', 'https://pmm.example.com?x=1', 'https://user:pw@pmm.example.com'])(
    'checkAccess and the appliers\' serverHost = URL.Hostname(): %s is refused (its port, path or more would be lost)', (url) => {
      refused(() => everest('mysql', { monitoring: Monitoring.pmm({ url, credentialsSecret: 'pmm' }) }), 'monitoring.url');
    });

  test('validateMonitoringConfig: the Secret is looked up at admission, so the MonitoringConfig comes before the cluster that names it', () => {
    const all = everest('postgres', { monitoring: Monitoring.pmm({ url: 'https://pmm.example.com', credentialsSecret: 'pmm' }) }).objects();
    expect(all.findIndex((o) => o.kind === 'MonitoringConfig')).toBeLessThan(all.findIndex((o) => o.kind === 'DatabaseCluster'));
    expect(only(all, 'MonitoringConfig').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-1');
  });

  test('PMMServerVersion.DefaultPMMClientImage: without an image Everest runs the client of the server\'s version', () => {
    const pmm = (image?: string) => only(everest('mysql', { monitoring: Monitoring.pmm({ url: 'https://pmm.example.com', credentialsSecret: 'pmm', image }) })
      .objects(), 'MonitoringConfig').spec.pmm.image;
    expect(pmm()).toBe('');
    expect(pmm('percona/pmm-client:3.5.0')).toBe('percona/pmm-client:3.5.0');
  });
});

describe('operator webhooks: DatabaseClusterBackup and DatabaseClusterRestore', () => {
  test('databaseclusterbackup_webhook.go:ValidateCreate: the cluster and the storage come before the backup', () => {
    const chart = fleet();
    const { cluster } = everest('mysql', { backup: { storage: s3(chart) } }, chart);
    new OnDemandBackup(chart, 'now', { cluster });
    const all = synthValid(chart);
    const at = (kind: string) => all.findIndex((o) => o.kind === kind);
    expect(at('BackupStorage')).toBeLessThan(at('DatabaseClusterBackup'));
    expect(at('DatabaseCluster')).toBeLessThan(at('DatabaseClusterBackup'));
    expect(only(all, 'DatabaseClusterBackup').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('1');
    expect(only(all, 'BackupStorage').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-1');
  });

  test('databaseclusterrestore_webhook.go:ValidateCreate: the cluster comes before the restore', () => {
    const chart = fleet();
    const { cluster } = everest('mongodb', {}, chart);
    new DatabaseRestore(chart, 'rollback', { cluster, source: RestoreSource.backup({ backupName: 'nightly' }) });
    const all = synthValid(chart);
    expect(all.findIndex((o) => o.kind === 'DatabaseCluster')).toBeLessThan(all.findIndex((o) => o.kind === 'DatabaseClusterRestore'));
    expect(only(all, 'DatabaseClusterRestore').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('1');
  });

  test('databaseclusterrestore_webhook.go:validateDBClusterBackup: the backup is in the cluster\'s namespace', () => {
    const chart = fleet();
    const { cluster } = everest('mysql', {}, chart);
    refused(() => new DatabaseRestore(chart, 'undo', { cluster, source: RestoreSource.backup({ backupName: 'nightly', sourceNamespace: 'prod' }) }),
      'source.sourceNamespace');
    refused(() => everest('mysql', { restoreFrom: RestoreSource.backup({ backupName: 'nightly', sourceNamespace: 'prod' }) }), 'restoreFrom.sourceNamespace');
    expect(everest('mysql', { restoreFrom: RestoreSource.backup({ backupName: 'nightly', sourceNamespace: 'shop' }) }).spec().dataSource)
      .toEqual({ dbClusterBackupName: 'nightly' });
  });

  test('databaseclusterrestore_webhook.go:validatePitrRestoreSpec: a point in time is of type date, in 2006-01-02T15:04:05Z', () => {
    const chart = fleet();
    const storage = s3(chart);
    const { cluster } = everest('mysql', { backup: { storage, pointInTimeRecovery: true } }, chart);
    new DatabaseRestore(chart, 'undo', {
      cluster, source: RestoreSource.pointInTime({ storage, sourceCluster: 'fleet-orders', time: '2026-11-20T09:30:00.250+01:00', baseBackupName: 'nightly' }),
    });
    expect(only(synthValid(chart), 'DatabaseClusterRestore').spec.dataSource.pitr).toEqual({ type: 'date', date: '2026-11-20T08:30:00Z' });
  });

  test('common/helper.go:ReconcileDBRestoreFromDataSource: a restore never takes the name Everest gives a clone\'s restore', () => {
    const chart = fleet();
    const { cluster } = everest('mysql', {}, chart);
    refused(() => new DatabaseRestore(chart, 'undo', { cluster, name: 'fleet-orders', source: RestoreSource.backup({ backupName: 'nightly' }) }), 'name');
  });
});

describe('operator: DatabaseCluster controller and providers', () => {
  test('pxc/applier.go:applyProxySQLCfg + PXC 1.18 pxc_types.go:Validate: ProxySQL is refused with the reason', () => {
    const error = refused(() => everest('mysql', { proxy: { type: ProxyType.PROXYSQL } }), 'proxy.type');
    expect(reasonFor(error, 'proxy.type')).toContain('volumeSpec');
    expect(Errors.propsOf(error)).toEqual(['proxy.type']);
  });

  test.each<[string, Partial<DatabaseClusterProps>, string | undefined]>([
    ['2Gi without parameters: Everest writes its size-tuned section', {}, undefined],
    ['16Gi without parameters: Everest writes its size-tuned section', { resources: { memory: Size.gibibytes(16) } }, undefined],
    ['1Gi without parameters: an empty section keeps Everest\'s 1.3 GB buffer pool out', { resources: { memory: Size.gibibytes(1) } }, '[mysqld]\n'],
    ['parameters replace Everest\'s section', { config: { max_connections: '500' } }, '[mysqld]\nmax_connections=500\n'],
  ])('pxc/provider.go:ensureDefaults: %s', (_what, props, config) => {
    expect(everest('mysql', props).spec().engine.config).toBe(config);
  });

  /** pkg/pxc/statefulset.go:PodAffinity and pkg/psmdb/statefulset.go:PodAffinity apply `advanced` first; Everest copies each component there. */
  test.each<[EngineName, Partial<DatabaseClusterProps>, string[]]>([
    ['mysql', {}, ['engine', 'proxy']],
    ['mongodb', {}, ['engine']],
    ['mongodb', { sharding: { shards: 2 } }, ['engine', 'proxy', 'configServer']],
    ['postgres', {}, ['engine', 'proxy']],
  ])('PodSchedulingPolicy.HasRules + %s applier PodSchedulingPolicy: with no anti-affinity every component %j gets an empty affinity, '
    + 'so the Percona operator\'s required default does not apply', (engine, props, components) => {
    const policy = only(everest(engine, { ...props, scheduling: { antiAffinity: AntiAffinity.NONE } }).objects(), 'PodSchedulingPolicy');
    const section = Object.values<any>(policy.spec.affinityConfig)[0];
    expect(section).toEqual(Object.fromEntries(components.map((c) => [c, {}])));
  });

  test('PGO users[].secretName (MaxLength 63): a PostgreSQL users Secret of at most 63 characters', () => {
    refused(() => everest('postgres', { credentialsSecret: 'a'.repeat(64) }), 'credentialsSecret');
    expect(everest('postgres', { credentialsSecret: 'a'.repeat(63) }).spec().engine.userSecretsName).toHaveLength(63);
  });

  test.each(['%m [%p]; ', 'a#b', 'C:\\dir\\', '`quoted`', '"""x"""'])('pg/pg_config.go:ParsePGConfig (go-ini): a value like %s would be read otherwise', (value) => {
    refused(() => everest('postgres', { config: { log_line_prefix: value } }), 'config');
  });

  test('pg/pg_config.go:ParsePGConfig: values go-ini reads as written pass', () => {
    expect(everest('postgres', { config: { log_line_prefix: '%m [%p] %q%u@%d ', search_path: '"$user", public' } }).spec().engine.config)
      .toBe('log_line_prefix = %m [%p] %q%u@%d \nsearch_path = "$user", public\n');
  });

  test('pg/applier.go:updatePGConfig: track_commit_timestamp is always on', () => {
    refused(() => everest('postgres', { config: { track_commit_timestamp: 'off' } }), 'config.track_commit_timestamp');
    expect(everest('postgres', { config: { track_commit_timestamp: 'on' } }).spec().engine.config).toBe('track_commit_timestamp = on\n');
  });

  test('pg/applier.go:genPGBackrestRepo: a PostgreSQL S3 storage has an endpoint, over https (pgBackRest 2.57)', () => {
    const chart = fleet();
    refused(() => everest('postgres', { backup: { storage: s3(chart, 'aws', { forcePathStyle: true }) } }, chart), 'backup.storage.endpoint');
    const http = pgS3(chart, 'minio', { endpoint: 'http://minio.storage.svc:9000' });
    refused(() => new DatabaseCluster(chart, 'billing', { engine: ENGINES.postgres(), backup: { storage: http } }), 'backup.storage.endpoint');
    expect(() => new DatabaseCluster(chart, 'inventory', { engine: ENGINES.mysql(), backup: { storage: s3(chart, 'aws-too') } })).not.toThrow();
  });

  test('pg/pg_repos_reconciler.go:addRepoToPGGlobal: PostgreSQL repositories use path-style URLs, so the storage says so', () => {
    const chart = fleet();
    const error = refused(() => everest('postgres', { backup: { storage: pgS3(chart, 's3', { forcePathStyle: false }) } }, chart), 'backup.storage.forcePathStyle');
    expect(reasonFor(error, 'backup.storage.forcePathStyle')).toContain('forcePathStyle: true');
  });

  test('pg/pg_repos_reconciler.go:addRepoToPGGlobal: no PostgreSQL storage is named like a repository', () => {
    const chart = fleet();
    refused(() => everest('postgres', { backup: { storage: pgS3(chart, 'repo2') } }, chart), 'backup.storage.name');
    expect(() => everest('mysql', { backup: { storage: s3(fleet(), 'repo2') } })).not.toThrow();
  });

  test('pg/pg_repos_reconciler.go:reconcileExistingSchedules: TLS is not verified for a PostgreSQL schedule\'s repository, so the storage says so', () => {
    const chart = fleet();
    const { cluster } = everest('postgres', { backup: { storage: pgS3(chart) } }, chart);
    refused(() => cluster.addBackupSchedule('daily', { schedule: '0 1 * * *', storage: pgS3(chart, 'verified', { verifyTls: true }) }), 'storage.verifyTls');
    const other = fleet();
    const mysql = everest('mysql', { backup: { storage: s3(other, 's3', { verifyTls: true }) } }, other);
    mysql.cluster.addBackupSchedule('daily', { schedule: '0 1 * * *' });
    expect(only(mysql.objects(), 'BackupStorage').spec.verifyTLS).toBe(true);
  });

  test('pg/applier.go:getPGRestoreOptions: the instant has no time zone, so a PostgreSQL point-in-time source needs TimeZone UTC', () => {
    const chart = fleet();
    const storage = pgS3(chart);
    const source = RestoreSource.pointInTime({ storage, sourceCluster: 'billing', time: '2026-11-20T06:00:00Z', baseBackupName: 'nightly' });
    refused(() => new DatabaseCluster(chart, 'paris', { engine: ENGINES.postgres(), config: { TimeZone: 'Europe/Paris' }, restoreFrom: source }), 'restoreFrom.time');
    expect(everest('postgres', { config: { timezone: "'UTC'" }, restoreFrom: source }, chart).spec().dataSource.pitr.date).toBe('2026-11-20T06:00:00Z');
  });

  test('backupstorage_controller.go:Reconcile: a BackupStorage owns its credentials Secret, so two never share one', () => {
    const chart = fleet();
    const first = s3(chart, 'first', { credentialsSecret: 'backup-s3' });
    const second = s3(chart, 'second', { credentialsSecret: 'backup-s3' });
    everest('mysql', { backup: { storage: first } }, chart);
    const error = refused(() => new DatabaseCluster(chart, 'billing', { engine: ENGINES.mysql(), backup: { storage: second } }), 'backup.storage.credentialsSecret');
    expect(error.message).toContain('BackupStorage first');
  });

  test('monitoringconfig_controller.go:Reconcile: a MonitoringConfig owns its credentials Secret, so the clusters that name it share one', () => {
    const chart = fleet();
    const pmm = Monitoring.pmm({ url: 'https://pmm.example.com', credentialsSecret: 'pmm-token' });
    new DatabaseCluster(chart, 'a', { engine: ENGINES.mysql(), monitoring: pmm });
    new DatabaseCluster(chart, 'b', { engine: ENGINES.postgres(), monitoring: pmm });
    new DatabaseCluster(chart, 'c', { engine: ENGINES.mongodb(), namespace: 'staging', monitoring: pmm });
    const all = synthValid(chart);
    expect(ofKind(all, 'MonitoringConfig').map((m) => `${m.metadata.namespace}/${m.metadata.name}`)).toEqual(['shop/pmm-token', 'staging/pmm-token']);
    expect(ofKind(all, 'DatabaseCluster').map((d) => d.spec.monitoring.monitoringConfigName)).toEqual(['pmm-token', 'pmm-token', 'pmm-token']);
    refused(() => new DatabaseCluster(chart, 'd', {
      engine: ENGINES.mysql(), monitoring: Monitoring.pmm({ url: 'https://other-pmm.example.com', credentialsSecret: 'pmm-token' }),
    }), 'monitoring');
    const storage = s3(chart, 'store', { credentialsSecret: 'pmm-token' });
    refused(() => new DatabaseCluster(chart, 'e', { engine: ENGINES.mysql(), backup: { storage } }), 'backup.storage.credentialsSecret');
  });

  test('databaseclusterbackup_controller.go:handleStorageProtectionFinalizer: a pruned on-demand backup keeps its data', () => {
    const chart = fleet();
    const { cluster } = everest('mongodb', { backup: { storage: s3(chart) } }, chart);
    new OnDemandBackup(chart, 'now', { cluster });
    expect(only(synthValid(chart), 'DatabaseClusterBackup').metadata.finalizers).toEqual(['everest.percona.com/dbb-storage-protection']);
  });

  test('common/helper.go:ReconcileDBRestoreFromDataSource clears a clone\'s spec.dataSource: the readiness report says so', () => {
    const { chart } = everest('mongodb', { restoreFrom: RestoreSource.backup({ backupName: 'nightly' }) });
    expect(ProductionReadiness.warningsOf(chart).some((w) => w.includes('Everest clears spec.dataSource'))).toBe(true);
    expect(ProductionReadiness.warningsOf(everest('mongodb').chart).some((w) => w.includes('spec.dataSource'))).toBe(false);
  });

  test('apply order: storages, policy, LoadBalancerConfig and MonitoringConfig before the cluster, in sync wave -1', () => {
    const chart = fleet();
    everest('mysql', { backup: { storage: s3(chart) }, monitoring: Monitoring.pmm({ url: 'https://pmm.example.com', credentialsSecret: 'pmm' }) }, chart);
    const all = synthValid(chart);
    const cluster = all.findIndex((o) => o.kind === 'DatabaseCluster');
    for (const kind of ['BackupStorage', 'PodSchedulingPolicy', 'LoadBalancerConfig', 'MonitoringConfig']) {
      expect([kind, all.findIndex((o) => o.kind === kind) < cluster]).toEqual([kind, true]);
      expect(only(all, kind).metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '-1' });
    }
    expect(all[cluster].metadata.annotations).toBeUndefined();
  });
});

describe('safe-change guard: Everest\'s update rules', () => {
  /** `field: class` of each change between two syntheses. */
  function changes(before: any[], after: any[]): string[] {
    return ManifestDiff.compareObjects(before, after).databases.flatMap((d) => d.changes.map((c) => `${c.field}: ${c.changeClass}`));
  }
  function reasons(before: any[], after: any[]): string {
    return ManifestDiff.compareObjects(before, after).databases.flatMap((d) => d.changes.map((c) => c.reason)).join('\n');
  }
  const synth = (engine: EngineName, props: Partial<DatabaseClusterProps> = {}) => everest(engine, props).objects();

  test('validateDatabaseClusterOnUpdate: storage never shrinks', () => {
    expect(changes(synth('mysql'), synth('mysql', { storage: { size: Size.gibibytes(10) } }))).toContain('spec.engine.storage.size: destructive');
  });

  test('validateDatabaseClusterOnUpdate: a multi-member cluster is never scaled to one', () => {
    expect(changes(synth('mongodb'), synth('mongodb', { replicas: 1, singleNodeDevelopment: true }))).toContain('spec.engine.replicas: destructive');
  });

  test('validateDBEngineVersionUpgrade: no downgrade, no PostgreSQL major upgrade', () => {
    const mysql = (version: MysqlVersion) => synth('mysql', { engine: DatabaseEngine.mysql({ version, operator: Operator.EVEREST }) });
    expect(changes(mysql(MysqlVersion.V8_0_42), mysql(MysqlVersion.of('8.0.41')))).toContain('spec.engine.version: destructive');
    const pg = (version: PostgresVersion) => synth('postgres', { engine: DatabaseEngine.postgres({ version, operator: Operator.EVEREST }) });
    expect(changes(pg(PostgresVersion.V16_11), pg(PostgresVersion.V17_7))).toContain('spec.engine.version: destructive');
  });

  test('validateShardingOnUpdate: sharding is never toggled', () => {
    expect(changes(synth('mongodb'), synth('mongodb', { sharding: { shards: 2 } }))).toContain('spec.sharding: destructive');
  });

  test('checkSchedulesChanges: a PostgreSQL schedule keeps its storage', () => {
    const withSchedule = (id: string) => {
      const chart = fleet();
      const { cluster, objects } = everest('postgres', { backup: { storage: pgS3(chart, 'a') } }, chart);
      cluster.addBackupSchedule('daily', { schedule: '0 1 * * *', storage: pgS3(chart, id) });
      return objects();
    };
    expect(changes(withSchedule('b'), withSchedule('c'))).toContain('spec.backup.schedules[daily].backupStorageName: risky');
  });

  test('databasecluster_webhook.go:ValidateUpdate: the engine type never changes', () => {
    expect(changes(synth('mysql'), synth('mongodb'))).toEqual(expect.arrayContaining([expect.stringMatching(/destructive$/)]));
  });

  test('userSecretsName (not checked on update): re-pointing the users Secret is destructive, naming the default explicitly is not', () => {
    expect(changes(synth('mysql'), synth('mysql', { credentialsSecret: 'orders-users' }))).toEqual(['spec.engine.userSecretsName: destructive']);
    expect(changes(synth('mysql'), synth('mysql', { credentialsSecret: 'everest-secrets-fleet-orders' }))).toEqual(['spec.engine.userSecretsName: safe']);
  });

  test('pxc/provider.go:ensureDefaults: parameters replace Everest\'s size-tuned section (restart)', () => {
    expect(changes(synth('mysql'), synth('mysql', { config: { max_connections: '500' } }))).toEqual(['spec.engine.config: restart']);
    expect(reasons(synth('mysql'), synth('mysql', { config: { max_connections: '500' } }))).toContain('size-tuned');
  });

  test('exposure: a LoadBalancer, and one opened to more sources, are risky, naming the exposure', () => {
    expect(changes(synth('postgres'), synth('postgres', { expose: Expose.loadBalancer({ sourceRanges: ['10.0.0.0/8'] }) })))
      .toContain('spec.proxy.expose.type: risky');
    const lb = (sourceRanges: string[]) => synth('postgres', { expose: Expose.loadBalancer({ sourceRanges }) });
    expect(changes(lb(['10.0.0.0/8']), lb(['10.0.0.0/8', '192.168.0.0/16']))).toEqual(['spec.proxy.expose.ipSourceRanges: risky']);
    expect(reasons(lb(['10.0.0.0/8']), lb(['10.0.0.0/8', '192.168.0.0/16']))).toContain('192.168.0.0/16');
    expect(changes(lb(['10.0.0.0/8']), lb([]))).toEqual(['spec.proxy.expose.ipSourceRanges: risky']);
    expect(changes(lb(['10.0.0.0/8']), lb(['10.1.0.0/16']))).toEqual(['spec.proxy.expose.ipSourceRanges: safe']);
    expect(changes(lb(['2001:db8::/32']), lb(['2001:db8:1::/48']))).toEqual(['spec.proxy.expose.ipSourceRanges: safe']);
  });

  test('LoadBalancerConfig: an annotation that decides who reaches the load balancer is risky', () => {
    const lb = (annotations: { [key: string]: string }) => synth('mysql', { expose: Expose.loadBalancer({ sourceRanges: ['10.0.0.0/8'], annotations }) });
    expect(changes(lb({ 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' }), lb({}))).toContain('spec.annotations.service.beta.kubernetes.io/aws-load-balancer-internal: risky');
    expect(changes(lb({ tier: 'gold' }), lb({ tier: 'silver' }))).toContain('spec.annotations.tier: safe');
  });

  test('pxc/applier.go:applyHAProxyCfg: HAProxy resources below Everest\'s size-based request, changed on a running cluster, are destructive', () => {
    const haproxy = (cpu: number, memory = 256) => synth('mysql', { proxy: { resources: { cpu: Cpu.millis(cpu), memory: Size.mebibytes(memory) } } });
    expect(changes(haproxy(200), haproxy(100))).toEqual(['spec.proxy.resources: destructive']);
    expect(changes(haproxy(200, 256), haproxy(200, 128))).toEqual(['spec.proxy.resources: destructive']);
    expect(changes(haproxy(200), haproxy(400))).toEqual(['spec.proxy.resources: restart']);
  });

  test('pxc/applier.go:DataSource: a data source added to a running cluster restores over its data', () => {
    const clone = synth('mysql', { restoreFrom: RestoreSource.backup({ backupName: 'nightly' }) });
    expect(changes(synth('mysql'), clone)).toEqual(['spec.dataSource: destructive']);
    expect(changes(clone, synth('mysql'))).toEqual(['spec.dataSource: safe']);
  });

  test('DatabaseClusterRestore: a new restore replaces the data (destructive); a protected backup\'s removal keeps its data', () => {
    const build = (restore: boolean, backup: boolean) => {
      const chart = fleet();
      const { cluster } = everest('mysql', { backup: { storage: s3(chart) } }, chart);
      if (restore) new DatabaseRestore(chart, 'rollback', { cluster, source: RestoreSource.backup({ backupName: 'nightly' }) });
      if (backup) new OnDemandBackup(chart, 'now', { cluster });
      return synthValid(chart);
    };
    expect(changes(build(false, false), build(true, false))).toEqual(['(object): destructive']);
    expect(changes(build(false, true), build(false, false))).toEqual(['(object): safe']);
    expect(ManifestDiff.compareObjects(build(false, false), build(true, false)).changeClass).toBe(ChangeClass.DESTRUCTIVE);
  });
});
