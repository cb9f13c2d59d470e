import { ClusterModel } from '../model';
import { Rule } from '../rules';
import { EngineParameters, parameterRules, ParameterTypes } from './parameters';

/** PostgreSQL's memory units (case-sensitive) and time units (guc.c: memory_unit_conversion_table, time_unit_conversion_table). */
const MEMORY_UNITS = { B: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };
const TIME_UNITS_MS = { us: 0.001, ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };
const BOOLEAN = ParameterTypes.boolean(['on', 'off', 'true', 'false', 'yes', 'no', '1', '0']);
const INT_MAX = 2 ** 31 - 1;
const KB = 1024;
const BLOCK = 8 * KB;
const MB = 1024 ** 2;

/** An integer setting: PostgreSQL rounds a real number and ignores blanks around it (guc.c:parse_int). */
function int(min: number, max: number) {
  return ParameterTypes.integer(min, max, true);
}

/** A memory parameter whose bare numbers count `unit` bytes each. */
function memory(unit: number, min: number, max: number, special: string[] = []) {
  return ParameterTypes.amount(MEMORY_UNITS, unit, min, max, '256MB', special);
}

/** A time parameter whose bare numbers count `unitMs` milliseconds each. */
function time(unitMs: number, maxMs: number, special: string[] = []) {
  return ParameterTypes.amount(TIME_UNITS_MS, unitMs, 0, maxMs, '30s', special);
}

/**
 * The postgresql.conf parameters whose values the library checks, with PostgreSQL's types, units and bounds
 * (postgresql.org/docs/current/runtime-config.html; guc_tables.c). Others are checked for their name only.
 */
export const POSTGRES_PARAMETERS: EngineParameters = {
  engine: 'PostgreSQL',
  namePattern: /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/,
  nameForm: 'lowercase identifiers (letters, digits, underscores), with one dot for an extension\'s (pg_stat_statements.max)',
  normalize: (name) => name.toLowerCase(),
  source: 'postgresql.org/docs runtime-config, guc_tables.c',
  cacheParameter: 'shared_buffers',
  known: {
    shared_buffers: memory(BLOCK, 16 * BLOCK, INT_MAX * BLOCK),
    effective_cache_size: memory(BLOCK, BLOCK, INT_MAX * BLOCK),
    work_mem: memory(KB, 64 * KB, INT_MAX * KB),
    maintenance_work_mem: memory(KB, MB, INT_MAX * KB),
    autovacuum_work_mem: memory(KB, MB, INT_MAX * KB, ['-1']),
    temp_buffers: memory(BLOCK, 100 * BLOCK, INT_MAX * BLOCK),
    wal_buffers: memory(BLOCK, 4 * BLOCK, 262143 * BLOCK, ['-1']),
    max_wal_size: memory(MB, 2 * MB, INT_MAX * MB),
    min_wal_size: memory(MB, 2 * MB, INT_MAX * MB),
    wal_keep_size: memory(MB, 0, INT_MAX * MB),
    max_slot_wal_keep_size: memory(MB, 0, INT_MAX * MB, ['-1']),
    log_temp_files: memory(KB, 0, INT_MAX * KB, ['-1']),
    track_activity_query_size: memory(1, 100, MB),
    max_connections: int(1, 262143),
    superuser_reserved_connections: int(0, 262143),
    max_worker_processes: int(0, 262143),
    max_parallel_workers: int(0, 1024),
    max_parallel_workers_per_gather: int(0, 1024),
    max_parallel_maintenance_workers: int(0, 1024),
    max_locks_per_transaction: int(10, INT_MAX),
    max_pred_locks_per_transaction: int(10, INT_MAX),
    max_prepared_transactions: int(0, 262143),
    effective_io_concurrency: int(0, 1000),
    maintenance_io_concurrency: int(0, 1000),
    default_statistics_target: int(1, 10000),
    autovacuum_max_workers: int(1, 262143),
    autovacuum_vacuum_cost_limit: int(-1, 10000),
    autovacuum_freeze_max_age: int(100_000, 2_000_000_000),
    random_page_cost: ParameterTypes.real(0, Number.MAX_VALUE),
    seq_page_cost: ParameterTypes.real(0, Number.MAX_VALUE),
    cpu_tuple_cost: ParameterTypes.real(0, Number.MAX_VALUE),
    checkpoint_completion_target: ParameterTypes.real(0, 1),
    autovacuum_vacuum_scale_factor: ParameterTypes.real(0, 100),
    autovacuum_analyze_scale_factor: ParameterTypes.real(0, 100),
    checkpoint_timeout: time(1000, 86_400_000),
    statement_timeout: time(1, INT_MAX),
    lock_timeout: time(1, INT_MAX),
    idle_in_transaction_session_timeout: time(1, INT_MAX),
    idle_session_timeout: time(1, INT_MAX),
    log_min_duration_statement: time(1, INT_MAX, ['-1']),
    log_autovacuum_min_duration: time(1, INT_MAX, ['-1']),
    autovacuum_naptime: time(1000, INT_MAX * 1000),
    deadlock_timeout: time(1, INT_MAX),
    autovacuum: BOOLEAN,
    jit: BOOLEAN,
    fsync: BOOLEAN,
    full_page_writes: BOOLEAN,
    hot_standby_feedback: BOOLEAN,
    log_checkpoints: BOOLEAN,
    log_connections: BOOLEAN,
    log_disconnections: BOOLEAN,
    log_lock_waits: BOOLEAN,
    track_io_timing: BOOLEAN,
    track_commit_timestamp: BOOLEAN,
    row_security: BOOLEAN,
    log_statement: ParameterTypes.oneOf(['none', 'ddl', 'mod', 'all']),
    huge_pages: ParameterTypes.oneOf(['off', 'on', 'try']),
    synchronous_commit: ParameterTypes.oneOf(['on', 'off', 'local', 'remote_write', 'remote_apply']),
    wal_level: ParameterTypes.oneOf(['minimal', 'replica', 'logical']),
    wal_compression: ParameterTypes.oneOf(['on', 'off', 'true', 'false', 'yes', 'no', '1', '0', 'pglz', 'lz4', 'zstd']),
    password_encryption: ParameterTypes.oneOf(['md5', 'scram-sha-256']),
    default_transaction_isolation: ParameterTypes.oneOf(['serializable', 'repeatable read', 'read committed', 'read uncommitted']),
    ssl_min_protocol_version: ParameterTypes.oneOf(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'], true),
  },
};

/** What any PostgreSQL needs, whichever operator runs it. */
export const POSTGRES_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  {
    prop: 'engine.version',
    value: (m) => m.engine.version,
    valid: (m) => /^\d{2}\.\d+$/.test(m.engine.version),
    reason: 'a PostgreSQL version is major.minor, such as 17.7 (17.7-2 names a distribution build)',
  },
  ...parameterRules(POSTGRES_PARAMETERS),
];

/** postgresql.conf lines (`name = value`). */
export function postgresqlConf(parameters: { [key: string]: string }): string {
  return Object.entries(parameters).map(([k, v]) => `${k} = ${v}\n`).join('');
}
