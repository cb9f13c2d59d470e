import { baseSchedule, usesTls } from './backup';
import { names, PHYSICAL_BACKUP_NAME_MAX_LENGTH, STATEFULSET_NAME_MAX_LENGTH, topologyOf } from './names';
import { MARIADB_CATALOGUE, MARIADB_MINORS, MARIADB_OPERATOR_VERSION } from './versions';
import { BackupProvider, BackupStorage } from '../../backup-storage';
import { MariadbTopology } from '../../engine';
import { mariadbOptionName } from '../../engines/mariadb';
import { ClusterModel, ScheduleModel } from '../../model';
import { MonitoringKind } from '../../monitoring';
import { ProxyType } from '../../proxy';
import { backupObjectNameRule } from '../../restore-rules';
import { RestoreSource } from '../../restore-source';
import { problemRule, Rule } from '../../rules';
import { imageTag } from '../../status-mapping';

const OPERATOR = `the MariaDB operator ${MARIADB_OPERATOR_VERSION}`;

/** `major.minor` of a version string or tag (`11.8.8-ubi` → `11.8`). */
function minorOf(version: string | undefined): string | undefined {
  return /^(\d+\.\d+)(\.|$|-)/.exec(version ?? '')?.[1];
}

/** Binlog replay needs MariaDB 10.8 (mariadb-binlog --start-position with a GTID, docs/pitr.md "Supported MariaDB versions"). */
function replaysBinlogs(m: ClusterModel): boolean {
  const [major, minor] = m.engine.minorVersion.split('.').map(Number);
  return major > 10 || (major === 10 && minor >= 8);
}

/**
 * my.cnf keys the operator writes itself, in files read after the user's (so a user value is silently ignored) or
 * that hold its TLS setup (so a user value would undo it), by topology.
 */
const TLS_KEYS = ['ssl', 'skip_ssl', 'ssl_cert', 'ssl_key', 'ssl_ca', 'require_secure_transport', 'tls_version'];
const GALERA_KEYS = ['bind_address', 'default_storage_engine', 'binlog_format', 'innodb_autoinc_lock_mode'];
const REPLICATION_KEYS = ['log_bin', 'log_basename', 'gtid_strict_mode', 'gtid_domain_id', 'rpl_semi_sync_master_enabled',
  'rpl_semi_sync_slave_enabled', 'rpl_semi_sync_master_timeout', 'rpl_semi_sync_master_wait_point', 'server_id', 'sync_binlog'];

function configKeysIn(m: ClusterModel, isOwned: (name: string) => boolean): string[] {
  return Object.keys(m.config).filter((k) => isOwned(mariadbOptionName(k)));
}

function configRule(reason: string, isOwned: (name: string) => boolean, when?: (m: ClusterModel) => boolean): Rule<ClusterModel> {
  return { prop: 'config', value: (m) => configKeysIn(m, isOwned), when, valid: (m) => configKeysIn(m, isOwned).length === 0, reason };
}

/** Why the operator cannot use a storage as this library describes it, or undefined when it can. */
export function storageProblem(storage: BackupStorage): string | undefined {
  if (!storage.verifyTls) {
    return `${OPERATOR} always verifies the store's certificate (it only takes an extra CA bundle, pkg/minio/minio.go:getTransport)`;
  }
  if (storage.provider === BackupProvider.AZURE && storage.storageAccount === undefined) {
    return `${OPERATOR} names the Azure account in its spec (azureBlob.storageAccountName and the blob URL, base_types.go:AzureBlob): `
      + `set \`storageAccount\` on the storage "${storage.name}"`;
  }
  if (storage.forcePathStyle && (storage.provider === BackupProvider.GCS || storage.endpoint === undefined)) {
    return 'the operator\'s S3 client (minio-go) uses virtual-host URLs for AWS and Google and has no setting for path-style '
      + '(pkg/minio/minio.go:getMinioOptions): leave `forcePathStyle` out (other endpoints get path-style URLs anyway)';
  }
  if (storage.endpoint !== undefined && !['', '/'].includes(new URL(storage.endpoint).pathname + new URL(storage.endpoint).search)) {
    return 'the operator\'s S3 endpoint is a host and port without a path (S3.endpoint, minio-go\'s minio.New refuses a path)';
  }
  return undefined;
}

