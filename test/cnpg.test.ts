import * as fs from 'node:fs';
import * as path from 'node:path';
import { Chart, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as YAML from 'yaml';
import {
  AntiAffinity, BackupProvider, BackupStorage, DatabaseCluster, DatabaseClusterProps, DatabaseEngine, DatabaseRestore, Errors,
  Expose, HaPostgres, Monitoring, OnDemandBackup, Operator, PostgresVersion, ProxyType, RestoreSource,
} from '../src';
import { refusal } from './support/refusal';
import { ofKind, only, synthValid } from './support/schema';

const CNPG = 'postgresql.cnpg.io/v1';
const PLUGIN = 'barman-cloud.cloudnative-pg.io';
const INSTANCE_PODS = { 'cnpg.io/cluster': 'fleet-orders', 'cnpg.io/podRole': 'instance' };
const POOLER_PODS = { 'cnpg.io/poolerName': 'fleet-orders-pooler' };
/** The Azure ObjectStore's credentials: the `azure` storage's Secret, under the keys the other targets read. */
const AZURE_CREDENTIALS = {
  storageAccount: { name: 'backup-azure', key: 'AZURE_STORAGE_ACCOUNT_NAME' },
  storageKey: { name: 'backup-azure', key: 'AZURE_STORAGE_ACCOUNT_KEY' },
};

/** Every kind of backup storage a test needs, in the same chart as the cluster. */
function storages(chart: Chart) {
  return {
    aws: new BackupStorage(chart, 'aws', { provider: BackupProvider.S3, bucket: 'acme-pg', region: 'eu-west-1', prefix: 'prod', credentialsSecret: 'backup-aws' }),
    minio: new BackupStorage(chart, 'minio', {
      provider: BackupProvider.S3, bucket: 'db-backups', endpoint: 'https://minio.storage.svc:9000', forcePathStyle: true, credentialsSecret: 'backup-minio',
    }),
    gcs: new BackupStorage(chart, 'gcs', { provider: BackupProvider.GCS, bucket: 'acme-pg-gcs', credentialsSecret: 'backup-gcs' }),
    azure: new BackupStorage(chart, 'azure', {
      provider: BackupProvider.AZURE, bucket: 'pgbackups', storageAccount: 'acmepgbackups', prefix: 'prod', credentialsSecret: 'backup-azure',
    }),
    azureNoAccount: new BackupStorage(chart, 'azure-no-account', { provider: BackupProvider.AZURE, bucket: 'pgbackups', credentialsSecret: 'backup-azure' }),
    insecure: new BackupStorage(chart, 'insecure', {
      provider: BackupProvider.S3, bucket: 'lab', endpoint: 'https://ceph.lab:7480', verifyTls: false, credentialsSecret: 'backup-lab',
    }),
  };
}
type Storages = ReturnType<typeof storages>;
type Props = Partial<DatabaseClusterProps>;

function postgres(props: Props | ((s: Storages) => Props) = {}) {
  const chart = new Chart(Testing.app(), 'fleet', { namespace: 'shop' });
  const stores = storages(chart);
  const cluster = new DatabaseCluster(chart, 'orders', {
    engine: DatabaseEngine.postgres({ version: PostgresVersion.V17_7, operator: Operator.CLOUDNATIVE_PG }),
    ...(typeof props === 'function' ? props(stores) : props),
  });
  const objects = () => synthValid(chart);
  return { chart, cluster, stores, objects, spec: () => only(objects(), 'Cluster').spec };
}


function expectRefused(act: () => unknown, prop: string, constructPath = 'fleet/orders'): any {
  const error = refusal(act);
  expect(Errors.isValidationError(error)).toBe(true);
  expect(Errors.propOf(error)).toBe(prop);
  expect(error.message).toContain(`[${constructPath}]`);
  return error;
}

describe('CloudNativePG target: the Cluster', () => {
  test('maps the defaults field by field', () => {
    const { cluster, objects } = postgres();
    const resource = only(objects(), 'Cluster');
    expect(resource.apiVersion).toBe(CNPG);
    expect(resource.metadata).toEqual({ name: 'fleet-orders', namespace: 'shop', annotations: { 'cnpg.io/hibernation': 'off' } });
    expect(resource.spec).toEqual({
      instances: 3,
      imageName: 'ghcr.io/cloudnative-pg/postgresql:17.7-standard-trixie',
      storage: { size: '20Gi', resizeInUseVolumes: true },
      resources: { limits: { cpu: '1', memory: '2Gi' }, requests: { cpu: '1', memory: '2Gi' } },
      affinity: { enablePodAntiAffinity: true, podAntiAffinityType: 'preferred', topologyKey: 'kubernetes.io/hostname' },
      enablePDB: true,
      primaryUpdateStrategy: 'unsupervised',
      primaryUpdateMethod: 'switchover',
      enableSuperuserAccess: false,
      logLevel: 'info',
      replicationSlots: { highAvailability: { enabled: true, slotPrefix: '_cnpg_' }, synchronizeReplicas: { enabled: true } },
      probes: { liveness: { isolationCheck: { enabled: true, requestTimeout: 1000, connectionTimeout: 1000 } } },
      bootstrap: { initdb: { database: 'app', owner: 'app', encoding: 'UTF8', localeCollate: 'C', localeCType: 'C' } },
    });
    expect(cluster.host).toBe('fleet-orders-pooler.shop.svc');
    expect(cluster.port).toBe(5432);
    expect(cluster.credentialsSecretName).toBe('fleet-orders-app');
    expect(cluster.engineResource.kind).toBe('Cluster');
  });

  test('TLS needs nothing: no certificates block, CNPG serves TLS with its own CA', () => {
    expect(postgres().spec().certificates).toBeUndefined();
  });

  test('maps explicit props: version, image, parameters, storage, resources, credentials', () => {
    const custom = postgres({
      engine: DatabaseEngine.postgres({ version: PostgresVersion.V16_11, operator: Operator.CLOUDNATIVE_PG }),
      config: { max_connections: '500', shared_buffers: '1GB' },
      storage: { size: Size.gibibytes(100), storageClassName: 'fast-ssd' },
      resources: { cpu: Cpu.units(2), memory: Size.gibibytes(8) },
      credentialsSecret: 'orders-app-user',
    });
    const s = custom.spec();
    expect(s.imageName).toBe('ghcr.io/cloudnative-pg/postgresql:16.11-standard-trixie');
    expect(s.postgresql).toEqual({ parameters: { max_connections: '500', shared_buffers: '1GB' } });
    expect(s.storage).toEqual({ size: '100Gi', storageClass: 'fast-ssd', resizeInUseVolumes: true });
    expect(s.resources).toEqual({ limits: { cpu: '2', memory: '8Gi' }, requests: { cpu: '2', memory: '8Gi' } });
    expect(s.bootstrap).toEqual({ initdb: { database: 'app', owner: 'app', encoding: 'UTF8', localeCollate: 'C', localeCType: 'C', secret: { name: 'orders-app-user' } } });
    expect(custom.cluster.credentialsSecretName).toBe('orders-app-user');

    const mirrored = postgres({ engine: DatabaseEngine.postgres({ version: PostgresVersion.of('17.7'), operator: Operator.CLOUDNATIVE_PG, image: 'registry.acme/pg:17.7' }) });
    expect(mirrored.spec().imageName).toBe('registry.acme/pg:17.7');
  });

  test('synchronous replicas: quorum commit that never degrades to asynchronous', () => {
    expect(postgres({ synchronousReplicas: 2, config: { work_mem: '64MB' } }).spec().postgresql).toEqual({
      parameters: { work_mem: '64MB' }, synchronous: { method: 'any', number: 2, dataDurability: 'required' },
    });
    expect(postgres({ synchronousReplicas: 0 }).spec().postgresql).toBeUndefined();
    expectRefused(() => postgres({ synchronousReplicas: 3 }), 'synchronousReplicas');
  });

  test('parameters given as a map without a prototype are copied', () => {
    const config = Object.assign(Object.create(null), { max_connections: '200' });
    expect(postgres({ config }).spec().postgresql).toEqual({ parameters: { max_connections: '200' } });
  });

  test('paused hibernates the cluster through the annotation', () => {
    expect(only(postgres({ paused: true }).objects(), 'Cluster').metadata.annotations).toEqual({ 'cnpg.io/hibernation': 'on' });
  });

  test('CNPG makes the instance PDBs: enabled for 3 instances, off for a one-instance development cluster', () => {
    expect(postgres().spec().enablePDB).toBe(true);
    const dev = postgres({ replicas: 1, singleNodeDevelopment: true });
    expect(dev.spec().instances).toBe(1);
    expect(dev.spec().enablePDB).toBe(false);
  });
});

describe('CloudNativePG target: scheduling of instance and Pooler pods', () => {
  const tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }];
  const nodeSelector = { pool: 'db' };

  test('required anti-affinity, zone spread, node selector, tolerations and topology key', () => {
    const { objects } = postgres({
      scheduling: { antiAffinity: AntiAffinity.REQUIRED, spreadAcrossZones: true, topologyKey: 'topology.kubernetes.io/rack', nodeSelector, tolerations },
    });
    const all = objects();
    const cluster = only(all, 'Cluster').spec;
    expect(cluster.affinity).toEqual({
      enablePodAntiAffinity: true, podAntiAffinityType: 'required', topologyKey: 'topology.kubernetes.io/rack', nodeSelector, tolerations,
    });
    expect(cluster.topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: INSTANCE_PODS } },
    ]);
    const pod = only(all, 'Pooler').spec.template.spec;
    expect(pod.affinity).toEqual({
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: POOLER_PODS }, topologyKey: 'topology.kubernetes.io/rack' }] },
    });
    expect(pod.topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: POOLER_PODS } },
    ]);
    expect(pod.nodeSelector).toEqual(nodeSelector);
    expect(pod.tolerations).toEqual(tolerations);
  });

  test('preferred anti-affinity (the default) on both', () => {
    const all = postgres().objects();
    expect(only(all, 'Cluster').spec.topologySpreadConstraints).toBeUndefined();
    expect(only(all, 'Pooler').spec.template.spec.affinity.podAntiAffinity).toEqual({
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: POOLER_PODS }, topologyKey: 'kubernetes.io/hostname' } }],
    });
  });

  test('no anti-affinity: CNPG\'s generated term is disabled and the Pooler gets none', () => {
    const all = postgres({ scheduling: { antiAffinity: AntiAffinity.NONE } }).objects();
    // The type stays set: CNPG's defaulting webhook would write it back.
    expect(only(all, 'Cluster').spec.affinity).toEqual({ enablePodAntiAffinity: false, podAntiAffinityType: 'preferred', topologyKey: 'kubernetes.io/hostname' });
    expect(only(all, 'Pooler').spec.template.spec.affinity).toBeUndefined();
  });
});

