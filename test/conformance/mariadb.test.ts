/**
 * Conformance of what the library renders for the MariaDB operator 26.6.0 with the operator's own rules
 * (mariadb-operator/mariadb-operator at v26.6.0; notes in /work/notes/mariadb.md, rules R1–R152). One `describe` per
 * upstream area, one test per rule, named by the upstream `file:function`: props that would break the rule are refused
 * with the library's validation error, or every output satisfies it. The guard's classes and the status reconciler's
 * phases for MariaDB close the file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Size } from 'cdk8s';
import * as YAML from 'yaml';
import {
  AntiAffinity, BackupProvider, ChangeClass, DatabaseRestore, Errors, Expose, ManifestDiff, MariadbEngineProps, MariadbTopology, MariadbVersion,
  Monitoring, OnDemandBackup, ProxyType, RestoreSource, Tuning,
} from '../../src';
import { mariadbProvider } from '../../src/operators/mariadb';
import { mariadb, Props, Storages } from '../support/mariadb';
import { refusal } from '../support/refusal';
import { only, synthValid } from '../support/schema';

const IMPORTS = path.join(__dirname, '..', '..', 'imports', 'mariadb-operator');
const REPLICATION = { topology: MariadbTopology.REPLICATION };

/** The props the library refuses `props` on (all of them, in order). */
function refused(props: Props | ((s: Storages) => Props), engine: Partial<MariadbEngineProps> = {}): string[] {
  return Errors.propsOf(refusal(() => mariadb(props, engine)));
}

function refusalOf(props: Props | ((s: Storages) => Props), engine: Partial<MariadbEngineProps> = {}): string {
  return refusal(() => mariadb(props, engine)).message;
}

/** Props of every shape the library renders for MariaDB: each topology, proxy, exposure, backup and placement option. */
const SHAPES: Array<[string, Props | ((s: Storages) => Props), Partial<MariadbEngineProps>?]> = [
  ['defaults (Galera, 3)', {}],
  ['Galera, 5, MaxScale behind a LoadBalancer', { replicas: 5, proxy: { type: ProxyType.MAXSCALE }, expose: Expose.loadBalancer({ sourceRanges: ['10.0.0.0/8'] }) }],
  ['replication, 2', { replicas: 2 }],
  ['replication, 3, PITR on S3, Prometheus', (s) => ({ backup: { storage: s.aws, pointInTimeRecovery: true }, monitoring: Monitoring.prometheus() }), REPLICATION],
  ['replication, PITR on Azure, MaxScale', (s) => ({ backup: { storage: s.azure, pointInTimeRecovery: true }, proxy: { type: ProxyType.MAXSCALE } }), REPLICATION],
  ['one member, paused', { replicas: 1, singleNodeDevelopment: true, paused: true }],
  ['one member behind a LoadBalancer', { replicas: 1, singleNodeDevelopment: true, expose: Expose.loadBalancer() }],
  ['Galera on GCS, Prometheus with MaxScale', (s) => ({ backup: { storage: s.gcs }, monitoring: Monitoring.prometheus(), proxy: { type: ProxyType.MAXSCALE } })],
  ['S3-compatible backups, credentials Secret', (s) => ({ backup: { storage: s.minio }, credentialsSecret: 'orders-db' })],
  ['placement: required, zones, dedicated nodes', {
    scheduling: { antiAffinity: AntiAffinity.REQUIRED, spreadAcrossZones: true, nodeSelector: { pool: 'db' }, tolerations: [{ key: 'db', operator: 'Exists' }] },
    proxy: { type: ProxyType.MAXSCALE },
  }],
  ['clone of a logical backup', { restoreFrom: RestoreSource.backup({ backupName: 'fleet-payments-before' }), config: { max_connections: '500' } }],
  ['clone to an instant', (s) => ({
    restoreFrom: RestoreSource.pointInTime({ storage: s.minioHttp, sourceCluster: 'fleet-payments', time: '2026-03-01T08:30:00Z', baseBackupName: 'fleet-payments-daily' }),
  }), REPLICATION],
];

/** The objects of each shape (schema-checked), with schedules, an on-demand backup and a restore when it backs up to S3. */
const OUTPUTS: Array<[string, any[]]> = SHAPES.map(([label, props, engine]) => {
  const { chart, cluster, objects } = mariadb(props, engine);
  const storage = cluster._model.backup?.storage;
  if (storage) {
    cluster.addBackupSchedule('daily', { schedule: '0 1 * * *', retention: 7 });
    cluster.addBackupSchedule('weekly', { schedule: '0 3 * * 0', retention: 4, enabled: false });
    if (storage.provider !== BackupProvider.AZURE) {
      new OnDemandBackup(chart, 'now', { cluster });
      new DatabaseRestore(chart, 'undo', { cluster, source: RestoreSource.backup({ backupName: 'fleet-orders-now' }) });
    }
  }
  return [label, objects()];
});

/** Every object of a kind across the shapes holds `check`; failures are listed by shape and name. */
function everyObject(kind: string, check: (o: any) => boolean, atLeast = 1) {
  const all = OUTPUTS.flatMap(([label, objects]) => objects.filter((o) => o.kind === kind).map((o) => [label, o] as const));
  expect(all.length).toBeGreaterThanOrEqual(atLeast);
  expect(all.filter(([, o]) => !check(o)).map(([label, o]) => `${label}: ${o.metadata.name}`)).toEqual([]);
}
const everySpec = (check: (spec: any) => boolean) => everyObject('MariaDB', (o) => check(o.spec), SHAPES.length);

describe('config/crd/bases (k8s.mariadb.com v1alpha1, the only served version)', () => {
  test('every object of the operator is v1alpha1 and decodes into its Go type (closed schemas passed)', () => {
    const kinds = new Set(OUTPUTS.flatMap(([, objects]) => objects.filter((o) => o.apiVersion.startsWith('k8s.mariadb.com/')).map((o) => `${o.apiVersion} ${o.kind}`)));
    expect(kinds).toEqual(new Set(['MariaDB', 'MaxScale', 'PhysicalBackup', 'Backup', 'Restore', 'PointInTimeRecovery'].map((k) => `k8s.mariadb.com/v1alpha1 ${k}`)));
  });

  test('the provider generates classes for the six kinds it renders, from the vendored files', () => {
    const [module] = mariadbProvider.crdModules;
    for (const file of module.files) expect(fs.existsSync(path.join(IMPORTS, '..', file))).toBe(true);
    expect(module.group).toBe('k8s.mariadb.com');
  });
});

