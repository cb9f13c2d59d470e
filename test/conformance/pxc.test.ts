/**
 * Conformance of what the library renders for the Percona XtraDB Cluster operator 1.18.0 with the operator's own rules
 * (percona/percona-xtradb-cluster-operator at v1.18.0; notes in /work/notes/pxc.md). One `describe` per upstream area,
 * one test per rule, named by the upstream `file:function`: props that would break the rule are refused with the
 * library's validation error, or every output satisfies it.
 */
import { Size } from 'cdk8s';
import {
  AntiAffinity, BackupProvider, BackupStorage, ChangeClass, DatabaseCluster, DatabaseClusterProps, DatabaseEngine, DatabaseRestore, Errors,
  Expose, ManifestDiff, Monitoring, MysqlVersion, OnDemandBackup, ProxyType, RestoreSource,
} from '../../src';
import { crc32 } from '../../src/operators/pxc/names';
import { fleet, FleetStorages } from '../support/pxc';
import { refusal } from '../support/refusal';
import { only, synthValid } from '../support/schema';

const V8_0 = MysqlVersion.V8_0_42;

type Storages = FleetStorages;
type Props = Partial<DatabaseClusterProps>;

/** One MySQL cluster `fleet-orders` in namespace `shop`; `props` may use the chart's storages. */
function mysql(props: Props | ((s: Storages) => Props) = {}) {
  const { chart, storages, mysql: cluster, objects } = fleet();
  const spec = () => only(objects(), 'PerconaXtraDBCluster').spec;
  return { chart, storages, cluster: cluster('orders', typeof props === 'function' ? props(storages) : props), objects, spec };
}

/** The props the library refuses `props` on (all of them, in order). */
function refused(props: Props | ((s: Storages) => Props)): string[] {
  return Errors.propsOf(refusal(() => mysql(props)));
}

/** The message of the refusal of `props`. */
function refusalOf(props: Props | ((s: Storages) => Props)): string {
  return refusal(() => mysql(props)).message;
}

const loadBalancer = (sourceRanges: string[] = []) => Expose.loadBalancer({ sourceRanges });

/** Props of every shape the library renders for PXC: each proxy, exposure, size, backup and placement option. */
const SHAPES: Array<[string, Props | ((s: Storages) => Props)]> = [
  ['defaults (HAProxy)', {}],
  ['HAProxy behind a LoadBalancer', { expose: loadBalancer(['10.0.0.0/8']) }],
  ['ProxySQL behind a LoadBalancer', { proxy: { type: ProxyType.PROXYSQL }, expose: loadBalancer() }],
  ['no proxy', { proxy: { type: ProxyType.NONE } }],
  ['one member with HAProxy', { replicas: 1, singleNodeDevelopment: true }],
  ['one member without proxy', { replicas: 1, singleNodeDevelopment: true, proxy: { type: ProxyType.NONE } }],
  ['one member with ProxySQL', { replicas: 1, singleNodeDevelopment: true, proxy: { type: ProxyType.PROXYSQL } }],
  ['five members on 8.4', { replicas: 5, engine: DatabaseEngine.mysql({ version: MysqlVersion.V8_4_5 }) }],
  ['5.7 with ProxySQL', { engine: DatabaseEngine.mysql({ version: MysqlVersion.V5_7_44 }), proxy: { type: ProxyType.PROXYSQL } }],
  ['S3 backups with PITR and PMM', (s) => ({
    backup: { storage: s.s3, pointInTimeRecovery: true }, monitoring: Monitoring.pmm({ url: 'https://pmm.example.com', credentialsSecret: 'pmm' }),
  })],
  ['Azure backups with PITR and Prometheus', (s) => ({ backup: { storage: s.azure, pointInTimeRecovery: true }, monitoring: Monitoring.prometheus() })],
  ['GCS backups with PITR', (s) => ({ backup: { storage: s.gcs, pointInTimeRecovery: true } })],
  ['S3-compatible backups without PITR', (s) => ({ backup: { storage: s.minio } })],
  ['placement: required anti-affinity, zones, dedicated nodes', {
    scheduling: {
      antiAffinity: AntiAffinity.REQUIRED,
      spreadAcrossZones: true,
      nodeSelector: { pool: 'db' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }],
    },
  }],
  ['no anti-affinity, ProxySQL', { scheduling: { antiAffinity: AntiAffinity.NONE }, proxy: { type: ProxyType.PROXYSQL } }],
  ['paused, engine parameters', { paused: true, config: { max_connections: '500', wsrep_provider_options: 'gcache.size=2G' } }],
];

