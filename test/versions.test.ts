import { Chart, Testing } from 'cdk8s';
import { DatabaseCluster, DatabaseEngine, Errors, MongodbVersion, MysqlVersion, Operator, PostgresVersion } from '../src';
import { refusal } from './support/refusal';
import { only, synthValid } from './support/schema';

function cluster(engine: DatabaseEngine) {
  const chart = new Chart(Testing.app(), 'fleet', { namespace: 'shop' });
  new DatabaseCluster(chart, 'orders', { engine });
  return synthValid(chart);
}

describe('versions are the engine\'s; each operator checks them against its published catalogue', () => {
  test('a version is the engine version; a build after a dash names one build of a distribution', () => {
    expect(MysqlVersion.V8_0_42.version).toBe('8.0.42');
    expect(MysqlVersion.of('8.0.42-33.1')).toMatchObject({ version: '8.0.42', distributionBuild: '33.1' });
    expect(PostgresVersion.of('17.7-2')).toMatchObject({ version: '17.7', distributionBuild: '2' });
    expect(DatabaseEngine.mongodb({ version: MongodbVersion.of('8.0.12-4') }).versionWithBuild).toBe('8.0.12-4');
  });

  test('an operator runs the build its catalogue publishes for the version', () => {
    expect(only(cluster(DatabaseEngine.mysql({ version: MysqlVersion.of('8.0.41') })), 'PerconaXtraDBCluster').spec.pxc.image)
      .toBe('percona/percona-xtradb-cluster:8.0.41-32.1');
    expect(only(cluster(DatabaseEngine.mongodb({ version: MongodbVersion.of('8.0.4') })), 'PerconaServerMongoDB').spec.image)
      .toBe('percona/percona-server-mongodb:8.0.4-1-multi');
    expect(only(cluster(DatabaseEngine.postgres({ version: PostgresVersion.V16_11 })), 'PerconaPGCluster').spec.image)
      .toBe('percona/percona-distribution-postgresql:16.11-2');
  });

  test('Everest writes its catalogue key (databaseengine_controller.go:Reconcile fills the keys from the version service)', () => {
    const spec = (engine: DatabaseEngine) => only(cluster(engine), 'DatabaseCluster').spec.engine.version;
    expect(spec(DatabaseEngine.mysql({ version: MysqlVersion.V8_0_42, operator: Operator.EVEREST }))).toBe('8.0.42-33.1');
    expect(spec(DatabaseEngine.mongodb({ version: MongodbVersion.V8_0_17, operator: Operator.EVEREST }))).toBe('8.0.17-6');
    expect(spec(DatabaseEngine.postgres({ version: PostgresVersion.V17_7, operator: Operator.EVEREST }))).toBe('17.7');
  });

  test.each([
    ['a typo in the build', DatabaseEngine.mysql({ version: MysqlVersion.of('8.0.42-331') }), 'publishes 8.4.5-5.1, 8.0.42-33.1'],
    ['a version never published', DatabaseEngine.mysql({ version: MysqlVersion.of('8.0.99') }), 'publishes 8.4.5-5.1'],
    ['a typo in the minor', DatabaseEngine.postgres({ version: PostgresVersion.of('17.77') }), 'publishes 18.1-3, 17.7-2'],
    ['MySQL 5.7 on Everest, whose DatabaseEngine drops 5.x', DatabaseEngine.mysql({ version: MysqlVersion.V5_7_44, operator: Operator.EVEREST }), 'publishes 8.4.5-5.1'],
    ['an unknown MongoDB build', DatabaseEngine.mongodb({ version: MongodbVersion.of('8.0.17-7') }), 'publishes 8.0.17-6'],
  ])('refuses %s', (_what, engine, reason) => {
    const error = refusal(() => cluster(engine));
    expect(Errors.propOf(error)).toBe('engine.version');
    expect(error.message).toContain(reason);
  });

  test('with an image of its own, a version of a major the operator runs goes through; another major does not', () => {
    const image = 'registry.example.com/percona/percona-xtradb-cluster:8.0.43-34.1';
    expect(only(cluster(DatabaseEngine.mysql({ version: MysqlVersion.of('8.0.43-34.1'), image })), 'PerconaXtraDBCluster').spec.pxc.image).toBe(image);
    expect(Errors.propOf(refusal(() => cluster(DatabaseEngine.mysql({ version: MysqlVersion.of('9.1.0'), image: 'example/pxc:9.1.0' })))))
      .toBe('engine.version');
  });
});
