/**
 * CloudNativePG 1.30.0 and plugin-barman-cloud 0.14.0 conformance: one test per upstream rule an object of ours could
 * break, named by the upstream `file:function` (CNPG paths from the repository root; `barman:` for the plugin,
 * `barman-cloud:` and `machinery:` for the libraries they use). Each test shows that props breaking the rule are
 * refused with the library's error, or that the output satisfies the rule.
 */
import { Chart, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  AntiAffinity, BackupProvider, BackupStorage, ChangeClass, DatabaseCluster, DatabaseClusterProps, DatabaseEngine, Errors, Expose,
  ManifestDiff, OnDemandBackup, Operator, PostgresVersion, ProductionReadiness, ProxyType, RestoreSource,
} from '../../src';
import { refusal } from '../support/refusal';
import { ofKind, only, synthValid } from '../support/schema';

const PLUGIN = 'barman-cloud.cloudnative-pg.io';
const TIME = '2026-11-20T06:00:00Z';

type Props = Partial<DatabaseClusterProps>;

const engine = (version: PostgresVersion = PostgresVersion.V17_7, image?: string) =>
  DatabaseEngine.postgres({ version, operator: Operator.CLOUDNATIVE_PG, image });

function s3(chart: Chart, id = 'aws'): BackupStorage {
  return new BackupStorage(chart, id, { provider: BackupProvider.S3, bucket: 'acme-pg', region: 'eu-west-1', prefix: 'prod', credentialsSecret: 'backup-aws' });
}

/** One CloudNativePG cluster `fleet-orders` in namespace `shop`; `props` may use the chart's S3 storage. */
function postgres(props: Props | ((storage: BackupStorage) => Props) = {}) {
  const chart = new Chart(Testing.app(), 'fleet', { namespace: 'shop' });
  const storage = s3(chart);
  const cluster = new DatabaseCluster(chart, 'orders', { engine: engine(), ...(typeof props === 'function' ? props(storage) : props) });
  const objects = () => synthValid(chart);
  return { chart, cluster, storage, objects, spec: () => only(objects(), 'Cluster').spec };
}

/** The props the refusal names, each once. */
function refusedProps(props: Props | ((storage: BackupStorage) => Props)): string[] {
  return [...new Set(Errors.propsOf(refusal(() => postgres(props).objects())))];
}

function refusedWith(props: Props | ((storage: BackupStorage) => Props), prop: string): string {
  const error = refusal(() => postgres(props).objects());
  expect(Errors.propsOf(error)).toContain(prop);
  expect(error.message).toMatch(/^\[fleet\/orders\] /);
  return error.message;
}

/** The guard's verdicts (`field: class`) and reasons for a change of props, on objects synthesized before and after. */
function guard(before: Props | ((storage: BackupStorage) => Props), after: Props | ((storage: BackupStorage) => Props)) {
  const report = ManifestDiff.compareObjects(postgres(before).objects(), postgres(after).objects());
  const changes = report.databases.flatMap((d) => d.changes);
  return {
    classes: changes.map((c) => `${c.field}: ${c.changeClass}`),
    reasons: changes.map((c) => c.reason).join('\n'),
    worst: report.databases.map((d) => d.changeClass),
  };
}

