import * as fs from 'node:fs';
import * as path from 'node:path';
import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as YAML from 'yaml';
import {
  AntiAffinity, BackupSchedule, DatabaseClusterProps, DatabaseEngine, DatabaseRestore, Expose, Monitoring, MongodbVersion, OnDemandBackup, ProxyType,
  RestoreSource,
} from '../src';
import { mongo } from './support/psmdb';
import { refusal } from './support/refusal';
import { ofKind, only } from './support/schema';

type Props = Partial<DatabaseClusterProps>;

/** Each storage's `main` flag. */
const mainFlags = (storages: { [name: string]: any }) => Object.fromEntries(Object.entries(storages).map(([name, s]) => [name, s.main]));

const OWN_LABELS = (component: string, replset?: string) => ({
  'app.kubernetes.io/instance': 'fleet-sessions',
  'app.kubernetes.io/component': component,
  ...(replset ? { 'app.kubernetes.io/replset': replset } : {}),
});

describe('PSMDB target: the cluster', () => {
  test('maps the defaults of a replica set field by field', () => {
    const { cluster, spec } = mongo();
    const s = spec();
    expect(s.crVersion).toBe('1.21.2');
    expect(s.image).toBe('percona/percona-server-mongodb:8.0.17-6');
    expect(s.replsets).toHaveLength(1);
    const rs0 = s.replsets[0];
    expect(rs0.name).toBe('rs0');
    expect(rs0.size).toBe(3);
    expect(rs0.resources).toEqual({ limits: { cpu: '1', memory: '2Gi' }, requests: { cpu: '1', memory: '2Gi' } });
    expect(rs0.volumeSpec).toEqual({ persistentVolumeClaim: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } } });
    expect(rs0.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
    // Reached through the headless Service rs0 inside Kubernetes: no Service per member.
    expect(rs0.expose).toEqual({ enabled: false });
    expect(rs0.configuration).toBeUndefined();
    expect(rs0.sidecars).toBeUndefined();
    expect(rs0.affinity.advanced.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toEqual([
      { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: OWN_LABELS('mongod', 'rs0') }, topologyKey: 'kubernetes.io/hostname' } },
    ]);
    expect(s.sharding).toEqual({ enabled: false });
    expect(s.secrets).toEqual({ users: 'fleet-sessions-secrets' });
    expect(s.tls).toEqual({ mode: 'preferTLS' });
    expect(s.clusterServiceDNSMode).toBeUndefined();
    expect(s.pause).toBe(false);
    expect(s.unsafeFlags).toBeUndefined();
    expect(s.updateStrategy).toBe('SmartUpdate');
    expect(s.upgradeOptions).toEqual({ apply: 'disabled', schedule: '0 4 * * *', setFCV: true });
    expect(s.enableVolumeExpansion).toBe(true);
    expect(s.backup).toEqual({ enabled: false, image: 'percona/percona-backup-mongodb:2.11.0' });
    expect(s.pmm).toBeUndefined();
    expect(cluster.host).toBe('fleet-sessions-rs0.shop.svc');
    expect(cluster.port).toBe(27017);
    expect(cluster.credentialsSecretName).toBe('fleet-sessions-secrets');
  });

  test('image, credentials, pause, resources and storage class are taken from the props', () => {
    const { cluster, spec } = mongo({
      engine: DatabaseEngine.mongodb({ version: MongodbVersion.V7_0_28, image: 'registry.local/psmdb:7.0.28-15' }),
      credentialsSecret: 'sessions-users',
      paused: true,
      replicas: 5,
      resources: { cpu: Cpu.millis(1500), memory: Size.gibibytes(4) },
      storage: { size: Size.gibibytes(100), storageClassName: 'db-fast' },
    });
    const s = spec();
    expect(s.image).toBe('registry.local/psmdb:7.0.28-15');
    expect(s.secrets.users).toBe('sessions-users');
    expect(cluster.credentialsSecretName).toBe('sessions-users');
    expect(s.pause).toBe(true);
    expect(s.replsets[0].size).toBe(5);
    expect(s.replsets[0].resources).toEqual({ limits: { cpu: '1500m', memory: '4Gi' }, requests: { cpu: '1500m', memory: '4Gi' } });
    expect(s.replsets[0].volumeSpec.persistentVolumeClaim).toEqual({
      storageClassName: 'db-fast', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '100Gi' } },
    });
  });

  test('engine parameters become nested mongod YAML, with typed scalars', () => {
    const { spec } = mongo({
      config: { 'operationProfiling.mode': 'slowOp', 'operationProfiling.slowOpThresholdMs': '200', 'net.compression.compressors': 'zstd,snappy' },
    });
    expect(YAML.parse(spec().replsets[0].configuration)).toEqual({
      operationProfiling: { mode: 'slowOp', slowOpThresholdMs: 200 },
      net: { compression: { compressors: 'zstd,snappy' } },
    });
  });

  test('a single-node development cluster sets the operator\'s unsafe flags', () => {
    const s = mongo({ replicas: 1, singleNodeDevelopment: true }).spec();
    expect(s.replsets[0].size).toBe(1);
    expect(s.unsafeFlags).toEqual({ replsetSize: true });
  });

  test('a sharded cluster: shards, config servers and mongos, each with its PDB, reached through mongos', () => {
    const { cluster, spec } = mongo({
      sharding: { shards: 3 },
      config: { 'operationProfiling.mode': 'slowOp' },
      proxy: { replicas: 2, resources: { cpu: Cpu.millis(800), memory: Size.gibibytes(2) } },
    });
    const s = spec();
    expect(s.replsets.map((rs: any) => rs.name)).toEqual(['rs0', 'rs1', 'rs2']);
    for (const rs of s.replsets) {
      expect(rs.size).toBe(3);
      expect(rs.expose).toEqual({ enabled: false });
      expect(rs.configuration).toBe('operationProfiling:\n  mode: slowOp\n');
      expect(rs.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
      expect(rs.affinity.advanced.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector.matchLabels)
        .toEqual(OWN_LABELS('mongod', rs.name));
    }
    const { configsvrReplSet: cfg, mongos } = s.sharding;
    expect(s.sharding.enabled).toBe(true);
    expect(s.sharding.balancer).toEqual({ enabled: true });
    expect(cfg.size).toBe(3);
    expect(cfg.name).toBeUndefined();
    expect(cfg.configuration).toBeUndefined();
    expect(cfg.resources).toEqual(s.replsets[0].resources);
    expect(cfg.volumeSpec).toEqual(s.replsets[0].volumeSpec);
    expect(cfg.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
    expect(cfg.expose).toEqual({ enabled: false });
    expect(cfg.affinity.advanced.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector.matchLabels)
      .toEqual(OWN_LABELS('cfg', 'cfg'));
    expect(mongos.size).toBe(2);
    expect(mongos.resources).toEqual({ limits: { cpu: '800m', memory: '2Gi' }, requests: { cpu: '800m', memory: '2Gi' } });
    expect(mongos.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
    expect(mongos.expose).toEqual({ type: 'ClusterIP' });
    expect(mongos.affinity.advanced.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector.matchLabels)
      .toEqual(OWN_LABELS('mongos'));
    expect(cluster.host).toBe('fleet-sessions-mongos.shop.svc');
    expect(cluster.port).toBe(27017);
  });

  test('mongos defaults: as many as the shard members, 600m and 1 GiB each', () => {
    const { mongos } = mongo({ sharding: { shards: 1, configServers: 5 } }).spec().sharding;
    expect(mongos.size).toBe(3);
    expect(mongos.resources.limits).toEqual({ cpu: '600m', memory: '1Gi' });
  });

  test('every scheduling option lands on mongod, config server and mongos pods, each selecting its own pods', () => {
    const tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'databases', effect: 'NoSchedule' }];
    const s = mongo({
      sharding: { shards: 2 },
      scheduling: {
        antiAffinity: AntiAffinity.REQUIRED,
        topologyKey: 'topology.kubernetes.io/zone',
        spreadAcrossZones: true,
        nodeSelector: { 'node-pool': 'databases' },
        tolerations,
      },
    }).spec();
    const parts: Array<[any, { [key: string]: string }]> = [
      [s.replsets[0], OWN_LABELS('mongod', 'rs0')],
      [s.replsets[1], OWN_LABELS('mongod', 'rs1')],
      [s.sharding.configsvrReplSet, OWN_LABELS('cfg', 'cfg')],
      [s.sharding.mongos, OWN_LABELS('mongos')],
    ];
    for (const [part, labels] of parts) {
      expect(part.affinity).toEqual({
        advanced: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: labels }, topologyKey: 'topology.kubernetes.io/zone' }] } },
      });
      expect(part.topologySpreadConstraints).toEqual([
        { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: labels } },
      ]);
      expect(part.nodeSelector).toEqual({ 'node-pool': 'databases' });
      expect(part.tolerations).toEqual(tolerations);
    }
  });

  test('without anti-affinity, the operator\'s own default is turned off explicitly', () => {
    const s = mongo({ sharding: { shards: 1 }, scheduling: { antiAffinity: AntiAffinity.NONE } }).spec();
    for (const part of [s.replsets[0], s.sharding.configsvrReplSet, s.sharding.mongos]) {
      expect(part.affinity).toEqual({ antiAffinityTopologyKey: 'none' });
      expect(part.topologySpreadConstraints).toBeUndefined();
      expect(part.nodeSelector).toBeUndefined();
      expect(part.tolerations).toBeUndefined();
    }
  });

  test('a LoadBalancer exposes each member of rs0, which the replica set advertises, or mongos when sharded', () => {
    const expose = Expose.loadBalancer({ sourceRanges: ['10.0.0.0/8', '192.168.1.1'], annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } });
    const service = {
      type: 'LoadBalancer',
      loadBalancerSourceRanges: ['10.0.0.0/8', '192.168.1.1/32'],
      annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' },
    };
    const replicaSet = mongo({ expose }).spec();
    expect(replicaSet.replsets[0].expose).toEqual({ enabled: true, ...service });
    expect(replicaSet.clusterServiceDNSMode).toBe('External');
    const sharded = mongo({ expose, sharding: { shards: 2 } }).spec();
    expect(sharded.sharding.mongos.expose).toEqual(service);
    expect(sharded.replsets.map((rs: any) => rs.expose)).toEqual([{ enabled: false }, { enabled: false }]);
    expect(sharded.clusterServiceDNSMode).toBeUndefined();
  });

  test('the proxy defaults to none for a replica set and to mongos when sharded', () => {
    expect(mongo().cluster._model.proxy.type).toBe(ProxyType.NONE);
    expect(mongo({ sharding: { shards: 2 } }).cluster._model.proxy.type).toBe(ProxyType.MONGOS);
  });
});