/**
 * CEL rules are not checked by the schema helper: each rule of the vendored CRDs is restated here and checked on every
 * MariaDB we render. A CEL rule that appears in a CRD without a check fails the first test.
 */
describe('CEL rules of the CRDs (api/v1alpha1/mariadb_types.go:MariaDB XValidation)', () => {
  const GALERA_ODD = '!has(self.galera) || !self.galera.enabled || (self.replicas % 2 == 1 || self.replicasAllowEvenNumber)';
  // The API server applies the CRD defaults (replicasAllowEvenNumber: false) before CEL.
  const checks: Record<string, (self: any) => boolean> = {
    [GALERA_ODD]: (s) => !s.galera?.enabled || s.replicas % 2 === 1 || (s.replicasAllowEvenNumber ?? false),
  };
  const rules = fs.readdirSync(IMPORTS).flatMap((file) => {
    const crd = YAML.parse(fs.readFileSync(path.join(IMPORTS, file), 'utf8'));
    const found: Array<{ kind: string; rule: string }> = [];
    const walk = (schema: any) => {
      for (const v of schema['x-kubernetes-validations'] ?? []) found.push({ kind: crd.spec.names.kind, rule: v.rule });
      Object.values<any>(schema.properties ?? {}).forEach(walk);
      if (schema.items) walk(schema.items);
    };
    crd.spec.versions.forEach((v: any) => walk(v.schema.openAPIV3Schema));
    return found;
  });

  test('every CEL rule of the vendored CRDs has a check: one, on MariaDB.spec', () => {
    expect(rules).toEqual([{ kind: 'MariaDB', rule: GALERA_ODD }]);
    expect(rules.filter((r) => !checks[r.rule])).toEqual([]);
  });

  test('every MariaDB satisfies it, and an even Galera size is refused before', () => {
    everySpec(checks[GALERA_ODD]);
    expect(refused({ replicas: 4 })).toEqual(['replicas']);
    expect(checks[GALERA_ODD]({ replicas: 4, galera: { enabled: true } })).toBe(false);
  });
});

describe('internal/webhook/v1alpha1/mariadb_webhook.go', () => {
  test('validateHA: several members need Galera or replication, one of them; HA needs at least 2 (Galera 3)', () => {
    everySpec((s) => !(s.galera && s.replication) && ((s.replicas > 1) === Boolean(s.galera || s.replication) || s.replicas === 0));
    expect(refused({ replicas: 1, singleNodeDevelopment: true }, { topology: MariadbTopology.GALERA })).toEqual(['replicas']);
    expect(refused({ replicas: 1, singleNodeDevelopment: true }, REPLICATION)).toEqual(['replicas']);
  });

  test('validateGalera: no primary.podIndex, providerOptions, replicaThreads or recovery written (the operator owns them)', () => {
    everySpec((s) => !s.galera || Object.keys(s.galera).sort().join() === 'config,enabled,galeraLibPath');
  });

  test('validateReplication: no podIndex, GTID mode or semi-sync wait point written; replica recovery not enabled without bootstrapFrom', () => {
    everySpec((s) => !s.replication || (s.replication.primary.podIndex === undefined && s.replication.replica.recovery === undefined));
  });

  test('validateBootstrapFrom (mariadb_types.go:BootstrapFrom.Validate): one source, kind and content type agree', () => {
    everySpec((s) => {
      const b = s.bootstrapFrom;
      if (!b) return true;
      if (b.pointInTimeRecoveryRef) return b.backupRef === undefined && b.volumeSnapshotRef === undefined && b.backupContentType === undefined;
      return b.backupRef?.kind === 'Backup' && b.backupContentType === 'Logical';
    });
  });

  test('validatePodDisruptionBudget (base_types.go:PodDisruptionBudget.Validate): exactly one of minAvailable and maxUnavailable', () => {
    everySpec((s) => !s.podDisruptionBudget || Object.keys(s.podDisruptionBudget).join() === 'maxUnavailable');
    everyObject('MaxScale', (o) => !o.spec.podDisruptionBudget || Object.keys(o.spec.podDisruptionBudget).join() === 'maxUnavailable');
  });

  test('validateStorage (mariadb_types.go:Storage.Validate): a size, never ephemeral, no volumeClaimTemplate of ours', () => {
    everySpec((s) => s.storage.ephemeral === false && s.storage.size !== undefined && s.storage.volumeClaimTemplate === undefined);
  });

  test('validateUpdateStorage: shrinking is refused by the webhook; the guard says so (see the guard below)', () => {
    const report = ManifestDiff.compareObjects(mariadb().objects(), mariadb({ storage: { size: Size.gibibytes(10) } }).objects());
    expect(report.changeClass).toBe(ChangeClass.DESTRUCTIVE);
  });

  test('validateRootPassword: rootEmptyPassword false with the root password reference', () => {
    everySpec((s) => s.rootEmptyPassword === false && s.rootPasswordSecretKeyRef?.name !== undefined);
  });

  test('validateTLS (webhook.go:validateTLSCert): no certificate Secrets or issuers written', () => {
    everySpec((s) => Object.keys(s.tls).sort().join() === 'enabled,required');
  });

  test('validateMultiCluster: multiCluster never written', () => everySpec((s) => s.multiCluster === undefined));
});

