import { Chart, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  BackupProvider, BackupSchedule, BackupStorage, DatabaseCluster, DatabaseClusterProps, DatabaseEngine, DatabaseRestore, Errors, Expose,
  MongodbVersion, MysqlVersion, OnDemandBackup, Operator, PostgresVersion, RestoreSource,
} from '../src';
import { refusal } from './support/refusal';
import { only, synthValid } from './support/schema';

/** The engine-neutral rules (src/cluster-rules.ts), carried by a MySQL cluster. */
function cluster(props: Partial<DatabaseClusterProps> = {}, chart = new Chart(Testing.app(), 'fleet', { namespace: 'shop' })) {
  return new DatabaseCluster(chart, 'orders', { engine: DatabaseEngine.mysql({ version: MysqlVersion.V8_0_42 }), ...props });
}


describe('engine-neutral cluster rules', () => {
  test.each<[string, Partial<DatabaseClusterProps>, string]>([
    ['a name that is not a DNS-1035 label', { name: '1orders' }, 'name'],
    ['a name over 63 characters', { name: 'o'.repeat(64) }, 'name'],
    ['zero replicas', { replicas: 0 }, 'replicas'],
    ['fractional replicas', { replicas: 2.5 }, 'replicas'],
    ['one replica without singleNodeDevelopment', { replicas: 1 }, 'replicas'],
    ['singleNodeDevelopment with 3 replicas', { singleNodeDevelopment: true }, 'singleNodeDevelopment'],
    ['too little CPU', { resources: { cpu: Cpu.millis(500) } }, 'resources.cpu'],
    ['too little memory', { resources: { memory: Size.mebibytes(256) } }, 'resources.memory'],
    ['too little storage', { storage: { size: Size.mebibytes(512) } }, 'storage.size'],
    ['both a storage class and a class name', { storage: { storageClassName: 'a', storageClass: {} as any } }, 'storage'],
    ['an invalid class name', { storage: { storageClassName: 'Fast SSD' } }, 'storage.storageClassName'],
    ['a single proxy for three members', { proxy: { replicas: 1 } }, 'proxy.replicas'],
    ['a starved proxy', { proxy: { resources: { cpu: Cpu.millis(10) } } }, 'proxy.resources.cpu'],
    ['sharding on MySQL', { sharding: { shards: 2 } }, 'sharding'],
    ['an invalid CIDR', { expose: Expose.loadBalancer({ sourceRanges: ['10.0.0.0/33'] }) }, 'expose.sourceRanges'],
    ['a repeated CIDR', { expose: Expose.loadBalancer({ sourceRanges: ['10.0.0.1', '10.0.0.1/32'] }) }, 'expose.sourceRanges'],
    ['an invalid annotation key', { expose: Expose.loadBalancer({ annotations: { 'bad key': 'x' } }) }, 'expose.annotations'],
    ['an invalid topology key', { scheduling: { topologyKey: 'not a key' } }, 'scheduling.topologyKey'],
    ['an invalid node selector', { scheduling: { nodeSelector: { pool: 'has space' } } }, 'scheduling.nodeSelector'],
    ['a toleration with Exists and a value', { scheduling: { tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }] } }, 'scheduling.tolerations'],
    ['a toleration with an unknown effect', { scheduling: { tolerations: [{ key: 'k', value: 'v', effect: 'Sometimes' }] } }, 'scheduling.tolerations'],
    ['backups without a storage', { backup: {} as any }, 'backup.storage'],
    ['an invalid Secret name', { credentialsSecret: 'My_Secret' }, 'credentialsSecret'],
    ['a multi-line engine parameter', { config: { init_connect: 'a\nb' } }, 'config'],
    ['an unsupported operator', { engine: DatabaseEngine.mysql({ version: MysqlVersion.V8_0_42, operator: Operator.CLOUDNATIVE_PG }) }, 'engine.operator'],
    ['an unknown MySQL series', { engine: DatabaseEngine.mysql({ version: MysqlVersion.of('9.1.0-1') }) }, 'engine.version'],
    ['a malformed restore time', { restoreFrom: RestoreSource.pointInTime({ storage: undefined as any, sourceCluster: 'old', time: '2026-11-20 08:00' }) }, 'restoreFrom.time'],
    ['a restore time in the future', { restoreFrom: RestoreSource.pointInTime({ storage: undefined as any, sourceCluster: 'old', time: '2999-01-01T00:00:00Z' }) }, 'restoreFrom.time'],
  ])('refuses %s', (_, props, prop) => {
    const r = refusal(() => cluster(props));
    expect(r.prop).toBe(prop);
    expect(r.message).toMatch(/^\[fleet\/orders\] /);
    expect(r.message).toContain('(got ');
  });

  test('a bare IP becomes a /32 range', () => {
    const c = cluster({ expose: Expose.loadBalancer({ sourceRanges: ['203.0.113.7', '2001:db8::1'] }) });
    expect(c._model.expose.sourceRanges).toEqual(['203.0.113.7/32', '2001:db8::1/128']);
  });

  test('an explicit single-node development cluster is allowed, with the operator\'s unsafe flags set', () => {
    const c = cluster({ replicas: 1, singleNodeDevelopment: true, name: 'dev' });
    const spec = only(synthValid(c.node.scope as Chart), 'PerconaXtraDBCluster').spec;
    expect(spec.pxc.size).toBe(1);
    expect(spec.haproxy.size).toBe(1);
    expect(spec.unsafeFlags).toEqual({ pxcSize: true, proxySize: true });
  });

  test('the name defaults to the construct path without a hash; the namespace to the chart\'s', () => {
    const c = cluster();
    expect([c.name, c.namespace]).toEqual(['fleet-orders', 'shop']);
  });
});

