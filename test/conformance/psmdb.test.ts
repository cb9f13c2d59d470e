/**
 * Conformance of what the library renders for the Percona Server for MongoDB operator 1.21.2 with the operator's own
 * rules (percona/percona-server-mongodb-operator at v1.21.2; notes in /work/notes/psmdb.md). The operator has no
 * admission webhook: everything it refuses surfaces as `status.state: error` (or a restore in error for good), and
 * what it skips only in its log. One `describe` per upstream area, one test per rule, named by the upstream
 * `file:function`: props that would break the rule are refused with the library's validation error, or every output
 * satisfies it.
 */
import { Chart, JsonPatch, Size, Testing } from 'cdk8s';
import {
  AntiAffinity, BackupProvider, BackupStorage, ChangeClass, DatabaseCluster, DatabaseClusterProps, DatabaseEngine, DatabaseRestore,
  DatabaseStorageClass, Errors, Expose, ManifestDiff, Monitoring, MongodbVersion, OnDemandBackup, Operator, RestoreSource, StorageProvisioner,
} from '../../src';
import { CronDialect, cronProblem } from '../../src/cron';
import { isDns1035Label } from '../../src/names';
import { mongo, Storages } from '../support/psmdb';
import { refusal } from '../support/refusal';
import { ofKind, only, synthValid } from '../support/schema';

type Props = Partial<DatabaseClusterProps>;
type PropsOf = Props | ((s: Storages) => Props);

/** The props the library refuses `props` on (all of them, in order). */
function refused(props: PropsOf): string[] {
  return Errors.propsOf(refusal(() => mongo(props)));
}

const loadBalancer = (sourceRanges: string[] = []) => Expose.loadBalancer({ sourceRanges });
const longName = (length: number) => `a${'b'.repeat(length - 1)}`;
const PBM_NAME = '2026-11-20T02:00:21Z';
const TWIN = { provider: BackupProvider.S3, bucket: 'other', region: 'eu-west-1', credentialsSecret: 'other-creds' };
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** Props of every shape the library renders for PSMDB: sizes, sharding, exposure, backups, clones, placement, names at the limits. */
const SHAPES: Array<[string, PropsOf]> = [
  ['defaults', {}],
  ['a replica set behind load balancers', { expose: loadBalancer(['10.0.0.0/8']) }],
  ['five members on 7.0', { replicas: 5, engine: DatabaseEngine.mongodb({ version: MongodbVersion.V7_0_28 }) }],
  ['one member', { replicas: 1, singleNodeDevelopment: true }],
  ['three shards behind a load balancer, five config servers', { sharding: { shards: 3, configServers: 5 }, expose: loadBalancer() }],
  ['a one-member sharded cluster', { replicas: 1, singleNodeDevelopment: true, sharding: { shards: 1, configServers: 1 }, proxy: { replicas: 1 } }],
  ['S3 with PITR, Prometheus', (s) => ({ backup: { storage: s.s3, pointInTimeRecovery: true }, monitoring: Monitoring.prometheus() })],
  ['Azure with PMM', (s) => ({ backup: { storage: s.azure }, monitoring: Monitoring.pmm({ url: 'https://pmm.example.com', credentialsSecret: 'fleet-sessions-secrets' }) })],
  ['placement: required anti-affinity, zones, dedicated nodes', {
    scheduling: { antiAffinity: AntiAffinity.REQUIRED, spreadAcrossZones: true, nodeSelector: { pool: 'db' } },
  }],
  ['no anti-affinity, paused, engine parameters', {
    scheduling: { antiAffinity: AntiAffinity.NONE }, paused: true, config: { 'operationProfiling.mode': 'slowOp', 'net.compression.compressors': 'zstd' },
  }],
  ['a clone of another cluster\'s backup', (s) => ({ restoreFrom: RestoreSource.backup({ backupName: PBM_NAME, storage: s.gcs, sourceCluster: 'old' }) })],
  ['the longest replica set name', { name: longName(47) }],
  ['the longest sharded name, eleven shards', { name: longName(45), sharding: { shards: 11 } }],
];

/** The PerconaServerMongoDB of each shape, with a schedule on the main storage and one on GCS when it backs up. */
const CLUSTERS: Array<[string, any]> = SHAPES.map(([label, props]) => {
  const { cluster, storages, objects } = mongo(props);
  if (cluster._model.backup) {
    cluster.addBackupSchedule('daily', { schedule: '0 1 * * *' });
    cluster.addBackupSchedule('offsite', { schedule: '0 1 * * *', storage: storages.gcs });
  }
  return [label, only(objects(), 'PerconaServerMongoDB')];
});

/** Every shape's PerconaServerMongoDB holds `check`; failures are listed by shape. */
function everyCluster(check: (object: any) => boolean) {
  expect(CLUSTERS.filter(([, object]) => !check(object)).map(([label]) => label)).toEqual([]);
}

/** Every shape's spec holds `check`. */
const everySpec = (check: (spec: any) => boolean) => everyCluster((o) => check(o.spec));