describe('PSMDB target: rules', () => {
  const longName = (n: number) => `a${'b'.repeat(n - 1)}`;

  test.each<[string, Props, string]>([
    ['an even replica set', { replicas: 4 }, 'replicas'],
    ['one member without asking', { replicas: 1 }, 'replicas'],
    ['a bad version', { engine: DatabaseEngine.mongodb({ version: MongodbVersion.of('5.0.29-25') }) }, 'engine.version'],
    ['no shard', { sharding: { shards: 0 } }, 'sharding.shards'],
    ['an even config server set', { sharding: { shards: 2, configServers: 4 } }, 'sharding.configServers'],
    ['mongos without sharding', { proxy: { type: ProxyType.MONGOS } }, 'proxy.type'],
    ['a sharded cluster without mongos', { sharding: { shards: 2 }, proxy: { type: ProxyType.NONE } }, 'proxy.type'],
    ['a MySQL proxy', { proxy: { type: ProxyType.HAPROXY } }, 'proxy.type'],
    ['one mongos in a multi-member cluster', { sharding: { shards: 2 }, proxy: { replicas: 1 } }, 'proxy.replicas'],
    ['a name that makes rs0 longer than 50', { name: longName(48) }, 'name'],
    ['a name that makes rs10 longer than 50', { name: longName(47), sharding: { shards: 11 } }, 'name'],
    ['an option that is also a section', { config: { 'net': 'x', 'net.port': '27018' } }, 'config'],
    ['a PMM URL that is no URL', { monitoring: Monitoring.pmm({ url: 'pmm.example.com', credentialsSecret: 'fleet-sessions-secrets' }) }, 'monitoring.url'],
    ['a PMM token in another Secret', { monitoring: Monitoring.pmm({ url: 'https://pmm.example.com', credentialsSecret: 'pmm-token' }) }, 'monitoring.credentialsSecret'],
  ])('refuses %s', (_, props, prop) => {
    const error = refusal(() => mongo(props));
    expect(error.prop).toBe(prop);
    expect(error.message).toContain('[fleet/sessions]');
  });

  test('names up to the operator\'s limits pass', () => {
    expect(mongo({ name: longName(47) }).spec().replsets[0].name).toBe('rs0');
    expect(mongo({ name: longName(45), sharding: { shards: 11 } }).spec().replsets).toHaveLength(11);
  });

  test('a clone from a second storage keeps backup.storage main; a named clone without any storage is refused', () => {
    const { spec } = mongo((st) => ({ backup: { storage: st.s3 }, restoreFrom: RestoreSource.backup({ backupName: 'nightly', storage: st.gcs }) }));
    expect(mainFlags(spec().backup.storages)).toEqual({ s3: true, gcs: false });
    const noStorage = refusal(() => mongo({ restoreFrom: RestoreSource.backup({ backupName: 'nightly' }) }));
    expect(noStorage.prop).toBe('restoreFrom.backupName');
    expect(noStorage.message).toContain('[fleet/sessions]');
  });
});