/** The objects of each shape (schema-checked), with schedules, an on-demand backup and a restore when it has a storage. */
const OUTPUTS: Array<[string, any[]]> = SHAPES.map(([label, props]) => {
  const { chart, cluster, objects } = mysql(props);
  if (cluster._model.backup) {
    cluster.addBackupSchedule('daily', { schedule: '0 1 * * *', retention: 7 });
    cluster.addBackupSchedule('weekly', { schedule: '0 3 * * 0', retention: 4 });
    new OnDemandBackup(chart, 'now', { cluster });
    const source = cluster._model.backup.pointInTimeRecovery
      ? RestoreSource.pointInTime({ storage: cluster._model.backup.storage, sourceCluster: cluster.name, time: '2026-11-20T06:00:00Z', baseBackupName: 'fleet-orders-now' })
      : RestoreSource.backup({ backupName: 'fleet-orders-now' });
    new DatabaseRestore(chart, 'undo', { cluster, source });
  }
  return [label, objects()];
});

/** The PerconaXtraDBCluster spec of each shape. */
const SPECS: Array<[string, any]> = OUTPUTS.map(([label, objects]) => [label, only(objects, 'PerconaXtraDBCluster').spec]);

/** Every shape's spec holds `check`; failures are listed by shape. */
function everySpec(check: (spec: any) => boolean) {
  expect(SPECS.filter(([, spec]) => !check(spec)).map(([label]) => label)).toEqual([]);
}

const enabled = (section: any) => section?.enabled === true;
const claimStorage = (volumeSpec: any) => volumeSpec?.persistentVolumeClaim?.resources?.requests?.storage;

describe('deploy/crd.yaml and pkg/webhook/hook.go:ServeHTTP', () => {
  test('every object is of a served version, v1', () => {
    const kinds = OUTPUTS.flatMap(([, objects]) => objects.filter((o) => o.apiVersion.startsWith('pxc.percona.com/')));
    expect(new Set(kinds.map((o) => `${o.apiVersion} ${o.kind}`))).toEqual(new Set([
      'pxc.percona.com/v1 PerconaXtraDBCluster', 'pxc.percona.com/v1 PerconaXtraDBClusterBackup', 'pxc.percona.com/v1 PerconaXtraDBClusterRestore',
    ]));
  });

  test('the webhook decodes strictly: no field the Go types do not know (every output passed the closed CRD schema)', () => {
    expect(OUTPUTS.every(([, objects]) => objects.length > 0)).toBe(true);
  });
});

describe('pkg/apis/pxc/v1/pxc_types.go:Validate (reported as "wrong PXC options: validate cr", nothing deployed)', () => {
  test('cluster name at most 22 characters (clusterNameMaxLen)', () => {
    expect(refused({ name: 'orders-of-the-eu-region' })).toEqual(['name']);
    expect(() => mysql({ name: 'orders-of-the-eu-regio' })).not.toThrow();
  });

  test('crVersion parses as a version (validateVersion)', () => everySpec((s) => s.crVersion === '1.18.0'));

  test('spec.pxc is present with an image', () => everySpec((s) => typeof s.pxc?.image === 'string' && s.pxc.image !== ''));

  test('replication channels are well formed: none are written', () => everySpec((s) => s.pxc.replicationChannels === undefined));

  test('pmm.image is set when PMM is enabled', () => everySpec((s) => !enabled(s.pmm) || s.pmm.image !== ''));

  test('pxc.volumeSpec is a claim with a storage request', () => everySpec((s) => claimStorage(s.pxc.volumeSpec) !== undefined));

  test('HAProxy and ProxySQL are never both enabled', () => everySpec((s) => !(enabled(s.haproxy) && enabled(s.proxysql))));

  test('an enabled proxy has an image', () => everySpec((s) => [s.haproxy, s.proxysql].every((p) => !enabled(p) || p.image)));

  test('ProxySQL has a volumeSpec with a storage request', () => {
    const withProxySql = SPECS.filter(([, s]) => enabled(s.proxysql));
    expect(withProxySql.length).toBeGreaterThan(0);
    everySpec((s) => !enabled(s.proxysql) || claimStorage(s.proxysql.volumeSpec) === '2Gi');
  });

  test('backup.image is set whenever spec.backup is', () => everySpec((s) => s.backup === undefined || s.backup.image !== ''));

  test('the PITR storage exists in backup.storages', () => {
    everySpec((s) => !enabled(s.backup.pitr) || s.backup.storages[s.backup.pitr.storageName] !== undefined);
  });

  test('every schedule\'s storage exists in backup.storages', () => {
    everySpec((s) => (s.backup.schedule ?? []).every((sch: any) => s.backup.storages?.[sch.storageName] !== undefined));
  });

  test('no filesystem storage (which needs a volume) is written', () => {
    everySpec((s) => Object.values<any>(s.backup.storages ?? {}).every((st) => ['s3', 'azure'].includes(st.type)));
  });

  test('SmartUpdate only with a proxy ("ProxySQL or HAProxy should be enabled if SmartUpdate set")', () => {
    everySpec((s) => s.updateStrategy !== 'SmartUpdate' || enabled(s.haproxy) || enabled(s.proxysql));
    expect(mysql({ proxy: { type: ProxyType.NONE } }).spec().updateStrategy).toBe('RollingUpdate');
  });

  test('no duplicate users: none are written', () => everySpec((s) => s.users === undefined));
});

