import { ARCHIVE_STORAGE_REASON, isArchiveStorage, ownArchive, recoverySource } from './backup';
import { MAX_CLUSTER_NAME_LENGTH, names, RECOVERY_SOURCE } from './names';
import {
  FIXED_PARAMETERS, isOverwrittenParameter, memoryRequestBytes, OPERATOR_VALUES, PARAMETER_NAME, postgresBoolean, postgresSizeBytes,
  WAL_SIZE_DEFAULTS,
} from './parameters';
import { CNPG_CATALOGUE, imageTag, majorFromTag } from './versions';
import { BackupProvider, BackupStorage } from '../../backup-storage';
import { ClusterModel, ScheduleModel } from '../../model';
import { MonitoringKind } from '../../monitoring';
import { problemRule, Rule } from '../../rules';
import { AntiAffinity } from '../../scheduling';

/** Why Barman Cloud cannot use a storage as this library describes it, or undefined when it can. */
function storageProblem(storage: BackupStorage): string | undefined {
  if (!storage.verifyTls) {
    return 'the Barman Cloud ObjectStore always verifies TLS (it only takes an extra CA bundle): use an endpoint whose certificate is trusted';
  }
  return undefined;
}

/** An Azure storage must carry its account: Barman Cloud finds it in the destination URL only. */
function storageAccountRule(prop: string, storageOf: (m: ClusterModel) => BackupStorage | undefined): Rule<ClusterModel> {
  return {
    prop: `${prop}.storageAccount`,
    value: (m) => storageOf(m)!.storageAccount,
    when: (m) => storageOf(m)?.provider === BackupProvider.AZURE,
    valid: (m) => storageOf(m)!.storageAccount !== undefined,
    reason: (m) => 'Barman Cloud names the Azure storage account in the destination URL (https://<account>.blob.core.windows.net/<container>): '
      + `set \`storageAccount\` on the storage "${storageOf(m)!.name}" to use Azure on CloudNativePG`,
  };
}

/** The tag of `engine.image`, when one is given. */
const customTag = (m: ClusterModel) => imageTag(m.engine.image!);

/** `key=value` of one parameter of `config`, as the refusal shows it. */
const setting = (m: ClusterModel, key: string) => `${key}=${m.config[key]}`;

/** A rule on one parameter of `config`, checked when the user sets it. */
function parameterCheck(key: string, valid: (value: string, m: ClusterModel) => boolean, reason: string): Rule<ClusterModel> {
  return {
    prop: 'config',
    value: (m) => setting(m, key),
    when: (m) => m.config[key] !== undefined,
    valid: (m) => valid(m.config[key], m),
    reason,
  };
}

/** A parameter the webhook parses as a PostgreSQL boolean (`tryParseBooleanPostgresParameter`). */
const booleanParameter = (key: string) => parameterCheck(key, (v) => postgresBoolean(v) !== undefined,
  'CloudNativePG\'s webhook takes a PostgreSQL boolean here: on, off, true, false, yes, no, 1, 0 (validateConfiguration)');

/** A size the webhook parses (`parsePostgresQuantityValue`): PostgreSQL units ending in B, or a bare number of megabytes. */
const sizeParameter = (key: string) => parameterCheck(key, (v) => postgresSizeBytes(v) !== undefined,
  'CloudNativePG\'s webhook reads this size as a bare number of megabytes or a number with kB, MB, GB or TB '
  + '(validateConfiguration, parsePostgresQuantityValue): not %, not Kubernetes units such as 1GiB');

const walSize = (m: ClusterModel, key: keyof typeof WAL_SIZE_DEFAULTS) => postgresSizeBytes(m.config[key] || WAL_SIZE_DEFAULTS[key]);

/** A restore by name: a Barman backup ID (`20261120T083000`). */
const restoresBackup = (m: ClusterModel) => m.restoreFrom?.backupName !== undefined;

/**
 * Rules of CloudNativePG 1.30 and the Barman Cloud plugin 0.14, most of them enforced only by the operator's admission
 * webhook (internal/webhook/v1/cluster_webhook.go), so that `kubectl apply` would otherwise be the first to fail.
 */