describe('internal/webhook/v1alpha1/maxscale_webhook.go', () => {
  test('validateAuth, validateCreateServerSources: auth.generate with mariaDbRef, and no servers', () => {
    everyObject('MaxScale', (o) => o.spec.auth.generate === true && o.spec.mariaDbRef.name !== undefined && o.spec.servers === undefined);
  });

  test('validateMonitor: no module and no primaryServer written (the controller sets and rewrites them, R38)', () => {
    everyObject('MaxScale', (o) => o.spec.monitor === undefined && o.spec.primaryServer === undefined);
  });

  test('validateServices: unique service names and listener ports', () => {
    everyObject('MaxScale', (o) => new Set(o.spec.services.map((s: any) => s.listener.port)).size === o.spec.services.length);
  });

  test('validateMaxScaleTLS: no TLS certificates written', () => everyObject('MaxScale', (o) => o.spec.tls === undefined));
});

describe('pkg/webhook/inmutable_webhook.go:InmutableWebhook.ValidateUpdate (set-once fields written from the first apply)', () => {
  test('MariaDB: rootPasswordSecretKeyRef, rootEmptyPassword, serviceAccountName, storage.ephemeral, galera.config, metrics.username', () => {
    everySpec((s) => s.serviceAccountName === 'fleet-orders' && s.storage.ephemeral === false
      && (!s.galera || s.galera.config.reuseStorageVolume === true) && (!s.metrics || s.metrics.username === 'fleet-orders-metrics'));
  });

  test('MariaDB: antiAffinityEnabled (immutable) never written', () => everySpec((s) => s.affinity?.antiAffinityEnabled === undefined));

  test('PhysicalBackup, Backup, Restore: serviceAccountName (and the Backup\'s maxRetention) written', () => {
    everyObject('PhysicalBackup', (o) => o.spec.serviceAccountName === o.metadata.name);
    everyObject('Backup', (o) => o.spec.serviceAccountName === o.metadata.name && o.spec.maxRetention === '720h');
    everyObject('Restore', (o) => o.spec.serviceAccountName === o.metadata.name);
  });

  test('MaxScale: every user and its Secret of auth written', () => {
    everyObject('MaxScale', (o) => ['admin', 'client', 'server', 'monitor'].every((u) => o.spec.auth[`${u}PasswordSecretKeyRef`] !== undefined));
  });
});

describe('api/v1alpha1 Validate of the backup kinds', () => {
  test('backup_types.go:Backup.Validate / physicalbackup_types.go:PhysicalBackup.Validate: exactly one storage, S3 or Azure', () => {
    everyObject('PhysicalBackup', (o) => Object.keys(o.spec.storage).length === 1 && ['s3', 'azureBlob'].includes(Object.keys(o.spec.storage)[0]));
    everyObject('Backup', (o) => Object.keys(o.spec.storage).join() === 's3');
  });

  test('backup_types.go:BackupStorage has no Azure: an on-demand (logical) backup to Azure is refused', () => {
    const { chart, cluster } = mariadb((s) => ({ backup: { storage: s.azure } }));
    const error = refusal(() => new OnDemandBackup(chart, 'now', { cluster }));
    expect(Errors.propOf(error)).toBe('storage');
  });

  test('physicalbackup_types.go:PhysicalBackupTarget.Validate: PreferReplica', () => {
    everyObject('PhysicalBackup', (o) => o.spec.target === undefined || o.spec.target === 'PreferReplica');
  });

  test('base_types.go:CronParser (robfig/cron v3, five fields, no descriptors): Sunday is 0, not 7; no @daily', () => {
    const { cluster } = mariadb((s) => ({ backup: { storage: s.aws } }));
    expect(Errors.propOf(refusal(() => cluster.addBackupSchedule('sunday', { schedule: '0 3 * * 7' })))).toBe('schedule');
    expect(Errors.propOf(refusal(() => cluster.addBackupSchedule('daily', { schedule: '@daily' })))).toBe('schedule');
    expect(mariadbProvider.target(mariadbProvider.engines[0]).cronDialect).toBe('robfig/cron v3');
  });

  test('pointintimerecovery_types.go:PointInTimeRecoveryStorage.Validate: exactly one of s3 and azureBlob', () => {
    everyObject('PointInTimeRecovery', (o) => Object.keys(o.spec.storage).length === 1, 2);
  });

  test('restore_types.go:RestoreSource.Validate: a backupRef, and nothing staged', () => {
    everyObject('Restore', (o) => o.spec.backupRef?.name !== undefined && o.spec.stagingStorage === undefined);
  });
});

describe('names the operator derives (Kubernetes limits on its objects)', () => {
  test('pkg/builder/statefulset_builder.go:BuildMariadbStatefulSet: a cluster name of at most 52 characters', () => {
    expect(refused({ name: `o${'x'.repeat(52)}` })).toEqual(['name']);
    expect(() => mariadb({ name: `o${'x'.repeat(51)}` }).objects()).not.toThrow();
  });

  test('pkg/builder/statefulset_builder.go:BuildMaxscaleStatefulSet: <cluster>-mxs of at most 52 characters', () => {
    expect(refused({ name: `o${'x'.repeat(48)}`, proxy: { type: ProxyType.MAXSCALE } })).toEqual(['name']);
  });

  test('physicalbackup_controller.go:getObjectName: a PhysicalBackup of at most 48 characters', () => {
    const { cluster } = mariadb((s) => ({ name: 'o'.repeat(30), backup: { storage: s.aws } }));
    expect(Errors.propOf(refusal(() => cluster.addBackupSchedule('x'.repeat(18), { schedule: '0 3 * * *' })))).toBe('name');
    expect(() => cluster.addBackupSchedule('x'.repeat(17), { schedule: '0 3 * * *' })).not.toThrow();
  });

  test('physicalbackup_controller.go:getObjectName: a point-in-time clone\'s <cluster>-origin PhysicalBackup fits too', () => {
    const clone = (s: Storages) => ({
      name: `o${'x'.repeat(41)}`,
      restoreFrom: RestoreSource.pointInTime({ storage: s.azure, sourceCluster: 'src', time: '2026-03-01T08:30:00Z', baseBackupName: 'src-daily' }),
    });
    expect(refused(clone, REPLICATION)).toEqual(['name']);
  });
});