describe('pkg/apis/pxc/v1/pxc_types.go:CheckNSetDefaults', () => {
  test('checkSafeDefaults: TLS enabled, never through unsafeFlags.tls', () => everySpec((s) => s.tls.enabled === true && !s.unsafeFlags?.tls));

  test('checkSafeDefaults: an odd size of 3 to 5, or unsafeFlags.pxcSize', () => {
    expect(refused({ replicas: 4 })).toContain('replicas');
    expect(refused({ replicas: 7 })).toContain('replicas');
    everySpec((s) => (s.pxc.size % 2 === 1 && s.pxc.size >= 3 && s.pxc.size <= 5) || s.unsafeFlags?.pxcSize === true);
  });

  test('checkSafeDefaults: at least 2 proxies, or unsafeFlags.proxySize', () => {
    expect(refused({ proxy: { replicas: 1 } })).toEqual(['proxy.replicas']);
    everySpec((s) => [s.haproxy, s.proxysql].every((p) => !enabled(p) || p.size >= 2 || s.unsafeFlags?.proxySize === true));
  });

  test.each(['{{ containerMemoryLimit }}', '{% if x %}1{% endif %}', '{# note #}'])(
    'executeConfigurationTemplate: pongo2 syntax in a parameter value is refused (%s)', (value) => {
      expect(refusalOf({ config: { init_connect: value } })).toMatch(/pongo2/);
    });

  test('executeConfigurationTemplate: the memory limit a template needs is always set', () => everySpec((s) => s.pxc.resources.limits.memory));

  test('reconcileAffinityOpts: every affinity is advanced or "none", never a key the operator replaces with the hostname', () => {
    everySpec((s) => [s.pxc, ...[s.haproxy, s.proxysql].filter(enabled)]
      .every((c) => c.affinity.advanced !== undefined || c.affinity.antiAffinityTopologyKey === 'none'));
  });

  test('upgradeOptions.apply "never": the operator does not patch images (pkg/controller/pxc/version.go:ensurePXCVersion)', () => {
    everySpec((s) => s.upgradeOptions.apply === 'never');
  });
});