/**
 * Rules of the MariaDB operator 26.6.0 on a cluster: its admission webhook (internal/webhook/v1alpha1), the CRD's CEL
 * rule, what its controllers skip or fail on silently, and the names it derives.
 */
export const MARIADB_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  {
    prop: 'name',
    value: (m) => m.name,
    valid: (m) => m.name.length <= STATEFULSET_NAME_MAX_LENGTH,
    reason: `${OPERATOR} names the StatefulSet after the cluster, and its pods' controller-revision-hash label adds up to 11 `
      + `characters to a 63-character label value (pkg/builder/statefulset_builder.go:BuildMariadbStatefulSet): at most ${STATEFULSET_NAME_MAX_LENGTH}`,
  },
  {
    prop: 'name',
    value: (m) => m.name,
    when: (m) => m.proxy.type === ProxyType.MAXSCALE,
    valid: (m) => names.maxscale(m).length <= STATEFULSET_NAME_MAX_LENGTH,
    reason: `MaxScale runs as a StatefulSet named <cluster>-mxs: a cluster name of at most ${STATEFULSET_NAME_MAX_LENGTH - '-mxs'.length} characters`,
  },
  ...MARIADB_CATALOGUE.rules(),
  {
    prop: 'engine.version',
    value: (m) => m.engine.versionWithBuild,
    valid: (m) => MARIADB_MINORS.includes(m.engine.minorVersion),
    reason: `${OPERATOR} bootstraps MariaDB ${MARIADB_MINORS.join(', ')} with their own entrypoint and any other minor with 11.8's `
      + '(pkg/embed/embed.go:ReadEntrypoint)',
  },
  {
    prop: 'engine.image',
    value: (m) => m.engine.image,
    when: (m) => m.engine.image !== undefined,
    valid: (m) => minorOf(imageTag(m.engine.image!)) === m.engine.minorVersion,
    reason: (m) => `${OPERATOR} reads the version from the image's tag (pkg/version/version.go:NewVersion; a digest, \`latest\` or \`lts\` `
      + `falls back to 11.8): tag the image with the version, such as ${m.engine.version}`,
  },
  {
    prop: 'engine.image',
    value: (m) => m.engine.image,
    when: (m) => m.engine.image !== undefined && topologyOf(m) === MariadbTopology.GALERA,
    valid: (m) => !/ubi/.test(imageTag(m.engine.image!) ?? ''),
    reason: 'a UBI image keeps the Galera library under /usr/lib64/galera/, not where the operator looks '
      + '(MARIADB_GALERA_LIB_PATH, /usr/lib/galera/libgalera_smm.so): use the official Debian-based image',
  },
  {
    prop: 'replicas',
    value: (m) => m.replicas,
    when: (m) => topologyOf(m) === MariadbTopology.GALERA,
    valid: (m) => m.replicas >= 3 && m.replicas % 2 === 1,
    reason: 'a Galera cluster needs an odd number of members, at least 3 (the CRD\'s CEL rule on MariaDB.spec refuses an even one; '
      + 'mariadb_webhook.go:validateHA refuses one member)',
  },
  {
    prop: 'replicas',
    value: (m) => m.replicas,
    when: (m) => topologyOf(m) === MariadbTopology.REPLICATION,
    valid: (m) => m.replicas >= 2,
    reason: 'replication needs at least 2 members (mariadb_webhook.go:validateHA)',
  },
  {
    prop: 'engine.topology',
    value: (m) => m.engine.topology,
    when: (m) => m.engine.topology !== undefined,
    valid: (m) => Object.values(MariadbTopology).includes(m.engine.topology!),
    reason: 'the topology is MariadbTopology.GALERA or MariadbTopology.REPLICATION',
  },
  {
    prop: 'paused',
    value: (m) => m.paused,
    when: (m) => m.paused,
    valid: (m) => m.replicas === 1,
    reason: `${OPERATOR} cannot stop a multi-member cluster: spec.suspend only stops reconciling while the pods keep running `
      + '(mariadb_controller.go:reconcileSuspend), and Galera or replication cannot scale to 0 (mariadb_webhook.go:validateHA)',
  },
  {
    prop: 'monitoring',
    value: (m) => m.monitoring?.kind,
    when: (m) => m.monitoring !== undefined,
    valid: (m) => m.monitoring!.kind === MonitoringKind.PROMETHEUS,
    reason: `${OPERATOR} has no PMM client: use Monitoring.prometheus() (its mysqld-exporter and ServiceMonitor)`,
  },
  {
    prop: 'monitoring.labels',
    value: (m) => Object.keys(m.monitoring?.prometheusOptions?.labels ?? {}),
    when: (m) => m.monitoring?.kind === MonitoringKind.PROMETHEUS,
    valid: (m) => Object.keys(m.monitoring!.prometheusOptions?.labels ?? {}).every((k) => k === 'release'),
    reason: `${OPERATOR} makes the ServiceMonitor itself and labels it with \`release\` only (metrics.serviceMonitor.prometheusRelease, `
      + 'pkg/builder/servicemonitor_builder.go:BuildServiceMonitor): select it by `release`',
  },
  configRule(`${OPERATOR} writes the TLS settings itself (mariadb_controller_tls.go:reconcileTLSConfig); these would undo them`,
    (k) => TLS_KEYS.includes(k)),
  configRule(`Galera settings: ${OPERATOR} writes them itself for Galera clusters, after the user's my.cnf `
    + '(pkg/galera/config/config.go:ConfigFile.Marshal), and they mean nothing without Galera', (k) => k.startsWith('wsrep_')),
  configRule(`${OPERATOR} sets these for Galera after the user's my.cnf, which would be silently ignored (pkg/galera/config/config.go:ConfigFile.Marshal)`,
    (k) => GALERA_KEYS.includes(k), (m) => topologyOf(m) === MariadbTopology.GALERA),
  configRule(`${OPERATOR} sets these for replication after the user's my.cnf, which would be silently ignored `
    + '(pkg/controller/replication/config.go:NewReplicationConfig)', (k) => REPLICATION_KEYS.includes(k), (m) => topologyOf(m) === MariadbTopology.REPLICATION),
  configRule(`the Services and probes use port 3306, which ${OPERATOR} gives mariadbd through MYSQL_TCP_PORT `
    + '(pkg/builder/container_builder.go:mariadbEnv)', (k) => k === 'port'),
  problemRule('backup.storage', (m: ClusterModel) => m.backup?.storage, storageProblem, (s) => s.name),
  {
    prop: 'backup.pointInTimeRecovery',
    value: (m) => topologyOf(m) ?? 'none',
    when: (m) => m.backup?.pointInTimeRecovery === true,
    valid: (m) => topologyOf(m) === MariadbTopology.REPLICATION,
    reason: `${OPERATOR} archives binlogs for replication only and silently ignores pointInTimeRecoveryRef on Galera and single `
      + 'members (mariadb_types.go:IsPointInTimeRecoveryEnabled): use MariadbTopology.REPLICATION',
  },
  {
    prop: 'backup.pointInTimeRecovery',
    value: (m) => m.engine.version,
    when: (m) => m.backup?.pointInTimeRecovery === true,
    valid: replaysBinlogs,
    reason: 'binlogs are replayed with mariadb-binlog --start-position=<GTID>, which MariaDB has from 10.8 (docs/pitr.md)',
  },
  ...cloneRules(),
];