describe('PSMDB target: backups', () => {
  test('S3 storage, schedules with count retention and PITR', () => {
    const { cluster, spec } = mongo((st) => ({ backup: { storage: st.s3, pointInTimeRecovery: true } }));
    cluster.addBackupSchedule('nightly', { schedule: '30 2 * * *', retention: 14 });
    cluster.addBackupSchedule('Hourly', { schedule: '0 * * * *', enabled: false });
    const backup = spec().backup;
    expect(backup.enabled).toBe(true);
    expect(backup.image).toBe('percona/percona-backup-mongodb:2.11.0');
    expect(backup.resources).toEqual({ limits: { cpu: '300m', memory: '1Gi' }, requests: { cpu: '300m', memory: '1Gi' } });
    expect(backup.storages).toEqual({
      s3: {
        type: 's3',
        main: true,
        s3: {
          bucket: 'acme-backups',
          prefix: 'prod/shop/fleet-sessions',
          region: 'eu-west-1',
          credentialsSecret: 's3-creds',
          insecureSkipTLSVerify: false,
          forcePathStyle: false,
        },
      },
    });
    expect(backup.tasks).toEqual([
      { name: 'nightly', enabled: true, schedule: '30 2 * * *', retention: { type: 'count', count: 14, deleteFromStorage: true }, storageName: 's3', type: 'logical' },
      { name: 'hourly', enabled: false, schedule: '0 * * * *', retention: { type: 'count', count: 7, deleteFromStorage: true }, storageName: 's3', type: 'logical' },
    ]);
    expect(backup.pitr).toEqual({ enabled: true, oplogSpanMin: 10 });
  });

  test('an S3-compatible store: endpoint, path style, TLS verification off', () => {
    const s3 = mongo((st) => ({ backup: { storage: st.minio } })).spec().backup.storages.minio;
    expect(s3).toEqual({
      type: 's3',
      main: true,
      s3: {
        bucket: 'backups',
        prefix: 'shop/fleet-sessions',
        endpointUrl: 'https://minio.local:9000',
        credentialsSecret: 'minio-creds',
        insecureSkipTLSVerify: true,
        forcePathStyle: true,
      },
    });
  });

  test('GCS and Azure storages', () => {
    expect(mongo((st) => ({ backup: { storage: st.gcs } })).spec().backup.storages).toEqual({
      gcs: { type: 'gcs', main: true, gcs: { bucket: 'acme-mongo', prefix: 'shop/fleet-sessions', credentialsSecret: 'gcs-creds' } },
    });
    expect(mongo((st) => ({ backup: { storage: st.azure } })).spec().backup.storages).toEqual({
      azure: { type: 'azure', main: true, azure: { container: 'mongo', prefix: 'shop/fleet-sessions', credentialsSecret: 'azure-creds' } },
    });
  });

  test('a schedule with its own storage gives the cluster that storage', () => {
    const { cluster, storages, spec } = mongo();
    new BackupSchedule(cluster, 'weekly', { cluster, schedule: '0 3 * * 0', storage: storages.gcs });
    const backup = spec().backup;
    expect(Object.keys(backup.storages)).toEqual(['gcs']);
    expect(backup.tasks[0].storageName).toBe('gcs');
    expect(backup.pitr).toEqual({ enabled: false, oplogSpanMin: 10 });
  });

  test('schedules on a second storage and at the same time as another: backup.storage stays main', () => {
    const { cluster, storages, spec } = mongo((st) => ({ backup: { storage: st.s3, pointInTimeRecovery: true } }));
    cluster.addBackupSchedule('nightly', { schedule: '30 2 * * *' });
    cluster.addBackupSchedule('offsite', { schedule: '30 2 * * *', storage: storages.gcs });
    const backup = spec().backup;
    expect(mainFlags(backup.storages)).toEqual({ s3: true, gcs: false });
    expect(backup.storages.gcs.gcs.prefix).toBe('shop/fleet-sessions');
    expect(backup.tasks.map((t: any) => [t.name, t.schedule, t.storageName])).toEqual([['nightly', '30 2 * * *', 's3'], ['offsite', '30 2 * * *', 'gcs']]);
    expect(backup.pitr).toEqual({ enabled: true, oplogSpanMin: 10 });
  });

  test('several storages without backup.storage are refused: none would be main', () => {
    const { cluster, storages } = mongo();
    cluster.addBackupSchedule('nightly', { schedule: '30 2 * * *', storage: storages.s3 });
    const error = refusal(() => cluster.addBackupSchedule('offsite', { schedule: '0 4 * * *', storage: storages.gcs }));
    expect(error.prop).toBe('storage');
    expect(error.message).toContain('[fleet/sessions/offsite]');
  });

  test('an on-demand backup names the cluster and its storage', () => {
    const { chart, cluster, objects } = mongo((st) => ({ backup: { storage: st.s3 } }));
    const backup = new OnDemandBackup(chart, 'before-upgrade', { cluster });
    const object = only(objects(), 'PerconaServerMongoDBBackup');
    expect(backup.name).toBe('fleet-sessions-before-upgrade');
    expect(object.metadata).toEqual({ name: 'fleet-sessions-before-upgrade', namespace: 'shop' });
    expect(object.spec).toEqual({ clusterName: 'fleet-sessions', storageName: 's3', type: 'logical' });
  });

  test('an on-demand backup to its own storage turns backups on with that storage; a second one needs backup.storage', () => {
    const { chart, cluster, storages, spec } = mongo();
    new OnDemandBackup(chart, 'first', { cluster, storage: storages.azure });
    expect(spec().backup.enabled).toBe(true);
    expect(Object.keys(spec().backup.storages)).toEqual(['azure']);
    const error = refusal(() => new OnDemandBackup(chart, 'second', { cluster, storage: storages.s3 }));
    expect(error.prop).toBe('storage');
    expect(error.message).toContain('[fleet/second]');
  });
});