describe('backup constructs: engine-neutral rules', () => {
  const storage = (scope: Chart) => new BackupStorage(scope, 's3', { provider: BackupProvider.S3, bucket: 'b-1', region: 'eu-west-1', credentialsSecret: 'creds' });

  test.each<[string, any, string]>([
    ['a bad cron', { schedule: '0 0 * *' }, 'schedule'],
    ['a six-field cron', { schedule: '0 0 0 * * *' }, 'schedule'],
    ['retention 0', { schedule: '0 0 * * *', retention: 0 }, 'retention'],
    ['a bad name', { schedule: '0 0 * * *', name: 'Daily Full' }, 'name'],
  ])('a schedule with %s is refused', (_, options, prop) => {
    const chart = new Chart(Testing.app(), 'fleet');
    const c = cluster({ backup: { storage: storage(chart) } }, chart);
    const r = refusal(() => c.addBackupSchedule('daily', options));
    expect(r.prop).toBe(prop);
    expect(r.message).toMatch(/^\[fleet\/orders\/daily\] /);
  });

  test('schedule names are unique per cluster', () => {
    const chart = new Chart(Testing.app(), 'fleet');
    const c = cluster({ backup: { storage: storage(chart) } }, chart);
    c.addBackupSchedule('daily', { schedule: '0 0 * * *' });
    expect(refusal(() => new BackupSchedule(chart, 'again', { cluster: c, schedule: '0 1 * * *', name: 'daily' })).prop).toBe('name');
  });

  test('a schedule or a backup without any storage is refused', () => {
    const chart = new Chart(Testing.app(), 'fleet');
    const c = cluster({}, chart);
    expect(refusal(() => c.addBackupSchedule('daily', { schedule: '0 0 * * *' })).prop).toBe('storage');
    expect(refusal(() => new OnDemandBackup(chart, 'now', { cluster: c })).prop).toBe('storage');
  });
});

