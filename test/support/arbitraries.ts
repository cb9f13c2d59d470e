/**
 * Random fleets for the property tests (test/property.test.ts) and the fuzzer (bench/fuzz.ts): every public
 * construct with every prop, each value drawn from the values a user would plausibly write or from junk (odd
 * strings, NaN, Infinity, fractions, huge numbers). `runFleetCase` builds and synthesizes one case and classifies
 * the outcome; anything other than a valid synthesis or the library's own validation error naming a known prop
 * is a crash.
 */
import { Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { schemaErrors } from './schema';
import { manifestProblems } from './security';
import {
  AntiAffinity, BackupProvider, BackupSchedule, BackupStorage, DatabaseCluster, DatabaseClusterProps, DatabaseEngine, DatabaseRestore,
  DatabaseStorageClass, Errors, Expose, HaMysql, HaPostgres, MariadbTopology, MariadbVersion, Monitoring, MongodbVersion, MysqlVersion,
  OnDemandBackup, Operator,
  PostgresVersion, ProxyType, ReclaimPolicy, RestoreSource, ShardedMongo, StatusReconciler, StorageProvisioner, VolumeBindingMode,
} from '../../src';
import { providers } from '../../src/operators';

type Arb<T> = fc.Arbitrary<T>;
type Value<A> = A extends Arb<infer T> ? T : never;

const junkString = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.constantFrom('', ' ', '-', 'UPPER', 'a_b', 'a..b', 'x'.repeat(64), 'x'.repeat(254), 'ä', 'a\nb', '${x}', '*', '0'),
);
const dnsLabel = fc.stringMatching(/^[a-z]([-a-z0-9]{0,14}[a-z0-9])?$/);
const dnsSubdomain = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,6}[a-z0-9])?){0,2}$/);

type EngineType = 'mysql' | 'mongodb' | 'postgres' | 'mariadb';
/** One (engine, operator) pair: the unit that the operator registry (src/operators/index.ts) looks up. */
export interface EnginePair { readonly type: EngineType; readonly operator: Operator }

/** Every engine with every operator, supported or not. */
export const ENGINE_PAIRS: ReadonlyArray<EnginePair> = (['mysql', 'mongodb', 'postgres', 'mariadb'] as const)
  .flatMap((type) => Object.values(Operator).map((operator) => ({ type, operator })));

const PROXIES_OF: Record<EngineType, ProxyType[]> = {
  mysql: [ProxyType.HAPROXY, ProxyType.PROXYSQL, ProxyType.NONE],
  mongodb: [ProxyType.NONE, ProxyType.MONGOS],
  postgres: [ProxyType.PGBOUNCER, ProxyType.NONE],
  mariadb: [ProxyType.NONE, ProxyType.MAXSCALE],
};

/** The versions the library names, and how to make any other, per engine. */
const VERSIONS = {
  mysql: { known: [MysqlVersion.V8_4_5, MysqlVersion.V8_0_42, MysqlVersion.V5_7_44], of: MysqlVersion.of },
  mongodb: { known: [MongodbVersion.V8_0_17, MongodbVersion.V7_0_28, MongodbVersion.V6_0_27], of: MongodbVersion.of },
  postgres: {
    known: [PostgresVersion.V18_1, PostgresVersion.V17_7, PostgresVersion.V16_11, PostgresVersion.V15_15, PostgresVersion.V14_20,
      PostgresVersion.V13_23],
    of: PostgresVersion.of,
  },
  mariadb: {
    known: [MariadbVersion.V11_8_8, MariadbVersion.V11_4_12, MariadbVersion.V10_11_18, MariadbVersion.V10_6_27, MariadbVersion.V12_2_2,
      MariadbVersion.V12_1_2],
    of: MariadbVersion.of,
  },
};
type VersionOf<E extends EngineType> = (typeof VERSIONS)[E]['known'][number];