/**
 * What a clone (`restoreFrom`) can be made from. A named backup is a logical Backup object (an OnDemandBackup): the
 * operator restores it with a Restore once the new cluster runs. An instant replays the source's archived binlogs on
 * one of its scheduled physical backups (the schedule's PhysicalBackup, `baseBackupName`), into a new replication
 * cluster only.
 */
function cloneRules(): Rule<ClusterModel>[] {
  const source = (m: ClusterModel) => m.restoreFrom;
  const instant = (m: ClusterModel) => m.restoreFrom?.time !== undefined;
  return [
    backupObjectNameRule<ClusterModel>('restoreFrom', source),
    {
      prop: 'restoreFrom.storage',
      value: (m) => m.restoreFrom!.storage?.name,
      when: (m) => m.restoreFrom?.backupName !== undefined,
      valid: (m) => m.restoreFrom!.storage === undefined,
      reason: `${OPERATOR} restores a named backup through its Backup object in the namespace, which records the storage `
        + '(mariadb_types.go:BootstrapFrom.backupRef): leave `storage` out, or clone from an instant with RestoreSource.pointInTime()',
    },
    problemRule('restoreFrom.storage', (m: ClusterModel) => m.restoreFrom?.storage, storageProblem, (s) => s.name),
    {
      prop: 'restoreFrom.baseBackupName',
      value: (m) => m.restoreFrom!.baseBackupName,
      when: instant,
      valid: (m) => m.restoreFrom!.baseBackupName !== undefined,
      reason: `${OPERATOR} replays binlogs on the backups of one PhysicalBackup (PointInTimeRecovery.spec.physicalBackupRef): `
        + 'name the source\'s scheduled PhysicalBackup, <cluster>-<schedule>',
    },
    {
      prop: 'restoreFrom',
      value: (m) => topologyOf(m) ?? 'none',
      when: instant,
      valid: (m) => topologyOf(m) === MariadbTopology.REPLICATION,
      reason: `${OPERATOR} reads the restored GTID from the replication agent before replaying binlogs, which Galera and single `
        + 'members do not have (mariadb_controller_pitr.go:getStartGtid): clone into a MariadbTopology.REPLICATION cluster',
    },
    {
      prop: 'restoreFrom',
      value: (m) => m.engine.version,
      when: instant,
      valid: replaysBinlogs,
      reason: 'binlogs are replayed with mariadb-binlog --start-position=<GTID>, which MariaDB has from 10.8 (docs/pitr.md)',
    },
    {
      prop: 'restoreFrom.storage',
      value: (m) => m.restoreFrom!.storage?.endpoint ?? m.restoreFrom!.storage?.provider,
      when: (m) => instant(m) && m.restoreFrom!.storage !== undefined,
      valid: (m) => !usesTls(m.restoreFrom!.storage!),
      reason: `${OPERATOR} checks the binlog timeline with an S3 client that dereferences the missing CA bundle of a TLS `
        + 'endpoint and fails (mariadb_controller_pitr.go:getS3Client, pkg/minio/minio.go:NewMinioClientFromS3Config): '
        + 'point-in-time clones work from Azure or a plain-HTTP S3 endpoint only',
    },
    {
      prop: 'name',
      value: (m) => m.name,
      when: instant,
      valid: (m) => names.origin(m).length <= PHYSICAL_BACKUP_NAME_MAX_LENGTH,
      reason: 'a point-in-time clone describes its source with a PhysicalBackup <cluster>-origin, whose Jobs add 15 characters: '
        + `a cluster name of at most ${PHYSICAL_BACKUP_NAME_MAX_LENGTH - '-origin'.length} characters`,
    },
  ];
}