describe('restore sources: backup names', () => {
  // With an endpoint and path-style URLs, which Everest's PostgreSQL backups need.
  const storage = (scope: Chart) => new BackupStorage(scope, 's3', {
    provider: BackupProvider.S3, bucket: 'b-1', region: 'eu-west-1', endpoint: 'https://s3.eu-west-1.amazonaws.com', forcePathStyle: true, credentialsSecret: 'creds',
  });

  // The core check only asks for a name: each target decides the format (backup object names, pgBackRest labels).
  test.each<[string, string]>([
    ['an empty name', ''],
    ['a name with a space', 'nightly 1'],
    ['a name with a tab', 'nightly\t1'],
    ['a path', 'backups/nightly-1'],
  ])('refuses %s before any target rule, for a clone and an in-place restore', (_, backupName) => {
    const clone = refusal(() => cluster({ restoreFrom: RestoreSource.backup({ backupName }) }));
    expect(clone.prop).toBe('restoreFrom.backupName');
    expect(clone.message).toContain('a backup name must be a non-empty name without whitespace or "/"');
    const chart = new Chart(Testing.app(), 'fleet');
    const c = cluster({ backup: { storage: storage(chart) } }, chart);
    const restore = refusal(() => new DatabaseRestore(chart, 'undo', { cluster: c, source: RestoreSource.backup({ backupName }) }));
    expect(restore.prop).toBe('source.backupName');
    expect(restore.message).toMatch(/^\[fleet\/undo\] source\.backupName: a backup name must be a non-empty name/);
  });

  test('a base backup is always a backup object, named as a DNS subdomain', () => {
    const source = (chart: Chart) => RestoreSource.pointInTime({ storage: storage(chart), sourceCluster: 'old', time: '2026-11-20T08:00:00Z', baseBackupName: 'Nightly' });
    const chart = new Chart(Testing.app(), 'fleet');
    const r = refusal(() => cluster({ restoreFrom: source(chart) }, chart));
    expect(r.prop).toBe('restoreFrom.baseBackupName');
    expect(r.message).toContain('DNS subdomain');
  });

  // Targets that find a backup through its Kubernetes object still refuse a name that is not a DNS subdomain
  // (CloudNativePG takes a Barman backup ID: test/conformance/cnpg.test.ts).
  const engines: Array<[string, DatabaseEngine]> = [
    ['PXC', DatabaseEngine.mysql({ version: MysqlVersion.V8_0_42 })],
    ['PSMDB', DatabaseEngine.mongodb({ version: MongodbVersion.V8_0_17 })],
    ['Everest MySQL', DatabaseEngine.mysql({ version: MysqlVersion.V8_0_42, operator: Operator.EVEREST })],
    ['Everest MongoDB', DatabaseEngine.mongodb({ version: MongodbVersion.V8_0_17, operator: Operator.EVEREST })],
    ['Everest PostgreSQL', DatabaseEngine.postgres({ version: PostgresVersion.V17_7, operator: Operator.EVEREST })],
  ];

  test.each(engines)('%s refuses a clone from a backup name that is not a DNS subdomain', (_, engine) => {
    for (const backupName of ['Nightly-1', '20261120-083000F', 'nightly_1']) {
      const r = refusal(() => cluster({ engine, restoreFrom: RestoreSource.backup({ backupName }) }));
      expect([backupName, r.prop]).toEqual([backupName, 'restoreFrom.backupName']);
      expect(r.message).toContain('a backup name must be a DNS subdomain');
    }
  });

  test.each(engines)('%s refuses an in-place restore of a backup name that is not a DNS subdomain', (_, engine) => {
    const chart = new Chart(Testing.app(), 'fleet');
    const c = cluster({ engine, backup: { storage: storage(chart) } }, chart);
    const r = refusal(() => new DatabaseRestore(chart, 'undo', { cluster: c, source: RestoreSource.backup({ backupName: 'Nightly-1' }) }));
    expect(r.prop).toBe('source.backupName');
    expect(r.message).toContain('a backup name must be a DNS subdomain');
  });

  // PXC refuses clones altogether (its restore races the new cluster's first start): see test/conformance/pxc.test.ts.
  test.each(engines.filter(([name]) => name !== 'PXC'))('%s still restores a backup object by its name', (_, engine) => {
    const chart = new Chart(Testing.app(), 'fleet', { namespace: 'shop' });
    const c = cluster({ engine, backup: { storage: storage(chart) }, restoreFrom: RestoreSource.backup({ backupName: 'orders.nightly-1' }) }, chart);
    expect(c.name).toBe('fleet-orders');
    expect(synthValid(chart).length).toBeGreaterThan(0);
  });

  test('Percona PG takes a pgBackRest label, which a Kubernetes name could not be', () => {
    const chart = new Chart(Testing.app(), 'fleet', { namespace: 'shop' });
    const c = cluster({ engine: DatabaseEngine.postgres({ version: PostgresVersion.V17_7 }), backup: { storage: storage(chart) } }, chart);
    new DatabaseRestore(chart, 'undo', { cluster: c, source: RestoreSource.backup({ backupName: '20261120-083000F_20261121-010000I' }) });
    expect(only(synthValid(chart), 'PerconaPGRestore').spec.options).toEqual(['--set=20261120-083000F_20261121-010000I', '--type=immediate']);
  });
});