/** The engine of a pair with a version of that engine (its first known version by default), and MariaDB's topology. */
export function makeEngine(pair: EnginePair, version?: VersionOf<EngineType>, image?: string, topology?: MariadbTopology): DatabaseEngine {
  const options = { operator: pair.operator, image };
  switch (pair.type) {
    case 'mysql': return DatabaseEngine.mysql({ ...options, version: (version ?? VERSIONS.mysql.known[0]) as MysqlVersion });
    case 'mongodb': return DatabaseEngine.mongodb({ ...options, version: (version ?? VERSIONS.mongodb.known[0]) as MongodbVersion });
    case 'mariadb': return DatabaseEngine.mariadb({ ...options, topology, version: (version ?? VERSIONS.mariadb.known[0]) as MariadbVersion });
    default: return DatabaseEngine.postgres({ ...options, version: (version ?? VERSIONS.postgres.known[0]) as PostgresVersion });
  }
}

/** The pairs the operator registry (src/operators/index.ts) runs. */
export function registeredPairs(): EnginePair[] {
  const types: Record<string, EngineType> = { mysql: 'mysql', mongodb: 'mongodb', postgresql: 'postgres' };
  const registered = providers().flatMap((p) => p.engines.map((e) => `${types[e]}/${p.operator}`));
  return ENGINE_PAIRS.filter((pair) => registered.includes(`${pair.type}/${pair.operator}`));
}

/** Fleets mostly use the registered pairs, so that targets get exercised, and sometimes any pair, which must be refused. */
const REGISTERED_PAIRS = registeredPairs();

/**
 * How a fleet draws its props:
 * - plausible: only values a user would write, in combinations that fit the engine (still often refused: an even
 *   Galera size, a monitoring kind the operator lacks); few optional props at once, so most cases synthesize;
 * - junk: the same, with one value in seven junk, so that a junk value mostly meets otherwise valid props;
 * - incoherent: junk values, and props combined at random (an endpoint on GCS, sharding on MySQL).
 */
export type FleetMode = 'plausible' | 'junk' | 'incoherent';

