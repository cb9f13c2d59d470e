import { ClusterModel } from '../../model';
import { Rule } from '../../rules';

// What the Percona Operator for PostgreSQL (PGO underneath) and Patroni do with the `config` parameters, which reach
// Patroni's dynamic configuration (`patroni.dynamicConfiguration.postgresql.parameters`). PGO lays its own sets
// over them (internal/patroni/config.go:DynamicConfiguration: mandatory values win), and Patroni reads parameter names
// case-insensitively (patroni/postgresql/config.py:ConfigHandler, CaseInsensitiveDict): `SSL` is `ssl`.

const OPERATOR = 'the Percona Operator for PostgreSQL';

/** The parameter names of `config` that equal `names`, whatever their case. */
function givenOf(m: ClusterModel, names: ReadonlyArray<string>): string[] {
  return Object.keys(m.config).filter((key) => names.includes(key.toLowerCase()));
}

/** The value of one parameter, whatever the case of its name. */
export function parameterValue(m: ClusterModel, name: string): string | undefined {
  const key = Object.keys(m.config).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : m.config[key];
}

/** Parameters set by the operator or Patroni, which override a value given in `config`; each group cites its source. */
const MANAGED: ReadonlyArray<{ readonly names: ReadonlyArray<string>; readonly reason: string }> = [
  {
    // internal/postgres/parameters.go:NewParameters (the mandatory set).
    names: ['unix_socket_directories', 'wal_level', 'ssl', 'ssl_cert_file', 'ssl_key_file', 'ssl_ca_file'],
    reason: `${OPERATOR} sets its sockets, logical WAL and its own TLS certificates (internal/postgres/parameters.go:NewParameters) and overrides these`,
  },
  {
    // internal/pgbackrest/postgres.go:PostgreSQL. A restore_command of the user's is honoured, and then replaces
    // pgBackRest's archive-get, which replicas and restores fetch WAL with.
    names: ['archive_mode', 'archive_command', 'restore_command'],
    reason: `${OPERATOR} archives WAL to pgBackRest and fetches it back (internal/pgbackrest/postgres.go:PostgreSQL): it overrides `
      + 'archive_mode and archive_command, and a restore_command would replace pgBackRest\'s, which replicas and restores need',
  },
  {
    // internal/pgstatmonitor/pgstatmonitor.go:PostgreSQLParameters; the library always turns pg_stat_monitor on.
    names: ['pg_stat_monitor.pgsm_query_max_len'],
    reason: `${OPERATOR} sets it with pg_stat_monitor (internal/pgstatmonitor/pgstatmonitor.go:PostgreSQLParameters) and overrides it`,
  },
  {
    // Patroni: ConfigHandler.get_server_parameters sets listen_addresses, port and cluster_name from its own
    // configuration; CMDLINE_OPTIONS refuses any value of theirs and forces hot_standby on.
    names: ['listen_addresses', 'port', 'cluster_name', 'hot_standby'],
    reason: `Patroni, which ${OPERATOR} runs, sets these itself (patroni/postgresql/config.py:ConfigHandler.CMDLINE_OPTIONS, get_server_parameters)`,
  },
  {
    // Patroni: ConfigHandler.get_server_parameters in synchronous mode, patroni/postgresql/sync.py otherwise unmanaged.
    names: ['synchronous_standby_names'],
    reason: `Patroni, which ${OPERATOR} runs, manages it in synchronous mode (patroni/postgresql/config.py:ConfigHandler.get_server_parameters, `
      + 'patroni/postgresql/sync.py); a value of its own would not follow failovers: use `synchronousReplicas`',
  },
  {
    // Patroni: patroni/postgresql/available_parameters/0_postgres.yml `recovery_parameters`, which
    // ConfigHandler._RECOVERY_PARAMETERS moves out of postgresql.conf into the recovery configuration it writes.
    names: ['archive_cleanup_command', 'pause_at_recovery_target', 'primary_conninfo', 'primary_slot_name', 'promote_trigger_file',
      'recovery_end_command', 'recovery_min_apply_delay', 'recovery_target', 'recovery_target_action', 'recovery_target_inclusive',
      'recovery_target_lsn', 'recovery_target_name', 'recovery_target_time', 'recovery_target_timeline', 'recovery_target_xid',
      'standby_mode', 'trigger_file'],
    reason: `Patroni, which ${OPERATOR} runs, writes the recovery settings of replicas and restores itself `
      + '(patroni/postgresql/config.py:ConfigHandler._RECOVERY_PARAMETERS); restore with DatabaseRestore or `restoreFrom`',
  },
  {
    // Patroni writes hba_file and ident_file (ConfigHandler.write_postgresql_conf) and stops writing PGO's pg_hba.conf
    // when one is given (ConfigHandler.replace_pg_hba); the data directory is /pgdata/pg<major> (internal/postgres/config.go).
    names: ['data_directory', 'config_file', 'hba_file', 'ident_file'],
    reason: `${OPERATOR} and Patroni place the data directory and configuration files themselves, and Patroni writes PGO's `
      + 'pg_hba.conf (TLS, replication certificates) only to its own hba_file (patroni/postgresql/config.py:ConfigHandler.replace_pg_hba)',
  },
];