describe('internal/webhook/v1/cluster_webhook.go: names, bootstrap and images', () => {
  test('validateName: a DNS-1035 label of at most 50 characters (ours: 46, below)', () => {
    expect(refusedProps({ name: 'Orders' })).toContain('name');
    expect(refusedProps({ name: 'o'.repeat(51) })).toContain('name');
  });

  test('pkg/specs/jobs.go:getJobName and pkg/reconciler/majorupgrade/job.go: the full-recovery and major-upgrade Jobs fit 63 characters', () => {
    const longest = `o${'r'.repeat(45)}`;
    const clone = postgres((s) => ({ name: longest, restoreFrom: RestoreSource.pointInTime({ storage: s, sourceCluster: 'fleet-catalog', time: TIME }) }));
    expect(only(clone.objects(), 'Cluster').metadata.name).toHaveLength(46);
    expect(`${longest}-1-full-recovery`.length).toBeLessThanOrEqual(63);
    expect(`${longest}-99-major-upgrade`.length).toBeLessThanOrEqual(63);
    expect(refusedWith({ name: `${longest}r` }, 'name')).toContain('major-upgrade');
  });

  test('pkg/specs/services.go, pkg/specs/pgbouncer/services.go:Service: the longest name\'s Pooler, Services and labels fit 63', () => {
    const longest = `o${'r'.repeat(45)}`;
    const { cluster, objects } = postgres((s) => ({ name: longest, backup: { storage: s }, expose: Expose.loadBalancer() }));
    cluster.addBackupSchedule('daily', { schedule: '0 3 * * *' });
    const all = objects();
    const pooler = only(all, 'Pooler').metadata.name;
    for (const name of [pooler, `${longest}-rw`, `${longest}-any`, only(all, 'ScheduledBackup').metadata.name]) {
      expect(name).toMatch(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/);
    }
    expect(only(all, 'PodDisruptionBudget').spec.selector.matchLabels['cnpg.io/poolerName']).toBe(pooler);
  });

  test('validateInitDB, validateApplicationDatabase: the database comes with its owner', () => {
    expect(postgres().spec().bootstrap.initdb).toMatchObject({ database: 'app', owner: 'app' });
  });

  test('validateRecoveryApplicationDatabase: a clone names the database and its owner', () => {
    const spec = postgres((s) => ({ restoreFrom: RestoreSource.pointInTime({ storage: s, sourceCluster: 'fleet-catalog', time: TIME }) })).spec();
    expect(spec.bootstrap.recovery).toMatchObject({ database: 'app', owner: 'app' });
  });

  test('validateBootstrapMethod: exactly one bootstrap method', () => {
    expect(Object.keys(postgres().spec().bootstrap)).toEqual(['initdb']);
    const clone = postgres((s) => ({ restoreFrom: RestoreSource.backup({ backupName: '20261120T083000', storage: s, sourceCluster: 'fleet-catalog' }) }));
    expect(Object.keys(clone.spec().bootstrap)).toEqual(['recovery']);
  });

  test.each([
    ['the latest tag', 'registry.acme/pg:latest'],
    ['no tag (latest)', 'registry.acme/pg'],
    ['a digest only', `registry.acme/pg@sha256:${'a'.repeat(64)}`],
    ['a tag without a version', 'registry.acme/pg:standard-trixie'],
    ['a v-prefixed tag', 'registry.acme/pg:v17.7'],
  ])('validateImageName: refuses %s', (_, image) => {
    expect(refusedWith({ engine: engine(PostgresVersion.V17_7, image) }, 'engine.image')).toContain('CloudNativePG');
  });

  test('validateImageName: a version tag, with or without a digest, on a registry with a port', () => {
    for (const image of ['registry.acme:5000/pg:17.7', `registry.acme/pg:17.10-standard-trixie@sha256:${'b'.repeat(64)}`, 'pg:17']) {
      expect(postgres({ engine: engine(PostgresVersion.V17_7, image) }).spec().imageName).toBe(image);
    }
  });

  test('api/v1/cluster_funcs.go:GetPostgresqlMajorVersion: the tag\'s major is the major of `version`', () => {
    const message = refusedWith({ engine: engine(PostgresVersion.V17_7, 'registry.acme/pg:16.4') }, 'engine.image');
    expect(message).toContain('(16)');
    expect(refusedProps({ engine: engine(PostgresVersion.V17_7, 'registry.acme:5000/pg') })).toContain('engine.image');
  });

  test('validateConfiguration: PostgreSQL 13 or newer; ours runs the supported 14 to 18', () => {
    expect(refusedProps({ engine: engine(PostgresVersion.V13_23) })).toEqual(['engine.version']);
    expect(refusedProps({ engine: engine(PostgresVersion.V13_23, 'registry.acme/pg:13.23') })).toEqual(['engine.version']);
  });

  test('validatePrimaryUpdateStrategy: unsupervised, also for one instance', () => {
    expect(postgres({ replicas: 1, singleNodeDevelopment: true }).spec().primaryUpdateStrategy).toBe('unsupervised');
  });

  test('validateMinSyncReplicas, validateMaxSyncReplicas, validateConfiguration: no legacy synchronous fields next to `synchronous`', () => {
    const spec = postgres({ synchronousReplicas: 1 }).spec();
    expect(spec.minSyncReplicas).toBeUndefined();
    expect(spec.maxSyncReplicas).toBeUndefined();
    expect(spec.postgresql.synchronous).toEqual({ method: 'any', number: 1, dataDurability: 'required' });
  });

  test('validateSynchronousReplicaConfiguration: fewer synchronous standbys than instances', () => {
    expect(refusedProps({ synchronousReplicas: 3 })).toContain('synchronousReplicas');
    expect(postgres({ synchronousReplicas: 2 }).spec().postgresql.synchronous.number).toBe(2);
  });

  test('validateAntiAffinity: preferred or required only', () => {
    expect(postgres({ scheduling: { antiAffinity: AntiAffinity.REQUIRED } }).spec().affinity.podAntiAffinityType).toBe('required');
    expect(refusedProps({ scheduling: { antiAffinity: 'sometimes' as AntiAffinity } })).toContain('scheduling.antiAffinity');
  });

  test('validateHibernationAnnotation: on or off', () => {
    for (const paused of [true, false]) {
      expect(only(postgres({ paused }).objects(), 'Cluster').metadata.annotations).toEqual({ 'cnpg.io/hibernation': paused ? 'on' : 'off' });
    }
  });

  test('validateResources: requests never above limits', () => {
    const resources = postgres({ resources: { cpu: Cpu.units(2), memory: Size.gibibytes(4) } }).spec().resources;
    expect(resources.requests).toEqual(resources.limits);
  });

  test('validateManagedServices, validateServiceTemplate: the extra LoadBalancer has its own name and no selector', () => {
    const service = postgres({ proxy: { type: ProxyType.NONE }, expose: Expose.loadBalancer() }).spec().managed.services.additional[0];
    expect(service.serviceTemplate.metadata.name).toBe('fleet-orders-rw-lb');
    expect(['fleet-orders-rw', 'fleet-orders-ro', 'fleet-orders-r', 'fleet-orders-any']).not.toContain(service.serviceTemplate.metadata.name);
    expect(service.serviceTemplate.spec.selector).toBeUndefined();
  });
});