describe('PSMDB target: restores', () => {
  const instant = '2026-11-20T08:30:00.250+01:00';

  test('a named backup is restored through its backup object', () => {
    const { chart, cluster, objects } = mongo((st) => ({ backup: { storage: st.s3 } }));
    new DatabaseRestore(chart, 'undo', { cluster, source: RestoreSource.backup({ backupName: 'fleet-sessions-before-upgrade' }) });
    const restore = only(objects(), 'PerconaServerMongoDBRestore');
    expect(restore.metadata).toEqual({ name: 'fleet-sessions-undo', namespace: 'shop' });
    expect(restore.spec).toEqual({ clusterName: 'fleet-sessions', backupName: 'fleet-sessions-before-upgrade' });
  });

  test('a PBM backup name is read from the source cluster\'s path in the storage', () => {
    const { chart, cluster, storages, objects } = mongo((st) => ({ backup: { storage: st.s3 } }));
    new DatabaseRestore(chart, 'oops', {
      cluster, source: RestoreSource.backup({ backupName: '2026-11-20T02:00:21Z', storage: storages.s3, sourceCluster: 'sessions-old' }),
    });
    expect(only(objects(), 'PerconaServerMongoDBRestore').spec).toEqual({
      clusterName: 'fleet-sessions',
      backupSource: {
        type: 'logical',
        destination: 's3://acme-backups/prod/shop/sessions-old/2026-11-20T02:00:21Z',
        s3: {
          bucket: 'acme-backups',
          prefix: 'prod/shop/sessions-old',
          region: 'eu-west-1',
          credentialsSecret: 's3-creds',
          insecureSkipTLSVerify: false,
          forcePathStyle: false,
        },
      },
    });
  });

  test('an instant on a named base backup replays the oplog onto that backup', () => {
    const { chart, cluster, storages, objects } = mongo((st) => ({ backup: { storage: st.s3, pointInTimeRecovery: true } }));
    new DatabaseRestore(chart, 'oops', {
      cluster, source: RestoreSource.pointInTime({ storage: storages.s3, sourceCluster: 'fleet-sessions', time: instant, baseBackupName: 'fleet-sessions-nightly' }),
    });
    expect(only(objects(), 'PerconaServerMongoDBRestore').spec).toEqual({
      clusterName: 'fleet-sessions', backupName: 'fleet-sessions-nightly', pitr: { type: 'date', date: '2026-11-20 07:30:00' },
    });
    const badName = refusal(() => new DatabaseRestore(chart, 'bad', {
      cluster, source: RestoreSource.pointInTime({ storage: storages.s3, sourceCluster: 'fleet-sessions', time: instant, baseBackupName: '2026-11-20T07:00:00Z' }),
    }));
    expect(badName.prop).toBe('source.baseBackupName');
    expect(badName.message).toContain('[fleet/bad]');
  });

  test('GCS and Azure sources use their own URL schemes', () => {
    for (const [id, scheme] of [['gcs', 'gs'], ['azure', 'azure']] as const) {
      const { chart, cluster, storages, objects } = mongo();
      new DatabaseRestore(chart, 'back', {
        cluster, source: RestoreSource.backup({ backupName: '2026-11-20T02:00:21Z', storage: storages[id], sourceCluster: 'old', sourceNamespace: 'legacy' }),
      });
      const source = only(objects(), 'PerconaServerMongoDBRestore').spec.backupSource;
      expect(source.destination).toBe(`${scheme}://${storages[id].bucket}/legacy/old/2026-11-20T02:00:21Z`);
      expect(source[id].prefix).toBe('legacy/old');
    }
  });

  test('restores are refused for an instant off the main storage, and for a named backup without any storage', () => {
    const { chart, cluster, storages } = mongo((st) => ({ backup: { storage: st.s3 } }));
    const other = refusal(() => new DatabaseRestore(chart, 'elsewhere', {
      cluster, source: RestoreSource.pointInTime({ storage: storages.gcs, sourceCluster: 'fleet-sessions', time: instant, baseBackupName: 'fleet-sessions-nightly' }),
    }));
    expect(other.prop).toBe('source.storage');
    expect(other.message).toContain('[fleet/elsewhere]');
    const bare = mongo();
    const named = refusal(() => new DatabaseRestore(bare.chart, 'named', { cluster: bare.cluster, source: RestoreSource.backup({ backupName: 'x' }) }));
    expect(named.prop).toBe('source.backupName');
    expect(named.message).toContain('[fleet/named]');
  });

  test('a clone: the cluster gets the source\'s storage and a restore the operator runs once the cluster is up', () => {
    const { objects, spec } = mongo((st) => ({
      restoreFrom: RestoreSource.backup({ backupName: '2026-11-20T02:00:21Z', storage: st.gcs, sourceCluster: 'sessions-old' }),
    }));
    const restore = only(objects(), 'PerconaServerMongoDBRestore');
    expect(restore.metadata).toEqual({ name: 'fleet-sessions-restore-from', namespace: 'shop' });
    expect(restore.spec).toEqual({
      clusterName: 'fleet-sessions',
      backupSource: {
        type: 'logical',
        destination: 'gs://acme-mongo/shop/sessions-old/2026-11-20T02:00:21Z',
        gcs: { bucket: 'acme-mongo', prefix: 'shop/sessions-old', credentialsSecret: 'gcs-creds' },
      },
    });
    // The cluster comes first: the operator marks a restore whose cluster it cannot find as failed, for good.
    expect(objects().map((o) => o.kind)).toEqual(['PerconaServerMongoDB', 'PerconaServerMongoDBRestore']);
    // The backup agents do the restore, and the clone's own backups go below its own path.
    expect(spec().backup.enabled).toBe(true);
    expect(spec().backup.storages.gcs.gcs.prefix).toBe('shop/fleet-sessions');
  });

  test('a clone from a named backup', () => {
    const { objects } = mongo((st) => ({ backup: { storage: st.s3 }, restoreFrom: RestoreSource.backup({ backupName: 'sessions-old-nightly' }) }));
    expect(only(objects(), 'PerconaServerMongoDBRestore').spec).toEqual({ clusterName: 'fleet-sessions', backupName: 'sessions-old-nightly' });
  });
});