/** The generators of one fleet of the given mode. */
function fleetArbitrary(mode: FleetMode) {
  const incoherent = mode === 'incoherent';
  const mostly = <T>(plausible: Arb<T>, junk: Arb<T>): Arb<T> =>
    (mode === 'plausible' ? plausible : fc.oneof({ arbitrary: plausible, weight: 6 }, { arbitrary: junk, weight: 1 }));
  const optional = <T>(arb: Arb<T>) => fc.option(arb, { nil: undefined });
  const rarely = <T>(arb: Arb<T>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: arb, weight: 1 });
  /**
   * Props with optional keys: incoherent cases set each optional prop half the time, the others a fifth of the
   * time, so that one unusual prop at a time meets the defaults (several at once are mostly refused).
   */
  type Props<T, R extends keyof T> = Arb<Partial<T> & Pick<T, R>>;
  const propsRecord = <T extends object, R extends keyof T = never>(model: { [K in keyof T]: Arb<T[K]> }, required: R[]): Props<T, R> => {
    if (incoherent) return fc.record(model, { requiredKeys: required }) as Props<T, R>;
    const keys = Object.keys(model) as Array<keyof T>;
    return fc.record(Object.fromEntries(keys.map((k) => [k, required.includes(k as R) ? model[k] : rarely(model[k])]))) as Props<T, R>;
  };

  const name = mostly(dnsLabel, junkString);
  const secretName = mostly(dnsSubdomain, junkString);
  const stringMap = (key: Arb<string>, value: Arb<string>) => fc.dictionary(key, value, { maxKeys: 3 });
  const labelKey = mostly(fc.stringMatching(/^([a-z]{1,8}\.(io|com)\/)?[a-z][-a-z0-9_.]{0,10}[a-z0-9]$/), junkString);
  const labelValue = mostly(fc.stringMatching(/^([a-z0-9]([-a-z0-9_.]{0,10}[a-z0-9])?)?$/), junkString);
  const anyText = mostly(fc.string({ maxLength: 20 }).filter((s) => !/[\r\n]/.test(s)), junkString);
  const httpUrl = mode !== 'plausible' ? fc.oneof(fc.webUrl({ validSchemes: ['http', 'https'] }), junkString) : fc.webUrl({ validSchemes: ['https'] });
  const imageRef = mostly(fc.stringMatching(/^([a-z0-9]+\.[a-z]{2,4}\/)?[a-z0-9]+(\/[a-z0-9]+(-[a-z0-9]+)?)?:[0-9][0-9a-z.-]{0,8}$/), junkString);

  /** Whole numbers near the limits the rules care about, and (junk) some that are not whole numbers at all. */
  const count = (plausible: number[], range: [number, number]) => mostly(
    fc.oneof({ arbitrary: fc.constantFrom(...plausible), weight: 3 }, { arbitrary: fc.integer({ min: range[0], max: range[1] }), weight: 1 }),
    fc.constantFrom(-1, 0, 0.5, 2.5, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER, 2 ** 31),
  );
  /** Junk amounts are any non-negative number (cdk8s itself refuses negative sizes before the library sees them). */
  const oddAmount = fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom(NaN, Infinity, 1e-9, 1e21, 0.1 + 0.2, 0));
  const size: Arb<Size> = mostly(
    fc.oneof(
      fc.constantFrom(Size.gibibytes(1), Size.gibibytes(1.5), Size.gibibytes(8), Size.gibibytes(100), Size.mebibytes(768), Size.tebibytes(2),
        Size.kibibytes(1048576)),
      fc.integer({ min: 1, max: 2048 }).map((n) => Size.gibibytes(n)),
      fc.integer({ min: 256, max: 65536 }).map((n) => Size.mebibytes(n)),
    ),
    fc.tuple(fc.constantFrom('kibibytes', 'mebibytes', 'gibibytes', 'tebibytes') as Arb<'kibibytes' | 'mebibytes' | 'gibibytes' | 'tebibytes'>, oddAmount)
      .map(([unit, n]) => Size[unit](n)),
  );
  const cpu: Arb<Cpu> = mostly(
    fc.oneof(fc.constantFrom(1, 1.5, 2, 4, 8, 16).map((n) => Cpu.units(n)), fc.integer({ min: 500, max: 16000 }).map((n) => Cpu.millis(n))),
    fc.oneof(oddAmount.map((n) => Cpu.units(n)), oddAmount.map((n) => Cpu.millis(n))),
  );
  const resources = fc.record({ cpu, memory: size }, { requiredKeys: [] });

  const cidr = mostly(
    fc.oneof(
      fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([ip, bits]) => `${ip}/${bits}`),
      fc.ipV4(),
      fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })).map(([ip, bits]) => `${ip}/${bits}`),
    ),
    fc.oneof(junkString, fc.constantFrom('10.0.0.0/33', '256.1.1.1/8', '::/129', '1:2::3::4/64', '10.0.0.0/8 ')),
  );
  const rfc3339 = mostly(
    fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2026-01-01T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().replace(/\.\d+Z$/, 'Z')),
    fc.oneof(junkString, fc.constantFrom('2026-02-30T00:00:00Z', '2099-01-01T00:00:00Z', '2025-01-01 00:00:00', '2025-01-01T24:00:00Z')),
  );
  const cron = mostly(
    fc.constantFrom('0 3 * * *', '30 1 * * 0', '*/15 * * * *', '0 0 1 * *', '0 */6 * * 1-5', '0 2 * * SUN'),
    fc.oneof(junkString, fc.constantFrom('* * * *', '61 * * * *', '0 3 * * * *', '@daily', '0 3 31 2 *', '0 25 * * *')),
  );

  /** A known version of the engine, sometimes another one. */
  const versionOf = <E extends EngineType>(type: E): Arb<VersionOf<E>> => fc.oneof(
    { arbitrary: fc.constantFrom(...VERSIONS[type].known), weight: 4 },
    { arbitrary: mostly(fc.stringMatching(/^\d{1,2}\.\d{1,2}(\.\d{1,2})?(-\d{1,2}(\.\d)?)?$/), junkString).map((v) => VERSIONS[type].of(v)), weight: 1 },
  ) as Arb<VersionOf<E>>;
  const topology = (pair: EnginePair) => (pair.type === 'mariadb' ? rarely(fc.constantFrom(...Object.values(MariadbTopology))) : fc.constant(undefined));
  const engineOf = (pair: EnginePair): Arb<DatabaseEngine> => fc.tuple(versionOf(pair.type), rarely(imageRef), topology(pair))
    .map(([version, image, chosen]) => makeEngine(pair, version, image, chosen));

  const effect = mostly(fc.constantFrom('NoSchedule', 'PreferNoSchedule', 'NoExecute'), junkString);
  const tolerationSeconds = count([0, 300, 3600], [0, 86400]);
  const toleration = incoherent
    ? fc.record({ key: labelKey, operator: mostly(fc.constantFrom('Exists', 'Equal'), junkString), value: labelValue, effect, tolerationSeconds }, { requiredKeys: [] })
    : fc.oneof(
      fc.record({ key: labelKey, operator: fc.constant('Exists'), effect, tolerationSeconds }, { requiredKeys: ['operator'] }),
      fc.record({ key: labelKey, operator: fc.constant('Equal'), value: labelValue, effect, tolerationSeconds }, { requiredKeys: ['key'] }),
    );
  const scheduling = fc.record({
    antiAffinity: fc.constantFrom(...Object.values(AntiAffinity)),
    topologyKey: mostly(fc.constantFrom('kubernetes.io/hostname', 'topology.kubernetes.io/zone'), labelKey),
    spreadAcrossZones: fc.boolean(),
    nodeSelector: stringMap(labelKey, labelValue),
    tolerations: fc.array(toleration, { maxLength: 2 }),
  }, { requiredKeys: [] });
  const expose: Arb<Expose> = fc.oneof(
    fc.constant(Expose.clusterIp()),
    fc.record({ sourceRanges: fc.array(cidr, { maxLength: 3 }), annotations: stringMap(labelKey, anyText) }, { requiredKeys: [] })
      .map((options) => Expose.loadBalancer(options)),
  );
  const monitoring: Arb<Monitoring> = fc.oneof(
    fc.record({ url: httpUrl, credentialsSecret: secretName, image: imageRef }, { requiredKeys: ['url', 'credentialsSecret'] })
      .map((options) => Monitoring.pmm(options)),
    fc.record({ labels: stringMap(labelKey, labelValue), alerts: fc.boolean() }, { requiredKeys: [] })
      .map((options) => Monitoring.prometheus(options)),
  );

  /** Coherent storages fit their provider (a region on AWS, an endpoint elsewhere); incoherent ones mix any options. */
  const storageCommon = {
    bucket: mostly(fc.stringMatching(/^[a-z0-9][a-z0-9.-]{1,20}[a-z0-9]$/), junkString),
    credentialsSecret: secretName,
    prefix: mostly(fc.stringMatching(/^[a-z0-9]{1,6}(\/[a-z0-9._-]{1,6}){0,2}$/), junkString),
    verifyTls: fc.boolean(),
    name,
  };
  const required = ['provider', 'bucket', 'credentialsSecret'] as const;
  const region = mostly(fc.constantFrom('us-east-1', 'eu-west-3'), junkString);
  const storageAccount = mostly(fc.stringMatching(/^[a-z0-9]{3,24}$/), junkString);
  const backupStorage = incoherent
    ? fc.record({
      ...storageCommon,
      provider: fc.constantFrom(...Object.values(BackupProvider)),
      region,
      endpoint: httpUrl,
      forcePathStyle: fc.boolean(),
      storageAccount,
    }, { requiredKeys: [...required] })
    : fc.oneof(
      fc.record({ ...storageCommon, provider: fc.constant(BackupProvider.S3), region }, { requiredKeys: [...required, 'region'] }),
      fc.record({ ...storageCommon, provider: fc.constant(BackupProvider.S3), endpoint: httpUrl, forcePathStyle: fc.boolean() }, { requiredKeys: [...required, 'endpoint'] }),
      fc.record({ ...storageCommon, provider: fc.constant(BackupProvider.GCS) }, { requiredKeys: [...required] }),
      fc.record({ ...storageCommon, provider: fc.constant(BackupProvider.AZURE), storageAccount }, { requiredKeys: [...required] }),
    );
  /** Picks one of the case's backup storages (they are constructs, made by `buildFleetCase`). */
  const storageIndex = fc.nat({ max: 1 });

  const storageClass = fc.record({
    provisioner: fc.oneof(
      fc.constantFrom(StorageProvisioner.AWS_EBS, StorageProvisioner.GCE_PD, StorageProvisioner.AZURE_DISK),
      fc.record({ name: secretName, encryptionParameters: stringMap(labelKey, anyText), defaultParameters: stringMap(labelKey, anyText) },
        { requiredKeys: ['name'] }).map(({ name: provisioner, ...options }) => StorageProvisioner.custom(provisioner, options)),
    ),
    name: secretName,
    parameters: stringMap(labelKey, anyText),
    encrypted: fc.boolean(),
    reclaimPolicy: fc.constantFrom(...Object.values(ReclaimPolicy)),
    volumeBindingMode: fc.constantFrom(...Object.values(VolumeBindingMode)),
    allowVolumeExpansion: fc.boolean(),
    mountOptions: fc.array(anyText, { maxLength: 2 }),
  }, { requiredKeys: ['provisioner'] });

  const restoreSource = fc.oneof(
    fc.record({ kind: fc.constant('backup' as const), backupName: secretName, storageIndex: optional(storageIndex) }),
    fc.record({ kind: fc.constant('pointInTime' as const), storageIndex, sourceCluster: name, time: rfc3339, sourceNamespace: optional(name) }),
  );

  /** A one-member cluster asks for it explicitly; incoherent cases pick members and the flag independently. */
  const members = incoherent
    ? fc.record({ replicas: count([1, 3, 5], [1, 9]), singleNodeDevelopment: fc.boolean() }, { requiredKeys: [] })
    : fc.oneof(fc.constant({ replicas: 1, singleNodeDevelopment: true }), fc.record({ replicas: count([3, 5], [2, 9]) }, { requiredKeys: [] }));
  /** Plausible cases stick to the proxies and sharding of their engine. */
  const proxyTypes = (pair: EnginePair) => (incoherent ? Object.values(ProxyType) : PROXIES_OF[pair.type]);
  const sharding = fc.record({ shards: count([1, 2, 3], [1, 40]), configServers: count([1, 3, 5], [0, 7]) }, { requiredKeys: ['shards'] });

  /** The data volume; plausible cases give a DatabaseStorageClass or a class name, not both. */
  const dataVolume = incoherent
    ? fc.record({ size, useStorageClass: fc.boolean(), storageClassName: secretName }, { requiredKeys: [] })
    : fc.record({ size, choice: fc.oneof(fc.constant({ useStorageClass: true }), fc.record({ storageClassName: secretName })) }, { requiredKeys: [] })
      .map(({ size: s, choice }): { size?: Size; useStorageClass?: boolean; storageClassName?: string } => ({ size: s, ...choice }));
  const engineParameters = stringMap(mostly(fc.stringMatching(/^[a-z][a-z_.]{0,15}$/), junkString), anyText);

  /** Cluster props that are plain values; those that refer to other constructs are indices, resolved by `buildFleetCase`. */
  const clusterOf = (pair: EnginePair) => fc.tuple(members, propsRecord({
    engine: engineOf(pair),
    name,
    namespace: name,
    resources,
    storage: dataVolume,
    proxy: propsRecord({ type: fc.constantFrom(...proxyTypes(pair)), replicas: count([2, 3], [0, 6]), resources }, []),
    expose,
    scheduling,
    backup: fc.record({ storageIndex, pointInTimeRecovery: fc.boolean() }, { requiredKeys: ['storageIndex'] }),
    monitoring,
    config: engineParameters,
    credentialsSecret: secretName,
    synchronousReplicas: incoherent || pair.type === 'postgres' ? count([0, 1, 2], [0, 5]) : fc.constant(undefined),
    sharding: incoherent || pair.type === 'mongodb' ? sharding : fc.constant(undefined),
    restoreFrom: restoreSource,
    paused: fc.boolean(),
  }, incoherent ? ['engine'] : ['engine', 'backup'])).map(([m, props]) => ({ ...m, ...props }));
  // Built once per pair (not in a chain per case): building string-matching arbitraries is what costs.
  const clusters = new Map(ENGINE_PAIRS.map((pair) => [pair, clusterOf(pair)]));
  const cluster = fc.oneof(
    { arbitrary: fc.oneof(...REGISTERED_PAIRS.map((pair) => clusters.get(pair)!)), weight: 9 },
    { arbitrary: fc.oneof(...ENGINE_PAIRS.map((pair) => clusters.get(pair)!)), weight: 1 },
  ).map((props) => ({ kind: 'DatabaseCluster' as const, props }));

  /** The options every blueprint shares; `backup.storageIndex` is resolved by `buildFleetCase`. */
  const blueprintOptions = {
    name,
    namespace: name,
    backup: propsRecord({ storageIndex, schedule: cron, retention: count([7, 30], [1, 10000]) }, ['storageIndex']),
    resources,
    storage: dataVolume,
    scheduling,
    expose,
    config: engineParameters,
    credentialsSecret: secretName,
    monitoring,
    unsafeOverrides: fc.boolean(),
  };
  // Blueprints guarantee backups: plausible ones have them.
  const blueprintRequired: Array<'backup'> = incoherent ? [] : ['backup'];
  const blueprint = fc.oneof(
    propsRecord({ ...blueprintOptions, version: versionOf('mysql'), replicas: count([3, 5], [1, 7]), haproxyReplicas: count([2, 3], [0, 5]) }, blueprintRequired)
      .map((props) => ({ kind: 'HaMysql' as const, props })),
    propsRecord({
      ...blueprintOptions,
      version: versionOf('postgres'),
      operator: fc.constantFrom(...Object.values(Operator)),
      instances: count([3, 5], [1, 7]),
      poolerReplicas: count([2, 3], [0, 5]),
    }, blueprintRequired).map((props) => ({ kind: 'HaPostgres' as const, props })),
    propsRecord({
      ...blueprintOptions,
      version: versionOf('mongodb'),
      shards: count([2, 3], [1, 40]),
      membersPerShard: count([3, 5], [1, 7]),
      configServers: count([3, 5], [1, 7]),
      mongosReplicas: count([2, 3], [0, 5]),
    }, blueprintRequired).map((props) => ({ kind: 'ShardedMongo' as const, props })),
  );

  const reconciler = propsRecord({
    namespace: name,
    image: imageRef,
    nodeImage: imageRef,
    replicas: count([1, 2, 3], [1, 5]),
    watchNamespaces: fc.array(name, { maxLength: 2 }),
    resources,
    backupGracePeriod: mostly(fc.integer({ min: 1, max: 48 }).map((h) => Duration.hours(h)), oddAmount.map((n) => Duration.seconds(n))),
    metricsPort: count([8080, 9090], [1, 65535]),
  }, []);

  const schedule = propsRecord({
    schedule: cron,
    retention: count([1, 7, 30], [1, 10000]),
    storageIndex,
    enabled: fc.boolean(),
    name,
  }, ['schedule']);

  const restore = fc.record({ source: restoreSource, name: optional(name) });

  return fc.record({
    mode: fc.constant(mode),
    chartNamespace: optional(dnsLabel),
    storageClass: optional(storageClass),
    // Plausible fleets always have a storage, so that schedules and backups have somewhere to go.
    backupStorages: fc.array(backupStorage, { minLength: incoherent ? 0 : 1, maxLength: 2 }),
    database: fc.oneof({ arbitrary: cluster, weight: 3 }, { arbitrary: blueprint, weight: 1 }),
    reconciler: rarely(reconciler),
    schedules: fc.array(fc.record({ viaCluster: fc.boolean(), options: schedule }), { maxLength: 2 }),
    // Coherent schedules and backups mostly go to the cluster's own storage, as most operators require.
    onDemandBackups: fc.array(fc.record({ storageIndex: (incoherent ? optional : rarely)(storageIndex), name: optional(name) }), { maxLength: 1 }),
    restores: incoherent ? fc.array(restore, { maxLength: 1 }) : rarely(restore).map((r) => (r ? [r] : [])),
  });
}