describe('pkg/embed/embed.go:ReadEntrypoint and pkg/version/version.go:NewVersion (versions and images)', () => {
  test('the versions of the catalogue; another needs `image`; a version is major.minor.patch (variants go in `image`)', () => {
    expect(refused({}, { version: MariadbVersion.of('11.8.7') })).toEqual(['engine.version']);
    expect(refused({}, { version: MariadbVersion.of('11.8.8-ubi') })).toContain('engine.version');
    expect(() => mariadb({}, { version: MariadbVersion.of('11.8.7'), image: 'mariadb:11.8.7' }).objects()).not.toThrow();
  });

  test('ReadEntrypoint: a minor without an entrypoint of its own (10.7, 11.2, 13.0) is refused', () => {
    for (const version of ['10.7.8', '11.2.6', '13.0.0']) {
      expect(refused({}, { version: MariadbVersion.of(version), image: `mariadb:${version}` })).toContain('engine.version');
    }
  });

  test('NewVersion: the image tag must carry the version (a digest, latest or lts falls back to 11.8)', () => {
    expect(refused({}, { version: MariadbVersion.of('10.11.18'), image: 'mariadb:latest' })).toEqual(['engine.image']);
    expect(refused({}, { version: MariadbVersion.of('10.11.18'), image: `mariadb@sha256:${'a'.repeat(64)}` })).toEqual(['engine.image']);
    expect(refused({}, { version: MariadbVersion.of('10.11.18'), image: 'mariadb:11.4.12' })).toEqual(['engine.image']);
  });

  test('MARIADB_GALERA_LIB_PATH: a UBI image (its Galera library elsewhere) is refused for Galera', () => {
    expect(refused({}, { image: 'mariadb:11.8.8-ubi' })).toEqual(['engine.image']);
    expect(() => mariadb({ replicas: 2 }, { image: 'mariadb:11.8.8-ubi' }).objects()).not.toThrow();
  });
});

describe('engine parameters (my.cnf)', () => {
  test('mariadb_controller_tls.go:reconcileTLSConfig: TLS settings are the operator\'s', () => {
    expect(refused({ config: { require_secure_transport: 'OFF' } })).toEqual(['config']);
    expect(refused({ config: { 'tls-version': 'TLSv1.2' } })).toEqual(['config']);
  });

  test('pkg/galera/config/config.go:ConfigFile.Marshal: wsrep_* and the keys Galera forces after my.cnf', () => {
    expect(refusalOf({ config: { wsrep_slave_threads: '4' } })).toMatch(/Galera settings/);
    expect(refused({ config: { binlog_format: 'MIXED' } })).toEqual(['config']);
    // The Galera keys are the user's on replication.
    expect(() => mariadb({ replicas: 2, config: { binlog_format: 'MIXED' } }).objects()).not.toThrow();
  });

  test('pkg/controller/replication/config.go:NewReplicationConfig: the keys replication forces after my.cnf', () => {
    expect(refused({ replicas: 2, config: { sync_binlog: '0' } })).toEqual(['config']);
    expect(refused({ replicas: 2, config: { 'loose-server_id': '7' } })).toEqual(['config']);
  });

  test('pkg/builder/container_builder.go:mariadbEnv: the port is 3306 (MYSQL_TCP_PORT)', () => {
    expect(refused({ config: { port: '3307' } })).toEqual(['config']);
  });

  test('src/engines/mariadb.ts: variables MariaDB does not know stop it from starting (Tuning.mysql\'s innodb_buffer_pool_instances)', () => {
    expect(refused({ config: Tuning.mysql(Size.gibibytes(8)), resources: { memory: Size.gibibytes(8) } })).toEqual(['config']);
    expect(refused({ config: { pxc_strict_mode: 'ENFORCING' } })).toEqual(['config']);
    expect(() => mariadb({ config: { 'innodb_buffer_pool_size': '1G', 'loose-pxc_strict_mode': 'OFF' } }).objects()).not.toThrow();
  });
});

describe('internal/controller/mariadb_controller.go', () => {
  test('reconcileSuspend: suspend stops the operator, not the pods: paused is refused for several members', () => {
    expect(refused({ paused: true })).toEqual(['paused']);
    everySpec((s) => s.suspend === undefined);
  });

  test('reconcilePodDisruptionBudget: the budget is set from the first apply, for several members only (create-only, R73)', () => {
    everySpec((s) => (s.replicas > 1) === (s.podDisruptionBudget !== undefined));
  });

  test('reconcilePodLabels: the LoadBalancer selects the primary by the role label the operator keeps on it', () => {
    const services = OUTPUTS.flatMap(([, objects]) => objects.filter((o) => o.kind === 'Service'));
    expect(services.length).toBeGreaterThanOrEqual(2);
    for (const s of services) {
      expect(s.spec.selector['k8s.mariadb.com/role'] === 'primary' || s.spec.selector['app.kubernetes.io/name'] === 'maxscale').toBe(true);
    }
  });

  test('reconcileStatus: maxScaleRef names the MaxScale rendered next to it', () => {
    for (const [, objects] of OUTPUTS) {
      const ref = only(objects, 'MariaDB').spec.maxScaleRef;
      if (ref) expect(only(objects, 'MaxScale').metadata.name).toBe(ref.name);
    }
  });

  test('pkg/controller/service/controller.go:Reconcile: source ranges go on a Service of ours, not a template applied once (R70)', () => {
    everySpec((s) => s.primaryService === undefined && s.service === undefined && s.secondaryService === undefined);
    everyObject('MaxScale', (o) => o.spec.kubernetesService === undefined);
  });

  test('maxscale_controller.go:reconcileKubernetesService: the load balancer carries no admin port; the GUI Service is off (R71)', () => {
    everyObject('Service', (o) => o.spec.ports.every((p: any) => p.port === 3306), 2);
    everyObject('MaxScale', (o) => o.spec.admin.guiEnabled === false);
  });

  test('maxscale_types.go:MaxScale.getAntiAffinityInstances: MaxScale repels only MaxScale pods (R72)', () => {
    everyObject('MaxScale', (o) => o.spec.affinity === undefined || (o.spec.affinity.antiAffinityEnabled === undefined
      && JSON.stringify(o.spec.affinity).includes('"app.kubernetes.io/name":"maxscale"')));
  });

  test('mariadb_galera_types.go:GaleraConfig.SetDefaults, MaxScaleConfig.SetDefaults: no claim on the default StorageClass (R93)', () => {
    const { objects } = mariadb({ storage: { storageClassName: 'fast-ssd' }, proxy: { type: ProxyType.MAXSCALE } });
    expect(only(objects(), 'MaxScale').spec.config.volumeClaimTemplate.storageClassName).toBe('fast-ssd');
    everySpec((s) => !s.galera || s.galera.config.reuseStorageVolume === true);
  });

  test('pkg/controller/sql/finalizer.go:Finalize: cleanupPolicy Skip, so deleting the object drops nothing', () => {
    everySpec((s) => s.cleanupPolicy === 'Skip');
  });

  test('mariadb_types.go:MariaDB.SetDefaults: image, port, TLS, update strategy and the root password written as they would be', () => {
    everySpec((s) => /^mariadb:\d+\.\d+\.\d+$/.test(s.image) && s.port === 3306 && s.tls.enabled === true
      && s.updateStrategy.type === 'ReplicasFirstPrimaryLast' && s.updateStrategy.autoUpdateDataPlane === false);
  });

  test('mariadb_types.go:MariaDB.IsTLSRequired: TLS is required of every client, so MaxScale speaks TLS too (R149)', () => everySpec((s) => s.tls.required === true));
});

