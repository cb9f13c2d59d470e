import { Chart, Size, Testing } from 'cdk8s';
import {
  BackupProvider, BackupSchedule, BackupStorage, ChangeClass, DatabaseCluster, DatabaseClusterProps, DatabaseEngine, DatabaseStatus,
  ManifestDiff, MongodbVersion, MysqlVersion, Operator, PostgresVersion,
} from '../../src';

process.env.CDK8S_DBAAS_SILENCE_READINESS = '1';

const ENGINES: [string, () => DatabaseEngine][] = [
  ['PXC', () => DatabaseEngine.mysql({ version: MysqlVersion.V8_0_42 })],
  ['PSMDB', () => DatabaseEngine.mongodb({ version: MongodbVersion.V8_0_17 })],
  ['Percona PG', () => DatabaseEngine.postgres({ version: PostgresVersion.V17_7 })],
  ['CloudNativePG', () => DatabaseEngine.postgres({ version: PostgresVersion.V17_7, operator: Operator.CLOUDNATIVE_PG })],
  ['Everest', () => DatabaseEngine.mysql({ version: MysqlVersion.V8_0_42, operator: Operator.EVEREST })],
];

/** The synthesized objects of one database with these props. */
function synth(engine: () => DatabaseEngine, props: Partial<DatabaseClusterProps> = {}): any[] {
  const chart = new Chart(Testing.app(), 'fleet', { namespace: 'shop' });
  new DatabaseCluster(chart, 'orders', { engine: engine(), ...props });
  return Testing.synth(chart);
}

/** One database with an S3 storage and a daily schedule. */
function synthWithBackups(engine: () => DatabaseEngine, schedule: { schedule: string; retention: number }): any[] {
  const chart = new Chart(Testing.app(), 'fleet', { namespace: 'shop' });
  const storage = new BackupStorage(chart, 'store', { provider: BackupProvider.S3, bucket: 'backups', region: 'eu-west-1', credentialsSecret: 's3' });
  const cluster = new DatabaseCluster(chart, 'orders', { engine: engine(), backup: { storage } });
  new BackupSchedule(chart, 'daily', { cluster, ...schedule });
  return Testing.synth(chart);
}

function classes(report: ReturnType<typeof ManifestDiff.compareObjects>): string[] {
  return report.databases.flatMap(d => d.changes.map(c => `${c.field}: ${c.changeClass}`));
}

describe.each(ENGINES)('the %s target synthesized by the library', (_target, engine) => {
  test('the same props make no change', () => {
    expect(ManifestDiff.compareObjects(synth(engine), synth(engine)).databases).toEqual([]);
  });

  test('more replicas are safe', () => {
    const report = ManifestDiff.compareObjects(synth(engine), synth(engine, { replicas: 5 }));
    expect(report.changeClass).toBe(ChangeClass.SAFE);
    expect(classes(report)).toEqual(expect.arrayContaining([expect.stringMatching(/: safe$/)]));
  });

  test('less storage is destructive', () => {
    const report = ManifestDiff.compareObjects(synth(engine), synth(engine, { storage: { size: Size.gibibytes(10) } }));
    expect(report.changeClass).toBe(ChangeClass.DESTRUCTIVE);
    expect(report.unacknowledgedDestructive()).toHaveLength(1);
    expect(report.unacknowledgedDestructive([report.databases[0].name])).toEqual([]);
  });

  test('a shorter retention is risky and a new backup time is safe', () => {
    const daily = { schedule: '0 2 * * *', retention: 7 };
    expect(ManifestDiff.compareObjects(synthWithBackups(engine, daily), synthWithBackups(engine, { ...daily, retention: 3 })).changeClass)
      .toBe(ChangeClass.RISKY);
    expect(ManifestDiff.compareObjects(synthWithBackups(engine, daily), synthWithBackups(engine, { ...daily, schedule: '0 3 * * *' })).changeClass)
      .toBe(ChangeClass.SAFE);
  });

  test('a removed database is destructive', () => {
    const report = ManifestDiff.compareObjects(synth(engine), []);
    const database = report.databases.find(d => d.status === DatabaseStatus.REMOVED)!;
    expect(database.changeClass).toBe(ChangeClass.DESTRUCTIVE);
    expect(database.namespace).toBe('shop');
  });
});

test('compareObjects refuses items that are not Kubernetes objects', () => {
  let error: unknown;
  try {
    ManifestDiff.compareObjects([{ kind: 'Secret' }], []);
  } catch (e) {
    error = e;
  }
  expect(ManifestDiff.isInputError(error)).toBe(true);
  expect(String(error)).toContain('old objects: item 1 is not a Kubernetes object');
});

describe('supporting objects of kinds without rules', () => {
  test('are listed under the database whose name they carry, not as databases of their own', () => {
    const old = [
      { apiVersion: 'pxc.percona.com/v1', kind: 'PerconaXtraDBCluster', metadata: { name: 'orders', namespace: 'shop' }, spec: { pxc: { size: 3 } } },
      { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'orders-alerts', namespace: 'shop' }, spec: { groups: [] } },
      { apiVersion: 'cdk8s-dbaas.dev/v1alpha1', kind: 'ManagedDatabase', metadata: { name: 'orders', namespace: 'shop' }, spec: { port: 3306 } },
    ];
    const changed = old.map((o) => (o.kind === 'PerconaXtraDBCluster' ? o : { ...o, spec: { ...o.spec, changed: true } }));
    const report = ManifestDiff.compareObjects(old, changed);
    expect(report.databases.map((d) => d.database)).toEqual(['shop/orders']);
    expect(report.databases[0].changes.map((c) => c.kind).sort()).toEqual(['ManagedDatabase', 'PrometheusRule']);
  });
});