describe('pkg/pxc/statefulset.go:PodAffinity', () => {
  test.each([ProxyType.HAPROXY, ProxyType.PROXYSQL])('AntiAffinity.NONE asks for none on the database and on %s', (type) => {
    const s = mysql({ scheduling: { antiAffinity: AntiAffinity.NONE }, proxy: { type } }).spec();
    expect(s.pxc.affinity).toEqual({ antiAffinityTopologyKey: 'none' });
    expect(s[type].affinity).toEqual({ antiAffinityTopologyKey: 'none' });
  });

  test('a custom topology key goes through `advanced`, which the operator keeps verbatim', () => {
    const s = mysql({ scheduling: { antiAffinity: AntiAffinity.REQUIRED, topologyKey: 'example.com/rack' } }).spec();
    for (const component of [s.pxc, s.haproxy]) {
      expect(component.affinity.advanced.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe('example.com/rack');
    }
  });
});

describe('pkg/pxc/app/statefulset/node.go:UpdateStrategy', () => {
  test('SmartUpdate with a proxy (primary restarted last), a plain rolling update without', () => {
    for (const [label, s] of SPECS) expect([label, s.updateStrategy]).toEqual([label, enabled(s.haproxy) || enabled(s.proxysql) ? 'SmartUpdate' : 'RollingUpdate']);
  });
});

describe('pkg/controller/pxc/volumes.go:reconcilePersistentVolumes (RoundUpGiB)', () => {
  test.each([Size.gibibytes(20), Size.mebibytes(2048), Size.tebibytes(1)])('a whole number of GiB is accepted (%s)', (size) => {
    expect(claimStorage(mysql({ storage: { size } }).spec().pxc.volumeSpec)).toBe(size.asString());
  });

  test.each([Size.mebibytes(1536), Size.gibibytes(1.5), Size.gibibytes(20.1)])('a size the operator would round up and resize is refused (%s)', (size) => {
    expect(refused({ storage: { size } })).toEqual(['storage.size']);
  });
});

describe('pkg/controller/pxc/replication.go and status.go', () => {
  test('ensurePxcPodServices: pxc.expose (one Service per member) is never written', () => everySpec((s) => s.pxc.expose === undefined));

  test('status.go:appHost: without a proxy, a LoadBalancer (never reported ready) is refused', () => {
    expect(refused({ proxy: { type: ProxyType.NONE }, expose: loadBalancer() })).toEqual(['expose']);
  });

  test('status.go:appHost: without a proxy, clients use the headless <cluster>-pxc the operator reports', () => {
    expect(mysql({ proxy: { type: ProxyType.NONE } }).cluster.host).toBe('fleet-orders-pxc.shop.svc');
  });

  test.each([['read_only', 'ON'], ['super_read_only', '1'], ['read-only', 'true']])('checkReadonlyStatus: %s=%s is refused (the operator undoes it)', (key, value) => {
    expect(refusalOf({ config: { [key]: value } })).toMatch(/read_only off/);
  });

  test('checkReadonlyStatus: read_only=OFF is accepted', () => {
    expect(() => mysql({ config: { read_only: 'OFF' } })).not.toThrow();
  });
});

describe('build/pxc-configure-pxc.sh, build/pxc-entrypoint.sh (node.cnf, written at every pod start)', () => {
  test.each([
    'wsrep_cluster_address', 'wsrep_cluster_name', 'wsrep_node_address', 'wsrep_node_incoming_address', 'wsrep_sst_donor', 'wsrep_sst_auth',
    'server_id', 'admin_address', 'admin-address', 'extra_port', 'extra_max_connections', 'pxc-encrypt-cluster-traffic', 'ssl-ca', 'ssl_cert',
    'ssl_key', 'gtid_mode', 'enforce-gtid-consistency', 'plugin_load', 'wsrep_notify_cmd', 'authentication_policy',
    'default_authentication_plugin', 'skip_replica_start', 'skip_slave_start', 'port', 'admin_port', 'Server_ID', 'loose-wsrep-cluster-name',
  ])('an option the operator owns is refused: %s', (key) => {
    const message = refusalOf({ config: { [key]: '1' } });
    expect(message).toContain('[fleet/orders] config:');
    expect(message).toContain('the PXC operator 1.18.0 sets these itself');
  });

  test('tuning options are accepted (wsrep_provider_options, the buffer pool, connections)', () => {
    const config = { wsrep_provider_options: 'gcache.size=2G', innodb_buffer_pool_size: '1G', max_connections: '500' };
    expect(mysql({ config }).spec().pxc.configuration).toBe('[mysqld]\nwsrep_provider_options=gcache.size=2G\ninnodb_buffer_pool_size=1G\nmax_connections=500\n');
  });

  test('cmd/pitr/collector: with point-in-time recovery, options that turn the binary logs off are refused', () => {
    expect(refused((s) => ({ backup: { storage: s.s3, pointInTimeRecovery: true }, config: { 'skip-log-bin': 'ON' } }))).toEqual(['config']);
    expect(() => mysql({ config: { skip_log_bin: 'ON' } })).not.toThrow();
  });
});

describe('pkg/pxc/app/config/autotune.go:getAutoTuneParams', () => {
  test('the memory limit is at least the 12Mi autotuning needs (the smallest accepted memory, 512M)', () => {
    expect(mysql({ resources: { memory: Size.mebibytes(512) } }).spec().pxc.resources.limits.memory).toBe('512Mi');
  });
});

describe('pkg/controller/pxc/controller.go:(*CronRegistry).AddFuncWithSeconds (robfig/cron v3 ParseStandard)', () => {
  test.each(['0 0 * * 7', '@daily', '0 0 L * *', '*/5 * * * * *'])('an expression robfig refuses, which the operator skips silently, is refused (%s)', (cron) => {
    const { cluster } = mysql((s) => ({ backup: { storage: s.s3 } }));
    expect(refusal(() => cluster.addBackupSchedule('nightly', { schedule: cron })).prop).toBe('schedule');
  });

  test('day names are accepted', () => {
    const { cluster, spec } = mysql((s) => ({ backup: { storage: s.s3 } }));
    cluster.addBackupSchedule('nightly', { schedule: '0 0 * * SUN' });
    expect(spec().backup.schedule[0].schedule).toBe('0 0 * * SUN');
  });
});

describe('pkg/naming/backup.go', () => {
  test('crc32 is Go\'s crc32.ChecksumIEEE', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('48 13 * * 5').toString(32)).toBe('v6pb');
  });

  test.each(['48 13 * * 5', '54 9 * * 5'])('ScheduledBackupName: a schedule whose CRC-32 has 4 base-32 digits (a crash at every run) is refused (%s)', (cron) => {
    const { cluster } = mysql((s) => ({ backup: { storage: s.s3 } }));
    const error = refusal(() => cluster.addBackupSchedule('weekly', { schedule: cron }));
    expect(error.prop).toBe('schedule');
    expect(error.message).toMatch(/crash/);
  });

  test('ScheduledBackupName: the same schedule written another way is accepted', () => {
    const { cluster, spec } = mysql((s) => ({ backup: { storage: s.s3 } }));
    cluster.addBackupSchedule('weekly', { schedule: '48 13 * * FRI' });
    expect(spec().backup.schedule[0].schedule).toBe('48 13 * * FRI');
  });

  test('ScheduledBackupName: two schedules with one expression on storages equal in their first 16 characters are refused', () => {
    const { chart } = fleet();
    const storage = (name: string) => new BackupStorage(chart, name, { provider: BackupProvider.S3, bucket: 'acme-db', region: 'eu-west-1', credentialsSecret: 's3' });
    const cluster = new DatabaseCluster(chart, 'orders', { engine: DatabaseEngine.mysql({ version: V8_0 }), backup: { storage: storage('archive-eu-west-1a') } });
    cluster.addBackupSchedule('first', { schedule: '0 1 * * *' });
    expect(refusal(() => cluster.addBackupSchedule('second', { schedule: '0 1 * * *', storage: storage('archive-eu-west-1b') })).prop).toBe('schedule');
  });

  test('backup.go:reconcileBackups: a schedule name fits the ancestor label (`<5>-<name>`, 63): names are at most 40', () => {
    const { cluster } = mysql((s) => ({ backup: { storage: s.s3 } }));
    expect(refusal(() => cluster.addBackupSchedule('x', { schedule: '0 1 * * *', name: 'n'.repeat(41) })).prop).toBe('name');
  });

  test('BackupJobName: a backup name that `xb-` would push past 63 characters (and share a Job) is refused', () => {
    const { chart, cluster } = mysql((s) => ({ backup: { storage: s.s3 } }));
    expect(refusal(() => new OnDemandBackup(chart, 'long', { cluster, name: 'b'.repeat(61) })).prop).toBe('name');
    new OnDemandBackup(chart, 'fits', { cluster, name: 'b'.repeat(60) });
    expect(only(synthValid(chart), 'PerconaXtraDBClusterBackup').metadata.name).toHaveLength(60);
  });
});