describe('backups and point-in-time recovery', () => {
  test('mariadb_types.go:IsPointInTimeRecoveryEnabled: binlogs are archived for replication only', () => {
    expect(refused((s) => ({ backup: { storage: s.aws, pointInTimeRecovery: true } }))).toEqual(['backup.pointInTimeRecovery']);
    expect(refused((s) => ({ replicas: 1, singleNodeDevelopment: true, backup: { storage: s.aws, pointInTimeRecovery: true } }))).toEqual(['backup.pointInTimeRecovery']);
  });

  test('docs/pitr.md (mariadb-binlog --start-position=<GTID>): point-in-time recovery from MariaDB 10.8', () => {
    expect(refused((s) => ({ backup: { storage: s.aws, pointInTimeRecovery: true } }), { ...REPLICATION, version: MariadbVersion.V10_6_27 }))
      .toEqual(['backup.pointInTimeRecovery']);
  });

  test('pointintimerecovery_types.go:PointInTimeRecoverySpec.physicalBackupRef: binlogs need a schedule to replay on', () => {
    const { objects } = mariadb((s) => ({ backup: { storage: s.aws, pointInTimeRecovery: true } }), REPLICATION);
    expect(Errors.propOf(refusal(() => objects()))).toBe('backup.pointInTimeRecovery');
  });

  test('pkg/minio/minio.go:getTransport: the store\'s certificate is always verified', () => {
    expect(refused((s) => ({ backup: { storage: s.insecure } }))).toEqual(['backup.storage']);
  });

  test('pkg/minio/minio.go:getMinioOptions: no path-style setting, which AWS and Google would need', () => {
    expect(refused((s) => ({ backup: { storage: s.awsPathStyle } }))).toEqual(['backup.storage']);
    expect(() => mariadb((s) => ({ backup: { storage: s.minio } })).objects()).not.toThrow();
  });

  test('base_types.go:S3.Endpoint ("without scheme", minio-go refuses a path): scheme stripped, TLS said, a path refused', () => {
    expect(refused((s) => ({ backup: { storage: s.withPath } }))).toEqual(['backup.storage']);
    everyObject('PhysicalBackup', (o) => !o.spec.storage.s3 || (!o.spec.storage.s3.endpoint.includes('://') && o.spec.storage.s3.tls !== undefined));
  });

  test('base_types.go:AzureBlob: the account is named on the storage; no tls block (pkg/azure/client.go:getTransport)', () => {
    expect(refused((s) => ({ backup: { storage: s.azureNoAccount } }))).toEqual(['backup.storage']);
    everyObject('PhysicalBackup', (o) => !o.spec.storage.azureBlob || (o.spec.storage.azureBlob.storageAccountName && !o.spec.storage.azureBlob.tls));
  });

  test('pkg/backup/processor.go:GetOldBackupFiles: each backup object deletes old files in its own folder only', () => {
    for (const [, objects] of OUTPUTS) {
      const backups = objects.filter((o) => ['PhysicalBackup', 'Backup'].includes(o.kind) && !o.metadata.name.endsWith('-origin'));
      const prefixes = backups.map((o) => (o.spec.storage.s3 ?? o.spec.storage.azureBlob).prefix);
      expect(new Set(prefixes).size).toBe(prefixes.length);
      backups.forEach((o, i) => expect(prefixes[i]).toMatch(new RegExp(`/(physical|logical)/${o.metadata.name}$`)));
    }
  });

  test('backup_types.go / physicalbackup_types.go maxRetention: a Go duration in hours, never days (R1, R84)', () => {
    everyObject('PhysicalBackup', (o) => o.spec.maxRetention === undefined || /^\d+h$/.test(o.spec.maxRetention));
  });

  test('physicalbackup_controller_job.go:waitForRunningJobs: a backup may run until the next is due, not the default hour', () => {
    everyObject('PhysicalBackup', (o) => o.metadata.name.endsWith('-origin') || ['24h', '168h'].includes(o.spec.timeout));
    const { cluster, objects } = mariadb((s) => ({ backup: { storage: s.aws } }));
    cluster.addBackupSchedule('often', { schedule: '*/15 * * * *' });
    expect(only(objects(), 'PhysicalBackup').spec.timeout).toBe('1h');
  });

  test('physicalbackup_controller.go:reconcileTemplateScheduled: a disabled schedule is suspended', () => {
    everyObject('PhysicalBackup', (o) => typeof o.spec.schedule.suspend === 'boolean');
    expect(OUTPUTS.flatMap(([, objects]) => objects).some((o) => o.kind === 'PhysicalBackup' && o.spec.schedule.suspend === true)).toBe(true);
  });
});