/** The mongod replica sets of a spec: the shards, and the config servers when sharded. */
const replsets = (spec: any): any[] => [...spec.replsets, ...(spec.sharding.enabled ? [{ name: 'cfg', ...spec.sharding.configsvrReplSet }] : [])];

describe('pkg/apis/psmdb/v1/psmdb_defaults.go:CheckNSetDefaults ("wrong psmdb options", the cluster stays in error)', () => {
  test('"at least one replica set should be specified"', () => everySpec((s) => s.replsets.length >= 1));

  test('"Required value for spec.image"', () => everySpec((s) => typeof s.image === 'string' && s.image !== ''));

  test('"TLS must be enabled": never disabled, never through unsafeFlags.tls or allowUnsafeConfigurations', () => {
    everySpec((s) => s.tls.mode === 'preferTLS' && s.unsafeFlags?.tls === undefined && s.allowUnsafeConfigurations === undefined);
  });

  test('"config replica set should be specified", "mongos should be specified"', () => {
    everySpec((s) => !s.sharding.enabled || (s.sharding.configsvrReplSet !== undefined && s.sharding.mongos !== undefined));
  });

  test('"cluster name (…) + replset name (…) is too long, must be no more than 50 characters" (clusterNameMaxLen, cfg included)', () => {
    expect(refused({ name: longName(48) })).toEqual(['name']);
    expect(refusal(() => mongo({ name: longName(47), sharding: { shards: 11 } })).message).toContain('plus rs10 exceeds 50');
    everyCluster((o) => replsets(o.spec).every((rs) => o.metadata.name.length + rs.name.length <= 50));
  });

  test('"replset …: volumeSpec should be specified", "volume.resources.storage can\'t be empty"', () => {
    everySpec((s) => replsets(s).every((rs) => rs.volumeSpec.persistentVolumeClaim.resources.requests.storage !== undefined));
  });

  test('storage engine: mmapv1 and a config server engine other than wiredTiger are refused; none is written', () => {
    everySpec((s) => replsets(s).every((rs) => rs.storage === undefined));
    expect(refused({ config: { 'storage.engine': 'inMemory' } })).toEqual(['config']);
  });

  test('"ConfigsvrReplSet must have externalNodes if replset … has": no external nodes are written', () => {
    everySpec((s) => replsets(s).every((rs) => rs.externalNodes === undefined));
  });

  test('"terminationGracePeriodSeconds must be at least 30 seconds": the operator default (60) applies', () => {
    everySpec((s) => replsets(s).every((rs) => rs.terminationGracePeriodSeconds === undefined));
  });

  test('"backup task … should have a name"', () => everySpec((s) => (s.backup.tasks ?? []).every((t: any) => t.name)));

  test('"main backup storage is not specified", "multiple main backup storages are specified": exactly one main among several', () => {
    everySpec((s) => Object.keys(s.backup.storages ?? {}).length < 2 || Object.values<any>(s.backup.storages).filter((st) => st.main).length === 1);
    const { cluster, storages } = mongo();
    cluster.addBackupSchedule('daily', { schedule: '0 1 * * *', storage: storages.s3 });
    expect(Errors.propsOf(refusal(() => cluster.addBackupSchedule('offsite', { schedule: '0 2 * * *', storage: storages.gcs })))).toEqual(['storage']);
  });

  test('"For S3 storage only one encryption method can be used": no server-side encryption is written', () => {
    everySpec((s) => Object.values<any>(s.backup.storages ?? {}).every((st) => st.s3?.serverSideEncryption === undefined));
  });

  test('"SmartUpdate is not allowed on unmanaged clusters", "MCS is not available": never unmanaged, never multi-cluster', () => {
    everySpec((s) => s.updateStrategy === 'SmartUpdate' && s.unmanaged === undefined && s.multiCluster === undefined);
  });

  test('affinity: a topology key outside the operator\'s four is replaced; the library writes `advanced` or `none`', () => {
    everySpec((s) => [...replsets(s), ...(s.sharding.enabled ? [s.sharding.mongos] : [])]
      .every((part) => part.affinity.advanced !== undefined || part.affinity.antiAffinityTopologyKey === 'none'));
  });

  test('crVersion is the operator\'s (setCRVersion patches an empty one), and the version service never changes the image', () => {
    everySpec((s) => s.crVersion === '1.21.2' && s.upgradeOptions.apply === 'disabled');
  });

  test('version.go:scheduleEnsureVersion: upgradeOptions.schedule parses with robfig/cron v3 (telemetry runs on it)', () => {
    everySpec((s) => cronProblem(s.upgradeOptions.schedule, CronDialect.ROBFIG_V3) === undefined);
  });

  test('two storages of one name would share one key of spec.backup.storages', () => {
    const { cluster, chart } = mongo((s) => ({ backup: { storage: s.s3 } }));
    const twin = new BackupStorage(chart, 'twin', { ...TWIN, name: 's3' });
    expect(Errors.propsOf(refusal(() => cluster.addBackupSchedule('daily', { schedule: '0 1 * * *', storage: twin })))).toEqual(['storage']);
    const clone = (s: Storages): Props => ({
      backup: { storage: s.s3 },
      restoreFrom: RestoreSource.backup({ backupName: PBM_NAME, storage: new BackupStorage(s.s3.node.scope!, 'twin', { ...TWIN, name: 's3' }), sourceCluster: 'old' }),
    });
    expect(refused(clone)).toEqual(['restoreFrom.storage']);
  });
});