describe('every broken rule at once', () => {
  test('one error lists each broken rule of the cluster, engine-neutral and the operator\'s alike, one line each', () => {
    const error = refusal(() => cluster({ replicas: 4, resources: { cpu: Cpu.millis(100) }, credentialsSecret: 'My_Secret' }));
    expect(Errors.propsOf(error)).toEqual(['resources.cpu', 'credentialsSecret', 'replicas']);
    expect(Errors.propOf(error)).toBe('resources.cpu');
    expect(error.message.split('\n')).toEqual([
      expect.stringMatching(/^\[fleet\/orders\] resources\.cpu: .* \(got "100m"\)$/),
      expect.stringMatching(/^\[fleet\/orders\] credentialsSecret: .* \(got "My_Secret"\)$/),
      expect.stringMatching(/^\[fleet\/orders\] replicas: a Galera cluster .* \(got 4\)$/),
    ]);
  });

  test('a broken precondition stops the checks that build on it: 2^31 shards are not named one by one', () => {
    const mongo = () => new DatabaseCluster(new Chart(Testing.app(), 'fleet'), 'orders', {
      engine: DatabaseEngine.mongodb({ version: MongodbVersion.V8_0_17 }), sharding: { shards: 2 ** 31 }, replicas: 4,
    });
    expect(Errors.propsOf(refusal(mongo))).toEqual(['sharding.shards']);
  });
});

describe('Kubernetes\' own rules on what the operators copy into pods', () => {
  const tolerating = (t: any) => ({ scheduling: { tolerations: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }, t] } });
  test.each([
    ['a key that is no qualified name', { key: 'bad key', operator: 'Exists' }, 'is not a qualified name'],
    ['a key of three parts', { key: 'a/b/c', operator: 'Exists' }, 'is not a qualified name'],
    ['an empty key with operator Equal', { key: '', value: 'x' }, 'needs operator Exists'],
    ['an operator other than Equal and Exists', { key: 'k', operator: 'In', value: 'x' }, 'neither Equal nor Exists'],
    ['a value that is no label value', { key: 'k', value: 'has space' }, 'is not a label value'],
    ['tolerationSeconds without NoExecute', { key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 30 }, 'NoExecute only'],
    ['tolerationSeconds without an effect', { key: 'k', operator: 'Exists', tolerationSeconds: 30 }, 'NoExecute only'],
  ])('ValidateTolerations refuses %s', (_what, toleration, reason) => {
    const error = refusal(() => cluster(tolerating(toleration)));
    expect(Errors.propOf(error)).toBe('scheduling.tolerations');
    expect(error.message).toContain('toleration 1: ');
    expect(error.message).toContain(reason);
  });

  test.each([
    { key: 'k', operator: 'Exists', value: '' },
    { operator: 'Exists' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'example.com/Dedicated', value: '' },
  ])('ValidateTolerations accepts %j', (toleration) => {
    expect(() => cluster(tolerating(toleration))).not.toThrow();
  });

  test('qualified names: a prefix is a DNS subdomain of at most 253 characters (IsQualifiedName)', () => {
    expect(Errors.propOf(refusal(() => cluster({ scheduling: { topologyKey: `${'a'.repeat(254)}/zone` } })))).toBe('scheduling.topologyKey');
    expect(Errors.propOf(refusal(() => cluster({ scheduling: { nodeSelector: { [`${'a.'.repeat(127)}io/pool`]: 'db' } } }))))
      .toBe('scheduling.nodeSelector');
  });

  test('annotation keys are checked lower-cased, and all of them together hold at most 256 KiB (ValidateAnnotations)', () => {
    expect(() => cluster({ expose: Expose.loadBalancer({ annotations: { 'Example.COM/Internal': 'true' } }) })).not.toThrow();
    const huge = { 'example.com/blob': 'x'.repeat(256 * 1024) };
    expect(Errors.propOf(refusal(() => cluster({ expose: Expose.loadBalancer({ annotations: huge }) })))).toBe('expose.annotations');
  });
});

describe('what a user reads when synthesis fails', () => {
  test('the printed error is the message and the frames of the user\'s code only, none of the library\'s', () => {
    const error = refusal(() => cluster({ replicas: 4 }));
    const lines = error.stack!.split('\n');
    expect(lines[0]).toBe(`DbaasValidationError: ${error.message}`);
    const frames = lines.filter((l) => /^\s+at /.test(l));
    expect(frames.some((l) => l.includes('cluster-rules.test.ts'))).toBe(true);
    expect(frames.filter((l) => l.includes('/src/'))).toEqual([]);
  });
});