describe('restores and clones', () => {
  test('mariadb_types.go:BootstrapFrom.RestoreSource: no in-place restore of a physical backup or to an instant', () => {
    const { chart, cluster } = mariadb((s) => ({ backup: { storage: s.aws } }));
    cluster.addBackupSchedule('daily', { schedule: '0 1 * * *' });
    const instant = RestoreSource.pointInTime({ storage: cluster._model.backup!.storage, sourceCluster: 'fleet-orders', time: '2026-03-01T08:30:00Z' });
    expect(Errors.propOf(refusal(() => new DatabaseRestore(chart, 'to-instant', { cluster, source: instant })))).toBe('source');
    // Checked at synthesis, when every schedule is known.
    new DatabaseRestore(chart, 'from-schedule', { cluster, source: RestoreSource.backup({ backupName: 'fleet-orders-daily' }) });
    expect(Errors.propOf(refusal(() => synthValid(chart)))).toBe('source.backupName');
  });

  test('restore_types.go:RestoreSource: a backup through its Backup object, not a storage', () => {
    const { chart, cluster, stores } = mariadb((s) => ({ backup: { storage: s.aws } }));
    const error = refusal(() => new DatabaseRestore(chart, 'undo', { cluster, source: RestoreSource.backup({ backupName: 'x', storage: stores.aws }) }));
    expect(Errors.propOf(error)).toBe('source.storage');
  });

  test('mariadb_types.go:BootstrapFrom.backupRef: a clone of a named backup finds it through its object, not a storage', () => {
    expect(refused((s) => ({ restoreFrom: RestoreSource.backup({ backupName: 'x', storage: s.aws, sourceCluster: 'src' }) }))).toEqual(['restoreFrom.storage']);
  });

  test('pointintimerecovery_types.go:physicalBackupRef: a point-in-time clone names the source\'s scheduled PhysicalBackup', () => {
    const clone = (s: Storages) => ({ restoreFrom: RestoreSource.pointInTime({ storage: s.azure, sourceCluster: 'src', time: '2026-03-01T08:30:00Z' }) });
    expect(refused(clone, REPLICATION)).toEqual(['restoreFrom.baseBackupName']);
  });

  test('mariadb_controller_pitr.go:getStartGtid: a point-in-time clone is a replication cluster', () => {
    const clone = (s: Storages) => ({ restoreFrom: RestoreSource.pointInTime({ storage: s.azure, sourceCluster: 'src', time: '2026-03-01T08:30:00Z', baseBackupName: 'src-daily' }) });
    expect(refused(clone)).toEqual(['restoreFrom']);
  });

  test('mariadb_controller_pitr.go:getS3Client: no point-in-time clone from S3 over TLS (the operator dereferences a missing CA)', () => {
    const clone = (storage: keyof Storages) => (s: Storages) => ({
      restoreFrom: RestoreSource.pointInTime({ storage: s[storage], sourceCluster: 'src', time: '2026-03-01T08:30:00Z', baseBackupName: 'src-daily' }),
    });
    expect(refused(clone('aws'), REPLICATION)).toEqual(['restoreFrom.storage']);
    expect(refused(clone('minio'), REPLICATION)).toEqual(['restoreFrom.storage']);
    expect(() => mariadb(clone('azure'), REPLICATION).objects()).not.toThrow();
    expect(() => mariadb(clone('minioHttp'), REPLICATION).objects()).not.toThrow();
  });

  test('physicalbackup_controller.go:reconcileTemplateScheduled: the clone\'s origin PhysicalBackup never runs', () => {
    everyObject('PhysicalBackup', (o) => !o.metadata.name.endsWith('-origin')
      || (o.spec.schedule.suspend === true && o.spec.schedule.cron === '' && o.spec.schedule.immediate === false && o.spec.schedule.onDemand === undefined));
  });
});

describe('monitoring', () => {
  test('PMM: the operator has no PMM client', () => {
    expect(refused({ monitoring: Monitoring.pmm({ url: 'https://pmm.example.com', credentialsSecret: 'pmm' }) })).toEqual(['monitoring']);
  });

  test('pkg/builder/servicemonitor_builder.go:BuildServiceMonitor: its ServiceMonitor takes a `release` label only', () => {
    expect(refused({ monitoring: Monitoring.prometheus({ labels: { team: 'db' } }) })).toEqual(['monitoring.labels']);
  });

  test('pkg/builder/servicemonitor_builder.go:serviceMonitorEndpoints: alerts select members by `target`', () => {
    const rules = OUTPUTS.flatMap(([, objects]) => objects.filter((o) => o.kind === 'PrometheusRule')).flatMap((r) => r.spec.groups[0].rules);
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.filter((r) => r.alert.startsWith('Mariadb')).every((r) => r.expr.includes('target=~"fleet-orders-[0-9]+"'))).toBe(true);
  });
});