describe('pkg/apis/psmdb/v1/psmdb_defaults.go:ReplsetSpec.checkSafeDefaults', () => {
  test('"replset size must be odd", "replset size must be at least 3", or unsafeFlags.replsetSize for one member', () => {
    expect(refused({ replicas: 4 })).toEqual(['replicas']);
    expect(refused({ replicas: 1 })).toEqual(['replicas']);
    expect(refused({ sharding: { shards: 2, configServers: 4 } })).toEqual(['sharding.configServers']);
    everySpec((s) => replsets(s).every((rs) => (rs.size >= 3 && rs.size % 2 === 1) || s.unsafeFlags?.replsetSize === true));
    everySpec((s) => s.unsafeFlags === undefined || replsets(s).some((rs) => rs.size === 1));
  });

  test('no arbiter is written (its size rules do not arise)', () => everySpec((s) => replsets(s).every((rs) => rs.arbiter === undefined)));

  test('"tlsMode must be set using spec.tls.mode" (psmdb_types.go:MongoConfiguration.GetTLSMode)', () => {
    const error = refusal(() => mongo({ config: { 'net.tls.mode': 'requireTLS' } }));
    expect(error.prop).toBe('config');
    expect(error.message).toContain('net.tls.mode: the Percona Server for MongoDB operator 1.21.2 refuses the TLS mode in the configuration');
  });

  test('"get tls mode: tls configuration is invalid": net.tls as a value', () => {
    expect(refusal(() => mongo({ config: { 'net.tls': 'on' } })).message).toContain('reads net, net.tls, security as sections');
  });
});

describe('pkg/apis/psmdb/v1/psmdb_types.go:MongoConfiguration.SetDefaults and psmdb_defaults.go:ReplsetSpec.IsEncryptionEnabled', () => {
  test('"security configuration section is invalid": security as a value', () => {
    expect(refused({ config: { security: 'x' } })).toEqual(['config']);
  });

  test('"enableEncryption value is not bool", and a toggle on existing data: encryption at rest stays the operator\'s', () => {
    for (const key of ['security.enableEncryption', 'security.encryptionKeyFile', 'security.vault.serverName']) {
      expect(refusal(() => mongo({ config: { [key]: 'false' } })).message).toContain('Percona Server for MongoDB operator 1.21.2');
    }
  });
});

describe('pkg/apis/psmdb/v1/psmdb_types.go:ReplsetSpec.GetPort and CustomReplsetName (options the operator reads)', () => {
  test('net.port would move mongod, its Services and probes away from the port the library advertises', () => {
    expect(refusal(() => mongo({ config: { 'net.port': '27018' } })).message).toContain('net.port: the Percona Server for MongoDB operator 1.21.2 moves');
  });

  test('replication.replSetName would rename the replica set', () => {
    expect(refusal(() => mongo({ config: { 'replication.replSetName': 'main' } })).message).toContain('replication.replSetName');
  });
});

describe('pkg/psmdb/container.go:containerArgs and build/ps-entry.sh (flags that win over the configuration)', () => {
  test.each([
    ['net.bindIp', '0.0.0.0'], ['net.bindIpAll', 'true'], ['storage.dbPath', '/data/mongo'], ['storage.engine', 'inMemory'],
    ['security.authorization', 'disabled'], ['security.keyFile', '/etc/key'], ['security.clusterAuthMode', 'keyFile'],
    ['sharding.clusterRole', 'shardsvr'], ['storage.wiredTiger.engineConfig.cacheSizeGB', '1'], ['storage.wiredTiger.indexConfig.prefixCompression', 'false'],
    ['net.tls.allowInvalidCertificates', 'false'], ['net.tls.certificateKeyFile', '/etc/tls.pem'], ['net.tls.CAFile', '/etc/ca.crt'],
    ['net.tls.clusterFile', '/etc/member.pem'], ['net.tls.clusterCAFile', '/etc/ca.crt'], ['net.ssl.mode', 'requireSSL'], ['processManagement.fork', 'true'],
  ])('%s is refused, naming the operator', (key, value) => {
    const error = refusal(() => mongo({ config: { [key]: value } }));
    expect(Errors.propsOf(error)).toEqual(['config']);
    expect(error.message).toContain(`${key.startsWith('net.ssl') ? 'net.ssl' : key}: the Percona Server for MongoDB operator 1.21.2`);
  });

  test('the options the operator leaves alone pass through, to the shards only', () => {
    const config = {
      'operationProfiling.slowOpThresholdMs': '200',
      'setParameter.ttlMonitorSleepSecs': '120',
      'net.compression.compressors': 'zstd',
      'net.tls.disabledProtocols': 'TLS1_0,TLS1_1',
      'systemLog.quiet': 'false',
      'storage.wiredTiger.collectionConfig.blockCompressor': 'zstd',
    };
    const s = mongo({ config, sharding: { shards: 2 } }).spec();
    expect(s.replsets.map((rs: any) => rs.configuration !== undefined)).toEqual([true, true]);
    expect(s.sharding.configsvrReplSet.configuration).toBeUndefined();
  });
});