describe('CloudNativePG target: the PgBouncer Pooler and its PDB', () => {
  test('maps the defaults field by field', () => {
    const pooler = only(postgres().objects(), 'Pooler');
    expect(pooler.apiVersion).toBe(CNPG);
    expect(pooler.metadata).toEqual({ name: 'fleet-orders-pooler', namespace: 'shop' });
    expect(pooler.spec).toMatchObject({ cluster: { name: 'fleet-orders' }, type: 'rw', instances: 3, pgbouncer: { poolMode: 'session' } });
    expect(pooler.spec.template.spec.containers).toEqual([
      { name: 'pgbouncer', resources: { limits: { cpu: '200m', memory: '256Mi' }, requests: { cpu: '200m', memory: '256Mi' } } },
    ]);
    expect(pooler.spec.serviceTemplate).toBeUndefined();
  });

  test('proxy replicas and resources', () => {
    const pooler = only(postgres({ proxy: { replicas: 2, resources: { cpu: Cpu.millis(500), memory: Size.mebibytes(512) } } }).objects(), 'Pooler');
    expect(pooler.spec.instances).toBe(2);
    expect(pooler.spec.template.spec.containers[0].resources).toEqual({ limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '500m', memory: '512Mi' } });
  });

  test('one PDB over the Pooler pods only, none over instance pods', () => {
    const pdbs = ofKind(postgres().objects(), 'PodDisruptionBudget');
    expect(pdbs).toEqual([{
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'fleet-orders-pooler', namespace: 'shop' },
      spec: { maxUnavailable: 1, selector: { matchLabels: POOLER_PODS } },
    }]);
    for (const pdb of pdbs) expect(Object.keys(pdb.spec.selector.matchLabels)).not.toContain('cnpg.io/cluster');
  });

  test('ProxyType.NONE: no Pooler, no PDB at all, clients use the rw service', () => {
    const { cluster, objects } = postgres({ proxy: { type: ProxyType.NONE } });
    const all = objects();
    expect(ofKind(all, 'Pooler')).toEqual([]);
    expect(ofKind(all, 'PodDisruptionBudget')).toEqual([]);
    expect(cluster.host).toBe('fleet-orders-rw.shop.svc');
  });

  test('a LoadBalancer goes on the Pooler service when there is a Pooler', () => {
    const annotations = { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' };
    const all = postgres({ expose: Expose.loadBalancer({ sourceRanges: ['10.0.0.0/8', '192.168.1.7'], annotations }) }).objects();
    expect(only(all, 'Pooler').spec.serviceTemplate).toEqual({
      metadata: { annotations }, spec: { type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/8', '192.168.1.7/32'] },
    });
    expect(only(all, 'Cluster').spec.managed).toBeUndefined();
  });

  test('a LoadBalancer over the primary is a managed service when there is no Pooler', () => {
    const spec = postgres({ proxy: { type: ProxyType.NONE }, expose: Expose.loadBalancer({ sourceRanges: ['10.0.0.0/8'] }) }).spec();
    expect(spec.managed).toEqual({
      services: { additional: [{ selectorType: 'rw', serviceTemplate: { metadata: { name: 'fleet-orders-rw-lb' }, spec: { type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/8'] } } }] },
    });
    expect(postgres({ proxy: { type: ProxyType.NONE } }).spec().managed).toBeUndefined();
  });
});

describe('CloudNativePG target: rules', () => {
  test.each<[string, Props | ((s: Storages) => Props), string]>([
    ['PostgreSQL 13 (no CNPG 1.30 image)', { engine: DatabaseEngine.postgres({ version: PostgresVersion.V13_23, operator: Operator.CLOUDNATIVE_PG }) }, 'engine.version'],
    ['a version without a minor', { engine: DatabaseEngine.postgres({ version: PostgresVersion.of('17'), operator: Operator.CLOUDNATIVE_PG }) }, 'engine.version'],
    ['a name over 46 characters', { name: `o${'r'.repeat(46)}` }, 'name'],
    ['HAProxy', { proxy: { type: ProxyType.HAPROXY } }, 'proxy.type'],
    ['an anti-affinity CNPG does not know', { scheduling: { antiAffinity: 'sometimes' as AntiAffinity } }, 'scheduling.antiAffinity'],
    ['a parameter CNPG manages', { config: { port: '5433' } }, 'config'],
    ['PMM', { monitoring: Monitoring.pmm({ url: 'https://pmm.acme', credentialsSecret: 'pmm' }) }, 'monitoring'],
    ['Azure backups without a storage account', (s) => ({ backup: { storage: s.azureNoAccount } }), 'backup.storage.storageAccount'],
    ['an unverified TLS endpoint', (s) => ({ backup: { storage: s.insecure } }), 'backup.storage'],
    ['a clone from Azure without a storage account', (s) => ({
      restoreFrom: RestoreSource.pointInTime({ storage: s.azureNoAccount, sourceCluster: 'fleet-catalog', time: '2026-11-20T06:00:00Z' }),
    }), 'restoreFrom.storage.storageAccount'],
    ['a named backup by its Backup object\'s name', (s) => ({
      restoreFrom: RestoreSource.backup({ backupName: 'nightly-1', storage: s.aws, sourceCluster: 'fleet-catalog' }),
    }), 'restoreFrom.backupName'],
    ['a clone archiving into its own source', (s) => ({
      backup: { storage: s.aws }, restoreFrom: RestoreSource.pointInTime({ storage: s.aws, sourceCluster: 'fleet-orders', time: '2026-11-20T06:00:00Z' }),
    }), 'restoreFrom.sourceCluster'],
    ['an Azure clone archiving into its own source', (s) => ({
      backup: { storage: s.azure }, restoreFrom: RestoreSource.pointInTime({ storage: s.azure, sourceCluster: 'fleet-orders', time: '2026-11-20T06:00:00Z' }),
    }), 'restoreFrom.sourceCluster'],
    ['a backup storage named like the recovery source', (s) => ({
      backup: { storage: new BackupStorage(s.aws, 'origin', { provider: BackupProvider.S3, bucket: 'other', region: 'eu-west-1', credentialsSecret: 'b' }) },
      restoreFrom: RestoreSource.pointInTime({ storage: s.aws, sourceCluster: 'fleet-catalog', time: '2026-11-20T06:00:00Z' }),
    }), 'backup.storage.name'],
  ])('refuses %s', (_, props, prop) => {
    const error = expectRefused(() => postgres(props), prop);
    expect(error.message).toMatch(/\(got .+\)$/);
  });

  test('the messages explain the operator\'s rule', () => {
    expect(refusal(() => postgres({ monitoring: Monitoring.pmm({ url: 'https://pmm.acme', credentialsSecret: 'pmm' }) })).message).toContain('Monitoring.prometheus()');
    expect(refusal(() => postgres({ config: { port: '5433', work_mem: '64MB' } })).message).toContain('(got ["port"])');
    expect(refusal(() => postgres({ name: 'x'.repeat(47) })).message).toContain('at most 46 characters');
    const azure = refusal(() => postgres((s) => ({ backup: { storage: s.azureNoAccount } })));
    expect(azure.message).toContain('set `storageAccount` on the storage "azure-no-account"');
    expect(azure.message).toMatch(/\(got nothing\)$/);
  });

  test('a 46-character name, PostgreSQL 14 and 18 and a parameter CNPG leaves to the user are accepted', () => {
    expect(only(postgres({ name: `o${'r'.repeat(45)}` }).objects(), 'Cluster').metadata.name).toHaveLength(46);
    expect(postgres({ engine: DatabaseEngine.postgres({ version: PostgresVersion.V14_20, operator: Operator.CLOUDNATIVE_PG }) }).spec().imageName).toContain(':14.20-');
    expect(postgres({ engine: DatabaseEngine.postgres({ version: PostgresVersion.V18_1, operator: Operator.CLOUDNATIVE_PG }) }).spec().imageName).toContain(':18.1-');
    expect(postgres({ config: { 'pg_stat_statements.track': 'all' } }).spec().postgresql.parameters).toEqual({ 'pg_stat_statements.track': 'all' });
  });
});

describe('CloudNativePG target: backups through the Barman Cloud plugin', () => {
  test('S3 on AWS: an ObjectStore at the cluster\'s deterministic path, credentials by reference, region for the sidecar', () => {
    const { objects } = postgres((s) => ({ backup: { storage: s.aws } }));
    const all = objects();
    expect(only(all, 'ObjectStore')).toEqual({
      apiVersion: 'barmancloud.cnpg.io/v1',
      kind: 'ObjectStore',
      metadata: { name: 'fleet-orders-aws', namespace: 'shop' },
      spec: {
        configuration: {
          destinationPath: 's3://acme-pg/prod/shop/fleet-orders',
          s3Credentials: { accessKeyId: { name: 'backup-aws', key: 'AWS_ACCESS_KEY_ID' }, secretAccessKey: { name: 'backup-aws', key: 'AWS_SECRET_ACCESS_KEY' } },
          wal: { compression: 'gzip' },
          data: { compression: 'gzip' },
        },
        instanceSidecarConfiguration: { env: [{ name: 'AWS_DEFAULT_REGION', value: 'eu-west-1' }] },
      },
    });
    expect(only(all, 'Cluster').spec.plugins).toEqual([
      { name: PLUGIN, enabled: true, isWALArchiver: true, parameters: { barmanObjectName: 'fleet-orders-aws', serverName: 'fleet-orders-pg17' } },
    ]);
    expect(only(all, 'Cluster').spec.backup).toBeUndefined();
  });

  test('S3-compatible: the endpoint, no region', () => {
    const configuration = only(postgres((s) => ({ backup: { storage: s.minio } })).objects(), 'ObjectStore').spec.configuration;
    expect(configuration.destinationPath).toBe('s3://db-backups/shop/fleet-orders');
    expect(configuration.endpointURL).toBe('https://minio.storage.svc:9000');
    expect(only(postgres((s) => ({ backup: { storage: s.minio } })).objects(), 'ObjectStore').spec.instanceSidecarConfiguration).toBeUndefined();
  });

  test('GCS: gs:// and the application credentials key', () => {
    const configuration = only(postgres((s) => ({ backup: { storage: s.gcs } })).objects(), 'ObjectStore').spec.configuration;
    expect(configuration.destinationPath).toBe('gs://acme-pg-gcs/shop/fleet-orders');
    expect(configuration.googleCredentials).toEqual({ applicationCredentials: { name: 'backup-gcs', key: 'gcsCredentials' } });
    expect(configuration.s3Credentials).toBeUndefined();
  });

  test('Azure: the blob URL from the storage account, the account and its key by Secret reference', () => {
    const all = postgres((s) => ({ backup: { storage: s.azure } })).objects();
    const store = only(all, 'ObjectStore');
    expect(store.metadata).toEqual({ name: 'fleet-orders-azure', namespace: 'shop' });
    expect(store.spec.configuration.destinationPath).toBe('https://acmepgbackups.blob.core.windows.net/pgbackups/prod/shop/fleet-orders');
    expect(store.spec.configuration.azureCredentials).toEqual(AZURE_CREDENTIALS);
    expect(store.spec.configuration.s3Credentials).toBeUndefined();
    expect(store.spec.configuration.googleCredentials).toBeUndefined();
    expect(store.spec.configuration.endpointURL).toBeUndefined();
    expect(store.spec.instanceSidecarConfiguration).toBeUndefined();
    expect(only(all, 'Cluster').spec.plugins).toEqual([
      { name: PLUGIN, enabled: true, isWALArchiver: true, parameters: { barmanObjectName: 'fleet-orders-azure', serverName: 'fleet-orders-pg17' } },
    ]);
  });

  test('Azure: no credential value, only the Secret name and its keys (no SAS token, connection string or Azure AD)', () => {
    const azure = only(postgres((s) => ({ backup: { storage: s.azure } })).objects(), 'ObjectStore').spec.configuration.azureCredentials;
    expect(Object.keys(azure).sort()).toEqual(['storageAccount', 'storageKey']);
    for (const ref of Object.values<any>(azure)) {
      expect(Object.keys(ref).sort()).toEqual(['key', 'name']);
      expect(ref.name).toBe('backup-azure');
    }
    expect(JSON.stringify(azure)).not.toContain('acmepgbackups');
  });

  test('Azure: schedules and on-demand backups go through the cluster\'s Azure ObjectStore', () => {
    const { chart, cluster, objects } = postgres((s) => ({ backup: { storage: s.azure } }));
    cluster.addBackupSchedule('nightly', { schedule: '30 2 * * *', retention: 7 });
    new OnDemandBackup(chart, 'before-upgrade', { cluster });
    const all = objects();
    expect(only(all, 'ScheduledBackup').spec).toMatchObject({ cluster: { name: 'fleet-orders' }, method: 'plugin', pluginConfiguration: { name: PLUGIN } });
    expect(only(all, 'Backup').spec).toEqual({ cluster: { name: 'fleet-orders' }, method: 'plugin', pluginConfiguration: { name: PLUGIN } });
    expect(only(all, 'ObjectStore').spec.retentionPolicy).toBe('7d');
  });

  test('WAL archiving (point-in-time recovery) is on with any backup storage; no storage, no plugin', () => {
    for (const pointInTimeRecovery of [true, false]) {
      const spec = postgres((s) => ({ backup: { storage: s.aws, pointInTimeRecovery } })).spec();
      expect(spec.plugins[0].isWALArchiver).toBe(true);
    }
    const none = postgres().objects();
    expect(only(none, 'Cluster').spec.plugins).toBeUndefined();
    expect(ofKind(none, 'ObjectStore')).toEqual([]);
  });

  test('a schedule is a ScheduledBackup with the six-field cron', () => {
    const { cluster, objects } = postgres((s) => ({ backup: { storage: s.aws } }));
    cluster.addBackupSchedule('nightly', { schedule: '30 2 * * *' });
    expect(only(objects(), 'ScheduledBackup')).toEqual({
      apiVersion: CNPG,
      kind: 'ScheduledBackup',
      metadata: { name: 'fleet-orders-nightly', namespace: 'shop' },
      spec: {
        cluster: { name: 'fleet-orders' },
        schedule: '0 30 2 * * *',
        method: 'plugin',
        pluginConfiguration: { name: PLUGIN },
        backupOwnerReference: 'self',
        suspend: false,
        immediate: true,
      },
    });
  });

  test('a disabled schedule is suspended and takes no immediate backup', () => {
    const { cluster, objects } = postgres((s) => ({ backup: { storage: s.aws } }));
    cluster.addBackupSchedule('nightly', { schedule: '30 2 * * *', enabled: false });
    expect(only(objects(), 'ScheduledBackup').spec).toMatchObject({ suspend: true, immediate: false });
  });

  test.each<[string, Array<[string, number]>, string | undefined]>([
    ['no schedule: no retention', [], undefined],
    ['daily, 7 kept: 7 days', [['0 3 * * *', 7]], '7d'],
    ['every 6 hours, 7 kept: 42 hours rounded up', [['0 */6 * * *', 7]], '2d'],
    ['weekly, 4 kept: 28 days', [['0 1 * * 0', 4]], '28d'],
    ['monthly, 3 kept: the longest month counts', [['0 1 1 * *', 3]], '93d'],
    ['daily 7 and weekly 4: the longest window wins', [['0 3 * * *', 7], ['0 1 * * 0', 4]], '28d'],
  ])('converts retention counts into a recovery window: %s', (_, schedules, window) => {
    const { cluster, objects } = postgres((s) => ({ backup: { storage: s.aws } }));
    schedules.forEach(([schedule, retention], i) => cluster.addBackupSchedule(`s${i}`, { schedule, retention }));
    const retentionPolicy = only(objects(), 'ObjectStore').spec.retentionPolicy;
    expect(retentionPolicy).toBe(window);
    if (window) expect(retentionPolicy).toMatch(/^[1-9][0-9]*[dwm]$/);
  });

  test('schedules go to the WAL-archiving storage only', () => {
    const { cluster, stores } = postgres((s) => ({ backup: { storage: s.aws } }));
    const error = expectRefused(() => cluster.addBackupSchedule('weekly', { schedule: '0 1 * * 0', storage: stores.gcs }), 'storage', 'fleet/orders/weekly');
    expect(error.message).toContain('backup.storage');
    const bare = postgres();
    expectRefused(() => bare.cluster.addBackupSchedule('weekly', { schedule: '0 1 * * 0', storage: bare.stores.aws }), 'storage', 'fleet/orders/weekly');
  });

  test.each(['0 0 L * *', '0 0 15W * *', '0 0 * * 7', '0 0 * * 1-7'])('refuses %s, which CNPG\'s robfig/cron parser does not take', (schedule) => {
    const { cluster } = postgres((s) => ({ backup: { storage: s.aws } }));
    expectRefused(() => cluster.addBackupSchedule('odd', { schedule }), 'schedule', 'fleet/orders/odd');
  });

  test('month and day names, ? and steps are robfig/cron too', () => {
    const { cluster, objects } = postgres((s) => ({ backup: { storage: s.aws } }));
    cluster.addBackupSchedule('weekdays', { schedule: '0 2 ? * MON-FRI' });
    cluster.addBackupSchedule('summer', { schedule: '0 3 1 JUN-AUG */2' });
    expect(ofKind(objects(), 'ScheduledBackup').map((b) => b.spec.schedule)).toEqual(['0 0 2 ? * MON-FRI', '0 0 3 1 JUN-AUG */2']);
  });

  test('a ScheduledBackup name must fit the label CNPG puts on its Backups', () => {
    const { cluster } = postgres((s) => ({ name: `o${'r'.repeat(29)}`, backup: { storage: s.aws } }));
    expectRefused(() => cluster.addBackupSchedule('long', { schedule: '0 1 * * 0', name: `n${'x'.repeat(39)}` }), 'name', 'fleet/orders/long');
  });

  test('an on-demand backup is a plugin Backup of the cluster', () => {
    const { chart, cluster, objects } = postgres((s) => ({ backup: { storage: s.aws } }));
    const backup = new OnDemandBackup(chart, 'before-upgrade', { cluster });
    expect(backup.name).toBe('fleet-orders-before-upgrade');
    expect(only(objects(), 'Backup')).toEqual({
      apiVersion: CNPG,
      kind: 'Backup',
      metadata: { name: 'fleet-orders-before-upgrade', namespace: 'shop' },
      spec: { cluster: { name: 'fleet-orders' }, method: 'plugin', pluginConfiguration: { name: PLUGIN } },
    });
    expect(backup.apiObject.kind).toBe('Backup');
  });

  test('an on-demand backup to another storage is refused', () => {
    const { chart, cluster, stores } = postgres((s) => ({ backup: { storage: s.aws } }));
    expectRefused(() => new OnDemandBackup(chart, 'adhoc', { cluster, storage: stores.gcs }), 'storage', 'fleet/adhoc');
  });
});

describe('CloudNativePG target: restores', () => {
  const time = '2026-11-20T06:00:00Z';

  test('a clone by time recovers from an ObjectStore at the source cluster\'s path', () => {
    const { objects } = postgres((s) => ({
      name: 'fleet-analytics', credentialsSecret: 'analytics-app', restoreFrom: RestoreSource.pointInTime({ storage: s.aws, sourceCluster: 'fleet-orders', time }),
    }));
    const all = objects();
    const spec = only(all, 'Cluster').spec;
    expect(spec.bootstrap).toEqual({
      recovery: { database: 'app', owner: 'app', secret: { name: 'analytics-app' }, source: 'origin', recoveryTarget: { targetTime: time } },
    });
    expect(spec.externalClusters).toEqual([
      { name: 'origin', plugin: { name: PLUGIN, parameters: { barmanObjectName: 'fleet-analytics-origin', serverName: 'fleet-orders-pg17' } } },
    ]);
    const origin = only(all, 'ObjectStore', 'fleet-analytics-origin');
    expect(origin.spec.configuration.destinationPath).toBe('s3://acme-pg/prod/shop/fleet-orders');
    expect(origin.spec.retentionPolicy).toBeUndefined();
    expect(spec.plugins).toBeUndefined();
  });

  test('a clone by time from Azure reads the source cluster\'s blob path through an Azure origin ObjectStore', () => {
    const all = postgres((s) => ({ name: 'fleet-analytics', restoreFrom: RestoreSource.pointInTime({ storage: s.azure, sourceCluster: 'fleet-orders', time }) })).objects();
    const spec = only(all, 'Cluster').spec;
    expect(spec.bootstrap.recovery).toMatchObject({ source: 'origin', recoveryTarget: { targetTime: time } });
    expect(spec.externalClusters).toEqual([
      { name: 'origin', plugin: { name: PLUGIN, parameters: { barmanObjectName: 'fleet-analytics-origin', serverName: 'fleet-orders-pg17' } } },
    ]);
    const origin = only(all, 'ObjectStore', 'fleet-analytics-origin').spec.configuration;
    expect(origin.destinationPath).toBe('https://acmepgbackups.blob.core.windows.net/pgbackups/prod/shop/fleet-orders');
    expect(origin.azureCredentials).toEqual(AZURE_CREDENTIALS);
  });

  test('the instant is given to CNPG in UTC, and the source namespace selects the path', () => {
    const { objects } = postgres((s) => ({
      name: 'fleet-analytics',
      restoreFrom: RestoreSource.pointInTime({ storage: s.aws, sourceCluster: 'orders', sourceNamespace: 'legacy', time: '2026-11-20T08:00:00+02:00' }),
    }));
    const all = objects();
    expect(only(all, 'Cluster').spec.bootstrap.recovery.recoveryTarget).toEqual({ targetTime: time });
    expect(only(all, 'ObjectStore').spec.configuration.destinationPath).toBe('s3://acme-pg/prod/legacy/orders');
  });

  test.each<[keyof Storages, string]>([
    ['aws', 's3://acme-pg/prod/shop'],
    ['azure', 'https://acmepgbackups.blob.core.windows.net/pgbackups/prod/shop'],
  ])('a clone with its own backups to the same storage (%s) archives at its own path', (store, base) => {
    const all = postgres((s) => ({
      name: 'fleet-analytics', backup: { storage: s[store] }, restoreFrom: RestoreSource.pointInTime({ storage: s[store], sourceCluster: 'fleet-orders', time }),
    })).objects();
    expect(ofKind(all, 'ObjectStore').map((o) => [o.metadata.name, o.spec.configuration.destinationPath])).toEqual([
      [`fleet-analytics-${store}`, `${base}/fleet-analytics`],
      ['fleet-analytics-origin', `${base}/fleet-orders`],
    ]);
    expect(only(all, 'Cluster').spec.plugins[0].parameters.barmanObjectName).toBe(`fleet-analytics-${store}`);
  });

  test('a clone from a named backup reads it by its Barman ID from the source\'s archive, to the end of that backup', () => {
    const all = postgres((s) => ({
      name: 'fleet-analytics', restoreFrom: RestoreSource.backup({ backupName: '20261120T083000', storage: s.aws, sourceCluster: 'fleet-orders' }),
    })).objects();
    const spec = only(all, 'Cluster').spec;
    expect(spec.bootstrap).toEqual({
      recovery: { database: 'app', owner: 'app', source: 'origin', recoveryTarget: { backupID: '20261120T083000', targetImmediate: true } },
    });
    expect(spec.externalClusters).toEqual([
      { name: 'origin', plugin: { name: PLUGIN, parameters: { barmanObjectName: 'fleet-analytics-origin', serverName: 'fleet-orders-pg17' } } },
    ]);
    expect(only(all, 'ObjectStore').spec.configuration.destinationPath).toBe('s3://acme-pg/prod/shop/fleet-orders');
  });

  test('an in-place restore is refused: CNPG restores into a new cluster', () => {
    const { chart, cluster, stores } = postgres((s) => ({ backup: { storage: s.aws } }));
    const error = expectRefused(() => new DatabaseRestore(chart, 'rollback', {
      cluster, source: RestoreSource.pointInTime({ storage: stores.aws, sourceCluster: 'fleet-orders', time }),
    }), 'source', 'fleet/rollback');
    expect(error.message).toContain('restoreFrom');
  });
});

describe('CloudNativePG target: Prometheus monitoring', () => {
  const instances = '{namespace="shop",pod=~"fleet-orders-[0-9]+"}';

  test('a PodMonitor for the instances and one for the Pooler, never the deprecated enablePodMonitor', () => {
    const all = postgres({ monitoring: Monitoring.prometheus({ labels: { release: 'kube-prometheus' } }) }).objects();
    expect(ofKind(all, 'PodMonitor').map((p) => [p.metadata, p.spec])).toEqual([
      [{ name: 'fleet-orders-db', namespace: 'shop', labels: { release: 'kube-prometheus' } },
        { selector: { matchLabels: INSTANCE_PODS }, podMetricsEndpoints: [{ port: 'metrics', path: '/metrics' }] }],
      [{ name: 'fleet-orders-pooler', namespace: 'shop', labels: { release: 'kube-prometheus' } },
        { selector: { matchLabels: POOLER_PODS }, podMetricsEndpoints: [{ port: 'metrics', path: '/metrics' }] }],
    ]);
    expect(only(all, 'Cluster').spec.monitoring).toBeUndefined();
  });

  test('alerts over CNPG\'s and the plugin\'s metrics, scoped to this cluster\'s pods', () => {
    const { cluster, objects } = postgres((s) => ({ backup: { storage: s.aws }, monitoring: Monitoring.prometheus() }));
    cluster.addBackupSchedule('nightly', { schedule: '0 3 * * *' });
    const rules = only(objects(), 'PrometheusRule').spec.groups[0].rules;
    const byName = Object.fromEntries(rules.map((r: any) => [r.alert, r]));
    expect(Object.keys(byName)).toEqual([
      'PostgresInstancesDown', 'PostgresReplicasNotStreaming', 'PostgresReplicationLag', 'PostgresWalArchivingFailing', 'PgBouncerClientsWaiting', 'DatabaseBackupTooOld',
    ]);
    expect(byName.PostgresInstancesDown.expr).toBe(`(count(cnpg_collector_up${instances} == 1) or vector(0)) < 3`);
    expect(byName.PostgresReplicasNotStreaming.expr).toBe(`max(cnpg_pg_replication_streaming_replicas${instances}) < 2`);
    expect(byName.PostgresReplicationLag.expr).toBe(`max(cnpg_pg_replication_lag${instances}) > 300`);
    expect(byName.PostgresWalArchivingFailing.expr).toContain(`cnpg_pg_stat_archiver_last_failed_time${instances}`);
    // A daily schedule: one day plus an hour for the backup to finish; the schedule was added after the cluster.
    expect(byName.DatabaseBackupTooOld.expr).toBe(`time() - max(barman_cloud_cloudnative_pg_io_last_available_backup_timestamp${instances}) > 90000`);
    expect(byName.DatabaseBackupTooOld.annotations.summary).toContain('25 hours');
    expect(byName.PgBouncerClientsWaiting.expr).toBe('max(cnpg_pgbouncer_pools_cl_waiting{namespace="shop",pod=~"fleet-orders-pooler-.+"}) > 0');
    expect(byName.PostgresInstancesDown.labels).toEqual({ severity: 'critical' });
  });

  test('only the alerts that apply: no replicas, no pooler, no backups, paused, unscheduled backups', () => {
    const alertNames = (props: Props | ((s: Storages) => Props)) =>
      only(postgres(props).objects(), 'PrometheusRule').spec.groups[0].rules.map((r: any) => r.alert);
    expect(alertNames({ replicas: 1, singleNodeDevelopment: true, proxy: { type: ProxyType.NONE }, monitoring: Monitoring.prometheus() })).toEqual(['PostgresInstancesDown']);
    expect(alertNames({ paused: true, monitoring: Monitoring.prometheus() })).not.toContain('PostgresInstancesDown');
    const unscheduled = only(postgres((s) => ({ backup: { storage: s.aws }, monitoring: Monitoring.prometheus() })).objects(), 'PrometheusRule');
    expect(unscheduled.spec.groups[0].rules.find((r: any) => r.alert === 'DatabaseBackupTooOld').expr).toMatch(/> 604800$/);
  });

  test('no Pooler, no Pooler PodMonitor; alerts: false, no PrometheusRule', () => {
    const all = postgres({ proxy: { type: ProxyType.NONE }, monitoring: Monitoring.prometheus({ alerts: false }) }).objects();
    expect(ofKind(all, 'PodMonitor').map((p) => p.metadata.name)).toEqual(['fleet-orders-db']);
    expect(ofKind(all, 'PrometheusRule')).toEqual([]);
  });
});

/**
 * CEL rules of the vendored CRDs are not checked by the schema helper: each one is restated here and checked on our
 * output, including the transition rules (`oldSelf`) across the day-2 changes a user makes. A CEL rule that appears in
 * a CRD without a check here fails the first test.
 */
describe('CloudNativePG target: CEL rules of the CRDs', () => {
  const crdFiles = ['cloudnative-pg/postgresql.cnpg.io_clusters.yaml', 'cloudnative-pg/postgresql.cnpg.io_poolers.yaml',
    'cloudnative-pg/postgresql.cnpg.io_scheduledbackups.yaml', 'cloudnative-pg/postgresql.cnpg.io_backups.yaml',
    'plugin-barman-cloud/barmancloud.cnpg.io_objectstores.yaml'];
  const unchanged = (self: any, oldSelf: any) => JSON.stringify(self) === JSON.stringify(oldSelf);
  const has = (o: any, key: string) => o?.[key] !== undefined;
  const checks: Record<string, (self: any, oldSelf?: any) => boolean> = {
    '!(has(self.imageCatalogRef) && has(self.imageName))': (s) => !(has(s, 'imageCatalogRef') && has(s, 'imageName')),
    "!has(self.builtinLocale) || self.localeProvider == 'builtin'": (s) => !has(s, 'builtinLocale') || s.localeProvider === 'builtin',
    "!has(self.icuLocale) || self.localeProvider == 'icu'": (s) => !has(s, 'icuLocale') || s.localeProvider === 'icu',
    "!has(self.icuRules) || self.localeProvider == 'icu'": (s) => !has(s, 'icuRules') || s.localeProvider === 'icu',
    "self.kind == 'ImageCatalog' || self.kind == 'ClusterImageCatalog'": (s) => ['ImageCatalog', 'ClusterImageCatalog'].includes(s.kind),
    "self.apiGroup == 'postgresql.cnpg.io'": (s) => s.apiGroup === 'postgresql.cnpg.io',
    "self.dataDurability!='preferred' || ((!has(self.standbyNamesPre) || self.standbyNamesPre.size()==0) && (!has(self.standbyNamesPost) || self.standbyNamesPost.size()==0))":
      (s) => s.dataDurability !== 'preferred' || ((s.standbyNamesPre ?? []).length === 0 && (s.standbyNamesPost ?? []).length === 0),
    'self > 0': (s) => s > 0,
    'self == oldSelf': unchanged,
    'oldSelf == self': unchanged,
    '!(has(self.image) && has(self.imageCatalogRef))': (s) => !(has(s, 'image') && has(s, 'imageCatalogRef')),
    '!has(self.serverName)': (s) => !has(s, 'serverName'),
    "!self.exists(a, a.startsWith('--log-level'))": (s) => !s.some((a: string) => a.startsWith('--log-level')),
  };
  const rules = crdFiles.flatMap((file) => {
    const crd = YAML.parse(fs.readFileSync(path.join(__dirname, '..', 'imports', file), 'utf8'));
    const found: Array<{ kind: string; at: string[]; rule: string; transition: boolean }> = [];
    const walk = (schema: any, at: string[]) => {
      for (const v of schema['x-kubernetes-validations'] ?? []) found.push({ kind: crd.spec.names.kind, at, rule: v.rule, transition: v.rule.includes('oldSelf') });
      for (const [key, child] of Object.entries<any>(schema.properties ?? {})) walk(child, [...at, key]);
      if (schema.items) walk(schema.items, [...at, '*']);
    };
    walk(crd.spec.versions[0].schema.openAPIV3Schema, []);
    return found;
  });

  /** The day-2 changes a user makes to a cluster: the objects before and after must keep what CEL says is immutable. */
  function fleet(changed: boolean) {
    const chart = new Chart(Testing.app(), 'fleet', { namespace: 'shop' });
    const s = storages(chart);
    const cluster = new DatabaseCluster(chart, 'orders', {
      engine: DatabaseEngine.postgres({ version: changed ? PostgresVersion.V18_1 : PostgresVersion.V17_7, operator: Operator.CLOUDNATIVE_PG }),
      replicas: changed ? 5 : 3,
      synchronousReplicas: changed ? 2 : 1,
      proxy: { replicas: changed ? 4 : 3 },
      expose: changed ? Expose.loadBalancer({ sourceRanges: ['10.0.0.0/8'] }) : Expose.clusterIp(),
      scheduling: changed ? { antiAffinity: AntiAffinity.REQUIRED, spreadAcrossZones: true } : {},
      paused: changed,
      backup: { storage: s.aws },
      monitoring: Monitoring.prometheus(),
    });
    cluster.addBackupSchedule('nightly', { schedule: changed ? '0 4 * * *' : '0 3 * * *', retention: changed ? 14 : 7, enabled: !changed });
    if (changed) cluster.addBackupSchedule('weekly', { schedule: '0 1 * * 0', retention: 4 });
    new OnDemandBackup(chart, 'before-upgrade', { cluster });
    new DatabaseCluster(chart, 'analytics', {
      engine: DatabaseEngine.postgres({ version: PostgresVersion.V17_7, operator: Operator.CLOUDNATIVE_PG }),
      credentialsSecret: 'analytics-app',
      restoreFrom: RestoreSource.pointInTime({ storage: s.aws, sourceCluster: 'fleet-orders', time: '2026-11-20T06:00:00Z' }),
    });
    return synthValid(chart);
  }
  const before = fleet(false);
  const after = fleet(true);
  /** The nodes at a schema path ('*' is every element of an array), each with the same-path node of `old`. */
  const nodesAt = (o: any, old: any, keys: string[]): Array<[any, any]> => {
    if (o === undefined) return [];
    if (keys.length === 0) return [[o, old]];
    const [key, ...rest] = keys;
    if (key === '*') return (o as any[]).flatMap((item, i) => nodesAt(item, old?.[i], rest));
    return nodesAt(o[key], old?.[key], rest);
  };

  test('every CEL rule of the vendored CRDs has a check', () => {
    expect(rules.length).toBeGreaterThanOrEqual(15);
    expect(rules.filter((r) => !checks[r.rule]).map((r) => r.rule)).toEqual([]);
  });

  test('our objects satisfy every CEL rule, before and after day-2 changes', () => {
    let checked = 0;
    for (const r of rules) {
      for (const o of [...before, ...after].filter((x) => x.kind === r.kind)) {
        const previous = before.find((b) => b.kind === o.kind && b.metadata.name === o.metadata.name);
        for (const [self, oldSelf] of nodesAt(o, previous, r.at)) {
          // A transition rule applies to updates only: objects new after the change have no old self.
          if (r.transition && oldSelf === undefined) continue;
          expect({ kind: o.kind, name: o.metadata.name, rule: r.rule, ok: checks[r.rule](self, oldSelf) }).toMatchObject({ ok: true });
          checked++;
        }
      }
    }
    // The rules our output can meet: image XOR catalog, initdb locales, cluster references, Backup spec, ObjectStore serverName.
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  test('the checks themselves catch what the API server would refuse', () => {
    expect(checks['!(has(self.image) && has(self.imageCatalogRef))']({ image: 'pgbouncer', imageCatalogRef: { name: 'c' } })).toBe(false);
    expect(checks['self == oldSelf']({ name: 'a' }, { name: 'b' })).toBe(false);
    expect(checks['!has(self.serverName)']({ serverName: 'x' })).toBe(false);
  });
});

test('no credential value anywhere: only Secret names, under the keys the operators read', () => {
  const { chart, cluster, objects } = postgres((s) => ({ credentialsSecret: 'orders-app-user', backup: { storage: s.aws }, monitoring: Monitoring.prometheus() }));
  cluster.addBackupSchedule('nightly', { schedule: '0 3 * * *' });
  new OnDemandBackup(chart, 'adhoc', { cluster });
  const all = objects();
  expect(ofKind(all, 'Secret')).toEqual([]);
  const text = JSON.stringify(all);
  expect(text).not.toMatch(/"(password|secret|token|accessKey|secretKey)"\s*:\s*"/i);
  const store = only(all, 'ObjectStore').spec.configuration.s3Credentials;
  for (const ref of Object.values<any>(store)) expect(Object.keys(ref).sort()).toEqual(['key', 'name']);
  expect(only(all, 'Cluster').spec.bootstrap.initdb.secret).toEqual({ name: 'orders-app-user' });
  for (const o of all) expect(o.metadata.namespace).toBe('shop');
});

test('the HaPostgres blueprint on CloudNativePG: synchronous standby, strict placement, Pooler PDB, daily backups', () => {
  const chart = new Chart(Testing.app(), 'fleet', { namespace: 'shop' });
  const storage = storages(chart).aws;
  new HaPostgres(chart, 'payments', { operator: Operator.CLOUDNATIVE_PG, backup: { storage } });
  const all = synthValid(chart);
  const spec = only(all, 'Cluster').spec;
  expect(spec.instances).toBe(3);
  expect(spec.postgresql.synchronous).toEqual({ method: 'any', number: 1, dataDurability: 'required' });
  expect(spec.affinity.podAntiAffinityType).toBe('required');
  expect(spec.topologySpreadConstraints).toHaveLength(1);
  expect(spec.plugins[0].isWALArchiver).toBe(true);
  expect(only(all, 'Pooler').spec.instances).toBe(2);
  expect(only(all, 'PodDisruptionBudget').spec.selector.matchLabels).toEqual({ 'cnpg.io/poolerName': 'fleet-payments-pooler' });
  expect(only(all, 'ScheduledBackup').spec.schedule).toBe('0 0 2 * * *');
  expect(only(all, 'ObjectStore').spec.retentionPolicy).toBe('7d');
  expect(ofKind(all, 'PodMonitor')).toHaveLength(2);
});