/** The guard's classes for MariaDB: the operator's update rules on objects synthesized before and after a change. */
describe('safe-change guard (src/operators/mariadb/diff.ts)', () => {
  function change(before: Props, after: Props, engine: [Partial<MariadbEngineProps>, Partial<MariadbEngineProps>] = [{}, {}]): string[] {
    const report = ManifestDiff.compareObjects(mariadb(before, engine[0]).objects(), mariadb(after, engine[1]).objects());
    return report.databases.flatMap((d) => d.changes.map((c) => `${c.field}: ${c.changeClass}`));
  }
  function scheduled(options: { schedule: string; retention: number; enabled?: boolean }) {
    const { cluster, objects } = mariadb((s) => ({ backup: { storage: s.aws } }));
    cluster.addBackupSchedule('daily', options);
    return objects();
  }
  const daily = { schedule: '0 2 * * *', retention: 7 };
  const classOf = (before: any[], after: any[]) => ManifestDiff.compareObjects(before, after).databases
    .flatMap((d) => d.changes.map((c) => `${c.field}: ${c.changeClass}`));

  test('scale up is safe; an even Galera size and one member are destructive (CEL, validateHA)', () => {
    expect(change({}, { replicas: 5 })).toEqual(['spec.replicas: safe']);
    expect(change({ replicas: 5 }, { replicas: 3 })).toEqual(['spec.replicas: risky']);
    const even = ManifestDiff.compareObjects(mariadb().objects(), mariadb().objects().map((o) => (o.kind === 'MariaDB' ? { ...o, spec: { ...o.spec, replicas: 4 } } : o)));
    expect(even.changeClass).toBe(ChangeClass.DESTRUCTIVE);
  });

  test('replication scale-out without replication.replica.bootstrapFrom is risky (mariadb_controller_scale_out.go)', () => {
    expect(change({ replicas: 2 }, { replicas: 3 }, [{}, REPLICATION])).toEqual(['spec.replicas: risky']);
  });

  test('a topology switch is destructive: no migration path', () => {
    expect(change({ replicas: 3 }, { replicas: 3 }, [{}, REPLICATION])).toEqual(expect.arrayContaining(['spec.galera: destructive', 'spec.replication: destructive']));
  });

  test('versions: a patch restarts, a new minor line or major is risky (no mariadb-upgrade), a downgrade is destructive', () => {
    expect(change({}, {}, [{ version: MariadbVersion.of('11.8.7'), image: 'mariadb:11.8.7' }, {}])).toEqual(['spec.image: restart']);
    expect(change({}, {}, [{ version: MariadbVersion.V11_4_12 }, {}])).toEqual(['spec.image: risky']);
    expect(change({}, {}, [{ version: MariadbVersion.V10_11_18 }, {}])).toEqual(['spec.image: risky']);
    expect(change({}, {}, [{}, { version: MariadbVersion.V11_4_12 }])).toEqual(['spec.image: destructive']);
  });

  test('storage: growth safe, shrink and another class destructive (validateUpdateStorage, immutable storageClassName)', () => {
    expect(change({}, { storage: { size: Size.gibibytes(40) } })).toEqual(['spec.storage.size: safe']);
    expect(change({ storage: { storageClassName: 'a' } }, { storage: { storageClassName: 'b' } })).toEqual(['spec.storage.storageClassName: destructive']);
  });

  test('engine parameters and resources roll the pods; weaker anti-affinity is risky', () => {
    expect(change({}, { config: { max_connections: '500' } })).toEqual(expect.arrayContaining(['spec.myCnf: restart']));
    expect(change({}, { resources: { memory: Size.gibibytes(4) } })).toEqual(['spec.resources: restart']);
    expect(change({ scheduling: { antiAffinity: AntiAffinity.REQUIRED } }, {})).toEqual(['spec.affinity: risky']);
  });

  test('set-once fields: another credentials Secret is refused by the webhook (rotate inside the Secret)', () => {
    expect(change({}, { credentialsSecret: 'orders-db' })).toEqual(['spec.rootPasswordSecretKeyRef: risky']);
  });

  test('the disruption budget is created once: a change is risky', () => {
    const before = mariadb().objects();
    const after = before.map((o) => (o.kind === 'MariaDB' ? { ...o, spec: { ...o.spec, podDisruptionBudget: { minAvailable: 2 } } } : o));
    expect(classOf(before, after)).toEqual(['spec.podDisruptionBudget: risky']);
  });

  test('MaxScale in front is a proxy switch; its services keep router and port; scaling it is safe', () => {
    expect(change({}, { proxy: { type: ProxyType.MAXSCALE } })).toEqual(expect.arrayContaining(['spec.maxScaleRef: risky', '(object): safe']));
    expect(change({ proxy: { type: ProxyType.MAXSCALE } }, { proxy: { type: ProxyType.MAXSCALE, replicas: 5 } })).toEqual(['spec.replicas: safe']);
  });

  test('schedules: a new cron is refused by the webhook (immutable); retention shortened risky; disabled risky', () => {
    expect(classOf(scheduled(daily), scheduled({ ...daily, schedule: '0 3 * * *' }))).toEqual(['spec.schedule.cron: risky']);
    expect(classOf(scheduled(daily), scheduled({ ...daily, retention: 3 }))).toEqual(['spec.maxRetention: risky']);
    expect(classOf(scheduled(daily), scheduled({ ...daily, retention: 14 }))).toEqual(['spec.maxRetention: safe']);
    expect(classOf(scheduled(daily), scheduled({ ...daily, enabled: false }))).toEqual(['spec.schedule.suspend: risky']);
  });

  test('paused and resumed (a single member scaled to zero and back)', () => {
    const single = { replicas: 1, singleNodeDevelopment: true };
    expect(change(single, { ...single, paused: true })).toEqual(['spec.replicas: risky']);
    expect(change({ ...single, paused: true }, single)).toEqual(['spec.replicas: safe']);
  });

  test('a clone\'s bootstrapFrom: another instant is refused (immutable), dropping it once restored is safe', () => {
    const clone = (time?: string) => (s: Storages) => ({
      restoreFrom: time === undefined ? undefined : RestoreSource.pointInTime({ storage: s.azure, sourceCluster: 'src', time, baseBackupName: 'src-daily' }),
    });
    const before = mariadb(clone('2026-03-01T08:30:00Z'), REPLICATION).objects().filter((o) => o.kind === 'MariaDB');
    const later = mariadb(clone('2026-03-01T09:30:00Z'), REPLICATION).objects().filter((o) => o.kind === 'MariaDB');
    const dropped = mariadb(clone(), REPLICATION).objects().filter((o) => o.kind === 'MariaDB');
    expect(classOf(before, later)).toEqual(['spec.bootstrapFrom: risky']);
    expect(ManifestDiff.compareObjects(before, later).databases[0].changes[0].reason).toMatch(/refuses/);
    expect(classOf(before, dropped)).toEqual(['spec.bootstrapFrom: safe']);
  });

  test('removing the database is destructive, adding an in-place restore risky', () => {
    expect(ManifestDiff.compareObjects(mariadb().objects(), []).changeClass).toBe(ChangeClass.DESTRUCTIVE);
    const { chart, cluster, objects } = mariadb((s) => ({ backup: { storage: s.aws } }));
    const before = objects();
    new DatabaseRestore(chart, 'undo', { cluster, source: RestoreSource.backup({ backupName: 'fleet-orders-now' }) });
    expect(classOf(before, objects())).toEqual(['(object): risky']);
  });
});