describe('Kubernetes names of what the operator derives (pkg/naming, psmdb/service.go, the StatefulSet controller)', () => {
  test('psmdb_types.go:MongosNamespacedName: <name>-mongos plus a revision hash is a label value, so a sharded name is at most 45', () => {
    const error = refusal(() => mongo({ name: longName(46), sharding: { shards: 2 } }));
    expect(error.prop).toBe('name');
    expect(error.message).toContain('at most 45 characters');
    expect(() => mongo({ name: longName(47) })).not.toThrow();
  });

  test('every StatefulSet name leaves room for its revision hash (at most 52), every Service name is a DNS-1035 label', () => {
    everyCluster((o) => {
      const sets = [...replsets(o.spec).map((rs) => `${o.metadata.name}-${rs.name}`), ...(o.spec.sharding.enabled ? [`${o.metadata.name}-mongos`] : [])];
      const perMember: string[] = o.spec.replsets.filter((rs: any) => rs.expose.enabled)
        .flatMap((rs: any) => [...Array(rs.size).keys()].map((i) => `${o.metadata.name}-${rs.name}-${i}`));
      return sets.every((n) => n.length <= 52 && isDns1035Label(n)) && perMember.every((n) => isDns1035Label(n));
    });
  });
});

describe('pkg/controller/perconaservermongodb/mgo.go:updateConfigMembers (mongo.MaxMembers)', () => {
  test('pods beyond 50 members are never added: at most 50', () => {
    expect(refused({ replicas: 51 })).toEqual(['replicas']);
    expect(() => mongo({ replicas: 49 })).not.toThrow();
    expect(refused({ sharding: { shards: 1, configServers: 51 } })).toEqual(['sharding.configServers']);
  });
});

describe('pkg/controller/perconaservermongodb/volumes.go:resizeVolumesIfNeeded', () => {
  test('RoundUpGiB: a size that is not whole GiB would be grown by the operator (or patched back): refused', () => {
    const error = refusal(() => mongo({ storage: { size: Size.mebibytes(1536) } }));
    expect(error.prop).toBe('storage.size');
    expect(error.message).toContain('whole GiB');
    expect(mongo({ storage: { size: Size.gibibytes(2) } }).spec().replsets[0].volumeSpec.persistentVolumeClaim.resources.requests.storage).toBe('2Gi');
  });

  test('handlePVCResizeFailure: on a StorageClass of the app that cannot expand, enableVolumeExpansion is off (no size patched back)', () => {
    const chart = new Chart(Testing.app(), 'fleet', { namespace: 'shop' });
    const fixed = new DatabaseStorageClass(chart, 'fixed', { provisioner: StorageProvisioner.AWS_EBS, name: 'fixed', allowVolumeExpansion: false });
    const growing = new DatabaseStorageClass(chart, 'growing', { provisioner: StorageProvisioner.AWS_EBS, name: 'growing' });
    const engine = DatabaseEngine.mongodb({ version: MongodbVersion.V8_0_17 });
    new DatabaseCluster(chart, 'a', { engine, name: 'a', storage: { storageClass: fixed } });
    new DatabaseCluster(chart, 'b', { engine, name: 'b', storage: { storageClass: growing } });
    new DatabaseCluster(chart, 'c', { engine, name: 'c', storage: { storageClassName: 'elsewhere' } });
    const expansion = ofKind(synthValid(chart), 'PerconaServerMongoDB').map((o) => [o.metadata.name, o.spec.enableVolumeExpansion]);
    expect(expansion).toEqual([['a', false], ['b', true], ['c', true]]);
  });
});

describe('pkg/controller/perconaservermongodb/backup.go:reconcileBackupTasks (robfig/cron v3 AddFunc, tasks by name)', () => {
  test('"can\'t parse cronjob schedule": what robfig/cron v3 refuses is refused', () => {
    const { cluster } = mongo((s) => ({ backup: { storage: s.s3 } }));
    ['0 0 * * 7', '0 0 L * *', '0 0 15W * *', '0 0 * * 5#2'].forEach((schedule, i) => {
      expect(Errors.propsOf(refusal(() => cluster.addBackupSchedule(`refused-${i}`, { schedule })))).toEqual(['schedule']);
    });
  });

  test('"there is no storage … for … task": every task\'s storage is a key of spec.backup.storages', () => {
    everySpec((s) => (s.backup.tasks ?? []).every((t: any) => s.backup.storages[t.storageName] !== undefined));
  });

  test('job.go:BackupFromTask names each backup with generateName: schedules at the same time are accepted', () => {
    const { cluster, spec } = mongo((s) => ({ backup: { storage: s.s3 } }));
    cluster.addBackupSchedule('a', { schedule: '0 2 * * *' });
    cluster.addBackupSchedule('b', { schedule: '0 2 * * *' });
    expect(spec().backup.tasks.map((t: any) => t.schedule)).toEqual(['0 2 * * *', '0 2 * * *']);
  });

  test('the backup-ancestor label carries the task name: a label value', () => {
    everySpec((s) => (s.backup.tasks ?? []).every((t: any) => /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(t.name)));
  });
});