type ScheduleSubject = { readonly model: ClusterModel; readonly schedule: ScheduleModel };

/** The operator's limits on a new schedule: a PhysicalBackup of its own. */
export const MARIADB_SCHEDULE_RULES: ReadonlyArray<Rule<ScheduleSubject>> = [
  {
    prop: 'name',
    value: (s) => names.scheduledBackup(s.model, s.schedule.name),
    valid: (s) => names.scheduledBackup(s.model, s.schedule.name).length <= PHYSICAL_BACKUP_NAME_MAX_LENGTH,
    reason: 'the PhysicalBackup <cluster>-<schedule> names its Jobs <name>-<YYYYMMDDHHMMSS> (physicalbackup_controller.go:getObjectName), '
      + `labels of at most 63 characters: at most ${PHYSICAL_BACKUP_NAME_MAX_LENGTH} characters`,
  },
  problemRule('storage', (s: ScheduleSubject) => s.schedule.storage, storageProblem, (st) => st.name),
];

type BackupSubject = { readonly storage: BackupStorage };

/** An on-demand backup is a logical Backup. */
export const ON_DEMAND_BACKUP_RULES: ReadonlyArray<Rule<BackupSubject>> = [
  {
    prop: 'storage',
    value: (b) => b.storage.provider,
    valid: (b) => b.storage.provider !== BackupProvider.AZURE,
    reason: `an on-demand backup is a logical Backup, which ${OPERATOR} writes to S3-compatible storage only (backup_types.go:BackupStorage `
      + 'has no azureBlob): back up to Azure with a schedule (physical backups)',
  },
  problemRule('storage', (b: BackupSubject) => b.storage, storageProblem, (st) => st.name),
];

