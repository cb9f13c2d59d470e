import { ClusterModel } from '../model';
import { Rule } from '../rules';
import { EngineParameters, parameterRules, ParameterTypes } from './parameters';

/** my.cnf size suffixes (case-insensitive in option files; a bare number is bytes). */
const SIZE_UNITS = { K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };
const BOOLEAN = ParameterTypes.boolean(['on', 'off', '1', '0', 'true', 'false']);
const UINT64 = Number.MAX_SAFE_INTEGER;
const MB = 1024 ** 2;

function size(min: number, max: number) {
  return ParameterTypes.amount(SIZE_UNITS, 1, min, max, '512M');
}

/**
 * The `[mysqld]` options whose values the library checks, with MySQL 8.0/8.4's types and bounds
 * (dev.mysql.com/doc/refman/8.0/en/server-system-variables.html and innodb-parameters.html). Others are checked for
 * their name only.
 */
export const MYSQL_PARAMETERS: EngineParameters = {
  engine: 'MySQL',
  namePattern: /^[a-z][a-z0-9_]*$/,
  nameForm: 'letters, digits, underscores and dashes, starting with a letter (dashes and underscores are the same)',
  // my.cnf treats dashes and underscores alike, and `loose-` only tells mysqld not to fail on an unknown option.
  normalize: (name) => name.toLowerCase().replace(/-/g, '_').replace(/^loose_/, ''),
  source: 'dev.mysql.com refman 8.0 server-system-variables, innodb-parameters',
  cacheParameter: 'innodb_buffer_pool_size',
  known: {
    innodb_buffer_pool_size: size(5 * MB, UINT64),
    innodb_log_file_size: size(4 * MB, UINT64),
    innodb_redo_log_capacity: size(8 * MB, 128 * 1024 ** 3),
    innodb_log_buffer_size: size(MB, 4 * 1024 ** 3),
    max_allowed_packet: size(1024, 1024 ** 3),
    tmp_table_size: size(1024, UINT64),
    max_heap_table_size: size(16 * 1024, UINT64),
    sort_buffer_size: size(32 * 1024, UINT64),
    join_buffer_size: size(128, UINT64),
    read_buffer_size: size(8192, 2 * 1024 ** 3),
    read_rnd_buffer_size: size(1, 2 * 1024 ** 3),
    key_buffer_size: size(0, UINT64),
    binlog_cache_size: size(4096, UINT64),
    max_binlog_size: size(4096, 1024 ** 3),
    thread_stack: size(128 * 1024, UINT64),
    max_connections: ParameterTypes.integer(1, 100000),
    max_user_connections: ParameterTypes.integer(0, 4294967295),
    max_connect_errors: ParameterTypes.integer(1, UINT64),
    table_open_cache: ParameterTypes.integer(1, 524288),
    table_definition_cache: ParameterTypes.integer(400, 524288),
    thread_cache_size: ParameterTypes.integer(0, 16384),
    open_files_limit: ParameterTypes.integer(0, UINT64),
    innodb_io_capacity: ParameterTypes.integer(100, UINT64),
    innodb_io_capacity_max: ParameterTypes.integer(100, UINT64),
    innodb_buffer_pool_instances: ParameterTypes.integer(1, 64),
    innodb_read_io_threads: ParameterTypes.integer(1, 64),
    innodb_write_io_threads: ParameterTypes.integer(1, 64),
    innodb_purge_threads: ParameterTypes.integer(1, 32),
    innodb_thread_concurrency: ParameterTypes.integer(0, 1000),
    innodb_flush_log_at_trx_commit: ParameterTypes.oneOf(['0', '1', '2']),
    innodb_autoinc_lock_mode: ParameterTypes.oneOf(['0', '1', '2']),
    innodb_lock_wait_timeout: ParameterTypes.integer(1, 1073741824),
    sync_binlog: ParameterTypes.integer(0, 4294967295),
    wait_timeout: ParameterTypes.integer(1, 31536000),
    interactive_timeout: ParameterTypes.integer(1, 31536000),
    lock_wait_timeout: ParameterTypes.integer(1, 31536000),
    binlog_expire_logs_seconds: ParameterTypes.integer(0, 4294967295),
    log_error_verbosity: ParameterTypes.integer(1, 3),
    auto_increment_increment: ParameterTypes.integer(1, 65535),
    auto_increment_offset: ParameterTypes.integer(1, 65535),
    long_query_time: ParameterTypes.real(0, 31536000),
    slow_query_log: BOOLEAN,
    general_log: BOOLEAN,
    innodb_file_per_table: BOOLEAN,
    innodb_adaptive_hash_index: BOOLEAN,
    log_bin_trust_function_creators: BOOLEAN,
    local_infile: BOOLEAN,
    require_secure_transport: BOOLEAN,
    skip_name_resolve: BOOLEAN,
    performance_schema: BOOLEAN,
    innodb_flush_method: ParameterTypes.oneOf(['fsync', 'O_DSYNC', 'littlesync', 'nosync', 'O_DIRECT', 'O_DIRECT_NO_FSYNC']),
    binlog_format: ParameterTypes.oneOf(['ROW', 'STATEMENT', 'MIXED']),
    transaction_isolation: ParameterTypes.oneOf(['READ-UNCOMMITTED', 'READ-COMMITTED', 'REPEATABLE-READ', 'SERIALIZABLE']),
    event_scheduler: ParameterTypes.oneOf(['ON', 'OFF', 'DISABLED', '1', '0']),
    default_storage_engine: ParameterTypes.oneOf(['InnoDB', 'MyISAM', 'MEMORY', 'CSV', 'ARCHIVE', 'BLACKHOLE']),
  },
};

/** What any MySQL needs, whichever operator runs it (the operators' own limits are theirs). */
export const MYSQL_RULES: ReadonlyArray<Rule<ClusterModel>> = parameterRules(MYSQL_PARAMETERS);

/** The `[mysqld]` section of my.cnf with the engine parameters. */
export function mysqldSection(parameters: { [key: string]: string }): string {
  return ['[mysqld]', ...Object.entries(parameters).map(([k, v]) => `${k}=${v}`), ''].join('\n');
}