describe('internal/webhook/v1/cluster_webhook.go:validateConfiguration and validateResources: parameters', () => {
  test('postgresParameterNameRegex: a GUC name with at most one dot; $ is allowed, - is not', () => {
    expect(refusedWith({ config: { 'a.b.c': 'x' } }, 'config')).toContain('at most one dot');
    expect(refusedProps({ config: { 'my-param': 'x' } })).toContain('config');
    expect(postgres({ config: { 'pg_stat_statements.track': 'all' } }).spec().postgresql.parameters).toEqual({ 'pg_stat_statements.track': 'all' });
  });

  test('pkg/postgres/configuration.go:FixedConfigurationParameters: each fixed or blocked parameter refused, the operator named', () => {
    for (const key of ['temp_tablespaces', 'synchronized_standby_slots', 'pg_failover_slots.primary_dsn', 'pg_failover_slots.standby_slot_names',
      'port', 'archive_command', 'ssl', 'log_destination', 'recovery_min_apply_delay', 'shared_preload_libraries']) {
      const message = refusedWith({ config: { [key]: 'x' } }, 'config');
      expect(message).toContain('CloudNativePG fixes');
      expect(message).toContain(`(got ["${key}"])`);
    }
  });

  test('validateConfiguration: a fixed parameter at the operator\'s own value is accepted, as the webhook accepts it', () => {
    const config = { archive_mode: 'on', log_destination: 'csvlog', logging_collector: 'on', shared_preload_libraries: '' };
    expect(postgres({ config }).spec().postgresql.parameters).toEqual(config);
    expect(refusedProps({ config: { archive_mode: 'always' } })).toContain('config');
  });

  test('pkg/postgres/configuration.go:CreatePostgresqlConfiguration: allow_alter_system and cnpg.* are overwritten, so refused', () => {
    expect(refusedWith({ config: { allow_alter_system: 'on' } }, 'config')).toContain('overwrites');
    expect(refusedProps({ config: { 'cnpg.config_sha256': 'x' } })).toContain('config');
  });

  test.each(['minimal', 'hot_standby', 'Logical'])('validateConfiguration: wal_level %s refused (WAL is archived and streamed)', (walLevel) => {
    expect(refusedProps({ config: { wal_level: walLevel } })).toEqual(['config']);
  });

  test('validateConfiguration: wal_level logical or replica', () => {
    expect(postgres({ config: { wal_level: 'replica' } }).spec().postgresql.parameters.wal_level).toBe('replica');
  });

  test.each(['25%', '1GiB', '1.5B', '2 Gi'])('validateConfiguration, parsePostgresQuantityValue: shared_buffers %s refused', (value) => {
    expect(refusedProps({ config: { shared_buffers: value } })).toEqual(['config']);
  });

  test('parsePostgresQuantityValue: bare megabytes and kB/MB/GB units are accepted', () => {
    for (const value of ['512', '512MB', '524288kB', '1GB', '1 GB']) {
      expect(postgres({ config: { shared_buffers: value } }).spec().postgresql.parameters.shared_buffers).toBe(value);
    }
  });

  test('validateResources: shared_buffers at most the memory request', () => {
    expect(refusedWith({ resources: { memory: Size.gibibytes(1) }, config: { shared_buffers: '2GB' } }, 'config')).toContain('above the memory request (1Gi)');
    expect(postgres({ resources: { memory: Size.gibibytes(4) }, config: { shared_buffers: '2GB' } }).spec().postgresql.parameters.shared_buffers).toBe('2GB');
  });

  test.each(['hot_standby_feedback', 'sync_replication_slots', 'wal_log_hints'])('tryParseBooleanPostgresParameter: %s must be a PostgreSQL boolean', (key) => {
    expect(refusedWith({ config: { [key]: 'enabled' } }, 'config')).toContain(`(got "${key}=enabled")`);
    expect(postgres({ config: { [key]: 'on' } }).spec().postgresql.parameters[key]).toBe('on');
  });

  test('validateConfiguration: wal_log_hints on with more than one instance', () => {
    expect(refusedProps({ config: { wal_log_hints: 'off' } })).toEqual(['config']);
    expect(postgres({ replicas: 1, singleNodeDevelopment: true, config: { wal_log_hints: 'off' } }).spec().postgresql.parameters.wal_log_hints).toBe('off');
  });

  test('validateWalSizeConfiguration: parseable sizes, min_wal_size below max_wal_size (defaults 80MB and 1GB)', () => {
    expect(refusedProps({ config: { max_wal_size: '2GiB' } })).toEqual(['config']);
    expect(refusedProps({ config: { min_wal_size: '2GB' } })).toEqual(['config']);
    expect(refusedProps({ config: { min_wal_size: '1GB', max_wal_size: '1GB' } })).toEqual(['config']);
    expect(postgres({ config: { min_wal_size: '1GB', max_wal_size: '4GB' } }).spec().postgresql.parameters).toEqual({ min_wal_size: '1GB', max_wal_size: '4GB' });
  });

  test('validatePgFailoverSlots: pg_failover_slots parameters need hot_standby_feedback on', () => {
    expect(refusedProps({ config: { 'pg_failover_slots.synchronize_slot_names': 'name_like:%' } })).toEqual(['config']);
    const config = { 'pg_failover_slots.synchronize_slot_names': 'name_like:%', 'hot_standby_feedback': 'on' };
    expect(postgres({ config }).spec().replicationSlots.highAvailability.enabled).toBe(true);
  });
});