describe('pkg/pxc/app/binlogcollector/binlog-collector.go:getStorageEnvs (s3 or azure)', () => {
  test.each([
    ['s3', 's3', { bucket: 'acme-db/shop/fleet-orders/pitr', credentialsSecret: 'backup-s3', region: 'eu-west-1' }],
    ['gcs', 's3', { bucket: 'acme-gcs/shop/fleet-orders/pitr', credentialsSecret: 'backup-gcs-hmac', endpointUrl: 'https://storage.googleapis.com' }],
    ['azure', 'azure', { container: 'dbbackups/shop/fleet-orders/pitr', credentialsSecret: 'backup-azure' }],
  ] as const)('binlogs on %s go to a storage of type %s', (store, type, location) => {
    const s = mysql((st) => ({ backup: { storage: st[store], pointInTimeRecovery: true } })).spec();
    const pitr = s.backup.storages[s.backup.pitr.storageName];
    expect(pitr.type).toBe(type);
    expect(pitr[type]).toEqual(location);
  });
});

describe('pkg/pxc/backup/job.go:JobSpec (backup Jobs and the binlog collector are placed by their storage)', () => {
  test('each storage carries the cluster\'s node selector and tolerations', () => {
    const tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }];
    const { cluster, storages, spec } = mysql((s) => ({
      backup: { storage: s.s3, pointInTimeRecovery: true }, scheduling: { nodeSelector: { pool: 'db' }, tolerations },
    }));
    cluster.addBackupSchedule('offsite', { schedule: '0 2 * * *', storage: storages.azure });
    const all = Object.values<any>(spec().backup.storages);
    expect(all).toHaveLength(3);
    for (const storage of all) expect([storage.nodeSelector, storage.tolerations]).toEqual([{ pool: 'db' }, tolerations]);
  });
});

