import { ClusterModel } from '../model';
import { Rule } from '../rules';
import { MYSQL_PARAMETERS } from './mysql';
import { EngineParameters, parameterRules, ParameterTypes } from './parameters';

/**
 * Server variables that MariaDB refuses to start with (an unknown option in `[mariadb]` aborts mariadbd): removed
 * from MariaDB (`innodb_buffer_pool_instances`, gone in 10.6 with the single buffer pool, MDEV-15058) or MySQL's and
 * Percona's only (MariaDB sizes the redo log with `innodb_log_file_size` and logs with `log_warnings`). `loose-` makes
 * an unknown option a warning.
 */
const UNKNOWN_TO_MARIADB = new Set([
  'innodb_buffer_pool_instances', 'innodb_redo_log_capacity', 'default_authentication_plugin', 'log_error_verbosity',
]);
const UNKNOWN_PREFIXES = ['pxc_'];

/** A my.cnf option name as mariadbd matches it: lowercase, dashes as underscores, without `loose_`. @internal */
export function mariadbOptionName(key: string): string {
  return MYSQL_PARAMETERS.normalize(key);
}

function unknownToMariadb(key: string): boolean {
  if (/^loose[-_]/i.test(key)) return false;
  const name = mariadbOptionName(key);
  return UNKNOWN_TO_MARIADB.has(name) || UNKNOWN_PREFIXES.some((p) => name.startsWith(p));
}

/**
 * MariaDB reads my.cnf like MySQL: the options both servers have take the same values, except where MariaDB's own
 * bounds differ (mariadb.com/kb server-system-variables: `max_connections` from 10; Aria as a storage engine).
 */
const MARIADB_PARAMETERS: EngineParameters = {
  ...MYSQL_PARAMETERS,
  engine: 'MariaDB',
  source: 'mariadb.com/kb server-system-variables, innodb-system-variables',
  known: {
    ...Object.fromEntries(Object.entries(MYSQL_PARAMETERS.known).filter(([name]) => !UNKNOWN_TO_MARIADB.has(name))),
    max_connections: ParameterTypes.integer(10, 100000),
    default_storage_engine: ParameterTypes.oneOf(['InnoDB', 'Aria', 'MyISAM', 'MEMORY', 'CSV', 'ARCHIVE', 'BLACKHOLE']),
  },
};

/** What any MariaDB needs, whichever operator runs it. */
export const MARIADB_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  {
    prop: 'engine.version',
    value: (m) => m.engine.version,
    valid: (m) => /^\d+\.\d+\.\d+$/.test(m.engine.version),
    reason: 'a MariaDB version is major.minor.patch, such as 11.8.8',
  },
  {
    prop: 'config',
    value: (m) => Object.keys(m.config).filter(unknownToMariadb),
    valid: (m) => !Object.keys(m.config).some(unknownToMariadb),
    reason: 'MariaDB does not know these variables and refuses to start with them (removed from MariaDB, or MySQL\'s and Percona\'s only)',
  },
  ...parameterRules(MARIADB_PARAMETERS),
];

/** The `[mariadb]` section of my.cnf with the engine parameters (read by mariadbd only). */
export function mariadbSection(parameters: { [key: string]: string }): string {
  return ['[mariadb]', ...Object.entries(parameters).map(([k, v]) => `${k}=${v}`), ''].join('\n');
}