/**
 * One random fleet: a storage class, up to two backup storages, a cluster (or a blueprint), its schedules, backups
 * and restores, and a status reconciler.
 */
export type FleetCase = Value<ReturnType<typeof fleetArbitrary>>;
type RestoreSourceCase = FleetCase['restores'][number]['source'];

/** Plausible, junk and incoherent fleets, 2:2:1. */
export const fleetCase: Arb<FleetCase> = fc.oneof(
  { arbitrary: fleetArbitrary('plausible'), weight: 2 },
  { arbitrary: fleetArbitrary('junk'), weight: 2 },
  { arbitrary: fleetArbitrary('incoherent'), weight: 1 },
);

type DataVolumeCase = Value<ReturnType<typeof fleetArbitrary>>['database']['props']['storage'];

/** The props each construct accepts: a validation error must name one of them (or a dotted path below one). */
const CLUSTER_PROPS = ['engine', 'name', 'namespace', 'replicas', 'synchronousReplicas', 'singleNodeDevelopment', 'resources', 'storage', 'proxy',
  'expose', 'scheduling', 'backup', 'monitoring', 'config', 'credentialsSecret', 'sharding', 'restoreFrom', 'paused'];
const BLUEPRINT_PROPS = ['name', 'namespace', 'backup', 'resources', 'storage', 'scheduling', 'expose', 'config', 'credentialsSecret', 'monitoring',
  'unsafeOverrides', 'version'];