/**
 * The status reconciler's reading of a MariaDB (pkg/condition/ready.go:SetReadyWithMariaDB and its peers); every
 * state with its fixture is in test/reconciler/operators/mariadb.ts.
 */
describe('status reconciler (src/operators/mariadb/status.ts)', () => {
  const status = mariadbProvider.status;
  const native = (reason: string, extra: { conditions?: any[]; spec?: any; replicas?: number } = {}) => ({
    apiVersion: 'k8s.mariadb.com/v1alpha1',
    kind: 'MariaDB',
    metadata: { name: 'orders', namespace: 'shop' },
    spec: { image: 'mariadb:11.8.8', replicas: 3, galera: { enabled: true }, ...extra.spec },
    status: { replicas: extra.replicas ?? 3, defaultVersion: '11.8', conditions: [{ type: 'Ready', status: 'False', reason }, ...extra.conditions ?? []] },
  });
  const configured = [{ type: 'GaleraConfigured', status: 'True', reason: 'GaleraConfigured' }];

  test('mariadb_controller_status.go:reconcileStatus: members are status.replicas (the StatefulSet\'s readyReplicas) of spec.replicas; no version', () => {
    const report = status.report(native('StatefulSetReady', { replicas: 2 }));
    expect(report).toMatchObject({ state: 'StatefulSetReady', members: { ready: 2, desired: 3 } });
    // status.defaultVersion is the operator's fallback for untagged images, spec.image what is asked: neither runs.
    expect(report.engineVersion).toBeUndefined();
    expect(status.report({ ...native('StatefulSetNotReady'), status: { conditions: [] } }).members).toEqual({ ready: 0, desired: 3 });
  });

  test('galera/controller.go, replication/controller.go: GaleraConfigured and ReplicationConfigured record a start; one member has none', () => {
    expect(status.report(native('StatefulSetNotReady')).wasReady).toBe(false);
    expect(status.report(native('StatefulSetNotReady', { conditions: configured })).wasReady).toBe(true);
    const replication = { galera: undefined, replication: { enabled: true } };
    expect(status.report(native('StatefulSetNotReady', { spec: replication, conditions: [{ type: 'ReplicationConfigured', status: 'True' }] })).wasReady).toBe(true);
    expect(status.report(native('StatefulSetNotReady', { spec: { galera: undefined, replicas: 1 } })).wasReady).toBeUndefined();
  });

  test('StatefulSetNotReady is a start (the reconciler tells a loss from the previous phase or the record); scaled to 0 by the library, Paused', () => {
    expect(status.report(native('StatefulSetNotReady', { conditions: configured, replicas: 2 })).phase).toBe('Provisioning');
    expect(status.report(native('StatefulSetNotReady', { spec: { galera: undefined, replicas: 0 }, replicas: 0 })).phase).toBe('Paused');
  });

  test('a clone is Restoring until BackupRestored (logical) or BinlogsReplayed (point in time) turns True', () => {
    const logical = { bootstrapFrom: { backupRef: { name: 'b', kind: 'Backup' }, backupContentType: 'Logical' } };
    const instant = { bootstrapFrom: { pointInTimeRecoveryRef: { name: 'orders-origin' } } };
    const restored = [{ type: 'BackupRestored', status: 'True', reason: 'RestoreBackup' }];
    expect(status.report(native('StatefulSetReady', { spec: logical })).phase).toBe('Restoring');
    expect(status.report(native('StatefulSetReady', { spec: logical, conditions: restored })).phase).toBe('Ready');
    expect(status.report(native('StatefulSetReady', { spec: instant, conditions: restored })).phase).toBe('Restoring');
    expect(status.report(native('StatefulSetReady', { spec: instant, conditions: [{ type: 'BinlogsReplayed', status: 'True', reason: 'ReplayBinlogsSkipped' }] })).phase)
      .toBe('Ready');
    expect(status.report(native('ReplayBinlogsError', { spec: instant })).phase).toBe('Failed');
  });

  test('SwitchPrimary: a failover with a member down, the planned switch of an update otherwise; Failed with members serving is Degraded', () => {
    expect(status.report(native('SwitchPrimary', { replicas: 2 })).phase).toBe('Degraded');
    expect(status.report(native('SwitchPrimary')).phase).toBe('Upgrading');
    expect(status.report(native('Failed')).phase).toBe('Degraded');
    expect(status.report(native('Failed', { replicas: 0 })).phase).toBe('Failed');
    expect(status.report(native('SomethingNew')).phase).toBe('Degraded');
  });

  test('physicalbackup_controller_job.go: PhysicalBackups by their Complete condition\'s reason, completed no earlier than their newest Job\'s start', () => {
    expect(status.backup).toMatchObject({ group: 'k8s.mariadb.com', kind: 'PhysicalBackup', plural: 'physicalbackups' });
    const backup = (reason?: string, state = 'True') => ({
      spec: { mariaDbRef: { name: 'orders' } },
      status: reason
        ? { conditions: [{ type: 'Complete', status: state, reason, lastTransitionTime: '2026-06-01T03:10:00Z' }], lastScheduleTime: '2026-06-01T03:00:00Z' }
        : {},
    });
    expect(status.backupReport(backup('JobComplete'))).toEqual({ cluster: 'orders', phase: 'Succeeded', completedAt: '2026-06-01T03:00:00Z' });
    expect(status.backupReport(backup('JobFailed'))).toMatchObject({ phase: 'Failed', completedAt: undefined });
    expect(status.backupReport(backup('JobRunning', 'False'))).toMatchObject({ phase: 'Running', completedAt: undefined });
    expect(status.backupReport(backup())).toMatchObject({ phase: 'Pending' });
  });
});