describe('pkg/controller/perconaservermongodb/pbm.go:reconcilePBMConfig and reconcilePiTRConfig', () => {
  test('the main storage is PBM\'s configuration storage, the others its profiles, each below the cluster\'s own path', () => {
    const [, object] = CLUSTERS.find(([label]) => label === 'S3 with PITR, Prometheus')!;
    expect(Object.fromEntries(Object.entries<any>(object.spec.backup.storages).map(([name, s]) => [name, [s.main, (s.s3 ?? s.gcs).prefix]])))
      .toEqual({ s3: [true, 'prod/shop/fleet-sessions'], gcs: [false, 'shop/fleet-sessions'] });
  });

  test('hasFullBackup: PITR starts after a full backup on the main storage, so one schedule (or backup) must write there', () => {
    const { cluster, storages, objects, chart } = mongo((s) => ({ backup: { storage: s.s3, pointInTimeRecovery: true } }));
    cluster.addBackupSchedule('offsite', { schedule: '0 1 * * *', storage: storages.gcs });
    const error = refusal(() => objects());
    expect(error.prop).toBe('backup.pointInTimeRecovery');
    expect(error.message).toContain('[fleet/sessions]');
    new OnDemandBackup(chart, 'first', { cluster });
    expect(only(objects(), 'PerconaServerMongoDB').spec.backup.pitr.enabled).toBe(true);
  });
});

describe('pkg/controller/perconaservermongodbbackup/backup.go:Start', () => {
  test('"unable to get storage": an on-demand backup\'s storage is one of the cluster\'s, a non-main one through its profile', () => {
    const { chart, cluster, storages, objects } = mongo((s) => ({ backup: { storage: s.s3 } }));
    new OnDemandBackup(chart, 'offsite', { cluster, storage: storages.azure });
    const all = objects();
    const storageName = only(all, 'PerconaServerMongoDBBackup').spec.storageName;
    expect(only(all, 'PerconaServerMongoDB').spec.backup.storages[storageName]).toMatchObject({ type: 'azure', main: false });
  });
});

describe('pkg/controller/perconaservermongodbrestore/psmdb_restore_controller.go:getBackup and CheckFields', () => {
  test('an instant without a base backup (the operator never lets PBM pick one; the old destination ended in "/") is refused', () => {
    const error = refusal(() => mongo((s) => ({ restoreFrom: RestoreSource.pointInTime({ storage: s.s3, sourceCluster: 'old', time: minutesAgo(60) }) })));
    expect(Errors.propsOf(error)).toContain('restoreFrom.baseBackupName');
    expect(error.message).toContain('never picks one itself');
  });

  test('a PBM backup name is the last segment of the destination, below the source cluster\'s path; S3 destinations start with s3://', () => {
    const { chart, cluster, storages, objects } = mongo((s) => ({ backup: { storage: s.s3 } }));
    new DatabaseRestore(chart, 'back', { cluster, source: RestoreSource.backup({ backupName: PBM_NAME, storage: storages.minio, sourceCluster: 'old' }) });
    const source = only(objects(), 'PerconaServerMongoDBRestore').spec.backupSource;
    expect(source.destination).toBe(`s3://backups/shop/old/${PBM_NAME}`);
    expect(source.destination.split('/').pop()).toBe(PBM_NAME);
    expect(source.s3.prefix).toBe('shop/old');
  });

  test('"one of storageName, backupSource.s3, … is required": a PBM backup name needs its storage', () => {
    expect(refused({ restoreFrom: RestoreSource.backup({ backupName: PBM_NAME, sourceCluster: 'old' }) })).toEqual(['restoreFrom.storage']);
  });

  test('a backup name is a backup object\'s name or a PBM name', () => {
    expect(refused((s) => ({ backup: { storage: s.s3 }, restoreFrom: RestoreSource.backup({ backupName: 'Nightly_1' }) }))).toEqual(['restoreFrom.backupName']);
  });
});