const KNOWN_PROPS: Record<string, ReadonlyArray<string>> = {
  DatabaseStorageClass: ['provisioner', 'name', 'parameters', 'encrypted', 'reclaimPolicy', 'volumeBindingMode', 'allowVolumeExpansion', 'mountOptions'],
  BackupStorage: ['provider', 'bucket', 'region', 'endpoint', 'credentialsSecret', 'prefix', 'verifyTls', 'forcePathStyle', 'storageAccount', 'name'],
  DatabaseCluster: CLUSTER_PROPS,
  HaMysql: [...BLUEPRINT_PROPS, 'replicas', 'haproxyReplicas'],
  HaPostgres: [...BLUEPRINT_PROPS, 'operator', 'instances', 'poolerReplicas'],
  ShardedMongo: [...BLUEPRINT_PROPS, 'shards', 'membersPerShard', 'configServers', 'mongosReplicas'],
  BackupSchedule: ['cluster', 'schedule', 'retention', 'storage', 'enabled', 'name'],
  OnDemandBackup: ['cluster', 'storage', 'name'],
  DatabaseRestore: ['cluster', 'source', 'name'],
  StatusReconciler: ['namespace', 'image', 'nodeImage', 'replicas', 'watchNamespaces', 'resources', 'backupGracePeriod', 'metricsPort'],
};