/**
 * Patroni's integer parameters with a minimum (patroni/postgresql/config.py:ConfigHandler.CMDLINE_OPTIONS, Patroni 4):
 * a value below it, or one that is not an integer, is dropped with a log line only
 * (patroni/config.py:Config._process_postgresql_parameters), and the default applies.
 */
const PATRONI_MINIMUMS: ReadonlyArray<{ readonly name: string; readonly min: number; readonly fallback: string; readonly unit?: string }> = [
  { name: 'max_connections', min: 25, fallback: '100' },
  { name: 'max_wal_senders', min: 3, fallback: '10' },
  { name: 'wal_keep_segments', min: 1, fallback: '8' },
  { name: 'wal_keep_size', min: 16, fallback: '128MB', unit: 'MB' },
  { name: 'max_prepared_transactions', min: 0, fallback: '0' },
  { name: 'max_locks_per_transaction', min: 32, fallback: '64' },
  { name: 'max_replication_slots', min: 4, fallback: '10' },
  { name: 'max_worker_processes', min: 2, fallback: '8' },
];

/** Bytes per memory unit, as PostgreSQL and Patroni (patroni/utils.py:convert_to_base_unit) write them (case-sensitive). */
const UNIT_BYTES: { [unit: string]: number } = { B: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };

/**
 * A parameter value as Patroni's `parse_int` reads it (patroni/utils.py): a decimal number, rounded, with an optional
 * memory unit converted to `baseUnit`; undefined when Patroni would not read an integer (a unit without a base unit).
 */
export function patroniInteger(value: string, baseUnit?: string): number | undefined {
  const match = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([A-Za-z]*)\s*$/.exec(value);
  if (!match) return undefined;
  const number = Number(match[1]);
  if (match[2] === '') return Math.round(number);
  if (baseUnit === undefined || UNIT_BYTES[match[2]] === undefined) return undefined;
  return Math.round((number * UNIT_BYTES[match[2]]) / UNIT_BYTES[baseUnit]);
}

/** Patroni's and PostgreSQL's booleans (patroni/utils.py:parse_bool). */
export function patroniBoolean(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (['on', 'true', 'yes', '1'].includes(v)) return true;
  if (['off', 'false', 'no', '0'].includes(v)) return false;
  return undefined;
}

/** `synchronous_commit` values with which a commit does not wait for any standby (PostgreSQL's enum, booleans included). */
const NOT_WAITING_FOR_STANDBYS = ['off', 'false', 'no', '0', 'local'];

/** The operator's and Patroni's rules on `config`, each naming who overrides or drops the value. */
export const PARAMETER_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  ...MANAGED.map((group): Rule<ClusterModel> => ({
    prop: 'config',
    value: (m) => givenOf(m, group.names),
    valid: (m) => givenOf(m, group.names).length === 0,
    reason: group.reason,
  })),
  ...PATRONI_MINIMUMS.map((p): Rule<ClusterModel> => ({
    prop: `config.${p.name}`,
    value: (m) => parameterValue(m, p.name),
    when: (m) => parameterValue(m, p.name) !== undefined,
    valid: (m) => (patroniInteger(parameterValue(m, p.name)!, p.unit) ?? -Infinity) >= p.min,
    reason: `Patroni, which ${OPERATOR} runs, takes an integer of at least ${p.min}${p.unit ?? ''} and otherwise silently uses `
      + `${p.fallback} (patroni/postgresql/config.py:ConfigHandler.CMDLINE_OPTIONS)`,
  })),
  {
    prop: 'config.track_commit_timestamp',
    value: (m) => parameterValue(m, 'track_commit_timestamp'),
    when: (m) => parameterValue(m, 'track_commit_timestamp') !== undefined,
    valid: (m) => patroniBoolean(parameterValue(m, 'track_commit_timestamp')!) === true,
    reason: `${OPERATOR} turns it on for its latest-restorable-time tracking whenever the cluster has a backup storage `
      + '(internal/pgbackrest/postgres.go:PostgreSQL), and Patroni drops a value that is not a boolean',
  },
  {
    prop: 'config.huge_pages',
    value: (m) => parameterValue(m, 'huge_pages'),
    when: (m) => parameterValue(m, 'huge_pages') !== undefined,
    valid: (m) => parameterValue(m, 'huge_pages')!.trim().toLowerCase() !== 'on',
    reason: 'PostgreSQL does not start without huge pages, and the pods request no hugepages-2Mi resources '
      + `(${OPERATOR} itself chooses off, or try with such a request: internal/postgres/huge_pages.go:SetHugePages): use try or off`,
  },
  {
    prop: 'config.synchronous_commit',
    value: (m) => parameterValue(m, 'synchronous_commit'),
    when: (m) => m.synchronousReplicas > 0 && parameterValue(m, 'synchronous_commit') !== undefined,
    valid: (m) => !NOT_WAITING_FOR_STANDBYS.includes(parameterValue(m, 'synchronous_commit')!.trim().toLowerCase()),
    reason: (m) => `with synchronousReplicas ${m.synchronousReplicas}, commits must wait for the standbys: with off or local they `
      + 'return before any standby has the change, and a failover loses them (Patroni docs/replication_modes.rst, PostgreSQL\'s '
      + 'synchronous_commit): use on, remote_apply or remote_write',
  },
];
