import { ARCHIVE_STORAGE_REASON, destinationPath, isArchiveStorage, ownArchivePath, recoverySource } from './backup';
import { MAX_CLUSTER_NAME_LENGTH, names, RECOVERY_SOURCE } from './names';
import { CNPG_OPERATOR_VERSION, CNPG_POSTGRES_MAJORS } from './versions';
import { BackupProvider, BackupStorage } from '../../backup-storage';
import { ClusterModel, ScheduleModel } from '../../model';
import { MonitoringKind } from '../../monitoring';
import { backupObjectNameRule } from '../../restore-rules';
import { problemRule, Rule } from '../../rules';
import { AntiAffinity } from '../../scheduling';

/**
 * postgresql.conf parameters the operator sets itself and its webhook refuses in `postgresql.parameters`
 * (docs/src/postgresql_conf.md, "Fixed parameters"): WAL archiving, replication, recovery, TLS, sockets, logging.
 */
const OPERATOR_MANAGED_PARAMETERS = new Set([
  'allow_system_table_mods', 'archive_cleanup_command', 'archive_command', 'archive_mode', 'bonjour', 'bonjour_name',
  'cluster_name', 'config_file', 'data_directory', 'data_sync_retry', 'event_source', 'external_pid_file', 'hba_file',
  'hot_standby', 'ident_file', 'jit_provider', 'listen_addresses', 'log_destination', 'log_directory', 'log_file_mode',
  'log_filename', 'log_rotation_age', 'log_rotation_size', 'log_truncate_on_rotation', 'logging_collector', 'port',
  'primary_conninfo', 'primary_slot_name', 'promote_trigger_file', 'recovery_end_command', 'recovery_min_apply_delay',
  'recovery_target', 'recovery_target_action', 'recovery_target_inclusive', 'recovery_target_lsn', 'recovery_target_name',
  'recovery_target_time', 'recovery_target_timeline', 'recovery_target_xid', 'restart_after_crash', 'restore_command',
  'shared_preload_libraries', 'ssl', 'ssl_ca_file', 'ssl_cert_file', 'ssl_crl_file', 'ssl_dh_params_file',
  'ssl_ecdh_curve', 'ssl_key_file', 'ssl_passphrase_command', 'ssl_passphrase_command_supports_reload',
  'ssl_prefer_server_ciphers', 'stats_temp_directory', 'synchronous_standby_names', 'syslog_facility', 'syslog_ident',
  'syslog_sequence_numbers', 'syslog_split_messages', 'unix_socket_directories', 'unix_socket_group',
  'unix_socket_permissions',
]);

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

/**
 * Rules of CloudNativePG 1.30 and the Barman Cloud plugin, most of them enforced only by the operator's admission
 * webhook (see research/peers.md §3), so that `kubectl apply` would otherwise be the first to fail.
 */
export const CNPG_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  {
    prop: 'engine.version',
    value: (m) => m.engine.version,
    valid: (m) => CNPG_POSTGRES_MAJORS.includes(m.engine.majorVersion),
    reason: `CloudNativePG ${CNPG_OPERATOR_VERSION} images cover PostgreSQL ${CNPG_POSTGRES_MAJORS.join(', ')}`,
  },
  {
    prop: 'name',
    value: (m) => m.name,
    valid: (m) => m.name.length <= MAX_CLUSTER_NAME_LENGTH,
    reason: `CloudNativePG refuses Cluster names longer than ${MAX_CLUSTER_NAME_LENGTH} characters`,
  },
  {
    prop: 'scheduling.antiAffinity',
    value: (m) => m.scheduling.antiAffinity,
    valid: (m) => Object.values(AntiAffinity).includes(m.scheduling.antiAffinity),
    reason: 'CloudNativePG takes a required or preferred pod anti-affinity, or none',
  },
  {
    prop: 'config',
    value: (m) => Object.keys(m.config).filter((k) => OPERATOR_MANAGED_PARAMETERS.has(k)),
    valid: (m) => !Object.keys(m.config).some((k) => OPERATOR_MANAGED_PARAMETERS.has(k)),
    reason: 'CloudNativePG sets these parameters itself (archiving, replication, recovery, TLS, sockets, logging) and refuses them',
  },
  {
    prop: 'monitoring',
    value: (m) => m.monitoring?.kind,
    when: (m) => m.monitoring !== undefined,
    valid: (m) => m.monitoring!.kind === MonitoringKind.PROMETHEUS,
    reason: 'CloudNativePG has no PMM client: use Monitoring.prometheus() (its exporter serves every instance\'s metrics)',
  },
  problemRule('backup.storage', (m: ClusterModel) => m.backup?.storage, storageProblem, (s) => s.name),
  backupObjectNameRule<ClusterModel>('restoreFrom', (m) => m.restoreFrom),
  problemRule('restoreFrom.storage', (m: ClusterModel) => m.restoreFrom?.storage, storageProblem, (s) => s.name),
  {
    prop: 'restoreFrom.storage',
    value: (m) => m.restoreFrom!.storage?.name,
    when: (m) => m.restoreFrom?.backupName !== undefined,
    valid: (m) => m.restoreFrom!.storage === undefined,
    reason: 'CloudNativePG restores a named backup from its Backup object in the namespace: to clone another cluster from '
      + 'its storage use RestoreSource.pointInTime()',
  },
  storageAccountRule('backup.storage', (m) => m.backup?.storage),
  storageAccountRule('restoreFrom.storage', (m) => m.restoreFrom?.storage),
  // After the storage rules: both storages have a destination URL.
  {
    prop: 'restoreFrom.sourceCluster',
    value: (m) => m.restoreFrom!.sourceCluster,
    when: (m) => recoverySource(m) !== undefined && m.backup !== undefined,
    valid: (m) => {
      const source = recoverySource(m)!;
      return destinationPath(source.storage, source.path) !== ownArchivePath(m);
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
    prop: 'name',
    value: (s) => names.scheduledBackup(s.model, s.schedule.name),
    valid: (s) => names.scheduledBackup(s.model, s.schedule.name).length <= 63,
    reason: 'the ScheduledBackup `<cluster>-<schedule>` names the Backups it creates in a label: at most 63 characters',
  },
];