/** Instantiates a case in `chart`, in the order a user would write it. */
export function buildFleetCase(chart: Chart, c: FleetCase): void {
  const storageClass = c.storageClass && new DatabaseStorageClass(chart, 'StorageClass', c.storageClass);
  const storages = c.backupStorages.map((props, i) => new BackupStorage(chart, `Storage${i}`, props));
  const storageAt = (i: number | undefined): BackupStorage | undefined => (i === undefined ? undefined : storages[i % storages.length]);
  /** A point-in-time source needs a storage: without one in the case, there is no such source (props stay well-typed). */
  const restoreSource = (s: RestoreSourceCase): RestoreSource | undefined => {
    if (s.kind === 'backup') return RestoreSource.backup({ backupName: s.backupName, storage: storageAt(s.storageIndex) });
    const storage = storageAt(s.storageIndex);
    return storage && RestoreSource.pointInTime({ ...s, storage });
  };
  const dataVolume = (storage: DataVolumeCase) => storage && {
    size: storage.size,
    storageClassName: storage.storageClassName,
    storageClass: storage.useStorageClass ? storageClass : undefined,
  };

  let cluster: DatabaseCluster;
  if (c.database.kind === 'DatabaseCluster') {
    const { storage, backup, restoreFrom, ...plain } = c.database.props;
    const backupStorage = backup && storageAt(backup.storageIndex);
    cluster = new DatabaseCluster(chart, 'Db', {
      ...plain as DatabaseClusterProps,
      storage: dataVolume(storage),
      backup: backupStorage && { storage: backupStorage, pointInTimeRecovery: backup.pointInTimeRecovery },
      restoreFrom: restoreFrom && restoreSource(restoreFrom),
    });
  } else {
    const { storage, backup, ...plain } = c.database.props;
    const backupStorage = backup && storageAt(backup.storageIndex);
    const props = { ...plain, storage: dataVolume(storage), backup: backupStorage && { ...backup, storage: backupStorage } };
    const Blueprint = { HaMysql, HaPostgres, ShardedMongo }[c.database.kind];
    cluster = new Blueprint(chart, 'Db', props as any).cluster;
  }
  c.schedules.forEach(({ viaCluster, options: { storageIndex: index, ...options } }, i) => {
    const scheduleProps = { ...options, storage: storageAt(index) };
    if (viaCluster) cluster.addBackupSchedule(`Schedule${i}`, scheduleProps);
    else new BackupSchedule(chart, `Schedule${i}`, { ...scheduleProps, cluster });
  });
  c.onDemandBackups.forEach((b, i) => new OnDemandBackup(chart, `Backup${i}`, { cluster, storage: storageAt(b.storageIndex), name: b.name }));
  c.restores.forEach((r, i) => {
    const source = restoreSource(r.source);
    if (source) new DatabaseRestore(chart, `Restore${i}`, { cluster, source, name: r.name });
  });
  if (c.reconciler) new StatusReconciler(chart, 'Status', c.reconciler);
}