describe('.github/pg_versions.json and the image catalogue (no version service)', () => {
  test.each(['18.1', '18.4', '17.7', '17.10', '16.11', '16.14', '15.15', '15.18', '14.20', '14.23'])('%s runs its standard-trixie image', (version) => {
    expect(postgres({ engine: engine(PostgresVersion.of(version)) }).spec().imageName).toBe(`ghcr.io/cloudnative-pg/postgresql:${version}-standard-trixie`);
  });

  test('a version outside the catalogue is refused: a typo, a newer minor, a beta, a distribution build', () => {
    for (const version of ['17.77', '17.11', '19.0', '17.7-2', '14.19']) {
      expect(refusedWith({ engine: engine(PostgresVersion.of(version)) }, 'engine.version')).toContain('.github/pg_versions.json');
    }
  });

  test('with engine.image, any version of a supported major', () => {
    expect(postgres({ engine: engine(PostgresVersion.of('17.11'), 'registry.acme/pg:17.11-standard-trixie') }).spec().imageName)
      .toBe('registry.acme/pg:17.11-standard-trixie');
  });
});

describe('api/v1/cluster_defaults.go:setDefaults: what the defaulting webhook writes is already there', () => {
  /** The defaulter's writes outside `postgresql.parameters` (which it merges with the operator's defaults). */
  function defaulted(spec: any): any {
    const d = JSON.parse(JSON.stringify(spec));
    if (!d.bootstrap.recovery) {
      d.bootstrap.initdb = { database: 'app', ...d.bootstrap.initdb };
      d.bootstrap.initdb = { owner: d.bootstrap.initdb.database, encoding: 'UTF8', localeCollate: 'C', localeCType: 'C', ...d.bootstrap.initdb };
    } else {
      d.bootstrap.recovery = { database: 'app', ...d.bootstrap.recovery };
      d.bootstrap.recovery = { owner: d.bootstrap.recovery.database, ...d.bootstrap.recovery };
    }
    if (d.affinity.enablePodAntiAffinity !== false && !d.affinity.podAntiAffinityType) d.affinity.podAntiAffinityType = 'preferred';
    if (d.backup && !d.backup.target) d.backup.target = 'prefer-standby';
    d.logLevel ??= 'info';
    d.replicationSlots ??= {};
    d.replicationSlots.highAvailability ??= { enabled: true, slotPrefix: '_cnpg_' };
    d.replicationSlots.synchronizeReplicas ??= { enabled: true };
    if (d.postgresql?.synchronous && !d.postgresql.synchronous.dataDurability) d.postgresql.synchronous.dataDurability = 'required';
    d.probes ??= {};
    d.probes.liveness ??= {};
    d.probes.liveness.isolationCheck ??= { enabled: true, requestTimeout: 1000, connectionTimeout: 1000 };
    return d;
  }

  test.each<[string, Props | ((s: BackupStorage) => Props)]>([
    ['a new cluster', {}],
    ['no anti-affinity, synchronous standbys', { scheduling: { antiAffinity: AntiAffinity.NONE }, synchronousReplicas: 1 }],
    ['a clone', (s) => ({ restoreFrom: RestoreSource.pointInTime({ storage: s, sourceCluster: 'fleet-catalog', time: TIME }) })],
  ])('%s', (_, props) => {
    const spec = postgres(props).spec();
    expect(defaulted(spec)).toEqual(spec);
  });
});