describe('pkg/controller/perconaservermongodbrestore/validate.go:validate', () => {
  test('getStorage: a backup object\'s storage is looked up in the restoring cluster, whose path is its own: another cluster\'s is refused', () => {
    const error = refusal(() => mongo((s) => ({ restoreFrom: RestoreSource.backup({ backupName: 'old-nightly', storage: s.s3, sourceCluster: 'old' }) })));
    expect(error.prop).toBe('restoreFrom.sourceCluster');
    expect(error.message).toContain('PBM name');
    const instant = refusal(() => mongo((s) => ({
      backup: { storage: s.s3 }, restoreFrom: RestoreSource.pointInTime({ storage: s.s3, sourceCluster: 'old', time: minutesAgo(60), baseBackupName: 'old-nightly' }),
    })));
    expect(instant.prop).toBe('restoreFrom.sourceCluster');
  });

  test('getStorage: a backup object is restored through a storage of the cluster', () => {
    const bare = mongo();
    expect(Errors.propsOf(refusal(() => new DatabaseRestore(bare.chart, 'r', { cluster: bare.cluster, source: RestoreSource.backup({ backupName: 'x' }) }))))
      .toEqual(['source.backupName']);
  });

  test('GetPITRChunkContains: an instant younger than one oplog chunk (10 minutes) fails for good: refused', () => {
    const { chart, cluster, storages } = mongo((s) => ({ backup: { storage: s.s3, pointInTimeRecovery: true } }));
    const restore = (time: string) => new DatabaseRestore(chart, `r${time.length}${time.slice(14, 16)}`, {
      cluster, source: RestoreSource.pointInTime({ storage: storages.s3, sourceCluster: 'fleet-sessions', time, baseBackupName: 'fleet-sessions-nightly' }),
    });
    expect(refusal(() => restore(minutesAgo(2))).prop).toBe('source.time');
    expect(() => restore(minutesAgo(11))).not.toThrow();
  });

  test('GetPITRChunkContains reads the oplog of the main storage: an instant from another storage is refused', () => {
    const { chart, cluster, storages } = mongo((s) => ({ backup: { storage: s.s3, pointInTimeRecovery: true } }));
    expect(refusal(() => new DatabaseRestore(chart, 'r', {
      cluster, source: RestoreSource.pointInTime({ storage: storages.gcs, sourceCluster: 'fleet-sessions', time: minutesAgo(60), baseBackupName: 'b' }),
    })).prop).toBe('source.storage');
  });
});

describe('pkg/controller/perconaservermongodbrestore/psmdb_restore_controller.go:Reconcile (errors are permanent)', () => {
  test('"backup is not ready": a restore of a backup object of the same manifest is refused at synthesis', () => {
    const { chart, cluster, objects } = mongo((s) => ({ backup: { storage: s.s3 } }));
    new OnDemandBackup(chart, 'before', { cluster, name: 'before-upgrade' });
    new DatabaseRestore(chart, 'undo', { cluster, source: RestoreSource.backup({ backupName: 'before-upgrade' }) });
    const error = refusal(() => objects());
    expect(error.prop).toBe('source.backupName');
    expect(error.message).toContain('[fleet/undo]');
    const pitr = mongo((s) => ({ backup: { storage: s.s3, pointInTimeRecovery: true } }));
    new OnDemandBackup(pitr.chart, 'before', { cluster: pitr.cluster, name: 'before-upgrade' });
    new DatabaseRestore(pitr.chart, 'undo', {
      cluster: pitr.cluster,
      source: RestoreSource.pointInTime({ storage: pitr.storages.s3, sourceCluster: 'fleet-sessions', time: minutesAgo(60), baseBackupName: 'before-upgrade' }),
    });
    expect(refusal(() => pitr.objects()).prop).toBe('source.baseBackupName');
  });

  test('"get cluster": a clone\'s restore follows its cluster in the manifest', () => {
    const { objects } = mongo((s) => ({ restoreFrom: RestoreSource.backup({ backupName: PBM_NAME, storage: s.s3, sourceCluster: 'old' }) }));
    expect(objects().map((o) => o.kind)).toEqual(['PerconaServerMongoDB', 'PerconaServerMongoDBRestore']);
  });
});

describe('pkg/psmdb/service.go:ExternalService and MongoHost (exposure)', () => {
  test('inside Kubernetes no Service per member; behind load balancers one per member, advertised with clusterServiceDNSMode External', () => {
    everySpec((s) => s.replsets.every((rs: any) => rs.expose.enabled === (rs.expose.type === 'LoadBalancer' && !s.sharding.enabled)));
    everySpec((s) => (s.clusterServiceDNSMode === 'External') === s.replsets.some((rs: any) => rs.expose.enabled));
  });
});

describe('images (spec.image, pulled again on every start: imagePullPolicy Always)', () => {
  const withImage = (image: string) => ({ engine: DatabaseEngine.mongodb({ version: MongodbVersion.V8_0_17, image }) });

  test('a moving tag (latest, or none) is refused; a digest or a version tag of the engine\'s line passes', () => {
    expect(refused(withImage('registry.local/psmdb:latest'))).toEqual(['engine.image']);
    expect(refused(withImage('registry.local/psmdb'))).toEqual(['engine.image']);
    expect(() => mongo(withImage(`registry.local/psmdb@sha256:${'a'.repeat(64)}`))).not.toThrow();
    expect(() => mongo(withImage('registry.local/psmdb:8.0.19-7'))).not.toThrow();
    expect(() => mongo(withImage('registry.local:5000/psmdb:8.0'))).not.toThrow();
    expect(refused(withImage('registry.local:5000/psmdb'))).toEqual(['engine.image']);
    expect(() => mongo(withImage('registry.local/psmdb:hardened'))).not.toThrow();
  });

  test('a version tag of another line than engine.version is refused', () => {
    expect(refusal(() => mongo(withImage('percona/percona-server-mongodb:7.0.28-15'))).message).toContain('MongoDB 8.0');
  });
});