describe('PSMDB target: CEL rules of the CRD', () => {
  const crd = YAML.parseAllDocuments(fs.readFileSync(path.join(__dirname, '..', 'imports', 'percona-server-mongodb-operator', 'crd-v1.21.2.yaml'), 'utf8'))
    .map((d) => d.toJS());
  const celRules = (kind: string) => {
    const rules: Array<{ path: string; rule: string }> = [];
    const walk = (node: any, at: string) => {
      if (!node || typeof node !== 'object') return;
      for (const v of node['x-kubernetes-validations'] ?? []) rules.push({ path: at, rule: v.rule });
      for (const [k, child] of Object.entries<any>(node.properties ?? {})) walk(child, `${at}.${k}`);
      if (node.items) walk(node.items, `${at}[]`);
      if (typeof node.additionalProperties === 'object') walk(node.additionalProperties, `${at}.*`);
    };
    const def = crd.find((d) => d.spec.names.kind === kind);
    walk(def.spec.versions.find((v: any) => v.storage).schema.openAPIV3Schema, '');
    return rules;
  };

  test('the only CEL rules are on the restore\'s pitr (a new rule must get its own test here)', () => {
    expect(celRules('PerconaServerMongoDB')).toEqual([]);
    expect(celRules('PerconaServerMongoDBBackup')).toEqual([]);
    expect(celRules('PerconaServerMongoDBRestore').map((r) => r.path)).toEqual(['.spec.pitr', '.spec.pitr']);
  });

  test('pitr: type date carries a date in the CRD\'s format; the date is never set with type latest', () => {
    const [dateRule, latestRule] = celRules('PerconaServerMongoDBRestore').map((r) => r.rule);
    const datePattern = new RegExp(/matches\('(.+)'\)\)$/s.exec(dateRule.replace(/\n\s*/g, ' '))![1]);
    expect(latestRule).toBe("self.type != 'latest' || !has(self.date)");
    for (const time of ['2026-11-20T08:30:00Z', '2026-01-01T00:00:00.999-05:00', '2024-02-29T23:59:59+14:00']) {
      const { chart, cluster, storages, objects } = mongo((st) => ({ backup: { storage: st.s3, pointInTimeRecovery: true } }));
      new DatabaseRestore(chart, 'pitr', {
        cluster, source: RestoreSource.pointInTime({ storage: storages.s3, sourceCluster: 'fleet-sessions', time, baseBackupName: 'fleet-sessions-nightly' }),
      });
      const pitr = only(objects(), 'PerconaServerMongoDBRestore').spec.pitr;
      expect(pitr.type).toBe('date');
      expect(pitr.date).toMatch(datePattern);
    }
  });
});

