import { Chart, JsonPatch, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  AntiAffinity, BackupProvider, BackupStorage, Blueprint, DatabaseEngine, Guarantee, GuaranteeViolation, HaMysql, HaMysqlProps,
  HaPostgres, HaPostgresProps, MysqlVersion, Operator, ProductionReadiness, ProxyType, ShardedMongo, ShardedMongoProps, Tuning,
} from '../src';
import { refusal } from './support/refusal';
import { ofKind, only, synthValid } from './support/schema';

function setup() {
  const chart = new Chart(Testing.app(), 'fleet', { namespace: 'shop' });
  const s3 = new BackupStorage(chart, 's3', { provider: BackupProvider.S3, bucket: 'acme-backups', region: 'eu-west-1', credentialsSecret: 'creds' });
  const azure = new BackupStorage(chart, 'azure', { provider: BackupProvider.AZURE, bucket: 'backups', credentialsSecret: 'az' });
  return { chart, s3, azure };
}


const requiredTerm = (affinity: any) => affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0];

describe('HaPostgres on the Percona operator', () => {
  const { chart, s3 } = setup();
  const db = new HaPostgres(chart, 'payments', { backup: { storage: s3 }, resources: { cpu: Cpu.units(4), memory: Size.gibibytes(16) } });
  const all = synthValid(chart);
  const spec = only(all, 'PerconaPGCluster').spec;

  test('three instances with one strict synchronous standby', () => {
    expect(spec.instances[0].replicas).toBe(3);
    expect(spec.patroni.dynamicConfiguration).toMatchObject({ synchronous_mode: true, synchronous_mode_strict: true, synchronous_node_count: 1 });
  });

  test('required anti-affinity across hosts and spread across zones, for instances and PgBouncer', () => {
    for (const component of [spec.instances[0], spec.proxy.pgBouncer]) {
      expect(requiredTerm(component.affinity).topologyKey).toBe('kubernetes.io/hostname');
      expect(component.topologySpreadConstraints[0]).toMatchObject({ topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' });
    }
  });

  test('PgBouncer with two pods and the operator\'s own disruption budget', () => {
    expect(spec.proxy.pgBouncer.replicas).toBe(2);
    expect(spec.proxy.pgBouncer.minAvailable).toBeDefined();
    expect(ofKind(all, 'PodDisruptionBudget')).toEqual([]);
  });

  test('a daily full backup with retention; WAL archived continuously to the repo', () => {
    expect(spec.backups.pgbackrest.repos[0].schedules.full).toBe('0 2 * * *');
    expect(spec.backups.pgbackrest.global['repo1-retention-full']).toBe('7');
    expect(db.backupSchedule?.retention).toBe(7);
  });

  test('tuned from its resources, overridable by config', () => {
    expect(spec.patroni.dynamicConfiguration.postgresql.parameters).toMatchObject(Tuning.postgres(Size.gibibytes(16), Cpu.units(4)));
    const other = setup();
    new HaPostgres(other.chart, 'x', { backup: { storage: other.s3 }, config: { max_connections: '300' } });
    expect(only(synthValid(other.chart), 'PerconaPGCluster').spec.patroni.dynamicConfiguration.postgresql.parameters.max_connections).toBe('300');
  });

  test('Prometheus monitoring', () => {
    expect(ofKind(all, 'PodMonitor').length).toBeGreaterThan(0);
    expect(ofKind(all, 'PrometheusRule')).toHaveLength(1);
  });

  test('the readiness report stays silent about a blueprint', () => {
    expect(ProductionReadiness.warningsOf(chart)).toEqual([]);
  });
});

describe('HaMysql', () => {
  const { chart, s3 } = setup();
  new HaMysql(chart, 'orders', { backup: { storage: s3 } });
  const all = synthValid(chart);
  const spec = only(all, 'PerconaXtraDBCluster').spec;

  test('three Galera nodes and two HAProxy pods, both with required anti-affinity and zone spread', () => {
    expect(spec.pxc.size).toBe(3);
    expect(spec.haproxy).toMatchObject({ enabled: true, size: 2 });
    for (const component of [spec.pxc, spec.haproxy]) {
      expect(requiredTerm(component.affinity.advanced).topologyKey).toBe('kubernetes.io/hostname');
      expect(component.topologySpreadConstraints[0].topologyKey).toBe('topology.kubernetes.io/zone');
    }
  });

  test('point-in-time recovery and a daily schedule', () => {
    expect(spec.backup.pitr.enabled).toBe(true);
    expect(spec.backup.schedule).toEqual([expect.objectContaining({ name: 'daily', schedule: '0 2 * * *' })]);
  });

  test('InnoDB tuned from the memory', () => {
    const tuned = Tuning.mysql(Size.gibibytes(8));
    for (const [key, value] of Object.entries(tuned)) expect(spec.pxc.configuration).toContain(`${key}=${value}`);
  });

  test('Prometheus monitoring and no readiness warning', () => {
    expect(ofKind(all, 'PodMonitor').length).toBeGreaterThan(0);
    expect(ProductionReadiness.warningsOf(chart)).toEqual([]);
  });
});

describe('ShardedMongo', () => {
  const { chart, s3 } = setup();
  new ShardedMongo(chart, 'sessions', { backup: { storage: s3 } });
  const all = synthValid(chart);
  const spec = only(all, 'PerconaServerMongoDB').spec;

  test('shards of three members, three config servers and two mongos', () => {
    expect(spec.replsets.map((r: any) => [r.name, r.size])).toEqual([['rs0', 3], ['rs1', 3]]);
    expect(spec.sharding).toMatchObject({ enabled: true, configsvrReplSet: { size: 3 }, mongos: { size: 2 } });
  });

  test('required anti-affinity on every component and oplog PITR', () => {
    for (const component of [...spec.replsets, spec.sharding.configsvrReplSet, spec.sharding.mongos]) {
      expect(requiredTerm(component.affinity.advanced).topologyKey).toBe('kubernetes.io/hostname');
    }
    expect(spec.backup.pitr.enabled).toBe(true);
  });
});

describe('each blueprint refuses props that break its promise', () => {
  test.each<[string, (s: ReturnType<typeof setup>) => unknown, string]>([
    ['HaPostgres with two instances', (s) => new HaPostgres(s.chart, 'db', { backup: { storage: s.s3 }, instances: 2 }), 'instances'],
    // `backup` is required in the types; JavaScript callers that leave it out get the blueprint's refusal.
    ['HaPostgres without backups', (s) => new HaPostgres(s.chart, 'db', {} as HaPostgresProps), 'backup'],
    ['HaPostgres without anti-affinity', (s) => new HaPostgres(s.chart, 'db', { backup: { storage: s.s3 }, scheduling: { antiAffinity: AntiAffinity.NONE } }), 'scheduling.antiAffinity'],
    ['HaPostgres with preferred anti-affinity', (s) => new HaPostgres(s.chart, 'db', { backup: { storage: s.s3 }, scheduling: { antiAffinity: AntiAffinity.PREFERRED } }), 'scheduling.antiAffinity'],
    ['HaPostgres without zone spread', (s) => new HaPostgres(s.chart, 'db', { backup: { storage: s.s3 }, scheduling: { spreadAcrossZones: false } }), 'scheduling.spreadAcrossZones'],
    ['HaPostgres with one PgBouncer', (s) => new HaPostgres(s.chart, 'db', { backup: { storage: s.s3 }, poolerReplicas: 1 }), 'poolerReplicas'],
    ['HaPostgres on Everest', (s) => new HaPostgres(s.chart, 'db', { backup: { storage: s.s3 }, operator: Operator.EVEREST }), 'operator'],
    ['HaMysql with one node', (s) => new HaMysql(s.chart, 'db', { backup: { storage: s.s3 }, replicas: 1 } as HaMysqlProps), 'replicas'],
    ['HaMysql with one HAProxy', (s) => new HaMysql(s.chart, 'db', { backup: { storage: s.s3 }, haproxyReplicas: 1 }), 'haproxyReplicas'],
    ['HaMysql without backups', (s) => new HaMysql(s.chart, 'db', {} as HaMysqlProps), 'backup'],
    ['ShardedMongo with two members per shard', (s) => new ShardedMongo(s.chart, 'db', { backup: { storage: s.s3 }, membersPerShard: 2 } as ShardedMongoProps), 'membersPerShard'],
    ['ShardedMongo with one mongos', (s) => new ShardedMongo(s.chart, 'db', { backup: { storage: s.s3 }, mongosReplicas: 1 }), 'mongosReplicas'],
    ['ShardedMongo without backups', (s) => new ShardedMongo(s.chart, 'db', {} as ShardedMongoProps), 'backup'],
  ])('%s', (_, build, prop) => {
    const r = refusal(() => build(setup()));
    expect(r.prop).toBe(prop);
    expect(r.message).toMatch(/^\[fleet\/db\] /);
    expect(r.message).toContain('guarantees');
    expect(r.message).toContain('unsafeOverrides');
  });

  test('unsafeOverrides accepts the risk, and the readiness report then speaks about the cluster', () => {
    const { chart } = setup();
    new HaPostgres(chart, 'db', { unsafeOverrides: true, scheduling: { antiAffinity: AntiAffinity.PREFERRED } } as HaPostgresProps);
    synthValid(chart);
    const warnings = ProductionReadiness.warningsOf(chart);
    expect(warnings).toContain('[fleet/db/Cluster] no backups: set `backup.storage` and add a schedule');
    expect(warnings.some((w) => w.includes('anti-affinity is only preferred'))).toBe(true);
  });
});

describe('guarantees are closed against overrides that would defeat them', () => {
  test.each<[string, (s: ReturnType<typeof setup>) => unknown, string]>([
    ['HaPostgres with synchronous_commit off', (s) => new HaPostgres(s.chart, 'db', { backup: { storage: s.s3 }, config: { synchronous_commit: 'local' } }), 'config.synchronous_commit'],
    ['HaMysql with the binary log skipped', (s) => new HaMysql(s.chart, 'db', { backup: { storage: s.s3 }, config: { 'skip-log-bin': 'ON' } }), 'config.skip-log-bin'],
  ])('config: %s', (_, build, prop) => {
    const r = refusal(() => build(setup()));
    expect(r.prop).toBe(prop);
    expect(r.message).toContain('guarantees');
  });

  test('a JSON patch on the engine resource that the safe-change guard calls risky or destructive fails synthesis', () => {
    const { chart, s3 } = setup();
    const db = new HaMysql(chart, 'db', { backup: { storage: s3 } });
    db.cluster.engineResource.addJsonPatch(JsonPatch.replace('/spec/pxc/size', 1));
    expect(() => Testing.synth(chart)).toThrow(/\[fleet\/db\] engineResource: HaMysql guarantees what it builds, and a JSON patch changes spec\.pxc\.size \(destructive: .*\); set `unsafeOverrides: true`/);
  });

  test('a patch that keeps the guarantees is accepted, and unsafeOverrides accepts any', () => {
    const { chart, s3 } = setup();
    new HaPostgres(chart, 'keeps', { backup: { storage: s3 } }).cluster.engineResource.addJsonPatch(JsonPatch.add('/metadata/annotations', { team: 'payments' }));
    const overridden = new HaPostgres(chart, 'overridden', { backup: { storage: s3 }, unsafeOverrides: true });
    overridden.cluster.engineResource.addJsonPatch(JsonPatch.remove('/spec/backups/pgbackrest/repos/0/schedules'));
    const all = synthValid(chart);
    expect(only(all, 'PerconaPGCluster', 'fleet-keeps').metadata.annotations).toEqual({ team: 'payments' });
  });
});

/** An organisation's own blueprint, written with the public authoring API as a construct library would. */
class AtLeastFive extends Guarantee {
  constructor() {
    super('replicas >= 5', 'five Galera nodes, so two may fail');
  }

  public violations(props: any): GuaranteeViolation[] {
    return props.replicas >= 5 ? [] : [{ prop: 'replicas', value: props.replicas }];
  }
}

class FiveNodeMysql extends Blueprint {
  constructor(scope: Construct, id: string, props: { replicas?: number; storage: BackupStorage; unsafeOverrides?: boolean }) {
    super(scope, id, { blueprintName: 'FiveNodeMysql', guarantees: [new AtLeastFive(), Guarantee.oneOf('storage.provider', [BackupProvider.S3], 'binlogs on S3')], unsafeOverrides: props.unsafeOverrides });
    const replicas = props.replicas ?? 5;
    this.buildCluster({ ...props, replicas }, {
      engine: DatabaseEngine.mysql({ version: MysqlVersion.V8_0_42, operator: Operator.PERCONA }),
      replicas,
      proxy: { type: ProxyType.HAPROXY, replicas: 2 },
      scheduling: { antiAffinity: AntiAffinity.REQUIRED },
      backup: { storage: props.storage, pointInTimeRecovery: true },
    });
    this.cluster.addBackupSchedule('daily', { schedule: '0 3 * * *', retention: 7 });
  }
}

describe('the public blueprint authoring API', () => {
  test('a subclass of Blueprint builds its cluster, keeps its guarantees and stays out of the readiness report', () => {
    const { chart, s3 } = setup();
    const db = new FiveNodeMysql(chart, 'five', { storage: s3 });
    const spec = only(synthValid(chart), 'PerconaXtraDBCluster').spec;
    expect(spec.pxc.size).toBe(5);
    expect(Blueprint.isBlueprint(db)).toBe(true);
    expect(db.guarantees.map((g) => g.name)).toEqual(['replicas >= 5', 'storage.provider in [s3]']);
    expect(ProductionReadiness.warningsOf(chart)).toEqual([]);
  });

  test('its guarantees refuse props with the library\'s error, unless unsafeOverrides', () => {
    const r = refusal(() => new FiveNodeMysql(setup().chart, 'db', { storage: setup().s3, replicas: 3 }));
    expect(r.message).toBe('[fleet/db] replicas: FiveNodeMysql guarantees five Galera nodes, so two may fail; set `unsafeOverrides: true` to accept the risk (got 3)');
    const { chart, azure } = setup();
    expect(refusal(() => new FiveNodeMysql(chart, 'db', { storage: azure })).prop).toBe('storage.provider');
    const loose = setup();
    new FiveNodeMysql(loose.chart, 'db', { storage: loose.s3, replicas: 3, unsafeOverrides: true });
    expect(only(synthValid(loose.chart), 'PerconaXtraDBCluster').spec.pxc.size).toBe(3);
  });

  test('our blueprints are written with it', () => {
    const { chart, s3 } = setup();
    for (const blueprint of [new HaPostgres(chart, 'pg', { backup: { storage: s3 } }), new HaMysql(chart, 'my', { backup: { storage: s3 } }), new ShardedMongo(chart, 'mongo', { backup: { storage: s3 } })]) {
      expect(blueprint).toBeInstanceOf(Blueprint);
      expect(blueprint.guarantees.length).toBeGreaterThanOrEqual(4);
      expect(blueprint.cluster.node.path).toBe(`fleet/${blueprint.node.id}/Cluster`);
    }
  });
});