describe('internal/webhook/v1/cluster_webhook.go: recovery (a clone)', () => {
  test('api/v1/cluster_funcs.go:GetRecoverySourcePlugin: a restore by name goes through the plugin (`source` + plugin external cluster)', () => {
    const all = postgres((s) => ({ restoreFrom: RestoreSource.backup({ backupName: '20261120T083000', storage: s, sourceCluster: 'fleet-catalog' }) })).objects();
    const spec = only(all, 'Cluster').spec;
    expect(spec.bootstrap.recovery.backup).toBeUndefined();
    expect(spec.bootstrap.recovery.source).toBe('origin');
    expect(spec.externalClusters).toEqual([
      { name: 'origin', plugin: { name: PLUGIN, parameters: { barmanObjectName: 'fleet-orders-origin', serverName: 'fleet-catalog-pg17' } } },
    ]);
    expect(only(all, 'ObjectStore', 'fleet-orders-origin').spec.configuration.destinationPath).toBe('s3://acme-pg/prod/shop/fleet-catalog');
  });

  test('barman-cloud pkg/catalog/catalog.go:findBackupFromID: a Barman backup ID, not a Backup object\'s name', () => {
    for (const backupName of ['fleet-catalog-nightly-20261120030000', 'backup-20261120083000', '2026-11-20T08:30:00']) {
      const message = refusedWith((s) => ({ restoreFrom: RestoreSource.backup({ backupName, storage: s, sourceCluster: 'fleet-catalog' }) }),
        'restoreFrom.backupName');
      expect(message).toContain('Barman backup ID');
    }
  });

  test('barman:internal/cnpgi/restore/restore.go:loadBackupObjectFromExternalCluster: a restore by name needs the source\'s storage and cluster', () => {
    expect(refusedProps({ restoreFrom: RestoreSource.backup({ backupName: '20261120T083000' }) })).toEqual(['restoreFrom.storage', 'restoreFrom.sourceCluster']);
  });

  test('validateRecoveryTarget: backupID with targetImmediate, a single target', () => {
    const byName = postgres((s) => ({ restoreFrom: RestoreSource.backup({ backupName: '20261120T083000', storage: s, sourceCluster: 'fleet-catalog' }) }));
    expect(byName.spec().bootstrap.recovery.recoveryTarget).toEqual({ backupID: '20261120T083000', targetImmediate: true });
    const byTime = postgres((s) => ({ restoreFrom: RestoreSource.pointInTime({ storage: s, sourceCluster: 'fleet-catalog', time: '2026-11-20T08:00:00+02:00' }) }));
    expect(byTime.spec().bootstrap.recovery.recoveryTarget).toEqual({ targetTime: TIME });
  });

  test('barman-cloud pkg/catalog/catalog.go:FindBackupInfo: the base backup of a point in time is the catalog\'s; baseBackupName refused', () => {
    expect(refusedProps((s) => ({ restoreFrom: RestoreSource.pointInTime({ storage: s, sourceCluster: 'fleet-catalog', time: TIME, baseBackupName: 'nightly' }) })))
      .toEqual(['restoreFrom.baseBackupName']);
  });

  test('validateBootstrapRecoverySource, validateExternalClusters, validateExternalCluster: the source exists, once, with the plugin', () => {
    const spec = postgres((s) => ({ backup: { storage: s }, restoreFrom: RestoreSource.pointInTime({ storage: s, sourceCluster: 'fleet-catalog', time: TIME }) })).spec();
    const names = spec.externalClusters.map((c: any) => c.name);
    expect(names).toEqual([...new Set(names)]);
    const source = spec.externalClusters.find((c: any) => c.name === spec.bootstrap.recovery.source);
    expect(source.plugin.name).toBe(PLUGIN);
    expect(source.name).not.toMatch(/[/\\]|^\.\.?$/);
  });

  test('barman:internal/cnpgi/restore/restore.go:checkBackupDestination: a clone never archives into the archive it reads', () => {
    expect(refusedProps((s) => ({ backup: { storage: s }, restoreFrom: RestoreSource.pointInTime({ storage: s, sourceCluster: 'fleet-orders', time: TIME }) })))
      .toEqual(['restoreFrom.sourceCluster']);
    const clone = postgres((s) => ({ backup: { storage: s }, restoreFrom: RestoreSource.pointInTime({ storage: s, sourceCluster: 'fleet-catalog', time: TIME }) }));
    const stores = ofKind(clone.objects(), 'ObjectStore').map((o) => o.spec.configuration.destinationPath);
    expect(new Set(stores).size).toBe(2);
  });
});