describe('secrets.go:reconcileUsersSecret and the PMM client (pkg/psmdb/pmm.go)', () => {
  test('each cluster names its own users Secret (the operator default is shared by the namespace)', () => {
    everyCluster((o) => o.spec.secrets.users === `${o.metadata.name}-secrets`);
  });

  test('the exporter reads keys the operator generates; the PMM token must be in the users Secret', () => {
    const [, object] = CLUSTERS.find(([label]) => label === 'S3 with PITR, Prometheus')!;
    const keys = object.spec.replsets[0].sidecars[0].env.map((e: any) => e.valueFrom.secretKeyRef.key);
    expect(keys).toEqual(['MONGODB_CLUSTER_MONITOR_USER', 'MONGODB_CLUSTER_MONITOR_PASSWORD']);
    expect(refused({ monitoring: Monitoring.pmm({ url: 'https://pmm.example.com', credentialsSecret: 'pmm' }) })).toEqual(['monitoring.credentialsSecret']);
  });
});

describe('OpenEverest renders PSMDB clusters: PSMDB_CLUSTER_RULES hold there too', () => {
  const everest = (props: Props) => () => mongo({ engine: DatabaseEngine.mongodb({ version: MongodbVersion.V8_0_17, operator: Operator.EVEREST }), name: 'sessions', ...props });

  test('engine.config lands in every shard\'s configuration: operator-owned options are refused', () => {
    expect(Errors.propsOf(refusal(everest({ config: { 'net.tls.mode': 'requireTLS' } })))).toContain('config');
  });

  test('Everest turns volume expansion on: sizes are whole GiB', () => {
    expect(Errors.propsOf(refusal(everest({ storage: { size: Size.mebibytes(1536) } })))).toContain('storage.size');
  });
});

/** The guard's verdict on each field between the outputs of two props. */
function guard(before: PropsOf, after: PropsOf) {
  const report = ManifestDiff.compareObjects(mongo(before).objects(), mongo(after).objects());
  return { report, fields: Object.fromEntries(report.databases.flatMap((d) => d.changes.map((c) => [c.field, c.changeClass]))) };
}

/** The guard's verdict when `patch` is applied to the PerconaServerMongoDB of `props`. */
function guardPatch(props: PropsOf, ...patches: JsonPatch[]) {
  const after = mongo(props);
  after.cluster.engineResource.addJsonPatch(...patches);
  const report = ManifestDiff.compareObjects(mongo(props).objects(), after.objects());
  return Object.fromEntries(report.databases.flatMap((d) => d.changes.map((c) => [c.field, [c.changeClass, c.reason]])));
}

