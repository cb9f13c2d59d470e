import { Chart, Testing } from 'cdk8s';
import {
  AntiAffinity, BackupProvider, BackupStorage, DatabaseCluster, DatabaseClusterProps, DatabaseEngine, DatabaseStorageClass,
  Expose, MysqlVersion, Operator, PostgresVersion, ProductionReadiness, ReclaimPolicy, RestoreSource, StorageProvisioner,
} from '../src';

function fleet(props: Partial<DatabaseClusterProps>, extend?: (chart: Chart, c: DatabaseCluster) => void) {
  const chart = new Chart(Testing.app(), 'fleet');
  const storage = new BackupStorage(chart, 's3', { provider: BackupProvider.S3, bucket: 'b-1', region: 'eu-west-1', credentialsSecret: 'creds' });
  const cluster = new DatabaseCluster(chart, 'orders', {
    engine: DatabaseEngine.mysql({ version: MysqlVersion.V8_0_42 }),
    scheduling: { antiAffinity: AntiAffinity.REQUIRED },
    backup: { storage, pointInTimeRecovery: true },
    ...props,
  });
  if (!('backup' in props) || props.backup) cluster.addBackupSchedule('daily', { schedule: '0 0 * * *' });
  extend?.(chart, cluster);
  return ProductionReadiness.warningsOf(chart);
}

describe('production readiness report', () => {
  test('a well-configured cluster has no warning', () => {
    expect(fleet({})).toEqual([]);
  });

  test.each<[string, Partial<DatabaseClusterProps>, RegExp]>([
    ['a single replica', { replicas: 1, singleNodeDevelopment: true }, /single replica/],
    ['no backups at all', { backup: undefined }, /no backups/],
    ['preferred-only anti-affinity', { scheduling: { antiAffinity: AntiAffinity.PREFERRED } }, /anti-affinity is only preferred/],
    ['no anti-affinity', { scheduling: { antiAffinity: AntiAffinity.NONE } }, /no anti-affinity: the primary/],
    ['an open LoadBalancer', { expose: Expose.loadBalancer() }, /0\.0\.0\.0\/0/],
    ['a LoadBalancer with a /0 range', { expose: Expose.loadBalancer({ sourceRanges: ['0.0.0.0/0'] }) }, /0\.0\.0\.0\/0/],
  ])('warns about %s', (_, props, warning) => {
    const warnings = fleet(props);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^\[fleet\/orders\] /);
    expect(warnings[0]).toMatch(warning);
  });

  test('warns about backups without point-in-time recovery', () => {
    const chart = new Chart(Testing.app(), 'fleet');
    const storage = new BackupStorage(chart, 's3', { provider: BackupProvider.S3, bucket: 'b-1', region: 'eu-west-1', credentialsSecret: 'creds' });
    const c = new DatabaseCluster(chart, 'orders', {
      engine: DatabaseEngine.mysql({ version: MysqlVersion.V8_0_42 }), scheduling: { antiAffinity: AntiAffinity.REQUIRED }, backup: { storage },
    });
    expect(ProductionReadiness.warningsOf(chart).join()).toMatch(/no schedule/);
    c.addBackupSchedule('daily', { schedule: '0 0 * * *' });
    expect(ProductionReadiness.warningsOf(chart)).toEqual(['[fleet/orders] backups without point-in-time recovery: a restore loses everything since the last full backup']);
  });

  test('warns about a database StorageClass that deletes volumes', () => {
    const warnings = fleet({}, (chart) => new DatabaseStorageClass(chart, 'cheap', { provisioner: StorageProvisioner.GCE_PD, reclaimPolicy: ReclaimPolicy.DELETE }));
    expect(warnings).toEqual(['[fleet/cheap] reclaimPolicy Delete: deleting a claim deletes the database\'s data']);
  });

  test('cdk8s synth prints the report to standard error', () => {
    const written: string[] = [];
    const write = process.stderr.write;
    const silence = process.env.CDK8S_DBAAS_SILENCE_READINESS;
    delete process.env.CDK8S_DBAAS_SILENCE_READINESS;
    (process.stderr as any).write = (chunk: string) => { written.push(chunk); return true; };
    try {
      const app = Testing.app();
      new DatabaseCluster(new Chart(app, 'fleet'), 'orders', { engine: DatabaseEngine.mysql({ version: MysqlVersion.V8_0_42 }) });
      app.synth();
    } finally {
      (process.stderr as any).write = write;
      process.env.CDK8S_DBAAS_SILENCE_READINESS = silence;
    }
    expect(written.join('')).toContain('WARNING [fleet/orders] no backups');
  });
});

test('no PITR warning where the operator archives WAL to every storage anyway (pgBackRest, Barman Cloud)', () => {
  for (const operator of [Operator.PERCONA, Operator.CLOUDNATIVE_PG]) {
    const chart = new Chart(Testing.app(), 'fleet');
    const storage = new BackupStorage(chart, 's3', { provider: BackupProvider.S3, bucket: 'b-1', region: 'eu-west-1', credentialsSecret: 'creds' });
    const c = new DatabaseCluster(chart, 'billing', {
      engine: DatabaseEngine.postgres({ version: PostgresVersion.V17_7, operator }),
      scheduling: { antiAffinity: AntiAffinity.REQUIRED },
      backup: { storage },
    });
    c.addBackupSchedule('daily', { schedule: '0 0 * * *' });
    expect(ProductionReadiness.warningsOf(chart)).toEqual([]);
  }
});

test('a clone is judged by the backups it takes, not by the storage it restores from', () => {
  const chart = new Chart(Testing.app(), 'fleet');
  const storage = new BackupStorage(chart, 's3', { provider: BackupProvider.S3, bucket: 'b-1', region: 'eu-west-1', credentialsSecret: 'creds' });
  new DatabaseCluster(chart, 'analytics', {
    engine: DatabaseEngine.postgres({ version: PostgresVersion.V17_7, operator: Operator.CLOUDNATIVE_PG }),
    scheduling: { antiAffinity: AntiAffinity.REQUIRED },
    restoreFrom: RestoreSource.pointInTime({ storage, sourceCluster: 'catalog', time: '2026-11-20T06:00:00Z' }),
  });
  expect(ProductionReadiness.warningsOf(chart)).toEqual(['[fleet/analytics] no backups: set `backup.storage` and add a schedule']);
});