describe('pkg/pxc/backup/restore.go', () => {
  test('RestoreJob: `restore-job-<restore>-<cluster>` (and prepare-job-) must fit 63 characters', () => {
    const { chart, cluster } = mysql();
    const source = RestoreSource.backup({ backupName: 'nightly-1' });
    expect(refusal(() => new DatabaseRestore(chart, 'long', { cluster, source, name: 'r'.repeat(39) })).prop).toBe('name');
    new DatabaseRestore(chart, 'fits', { cluster, source, name: 'r'.repeat(38) });
    const restore = only(synthValid(chart), 'PerconaXtraDBClusterRestore');
    expect(`restore-job-${restore.metadata.name}-${restore.spec.pxcCluster}`).toHaveLength(63);
  });

  test('restoreJobEnvs: TLS verification and xbcloud options come from the restoring cluster\'s storage of the backup\'s name', () => {
    const { chart, cluster, storages, objects } = mysql();
    new DatabaseRestore(chart, 'from-orders', { cluster, source: RestoreSource.backup({ backupName: 'orders-nightly', storage: storages.minio }) });
    expect(only(objects(), 'PerconaXtraDBCluster').spec.backup.storages.minio).toMatchObject({
      verifyTLS: false, containerOptions: { args: { xbcloud: ['--s3-bucket-lookup=path'] } },
    });
  });

  test.each([
    ['s3Envs', 's3' as const, { s3: { bucket: 'acme-db/shop/fleet-orders/pitr', credentialsSecret: 'backup-s3', region: 'eu-west-1' }, verifyTLS: true }],
    ['azureEnvs', 'azure' as const, { azure: { container: 'dbbackups/shop/fleet-orders/pitr', credentialsSecret: 'backup-azure' }, verifyTLS: true }],
  ])('%s: binlogs are read from the backupSource the collector wrote to', (_, store, backupSource) => {
    const { chart, cluster, storages, objects } = mysql((s) => ({ backup: { storage: s[store], pointInTimeRecovery: true } }));
    new DatabaseRestore(chart, 'undo', {
      cluster, source: RestoreSource.pointInTime({ storage: storages[store], sourceCluster: 'fleet-orders', time: '2026-11-20T06:00:00Z', baseBackupName: 'nightly-1' }),
    });
    expect(only(objects(), 'PerconaXtraDBClusterRestore').spec.pitr).toEqual({ type: 'date', date: '2026-11-20 06:00:00', backupSource });
  });

  test('pxc_prestore_types.go:CheckNsetDefaults: a cluster, a backup name and no backupSource; binlogs from s3 or azure', () => {
    const restores = OUTPUTS.flatMap(([, objects]) => objects.filter((o) => o.kind === 'PerconaXtraDBClusterRestore'));
    expect(restores.map((r) => r.spec.pitr !== undefined)).toEqual([true, true, true, false]);
    for (const { spec } of restores) {
      expect([spec.pxcCluster, spec.backupName, spec.backupSource]).toEqual(['fleet-orders', 'fleet-orders-now', undefined]);
      if (spec.pitr) expect(spec.pitr.backupSource.s3 ?? spec.pitr.backupSource.azure).toBeDefined();
    }
  });

  test('pkg/controller/pxcbackup/controller.go:Reconcile: a backup names the cluster and one of its storages', () => {
    for (const [, objects] of OUTPUTS) {
      const storages = only(objects, 'PerconaXtraDBCluster').spec.backup.storages ?? {};
      for (const { spec } of objects.filter((o) => o.kind === 'PerconaXtraDBClusterBackup')) {
        expect(spec.pxcCluster).toBe('fleet-orders');
        expect(storages[spec.storageName]).toBeDefined();
      }
    }
  });

  test('a point in time needs the base backup, which the operator does not pick', () => {
    const { chart, cluster, storages } = mysql();
    const source = RestoreSource.pointInTime({ storage: storages.s3, sourceCluster: 'fleet-orders', time: '2026-11-20T06:00:00Z' });
    expect(refusal(() => new DatabaseRestore(chart, 'undo', { cluster, source })).prop).toBe('source.baseBackupName');
  });
});