export const CNPG_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  ...CNPG_CATALOGUE.rules(),
  {
    // cluster_webhook.go:validateName allows 50; pkg/specs/jobs.go:getJobName names Jobs `<cluster>-<serial>-<role>`
    // and sets the pod hostname to it, which Kubernetes limits to 63: `-1-full-recovery` (a clone) and
    // `-<primary serial>-major-upgrade` (pkg/reconciler/majorupgrade/job.go) leave 46 with serials up to 99.
    prop: 'name',
    value: (m) => m.name,
    valid: (m) => m.name.length <= MAX_CLUSTER_NAME_LENGTH,
    reason: 'CloudNativePG names a clone\'s and a major upgrade\'s Jobs <cluster>-<serial>-full-recovery and <cluster>-<serial>-major-upgrade, '
      + `which Kubernetes limits to 63 characters: at most ${MAX_CLUSTER_NAME_LENGTH} characters (the webhook itself allows 50)`,
  },
  {
    prop: 'scheduling.antiAffinity',
    value: (m) => m.scheduling.antiAffinity,
    valid: (m) => Object.values(AntiAffinity).includes(m.scheduling.antiAffinity),
    reason: 'CloudNativePG takes a required or preferred pod anti-affinity, or none (cluster_webhook.go:validateAntiAffinity)',
  },
  // cluster_webhook.go:validateImageName, then GetPostgresqlMajorVersion: the major comes from the tag, not from `version`.
  {
    prop: 'engine.image',
    value: (m) => m.engine.image,
    when: (m) => m.engine.image !== undefined,
    valid: (m) => customTag(m) !== 'latest',
    reason: 'CloudNativePG refuses the `latest` tag: it reads the PostgreSQL version from the tag to detect upgrades (validateImageName)',
  },
  {
    prop: 'engine.image',
    value: (m) => m.engine.image,
    when: (m) => m.engine.image !== undefined,
    valid: (m) => customTag(m) !== undefined,
    reason: 'CloudNativePG refuses an image given by digest only: it reads the PostgreSQL version from the tag (validateImageName); '
      + 'write repository:17.7-standard-trixie@sha256:…',
  },
  {
    prop: 'engine.image',
    value: (m) => m.engine.image,
    when: (m) => m.engine.image !== undefined && customTag(m) !== undefined && customTag(m) !== 'latest',
    valid: (m) => majorFromTag(customTag(m)!) !== undefined,
    reason: 'CloudNativePG reads the PostgreSQL version from the image tag, which must start with it (17.7, 17.7-standard-trixie) '
      + '(validateImageName, machinery version.FromTag)',
  },
  {
    prop: 'engine.image',
    value: (m) => m.engine.image,
    when: (m) => m.engine.image !== undefined && majorFromTag(customTag(m) ?? '') !== undefined,
    valid: (m) => majorFromTag(customTag(m)!) === m.engine.majorVersion,
    reason: (m) => `CloudNativePG runs the PostgreSQL major of the image tag (${majorFromTag(customTag(m)!)}), which must be the major of `
      + `\`version\` (${m.engine.majorVersion}) (Cluster.GetPostgresqlMajorVersion)`,
  },
  // cluster_webhook.go:validateConfiguration and validateResources, on `spec.postgresql.parameters` (our `config`).
  {
    prop: 'config',
    value: (m) => Object.keys(m.config).filter((k) => !PARAMETER_NAME.test(k)),
    valid: (m) => Object.keys(m.config).every((k) => PARAMETER_NAME.test(k)),
    reason: 'CloudNativePG takes PostgreSQL parameter names: letters, digits, _ and $, with at most one dot for a namespace (validateConfiguration)',
  },
  {
    prop: 'config',
    value: (m) => Object.keys(m.config).filter((k) => FIXED_PARAMETERS.has(k) && m.config[k] !== OPERATOR_VALUES[k]),
    valid: (m) => Object.keys(m.config).every((k) => !FIXED_PARAMETERS.has(k) || m.config[k] === OPERATOR_VALUES[k]),
    reason: 'CloudNativePG fixes these parameters (archiving, replication, recovery, TLS, sockets, logging) and its webhook refuses '
      + 'them: "Can\'t set fixed configuration parameter" (pkg/postgres/configuration.go FixedConfigurationParameters)',
  },
  {
    prop: 'config',
    value: (m) => Object.keys(m.config).filter(isOverwrittenParameter),
    valid: (m) => !Object.keys(m.config).some(isOverwrittenParameter),
    reason: 'CloudNativePG overwrites these parameters when it writes the configuration: allow_alter_system comes from '
      + 'enableAlterSystem (off), and cnpg.* is the operator\'s own (pkg/postgres/configuration.go CreatePostgresqlConfiguration)',
  },
  parameterCheck('wal_level', (v) => v === 'logical' || v === 'replica',
    'CloudNativePG archives WAL and streams it to replicas: wal_level must be logical (its default) or replica (validateConfiguration)'),
  sizeParameter('shared_buffers'),
  {
    prop: 'config',
    value: (m) => setting(m, 'shared_buffers'),
    when: (m) => postgresSizeBytes(m.config.shared_buffers ?? '') !== undefined,
    valid: (m) => {
      const memory = memoryRequestBytes(m.resources.memory);
      // A memory the library did not write is the engine-neutral rules' to refuse.
      return Number.isNaN(memory) || postgresSizeBytes(m.config.shared_buffers)! <= memory;
    },
    reason: (m) => `CloudNativePG refuses shared_buffers above the memory request (${m.resources.memory}) (validateResources)`,
  },
  booleanParameter('hot_standby_feedback'),
  booleanParameter('sync_replication_slots'),
  booleanParameter('wal_log_hints'),
  parameterCheck('wal_log_hints', (v, m) => postgresBoolean(v) !== false || m.replicas === 1,
    'CloudNativePG needs wal_log_hints on with more than one instance: pg_rewind rejoins a former primary (validateConfiguration)'),
  sizeParameter('min_wal_size'),
  sizeParameter('max_wal_size'),
  {
    prop: 'config',
    value: (m) => `min_wal_size=${m.config.min_wal_size || WAL_SIZE_DEFAULTS.min_wal_size} max_wal_size=${m.config.max_wal_size || WAL_SIZE_DEFAULTS.max_wal_size}`,
    when: (m) => walSize(m, 'min_wal_size') !== undefined && walSize(m, 'max_wal_size') !== undefined
      && walSize(m, 'min_wal_size') !== 0 && walSize(m, 'max_wal_size') !== 0,
    valid: (m) => walSize(m, 'min_wal_size')! < walSize(m, 'max_wal_size')!,
    reason: `CloudNativePG needs min_wal_size (default ${WAL_SIZE_DEFAULTS.min_wal_size}) below max_wal_size (default `
      + `${WAL_SIZE_DEFAULTS.max_wal_size}) (validateWalSizeConfiguration)`,
  },
  {
    prop: 'config',
    value: (m) => setting(m, 'hot_standby_feedback'),
    when: (m) => Object.keys(m.config).some((k) => k.startsWith('pg_failover_slots.')),
    valid: (m) => postgresBoolean(m.config.hot_standby_feedback ?? '') === true,
    reason: 'pg_failover_slots parameters load the extension, which CloudNativePG only runs with hot_standby_feedback on (validatePgFailoverSlots)',
  },
  {
    prop: 'monitoring',
    value: (m) => m.monitoring?.kind,
    when: (m) => m.monitoring !== undefined,
    valid: (m) => m.monitoring!.kind === MonitoringKind.PROMETHEUS,
    reason: 'CloudNativePG has no PMM client: use Monitoring.prometheus() (its exporter serves every instance\'s metrics)',
  },
  problemRule('backup.storage', (m: ClusterModel) => m.backup?.storage, storageProblem, (s) => s.name),
  problemRule('restoreFrom.storage', (m: ClusterModel) => m.restoreFrom?.storage, storageProblem, (s) => s.name),
  // A named backup is restored from the source's archive: the plugin's recovery reads the Barman catalog there and
  // picks the backup by its ID (barman-cloud pkg/catalog/catalog.go:FindBackupInfo, findBackupFromID). A Backup
  // object's name cannot be used: CNPG then takes the in-tree Barman path (pkg/management/postgres/restore.go:
  // loadBackupFromReference), which a plugin Backup's status cannot feed, and the recovery Job fails.
  {
    prop: 'restoreFrom.backupName',
    value: (m) => m.restoreFrom!.backupName,
    when: restoresBackup,
    valid: (m) => /^\d{8}T\d{6}$/.test(m.restoreFrom!.backupName!),
    reason: 'CloudNativePG restores a Barman Cloud backup by its Barman backup ID, such as 20261120T083000 (the Backup\'s '
      + 'status.backupID, known once it completed), not by a Backup object\'s name; or use RestoreSource.pointInTime()',
  },
  {
    prop: 'restoreFrom.storage',
    value: (m) => m.restoreFrom!.storage?.name,
    when: restoresBackup,
    valid: (m) => m.restoreFrom!.storage !== undefined,
    reason: 'CloudNativePG restores a backup from the source cluster\'s archive: give the storage that holds it',
  },
  {
    prop: 'restoreFrom.sourceCluster',
    value: (m) => m.restoreFrom!.sourceCluster,
    when: restoresBackup,
    valid: (m) => m.restoreFrom!.sourceCluster !== undefined,
    reason: 'the source cluster\'s archive is its path in the storage: give the cluster that took the backup '
      + '(and sourceNamespace when it is in another namespace)',
  },
  {
    prop: 'restoreFrom.baseBackupName',
    value: (m) => m.restoreFrom!.baseBackupName,
    when: (m) => m.restoreFrom?.baseBackupName !== undefined,
    valid: () => false,
    reason: 'CloudNativePG picks the base backup before `time` from the Barman catalog (FindBackupInfo); a backup object\'s name '
      + 'cannot select it: leave baseBackupName out',
  },
  storageAccountRule('backup.storage', (m) => m.backup?.storage),
  storageAccountRule('restoreFrom.storage', (m) => m.restoreFrom?.storage),
  // After the storage rules: both storages have a destination URL.
  {
    // barman:internal/cnpgi/restore/restore.go:checkBackupDestination, then the first WAL archive's empty-archive check.
    prop: 'restoreFrom.sourceCluster',
    value: (m) => m.restoreFrom!.sourceCluster,
    when: (m) => recoverySource(m) !== undefined && m.backup !== undefined,
    valid: (m) => {
      const { destinationPath, serverName } = recoverySource(m)!;
      const own = ownArchive(m)!;
      return destinationPath !== own.destinationPath || serverName !== own.serverName;
    },
    reason: 'the clone would archive its WAL into the archive it recovers from, which Barman Cloud refuses: '
      + 'give the clone another name, namespace or storage prefix',
  },
  {
    prop: 'backup.storage.name',
    value: (m) => m.backup!.storage.name,
    when: (m) => recoverySource(m) !== undefined && m.backup !== undefined,
    valid: (m) => names.objectStore(m, m.backup!.storage) !== names.recoveryObjectStore(m),
    reason: `the ObjectStore of a storage named "${RECOVERY_SOURCE}" would take the name of the clone's recovery source`,
  },
];

/** CloudNativePG's limits on a new schedule. */
export const CNPG_SCHEDULE_RULES: ReadonlyArray<Rule<{ readonly model: ClusterModel; readonly schedule: ScheduleModel }>> = [
  {
    prop: 'storage',
    value: (s) => s.schedule.storage.name,
    valid: (s) => isArchiveStorage(s.model, s.schedule.storage),
    reason: ARCHIVE_STORAGE_REASON,
  },
  {
    // api/v1/scheduledbackup_funcs.go: the Backups it creates carry its name in the label cnpg.io/scheduled-backup.
    prop: 'name',
    value: (s) => names.scheduledBackup(s.model, s.schedule.name),
    valid: (s) => names.scheduledBackup(s.model, s.schedule.name).length <= 63,
    reason: 'the ScheduledBackup `<cluster>-<schedule>` names the Backups it creates in a label: at most 63 characters',
  },
];
