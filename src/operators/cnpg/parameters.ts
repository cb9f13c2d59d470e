/**
 * What CloudNativePG 1.30 does with `spec.postgresql.parameters`, read from `pkg/postgres/configuration.go` and the
 * Cluster webhook (`internal/webhook/v1/cluster_webhook.go`).
 */

/**
 * `FixedConfigurationParameters` (pkg/postgres/configuration.go): parameters the operator sets itself ("fixed") or
 * keeps at PostgreSQL's default ("blocked"). `validateConfiguration` refuses each of them unless it has exactly the
 * value of the operator's own configuration (see `OPERATOR_VALUES`).
 */
export const FIXED_PARAMETERS: ReadonlySet<string> = new Set([
  // blocked
  'allow_system_table_mods', 'archive_cleanup_command', 'bonjour', 'bonjour_name', 'config_file', 'data_directory',
  'data_sync_retry', 'event_source', 'external_pid_file', 'hba_file', 'hot_standby', 'ident_file', 'jit_provider',
  'listen_addresses', 'log_destination', 'log_directory', 'log_file_mode', 'log_filename', 'log_rotation_age',
  'log_rotation_size', 'log_truncate_on_rotation', 'logging_collector', 'promote_trigger_file', 'recovery_end_command',
  'recovery_min_apply_delay', 'restart_after_crash', 'stats_temp_directory', 'syslog_facility', 'syslog_ident',
  'syslog_sequence_numbers', 'syslog_split_messages', 'unix_socket_directories', 'unix_socket_group',
  'unix_socket_permissions',
  // fixed
  'archive_command', 'archive_mode', 'cluster_name', 'pg_failover_slots.primary_dsn', 'pg_failover_slots.standby_slot_names',
  'port', 'primary_conninfo', 'primary_slot_name', 'recovery_target', 'recovery_target_action', 'recovery_target_inclusive',
  'recovery_target_lsn', 'recovery_target_name', 'recovery_target_time', 'recovery_target_timeline', 'recovery_target_xid',
  'restore_command', 'shared_preload_libraries', 'ssl', 'ssl_ca_file', 'ssl_cert_file', 'ssl_crl_file', 'ssl_dh_params_file',
  'ssl_ecdh_curve', 'ssl_key_file', 'ssl_passphrase_command', 'ssl_passphrase_command_supports_reload',
  'ssl_prefer_server_ciphers', 'synchronized_standby_slots', 'synchronous_standby_names', 'temp_tablespaces',
]);

/**
 * The fixed and blocked parameters present in the configuration the webhook compares against
 * (`CreatePostgresqlConfiguration` without the mandatory settings: `CnpgConfigurationSettings.GlobalDefaultSettings`,
 * then `archive_mode` on for a primary cluster archiving its WAL, which every cluster of the library is). A user value
 * equal to these is accepted; any other value of a fixed parameter is refused.
 */
export const OPERATOR_VALUES: { readonly [key: string]: string } = {
  archive_mode: 'on',
  logging_collector: 'on',
  log_destination: 'csvlog',
  log_directory: '/controller/log',
  log_filename: 'postgres',
  log_rotation_age: '0',
  log_rotation_size: '0',
  log_truncate_on_rotation: 'false',
  shared_preload_libraries: '',
};

/**
 * Parameters outside the fixed list that the instance manager overwrites when it writes `custom.conf`, so a value
 * the webhook accepted never applies: `allow_alter_system` (from `spec.postgresql.enableAlterSystem` on PostgreSQL 17+,
 * `CreatePostgresqlConfiguration`) and the operator's own `cnpg.` namespace (`cnpg.config_sha256`,
 * `cnpg.synchronous_standby_names_metadata`, `CreatePostgresqlConfFile`).
 */
export function isOverwrittenParameter(key: string): boolean {
  return key === 'allow_alter_system' || key.startsWith('cnpg.');
}

/** `postgresParameterNameRegex` (cluster_webhook.go): a GUC name, optionally namespaced with a single dot. */
export const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/;

/** `ParsePostgresConfigBoolean` (pkg/postgres/booleans.go): on/off, true/false, yes/no, 1/0 and their unambiguous prefixes. */
export function postgresBoolean(value: string): boolean | undefined {
  const lower = value.toLowerCase();
  if (['1', 'on', 'y', 'ye', 'yes', 't', 'tr', 'tru', 'true'].includes(lower)) return true;
  if (['0', 'of', 'off', 'n', 'no', 'f', 'fa', 'fal', 'fals', 'false'].includes(lower)) return false;
  return undefined;
}

const BINARY_UNITS: { readonly [suffix: string]: number } = { '': 1, 'Ki': 2 ** 10, 'Mi': 2 ** 20, 'Gi': 2 ** 30, 'Ti': 2 ** 40, 'Pi': 2 ** 50, 'Ei': 2 ** 60 };

/**
 * Bytes of a memory or WAL size as the webhook reads it (`parsePostgresQuantityValue`): a bare integer is megabytes,
 * otherwise the value must end in `B` (`128MB`, `1GB`, `64kB`, `1 GB`) and becomes a Kubernetes binary quantity.
 * Undefined where the webhook refuses the value (`25%`, `1GiB`, `1.5B`).
 */
export function postgresSizeBytes(value: string): number | undefined {
  let quantity = /^[+-]?\d+$/.test(value) ? `${value}MB` : value;
  if (!quantity.endsWith('B')) return undefined;
  quantity = quantity.slice(0, -1).replace(/ /g, '');
  if (!/^[+-]?\d+$/.test(quantity)) quantity = `${quantity}i`.replace(/ki/g, 'Ki');
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(quantity);
  return m ? Number(m[1]) * BINARY_UNITS[m[2] ?? ''] : undefined;
}

/** Bytes of the memory request, a binary quantity as the library writes it (`2Gi`, `1536Mi`); NaN otherwise. */
export function memoryRequestBytes(quantity: string): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(quantity);
  return m ? Number(m[1]) * BINARY_UNITS[m[2] ?? ''] : NaN;
}

/** `validateWalSizeConfiguration`'s defaults when a size is not given. */
export const WAL_SIZE_DEFAULTS = { min_wal_size: '80MB', max_wal_size: '1GB' };