describe('pkg/controller/pxcrestore/controller.go:reconcileStateNew and pkg/k8s/cluster.go:PauseClusterWithWait', () => {
  test('a clone (a restore applied with its new cluster, which races its first start) is refused', () => {
    const message = refusalOf({ restoreFrom: RestoreSource.backup({ backupName: 'orders-nightly' }) });
    expect(message).toMatch(/^\[fleet\/orders\] restoreFrom: /);
    expect(message).toMatch(/add a DatabaseRestore/);
  });

  test('`pause` is written only when paused, so that GitOps does not undo the pause of a restore', () => {
    everySpec((s) => s.pause === undefined || s.pause === true);
  });
});

describe('Kubernetes names of the objects the operator derives (cluster name at most 22)', () => {
  const name = 'orders-of-the-eu-regio';
  const dns1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
  test('StatefulSets, Services and the collector\'s Deployment are DNS-1035 labels; revision labels and pod names fit 63', () => {
    const s = mysql({ name, proxy: { type: ProxyType.PROXYSQL } }).spec();
    expect(s.proxysql.size).toBeGreaterThan(0);
    const services = ['pxc', 'pxc-unready', 'haproxy', 'haproxy-replicas', 'proxysql', 'proxysql-unready', 'pitr'].map((suffix) => `${name}-${suffix}`);
    for (const service of services) expect([service, dns1035.test(service) && service.length <= 63]).toEqual([service, true]);
    // controller-revision-hash: `<StatefulSet>-<hash of up to 10>`; pods `<StatefulSet>-<ordinal>`.
    for (const sts of ['pxc', 'haproxy', 'proxysql']) expect(`${name}-${sts}-`.length + 10).toBeLessThanOrEqual(63);
  });

  test('a storage\'s PITR storage `<storage>-pitr` stays a valid map key and name', () => {
    const { chart } = fleet();
    const storage = new BackupStorage(chart, 's', { provider: BackupProvider.S3, name: 'a'.repeat(22), bucket: 'acme-db', region: 'eu-west-1', credentialsSecret: 's3' });
    new DatabaseCluster(chart, 'orders', { engine: DatabaseEngine.mysql({ version: V8_0 }), backup: { storage, pointInTimeRecovery: true } });
    expect(only(synthValid(chart), 'PerconaXtraDBCluster').spec.backup.pitr.storageName).toBe(`${'a'.repeat(22)}-pitr`);
  });
});

describe('images (spec.pxc.image; the operator reads no tag, the backup image follows the version)', () => {
  const withImage = (image: string, version = V8_0) => ({ engine: DatabaseEngine.mysql({ version, image }) });
  test.each(['registry.example.com/pxc:latest', 'registry.example.com/pxc'])('a floating tag is refused (%s)', (image) => {
    expect(refused(withImage(image))).toEqual(['engine.image']);
  });

  test('an image of another series than the version is refused (its backups would use the wrong xtrabackup)', () => {
    expect(refusalOf(withImage('registry.example.com/pxc:8.4.5-5.1'))).toMatch(/another series/);
  });

  test.each(['registry.example.com/pxc:8.0.42-33.1', `registry.example.com/pxc@sha256:${'a'.repeat(64)}`])('a pinned image is accepted (%s)', (image) => {
    expect(mysql(withImage(image)).spec().pxc.image).toBe(image);
  });
});

/** The guard's verdict on changing `before` into `after` (both synthesized by the library). */
function guard(before: Props | ((s: Storages) => Props), after: Props | ((s: Storages) => Props)) {
  const report = ManifestDiff.compareObjects(mysql(before).objects(), mysql(after).objects());
  return { report, fields: Object.fromEntries(report.databases.flatMap((d) => d.changes.map((c) => [c.field, c.changeClass]))) };
}

