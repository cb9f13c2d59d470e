import { Chart, Size, Testing } from 'cdk8s';
import {
  DatabaseCluster, DatabaseClusterProps, DatabaseEngine, Errors, MariadbVersion, MongodbVersion, MysqlVersion, Operator, PostgresVersion,
} from '../src';
import { refusal } from './support/refusal';

const ENGINES = {
  mysql: DatabaseEngine.mysql({ version: MysqlVersion.V8_0_42 }),
  postgres: DatabaseEngine.postgres({ version: PostgresVersion.V17_7, operator: Operator.CLOUDNATIVE_PG }),
  mongodb: DatabaseEngine.mongodb({ version: MongodbVersion.V8_0_17 }),
  mariadb: DatabaseEngine.mariadb({ version: MariadbVersion.V11_8_8 }),
};

function cluster(engine: keyof typeof ENGINES, config: { [key: string]: string }, props: Partial<DatabaseClusterProps> = {}) {
  return new DatabaseCluster(new Chart(Testing.app(), 'fleet'), 'orders', { engine: ENGINES[engine], config, ...props });
}

describe('engine parameters with meaning (src/engines/)', () => {
  test.each<[keyof typeof ENGINES, { [key: string]: string }]>([
    ['mysql', { 'innodb-buffer-pool-size': '1G', 'max_connections': '500', 'loose_performance_schema': 'ON', 'slow_query_log': 'off' }],
    ['mysql', { transaction_isolation: 'READ-COMMITTED', long_query_time: '0.5', some_plugin_option: 'anything' }],
    ['postgres', { shared_buffers: '512MB', work_mem: '4096', max_connections: '200', log_min_duration_statement: '250ms' }],
    ['postgres', { 'pg_stat_statements.max': '10000', 'jit': 'off', 'checkpoint_completion_target': '0.9', 'synchronous_commit': 'local' }],
    // PSMDB sizes the WiredTiger cache itself and refuses cacheSizeGB (see test/conformance/psmdb.test.ts).
    ['mongodb', { 'operationProfiling.mode': 'slowOp', 'operationProfiling.slowOpThresholdMs': '200' }],
    ['mariadb', { 'innodb-buffer-pool-size': '1G', 'max_connections': '500', 'innodb_log_file_size': '512M', 'loose_log_error_verbosity': '2' }],
  ])('accepts %s %j', (engine, config) => {
    expect(() => cluster(engine, config)).not.toThrow();
  });

  test.each<[keyof typeof ENGINES, { [key: string]: string }, string]>([
    ['mysql', { '9lives': '1' }, 'MySQL parameter names are'],
    ['mysql', { innodb_buffer_pool_size: '1.5G' }, 'innodb_buffer_pool_size takes an amount such as 512M'],
    ['mysql', { max_connections: 'many' }, 'max_connections takes a whole number from 1 to 100000'],
    ['mysql', { innodb_flush_log_at_trx_commit: '3' }, 'one of 0, 1, 2'],
    ['mysql', { slow_query_log: 'yes' }, 'a boolean'],
    ['postgres', { 'Shared-Buffers': '1GB' }, 'PostgreSQL parameter names are'],
    ['postgres', { shared_buffers: '1gb' }, 'shared_buffers takes an amount such as 256MB (units B, kB, MB, GB, TB)'],
    ['postgres', { checkpoint_completion_target: '1.5' }, 'a number from 0 to 1'],
    ['postgres', { synchronous_commit: 'sometimes' }, 'one of on, off, local, remote_write, remote_apply'],
    ['postgres', { statement_timeout: '5 minutes' }, 'statement_timeout takes an amount'],
    ['mongodb', { 'operationProfiling.mode': 'slow' }, 'one of off, slowOp, all'],
    ['mongodb', { 'storage.wiredTiger.engineConfig.cacheSizeGB': '0.1' }, 'a number of GB from 0.25'],
    ['mariadb', { max_connections: '5' }, 'max_connections takes a whole number from 10 to 100000'],
    ['mariadb', { innodb_redo_log_capacity: '1G' }, 'MariaDB does not know these variables'],
    ['mariadb', { innodb_log_file_size: 'big' }, 'innodb_log_file_size takes an amount such as 512M'],
    ['mariadb', { 'log-error-verbosity': '2' }, 'MariaDB does not know these variables'],
  ])('refuses %s %j', (engine, config, reason) => {
    const error = refusal(() => cluster(engine, config));
    expect(Errors.propOf(error)).toBe('config');
    expect(error.message).toContain(reason);
  });

  test.each<[keyof typeof ENGINES, { [key: string]: string }]>([
    ['mysql', { innodb_buffer_pool_size: '2G' }],
    ['mariadb', { innodb_buffer_pool_size: '2G' }],
    ['postgres', { shared_buffers: '262144' }],
    ['mongodb', { 'storage.wiredTiger.engineConfig.cacheSizeGB': '3' }],
  ])('refuses a memory cache that does not fit in the pod: %s %j with 2 GiB', (engine, config) => {
    const error = refusal(() => cluster(engine, config, { resources: { memory: Size.gibibytes(2) } }));
    expect(error.message).toContain('is not below the pod\'s memory limit 2Gi');
  });
});