describe('the safe-change guard knows the operator\'s update rules', () => {
  test('volumes.go:resizeVolumesIfNeeded: growth on a class that cannot expand is not applied: risky', () => {
    const chartWith = (size: number) => {
      const { chart, objects } = mongo({ storage: { size: Size.gibibytes(size), storageClassName: 'fixed' } });
      new DatabaseStorageClass(chart, 'fixed', { provisioner: StorageProvisioner.AWS_EBS, name: 'fixed', allowVolumeExpansion: false });
      return objects();
    };
    const report = ManifestDiff.compareObjects(chartWith(20), chartWith(40));
    const change = report.databases[0].changes.find((c) => c.field.endsWith('requests.storage'))!;
    expect([change.changeClass, change.reason]).toEqual([ChangeClass.RISKY, expect.stringContaining('not applied')]);
    expect(guard({}, { storage: { size: Size.gibibytes(40) } }).report.changeClass).toBe(ChangeClass.SAFE);
    expect(guard({}, { storage: { size: Size.gibibytes(10) } }).report.changeClass).toBe(ChangeClass.DESTRUCTIVE);
  });

  test('psmdb_controller.go:createOrUpdate: a changed volume claim template is refused by the API server: destructive', () => {
    const fields = guardPatch({}, JsonPatch.replace('/spec/replsets/0/volumeSpec/persistentVolumeClaim/accessModes', ['ReadWriteMany']));
    expect(fields['spec.replsets[rs0].volumeSpec.persistentVolumeClaim.accessModes'][0]).toBe(ChangeClass.DESTRUCTIVE);
    expect(guard({}, { storage: { storageClassName: 'fast' } }).report.changeClass).toBe(ChangeClass.DESTRUCTIVE);
  });

  test('pbm.go:reconcilePBMConfig: another main storage moves the oplog: risky', () => {
    const { fields } = guard((s) => ({ backup: { storage: s.s3 }, restoreFrom: RestoreSource.backup({ backupName: PBM_NAME, storage: s.gcs, sourceCluster: 'old' }) }),
      (s) => ({ backup: { storage: s.gcs }, restoreFrom: RestoreSource.backup({ backupName: PBM_NAME, storage: s.s3, sourceCluster: 'old' }) }));
    expect([fields['spec.backup.storages.s3.main'], fields['spec.backup.storages.gcs.main']]).toEqual([ChangeClass.RISKY, ChangeClass.RISKY]);
  });

  test('service.go:ExternalService: load balancers opened wider or narrowed are risky and name the ranges; other changes leave them alone', () => {
    const exposeOf = (before: PropsOf, after: PropsOf, field = 'spec.replsets[rs0].expose') => {
      const change = guard(before, after).report.databases[0].changes.find((c) => c.field === field)!;
      return [change.changeClass, change.reason];
    };
    expect(exposeOf({}, { expose: loadBalancer(['203.0.113.0/24']) })).toEqual([ChangeClass.RISKY, expect.stringContaining('203.0.113.0/24')]);
    expect(guard({}, { expose: loadBalancer() }).fields['spec.clusterServiceDNSMode']).toBe(ChangeClass.RISKY);
    expect(exposeOf({ expose: loadBalancer(['10.1.0.0/16']) }, { expose: loadBalancer(['10.0.0.0/8']) }))
      .toEqual([ChangeClass.RISKY, expect.stringContaining('10.0.0.0/8')]);
    expect(exposeOf({ expose: loadBalancer(['10.0.0.0/8']) }, { expose: loadBalancer() })).toEqual([ChangeClass.RISKY, expect.stringContaining('0.0.0.0/0')]);
    expect(exposeOf({ expose: loadBalancer(['10.0.0.0/8']) }, { expose: loadBalancer(['10.1.0.0/16', '10.2.3.4']) }))
      .toEqual([ChangeClass.RISKY, expect.stringContaining('10.1.0.0/16, 10.2.3.4/32')]);
    const sharded = (ranges: string[]): Props => ({ sharding: { shards: 2 }, expose: loadBalancer(ranges) });
    expect(exposeOf({ sharding: { shards: 2 } }, sharded(['2001:db8::/32']), 'spec.sharding.mongos.expose'))
      .toEqual([ChangeClass.RISKY, expect.stringContaining('2001:db8::/32')]);
    const annotated = Expose.loadBalancer({ sourceRanges: ['10.0.0.0/8'], annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } });
    expect(exposeOf({ expose: annotated }, { expose: loadBalancer(['10.0.0.0/8']) })).toEqual([ChangeClass.RISKY, expect.stringContaining('annotations')]);
    expect(guard({ expose: loadBalancer(['10.0.0.0/8']) }, { expose: loadBalancer(['10.0.0.0/8']), replicas: 5 }).fields['spec.replsets[rs0].expose'])
      .toBeUndefined();
  });

  test('secrets.go:reconcileUsersSecret: another users Secret gets new passwords for the keys it lacks: risky', () => {
    expect(guard({}, { credentialsSecret: 'sessions-users' }).fields['spec.secrets.users']).toBe(ChangeClass.RISKY);
  });

  test('psmdb_controller.go:Reconcile: backups turned off leave the registered schedules firing: risky', () => {
    const [[changeClass, reason]] = Object.values(guardPatch((s) => ({ backup: { storage: s.s3 } }), JsonPatch.replace('/spec/backup/enabled', false)));
    expect([changeClass, reason]).toEqual([ChangeClass.RISKY, expect.stringContaining('keeps firing the schedules')]);
  });

  test('checkSafeDefaults: unsafeFlags.replsetSize removed from a one-member cluster: destructive; growing to three: safe', () => {
    const single = { replicas: 1, singleNodeDevelopment: true };
    expect(guardPatch(single, JsonPatch.remove('/spec/unsafeFlags'))['spec.unsafeFlags'][0]).toBe(ChangeClass.DESTRUCTIVE);
    expect(guard(single, {}).fields['spec.unsafeFlags']).toBe(ChangeClass.SAFE);
  });

  test('CheckNSetDefaults: TLS off without unsafeFlags.tls is destructive, requireTLS risky (the exporter connects in plain text)', () => {
    expect(guardPatch({}, JsonPatch.replace('/spec/tls/mode', 'disabled'))['spec.tls.mode'][0]).toBe(ChangeClass.DESTRUCTIVE);
    expect(guardPatch({}, JsonPatch.replace('/spec/tls/mode', 'requireTLS'))['spec.tls.mode'][0]).toBe(ChangeClass.RISKY);
  });

  test('backup.go:createOrUpdateBackupTask: a task\'s new type alone is not applied: risky', () => {
    const withTask = (s: Storages): Props => ({ backup: { storage: s.s3 } });
    const before = mongo(withTask);
    before.cluster.addBackupSchedule('daily', { schedule: '0 1 * * *' });
    const after = mongo(withTask);
    after.cluster.addBackupSchedule('daily', { schedule: '0 1 * * *' });
    after.cluster.engineResource.addJsonPatch(JsonPatch.replace('/spec/backup/tasks/0/type', 'physical'));
    const [change] = ManifestDiff.compareObjects(before.objects(), after.objects()).databases[0].changes;
    expect([change.field, change.changeClass]).toEqual(['spec.backup.tasks[daily].type', ChangeClass.RISKY]);
  });

  test('upgradeFCVIfNeeded: a major upgrade is risky (one way), two majors destructive', () => {
    const v7 = { engine: DatabaseEngine.mongodb({ version: MongodbVersion.V7_0_28 }) };
    const v6 = { engine: DatabaseEngine.mongodb({ version: MongodbVersion.V6_0_27 }) };
    expect(guard(v7, {}).fields['spec.image']).toBe(ChangeClass.RISKY);
    expect(guard(v6, {}).fields['spec.image']).toBe(ChangeClass.DESTRUCTIVE);
  });
});