describe('the safe-change guard knows the operator\'s update rules', () => {
  test('pkg/controller/pxc/controller.go:Reconcile + build/pxc-entrypoint.sh: HAProxy to ProxySQL on 8.0 is destructive', () => {
    const { fields, report } = guard({}, { proxy: { type: ProxyType.PROXYSQL } });
    expect(fields['spec.proxysql']).toBe(ChangeClass.DESTRUCTIVE);
    expect(report.databases[0].changes[0].reason).toMatch(/cannot be turned on in a running MySQL 8 cluster/);
  });

  test('build/pxc-entrypoint.sh: no proxy to ProxySQL on 8.0 is destructive (the pods refuse mysql_native_password)', () => {
    expect(guard({ proxy: { type: ProxyType.NONE } }, { proxy: { type: ProxyType.PROXYSQL } }).fields['spec.proxysql']).toBe(ChangeClass.DESTRUCTIVE);
  });

  test('HAProxy to ProxySQL on 5.7 (mysql_native_password throughout) is a risky proxy switch', () => {
    const v57 = { engine: DatabaseEngine.mysql({ version: MysqlVersion.V5_7_44 }) };
    expect(guard(v57, { ...v57, proxy: { type: ProxyType.PROXYSQL } }).fields['spec.proxysql']).toBe(ChangeClass.RISKY);
  });

  test('ProxySQL to HAProxy is a risky proxy switch', () => {
    const { fields } = guard({ proxy: { type: ProxyType.PROXYSQL } }, {});
    expect([fields['spec.haproxy'], fields['spec.proxysql']]).toEqual([ChangeClass.RISKY, ChangeClass.RISKY]);
  });

  test('no proxy to HAProxy: the update strategy change itself is safe', () => {
    const { fields } = guard({ proxy: { type: ProxyType.NONE } }, {});
    expect([fields['spec.updateStrategy'], fields['spec.haproxy']]).toEqual([ChangeClass.SAFE, ChangeClass.RISKY]);
  });

  test('controller.go:createOrUpdate: a LoadBalancer opened wider is risky and names whom it admits', () => {
    const { report, fields } = guard({ expose: loadBalancer(['10.0.0.0/8']) }, { expose: loadBalancer(['10.0.0.0/8', '203.0.113.0/24']) });
    expect(fields['spec.haproxy.exposePrimary']).toBe(ChangeClass.RISKY);
    expect(report.databases[0].changes[0].reason).toContain('203.0.113.0/24');
    const opened = guard({ expose: loadBalancer(['10.0.0.0/8']) }, { expose: loadBalancer() });
    expect(opened.report.databases[0].changes[0].reason).toContain('0.0.0.0/0, ::/0');
    expect(guard({}, { expose: loadBalancer() }).fields['spec.haproxy.exposePrimary']).toBe(ChangeClass.RISKY);
  });

  test('a LoadBalancer narrowed is risky for the clients it shuts out', () => {
    expect(guard({ expose: loadBalancer(['10.0.0.0/8', '203.0.113.0/24']) }, { expose: loadBalancer(['10.0.0.0/8']) }).fields['spec.haproxy.exposePrimary'])
      .toBe(ChangeClass.RISKY);
  });

  test('secrets.go/users.go: another users Secret rotates every differing password and restarts the pods: risky', () => {
    expect(guard({}, { credentialsSecret: 'orders-users' }).fields['spec.secretsName']).toBe(ChangeClass.RISKY);
  });

  test('volumes.go:reconcilePersistentVolumes: a smaller volume is refused by the operator: destructive', () => {
    expect(guard({}, { storage: { size: Size.gibibytes(10) } }).report.changeClass).toBe(ChangeClass.DESTRUCTIVE);
  });

  test('upgrade.go:updatePod: a new storage class (immutable claim templates, ProxySQL\'s too) is destructive', () => {
    const proxySql = { proxy: { type: ProxyType.PROXYSQL } };
    const { fields } = guard({ ...proxySql, storage: { storageClassName: 'standard' } }, { ...proxySql, storage: { storageClassName: 'fast' } });
    expect([fields['spec.pxc.volumeSpec.persistentVolumeClaim.storageClassName'], fields['spec.proxysql.volumeSpec']])
      .toEqual([ChangeClass.DESTRUCTIVE, ChangeClass.DESTRUCTIVE]);
  });

  test('pxc_types.go:checkSafeDefaults: a single development member is destructive for its size, not for its unsafe flags', () => {
    const { fields } = guard({}, { replicas: 1, singleNodeDevelopment: true });
    expect([fields['spec.pxc.size'], fields['spec.unsafeFlags']]).toEqual([ChangeClass.DESTRUCTIVE, ChangeClass.SAFE]);
  });

  test('a pause stops every database pod: risky', () => {
    expect(guard({}, { paused: true }).fields['spec.pause']).toBe(ChangeClass.RISKY);
  });

  test('backup Jobs placed on other nodes: safe for the storages, a rolling restart for the database', () => {
    const { fields } = guard((s) => ({ backup: { storage: s.s3 } }), (s) => ({ backup: { storage: s.s3 }, scheduling: { nodeSelector: { pool: 'db' } } }));
    expect(fields['spec.backup.storages.s3.nodeSelector']).toBe(ChangeClass.SAFE);
    expect(fields['spec.pxc.nodeSelector']).toBe(ChangeClass.RESTART);
  });
});