describe('internal/webhook/v1/cluster_webhook.go:validatePluginConfiguration and the Barman Cloud plugin', () => {
  test('validatePluginConfiguration: one WAL archiver, no in-tree barmanObjectStore', () => {
    const spec = postgres((s) => ({ backup: { storage: s } })).spec();
    expect(spec.plugins.filter((p: any) => p.enabled && p.isWALArchiver)).toHaveLength(1);
    expect(spec.backup).toBeUndefined();
  });

  test('barman:internal/cnpgi/operator/config/config.go:NewFromCluster: barmanObjectName names the rendered ObjectStore', () => {
    const all = postgres((s) => ({ backup: { storage: s } })).objects();
    const name = only(all, 'Cluster').spec.plugins[0].parameters.barmanObjectName;
    expect(only(all, 'ObjectStore').metadata.name).toBe(name);
  });

  test('docs/src/postgres_upgrades.md (Backup and WAL Archive Considerations): one Barman server name per major', () => {
    expect(postgres((s) => ({ backup: { storage: s } })).spec().plugins[0].parameters.serverName).toBe('fleet-orders-pg17');
    expect(postgres((s) => ({ engine: engine(PostgresVersion.V18_1), backup: { storage: s } })).spec().plugins[0].parameters.serverName).toBe('fleet-orders-pg18');
  });

  test('barman:api/v1/objectstore_types.go: no serverName in the configuration, a retention of [1-9][0-9]*[dwm]', () => {
    const { cluster, objects } = postgres((s) => ({ backup: { storage: s } }));
    cluster.addBackupSchedule('hourly', { schedule: '0 * * * *', retention: 1 });
    const store = only(objects(), 'ObjectStore').spec;
    expect(store.configuration.serverName).toBeUndefined();
    expect(store.retentionPolicy).toMatch(/^[1-9][0-9]*[dwm]$/);
  });

  test('barman:internal/cnpgi/instance/retention.go:deleteBackupsNotInCatalog: an on-demand backup under retention is flagged', () => {
    const { chart, cluster, objects } = postgres((s) => ({ backup: { storage: s } }));
    cluster.addBackupSchedule('nightly', { schedule: '0 3 * * *', retention: 7 });
    new OnDemandBackup(chart, 'before-upgrade', { cluster });
    objects();
    expect(ProductionReadiness.warningsOf(chart).join('\n')).toContain('deletes Backup fleet-orders-before-upgrade once its backup leaves the 7d recovery window');
  });
});

describe('internal/webhook/v1/backup_webhook.go and scheduledbackup_webhook.go, and their controllers', () => {
  test('backup_webhook.go:validate: a plugin Backup names its plugin', () => {
    const { chart, cluster, objects } = postgres((s) => ({ backup: { storage: s } }));
    new OnDemandBackup(chart, 'adhoc', { cluster });
    expect(only(objects(), 'Backup').spec).toEqual({ cluster: { name: 'fleet-orders' }, method: 'plugin', pluginConfiguration: { name: PLUGIN } });
  });

  test('backup_controller.go:checkPrerequisites: a Backup needs the cluster\'s plugin', () => {
    const { chart, cluster } = postgres();
    expect(Errors.propOf(refusal(() => new OnDemandBackup(chart, 'adhoc', { cluster, storage: s3(chart, 'other') })))).toBe('storage');
  });

  test('backup_controller.go:checkPrerequisites: a paused cluster suspends its schedules and warns about a new Backup', () => {
    const { chart, cluster, objects } = postgres((s) => ({ backup: { storage: s }, paused: true }));
    cluster.addBackupSchedule('nightly', { schedule: '0 3 * * *' });
    new OnDemandBackup(chart, 'adhoc', { cluster });
    expect(only(objects(), 'ScheduledBackup').spec).toMatchObject({ suspend: true, immediate: false });
    expect(ProductionReadiness.warningsOf(chart).join('\n')).toContain('fails a new backup of the paused cluster fleet-orders');
  });

  test('scheduledbackup_webhook.go:validate: six robfig/cron v1 fields, seconds first', () => {
    const { cluster, objects } = postgres((s) => ({ backup: { storage: s } }));
    cluster.addBackupSchedule('nightly', { schedule: '30 2 * * *' });
    expect(only(objects(), 'ScheduledBackup').spec.schedule).toBe('0 30 2 * * *');
    expect(Errors.propOf(refusal(() => cluster.addBackupSchedule('odd', { schedule: '0 0 * * 7' })))).toBe('schedule');
  });

  test('api/v1/scheduledbackup_funcs.go: the ScheduledBackup name fits the label of its Backups', () => {
    const { cluster } = postgres((s) => ({ backup: { storage: s } }));
    expect(Errors.propOf(refusal(() => cluster.addBackupSchedule('long', { schedule: '0 1 * * 0', name: 'n'.repeat(51) })))).toBe('name');
  });
});