/** How one case ended. `refusedBy` is `Construct.prop` of the validation error. */
export type CaseOutcome =
  | { readonly kind: 'valid'; readonly objects: any[] }
  | { readonly kind: 'refused'; readonly refusedBy: string; readonly message: string };

/**
 * Builds and synthesizes a case. Returns a valid synthesis (schemas pass and no manifest problem is found) or a
 * validation error that names a known prop of the construct that raised it; throws anything else, with the cause.
 */
export function runFleetCase(c: FleetCase): CaseOutcome {
  const chart = new Chart(Testing.app(), 'fleet', { namespace: c.chartNamespace });
  let objects: any[];
  try {
    buildFleetCase(chart, c);
    objects = Testing.synth(chart);
  } catch (e) {
    if (!Errors.isValidationError(e)) throw e;
    const prop = Errors.propOf(e) ?? '';
    const kind = constructKindAt(chart, (e as any).path);
    if (!KNOWN_PROPS[kind]?.includes(prop.split('.')[0])) {
      throw new Error(`validation error names no known prop of ${kind}: ${(e as Error).message}`);
    }
    return { kind: 'refused', refusedBy: `${kind}.${prop}`, message: (e as Error).message };
  }
  const problems = [...schemaErrors(objects), ...manifestProblems(objects)];
  if (problems.length > 0) throw new Error(`synthesized manifests the cluster would refuse:\n  ${problems.join('\n  ')}`);
  return { kind: 'valid', objects };
}

/**
 * The class of the public construct that raised an error: the construct at its path (a construct joins the tree
 * before its constructor can throw), or the nearest public construct above it (a blueprint's inner parts).
 */
function constructKindAt(chart: Chart, path: string): string {
  const byPath = new Map(chart.node.findAll().map((c) => [c.node.path, c.constructor.name]));
  const segments = path.split('/');
  for (let n = segments.length; n > 0; n--) {
    const kind = byPath.get(segments.slice(0, n).join('/'));
    if (kind && KNOWN_PROPS[kind]) return kind;
  }
  return `an unknown construct at ${path}`;
}