describe('PSMDB target: monitoring', () => {
  test('PMM: the client on every pod, its token read from the users Secret', () => {
    const s = mongo({ monitoring: Monitoring.pmm({ url: 'https://pmm.example.com:8443/graph', credentialsSecret: 'fleet-sessions-secrets' }) }).spec();
    expect(s.pmm).toEqual({
      enabled: true,
      image: 'percona/pmm-client:3.5.0',
      serverHost: 'pmm.example.com:8443',
      resources: { limits: { cpu: '300m', memory: '512Mi' }, requests: { cpu: '300m', memory: '512Mi' } },
    });
    const custom = mongo({
      credentialsSecret: 'sessions-users',
      monitoring: Monitoring.pmm({ url: 'https://pmm.local', credentialsSecret: 'sessions-users', image: 'percona/pmm-client:3.4.1' }),
    }).spec();
    expect(custom.pmm.image).toBe('percona/pmm-client:3.4.1');
    expect(custom.pmm.serverHost).toBe('pmm.local');
  });

  test('Prometheus: an exporter sidecar on mongod and config server pods, a PodMonitor each, and alerts', () => {
    const { cluster, objects } = mongo({ sharding: { shards: 2 }, credentialsSecret: 'sessions-users', monitoring: Monitoring.prometheus({ labels: { release: 'kube-prometheus' } }) });
    const all = objects();
    const s = only(all, 'PerconaServerMongoDB').spec;
    const sidecar = {
      name: 'mongodb-exporter',
      image: 'percona/mongodb_exporter:0.47.1',
      args: [
        '--mongodb.uri=mongodb://127.0.0.1:27017/admin', '--web.listen-address=:9216', '--compatible-mode',
        '--collector.diagnosticdata', '--collector.replicasetstatus', '--collector.pbm',
      ],
      env: [
        { name: 'MONGODB_USER', valueFrom: { secretKeyRef: { name: 'sessions-users', key: 'MONGODB_CLUSTER_MONITOR_USER' } } },
        { name: 'MONGODB_PASSWORD', valueFrom: { secretKeyRef: { name: 'sessions-users', key: 'MONGODB_CLUSTER_MONITOR_PASSWORD' } } },
      ],
      ports: [{ name: 'metrics', containerPort: 9216 }],
      resources: { limits: { cpu: '100m', memory: '128Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
    };
    expect(s.replsets.map((rs: any) => rs.sidecars)).toEqual([[sidecar], [sidecar]]);
    expect(s.sharding.configsvrReplSet.sidecars).toEqual([sidecar]);
    expect(s.sharding.mongos.sidecars).toBeUndefined();
    expect(s.pmm).toBeUndefined();

    const monitors = ofKind(all, 'PodMonitor');
    expect(monitors.map((m) => [m.metadata, m.spec])).toEqual([
      [{ name: 'fleet-sessions-mongod', namespace: 'shop', labels: { release: 'kube-prometheus' } },
        { selector: { matchLabels: OWN_LABELS('mongod') }, podMetricsEndpoints: [{ port: 'metrics', path: '/metrics' }] }],
      [{ name: 'fleet-sessions-cfg', namespace: 'shop', labels: { release: 'kube-prometheus' } },
        { selector: { matchLabels: OWN_LABELS('cfg') }, podMetricsEndpoints: [{ port: 'metrics', path: '/metrics' }] }],
    ]);
    const rules = only(all, 'PrometheusRule').spec.groups[0].rules;
    expect(rules.map((r: any) => r.alert)).toEqual(['MongodbDown', 'MongodbReplicaSetMemberUnhealthy', 'MongodbReplicationLag']);
    const scope = 'namespace="shop",pod=~"fleet-sessions-(rs[0-9]+|cfg)-[0-9]+"';
    expect(rules[0].expr).toBe(`mongodb_up{${scope}} == 0`);
    expect(rules[1].expr).toBe(`min by (set, name) (mongodb_mongod_replset_member_health{${scope}}) == 0`);
    expect(rules[2].expr).toBe(`max by (set, name) (mongodb_mongod_replset_member_replication_lag{${scope}}) > 60`);
    expect(cluster.host).toBe('fleet-sessions-mongos.shop.svc');
  });

  test('Prometheus: a backup-freshness alert once schedules exist, from the most frequent enabled one', () => {
    const { cluster, objects } = mongo((st) => ({ backup: { storage: st.s3 }, monitoring: Monitoring.prometheus() }));
    cluster.addBackupSchedule('nightly', { schedule: '0 1 * * *' });
    cluster.addBackupSchedule('sixhourly', { schedule: '0 */6 * * *' });
    cluster.addBackupSchedule('paused', { schedule: '*/5 * * * *', enabled: false });
    const alert = only(objects(), 'PrometheusRule').spec.groups[0].rules.find((r: any) => r.alert === 'DatabaseBackupTooOld');
    expect(alert.expr).toBe('time() - max(mongodb_pbm_backup_last_transition_ts{namespace="shop",pod=~"fleet-sessions-.*",status="done"}) > 32400');
    const withoutSchedules = mongo({ monitoring: Monitoring.prometheus({ alerts: true }) }).objects();
    expect(only(withoutSchedules, 'PrometheusRule').spec.groups[0].rules.map((r: any) => r.alert)).not.toContain('DatabaseBackupTooOld');
    expect(ofKind(mongo({ monitoring: Monitoring.prometheus({ alerts: false }) }).objects(), 'PrometheusRule')).toEqual([]);
  });
});

describe('PSMDB target: credentials', () => {
  test('no credential value anywhere: only Secret names and key references', () => {
    const { chart, cluster, storages, objects } = mongo((st) => ({
      sharding: { shards: 2 },
      credentialsSecret: 'sessions-users',
      backup: { storage: st.s3, pointInTimeRecovery: true },
      monitoring: Monitoring.prometheus(),
    }));
    cluster.addBackupSchedule('nightly', { schedule: '0 1 * * *' });
    new OnDemandBackup(chart, 'now', { cluster });
    new DatabaseRestore(chart, 'back', {
      cluster, source: RestoreSource.pointInTime({ storage: storages.s3, sourceCluster: 'fleet-sessions', time: '2026-11-20T08:30:00Z', baseBackupName: 'fleet-sessions-nightly' }),
    });
    const all = objects();
    expect(ofKind(all, 'Secret')).toEqual([]);
    const text = JSON.stringify(all);
    expect(text).not.toMatch(/"(password|secretAccessKey|accessKeyId|apiKey|token|sseCustomerKey|value)"\s*:/i);
    const secretNames = new Set<string>();
    const collect = (node: any, key?: string) => {
      if (Array.isArray(node)) node.forEach((n) => collect(n));
      else if (node && typeof node === 'object') Object.entries(node).forEach(([k, v]) => collect(v, k));
      else if (key === 'credentialsSecret' || key === 'users') secretNames.add(node);
    };
    all.forEach((o) => collect(o));
    expect([...secretNames].sort()).toEqual(['s3-creds', 'sessions-users']);
  });
});