describe('internal/webhook/v1/pooler_webhook.go and internal/controller/pooler_controller.go', () => {
  test('validatePgBouncer, validatePgbouncerGenericParameters: a pgbouncer section without parameters outside the allow list', () => {
    const pgbouncer = only(postgres().objects(), 'Pooler').spec.pgbouncer;
    expect(pgbouncer).toEqual({ poolMode: 'session' });
  });

  test('validateCluster: the Pooler is not named like its cluster', () => {
    const pooler = only(postgres().objects(), 'Pooler');
    expect(pooler.metadata.name).not.toBe(pooler.spec.cluster.name);
  });

  test('pooler_controller.go:Reconcile (NameClash): a Pooler named like another Cluster of the namespace is refused, either way round', () => {
    const first = postgres();
    const named = refusal(() => new DatabaseCluster(first.chart, 'orders-pooler', { engine: engine(), proxy: { type: ProxyType.NONE } }));
    expect(Errors.propOf(named)).toBe('name');
    expect(named.message).toContain('[fleet/orders-pooler] name: the Pooler of fleet/orders has this name');
    const chart = new Chart(Testing.app(), 'fleet', { namespace: 'shop' });
    new DatabaseCluster(chart, 'orders-pooler', { engine: engine(), proxy: { type: ProxyType.NONE } });
    const pooled = refusal(() => new DatabaseCluster(chart, 'orders', { engine: engine() }));
    expect(Errors.propOf(pooled)).toBe('proxy.type');
    expect(pooled.message).toContain('[fleet/orders] proxy.type: the Pooler fleet-orders-pooler has the name of the Cluster of fleet/orders-pooler');
  });

  test('pooler_controller.go:Reconcile: the same names in another namespace are fine', () => {
    const { chart, objects } = postgres();
    new DatabaseCluster(chart, 'orders-pooler', { engine: engine(), namespace: 'other', proxy: { type: ProxyType.NONE } });
    expect(ofKind(objects(), 'Pooler')).toHaveLength(1);
  });

  test('pkg/reconciler/hibernation: a paused cluster\'s Pooler stops too', () => {
    expect(only(postgres({ paused: true }).objects(), 'Pooler').spec.instances).toBe(0);
  });
});