type RestoreSubject = { readonly source: RestoreSource; readonly model: ClusterModel };

/** What the operator's in-place Restore can express (restore_types.go:RestoreSource, logical backups only). */
export const RESTORE_RULES: ReadonlyArray<Rule<RestoreSubject>> = [
  {
    prop: 'source',
    value: (r) => r.source.time,
    valid: (r) => r.source.time === undefined,
    reason: `${OPERATOR} replays binlogs only into a new cluster (MariaDB.spec.bootstrapFrom); its Restore loads a logical backup into a `
      + 'running one: clone with `restoreFrom: RestoreSource.pointInTime(...)` and switch clients to the clone',
  },
  backupObjectNameRule<RestoreSubject>('source', (r) => r.source),
  {
    prop: 'source.storage',
    value: (r) => r.source.storage?.name,
    when: (r) => r.source.backupName !== undefined,
    valid: (r) => r.source.storage === undefined,
    reason: `${OPERATOR} restores a backup through its Backup object in the namespace, which records the storage (Restore.spec.backupRef): `
      + 'leave `storage` out',
  },
];

/**
 * Rules over what is added after the cluster (schedules), checked at synthesis when everything is known: before the
 * objects are serialized, with the library's error.
 */
export const MARIADB_SYNTHESIS_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  {
    prop: 'backup.pointInTimeRecovery',
    value: (m) => m.schedules.map((s) => s.name),
    when: (m) => m.backup?.pointInTimeRecovery === true,
    valid: (m) => baseSchedule(m) !== undefined,
    reason: `${OPERATOR} replays binlogs on the backups of one PhysicalBackup (PointInTimeRecovery.spec.physicalBackupRef): `
      + 'add an enabled schedule on `backup.storage`',
  },
];

/** An in-place restore's source, checked at synthesis against the cluster's schedules. */
export const RESTORE_SYNTHESIS_RULES: ReadonlyArray<Rule<RestoreSubject>> = [
  {
    prop: 'source.backupName',
    value: (r) => r.source.backupName,
    when: (r) => r.source.backupName !== undefined,
    valid: (r) => !r.model.schedules.some((s) => names.scheduledBackup(r.model, s.name) === r.source.backupName),
    reason: `that is the PhysicalBackup of a schedule: ${OPERATOR} restores physical backups only into a new cluster `
      + '(mariadb_types.go:BootstrapFrom.RestoreSource); restore an OnDemandBackup (a logical Backup), or clone from an instant',
  },
];