describe('internal/webhook/v1/cluster_webhook.go:validateClusterChanges, through the safe-change guard', () => {
  test('validateImageChange: a major downgrade is refused (destructive)', () => {
    const change = guard({ engine: engine(PostgresVersion.V17_7) }, { engine: engine(PostgresVersion.V16_11) });
    expect(change.classes).toContain('spec.imageName: destructive');
    expect(change.reasons).toContain('validateImageChange');
  });

  test('validateImageChange: an upgrade to 15 is refused (destructive)', () => {
    const change = guard({ engine: engine(PostgresVersion.V14_20) }, { engine: engine(PostgresVersion.V15_15) });
    expect(change.classes).toContain('spec.imageName: destructive');
    expect(change.reasons).toContain('below 16');
  });

  test.each([
    [PostgresVersion.V16_11, PostgresVersion.V17_7], [PostgresVersion.V15_15, PostgresVersion.V17_7], [PostgresVersion.V14_20, PostgresVersion.V18_1],
  ])('pkg/reconciler/majorupgrade: an upgrade to 16 or later, jumps included, is an offline pg_upgrade (risky) (%#)', (from, to) => {
    const change = guard((s) => ({ engine: engine(from), backup: { storage: s } }), (s) => ({ engine: engine(to), backup: { storage: s } }));
    expect(change.classes).toEqual(expect.arrayContaining(['spec.imageName: risky', `spec.plugins[${PLUGIN}].parameters.serverName: risky`]));
    expect(change.worst).toEqual([ChangeClass.RISKY]);
    expect(change.reasons).toContain('pg_upgrade');
  });

  test('validateConfigurationChange: an image change with a parameter change is refused under switchover (risky, never restart)', () => {
    const change = guard({ config: { work_mem: '16MB' } }, { engine: engine(PostgresVersion.of('17.8')), config: { work_mem: '32MB' } });
    expect(change.classes).toContain('spec.imageName: risky');
    expect(change.reasons).toContain('validateConfigurationChange');
    // Either one alone rolls the pods.
    expect(guard({}, { engine: engine(PostgresVersion.of('17.8')) }).classes).toEqual(['spec.imageName: restart']);
    expect(guard({}, { config: { work_mem: '32MB' } }).classes).toEqual(['spec.postgresql.parameters: restart']);
  });

  test('validateConfigurationChange: resources tuned into parameters by a blueprint count as parameter changes', () => {
    const tuned = (memory: number, version: PostgresVersion) => ({
      engine: engine(version), resources: { memory: Size.gibibytes(memory) }, config: { shared_buffers: `${memory * 256}MB` },
    });
    expect(guard(tuned(2, PostgresVersion.V17_7), tuned(4, PostgresVersion.of('17.8'))).classes).toContain('spec.imageName: risky');
  });

  test('validateStorageChange, validateStorageConfigurationChange: storage cannot shrink (destructive)', () => {
    expect(guard({ storage: { size: Size.gibibytes(50) } }, { storage: { size: Size.gibibytes(20) } }).classes).toEqual(['spec.storage.size: destructive']);
  });

  test('validateWALLevelChange: wal_level to minimal is refused (at synthesis, and by the guard on an edited manifest)', () => {
    expect(refusedProps({ config: { wal_level: 'minimal' } })).toEqual(['config']);
    const before = postgres({ config: { wal_level: 'logical' } }).objects();
    const after = JSON.parse(JSON.stringify(before));
    only(after, 'Cluster').spec.postgresql.parameters.wal_level = 'minimal';
    const changes = ManifestDiff.compareObjects(before, after).databases.flatMap((d) => d.changes);
    expect(changes.map((c) => `${c.field}: ${c.changeClass}`)).toContain('spec.postgresql.parameters.wal_level: risky');
  });

  test('pkg/reconciler/hibernation: pausing deletes every instance pod (risky), resuming is safe', () => {
    const pause = guard({}, { paused: true });
    expect(pause.classes).toContain('metadata.annotations.cnpg.io/hibernation: risky');
    expect(guard({ paused: true }, {}).classes).toContain('metadata.annotations.cnpg.io/hibernation: safe');
  });

  test.each<[string, Props]>([['Pooler', {}], ['managed service', { proxy: { type: ProxyType.NONE } }]])(
    'pooler_update.go:reconcileService, cluster_create.go:reconcileManagedServices: a LoadBalancer opened wider is risky (%s)', (_, base) => {
      const field = base.proxy ? 'spec.managed.services.additional[0]' : 'spec.serviceTemplate';
      const lb = (...sourceRanges: string[]) => ({ ...base, expose: Expose.loadBalancer({ sourceRanges }) });
      const exposed = guard(base, lb());
      expect(exposed.classes).toContain(`${field}: risky`);
      expect(exposed.reasons).toContain('exposed through a LoadBalancer to every address');
      const wider = guard(lb('10.0.0.0/8'), lb('10.0.0.0/8', '203.0.113.0/24'));
      expect(wider.classes).toContain(`${field}: risky`);
      expect(wider.reasons).toContain('opened wider: it now admits 10.0.0.0/8, 203.0.113.0/24 (was 10.0.0.0/8)');
      expect(guard(lb('10.0.0.0/8'), lb()).reasons).toContain('now admits every address');
      expect(guard(lb('10.0.0.0/8', '203.0.113.0/24'), lb('10.0.0.0/8')).classes).toContain(`${field}: safe`);
    });

  test('api/v1/backup_types.go (CEL `BackupSpec is immutable once set`): a changed Backup is refused', () => {
    const objects = (cluster: string) => {
      const chart = new Chart(Testing.app(), 'fleet', { namespace: 'shop' });
      const storage = s3(chart);
      const c = new DatabaseCluster(chart, cluster, { engine: engine(), backup: { storage } });
      new OnDemandBackup(chart, 'adhoc', { cluster: c, name: 'adhoc' });
      return synthValid(chart);
    };
    const changes = ManifestDiff.compareObjects(objects('orders'), objects('catalog')).databases.flatMap((d) => d.changes);
    const backup = changes.find((c) => c.kind === 'Backup');
    expect(backup).toMatchObject({ changeClass: ChangeClass.RISKY, field: 'spec.cluster.name' });
    expect(backup!.reason).toContain('BackupSpec is immutable once set');
  });
});
