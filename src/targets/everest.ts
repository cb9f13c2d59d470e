import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { BackupProvider, BackupStorage } from '../backup-storage';
import { EngineType, Operator } from '../engine';
import { invalid } from '../errors';
import { ExposeType } from '../expose';
import * as everest from '../imports/everest-everest.percona.com';
import { MonitoringKind } from '../monitoring';
import { isDnsSubdomain } from '../names';
import { ProxyType } from '../proxy';
import { Quantities } from '../quantity';
import { backupObjectNameRule, toUtcRfc3339 } from '../restore-rules';
import { RestoreSource } from '../restore-source';
import { checkRules, Rule } from '../rules';
import { antiAffinity, ResolvedScheduling, ZONE_TOPOLOGY_KEY } from '../scheduling';
import { clusterScoped } from '../storage-class';
import { mongodConfiguration, MONGODB_RULES, MYSQL_RULES, PERCONA_PG_NAME_RULE, POSTGRES_RULES } from './engine-rules';
import { ClusterModel, compact, EngineTarget, lazy, RenderedCluster, ScheduleModel, storagesOf } from './target';

/** OpenEverest operator 1.12.0: the version whose CRDs are vendored. */
export const EVEREST_OPERATOR_VERSION = '1.12.0';
/** The PMM client a MonitoringConfig names when `Monitoring.pmm()` gives no image (Everest's PMM 3 client). */
export const EVEREST_PMM_CLIENT_IMAGE = 'percona/pmm-client:3';
/**
 * Seconds between two uploads of binlogs / oplogs: the value Everest's CRD guide uses (PSMDB gets it as a 5-minute
 * oplog span). Always above 0, which is the API server's only rule on it.
 */
export const EVEREST_PITR_UPLOAD_INTERVAL_SECONDS = 300;

type Labels = { [key: string]: string };

/** The pods of one database, per component, as the underlying Percona operator labels them. */
interface ComponentSelectors {
  readonly engine: Labels;
  readonly proxy?: Labels;
  readonly configServer?: Labels;
}

/** One affinity per component, in the order `ComponentSelectors` names them. */
type ComponentAffinities = { readonly [C in keyof ComponentSelectors]: k8s.Affinity | undefined };

/** What differs between Everest's three engines; everything else is shared. */
interface EverestEngine {
  readonly engine: EngineType;
  readonly type: everest.DatabaseClusterSpecEngineType;
  /** The underlying operator's version, set as `engine.crVersion` (Everest writes it back otherwise). */
  readonly crVersion: string;
  readonly port: number;
  readonly proxyTypes: ReadonlyArray<ProxyType>;
  /** Everest maps no PITR flag for PostgreSQL: the underlying pgBackRest archives WAL to every repo. */
  readonly archivesLogsWithEveryStorage: boolean;
  readonly rules: ReadonlyArray<Rule<ClusterModel>>;
  defaultProxy(model: { readonly sharding?: unknown }): ProxyType;
  /** `spec.engine.config`: the engine parameters in the engine's own file format. */
  config(parameters: { [key: string]: string }): string | undefined;
  selectors(model: ClusterModel): ComponentSelectors;
  /** The PodSchedulingPolicy that places each component with its affinity. */
  schedulingPolicy(affinities: ComponentAffinities): everest.PodSchedulingPolicySpec;
  /** The Service clients connect to, as the underlying operator names it. */
  serviceName(model: ClusterModel): string;
}

// ---------------------------------------------------------------------------------------------------------------
// Rules: what Everest's API server, webhooks and operator refuse, and what Everest cannot express.
// ---------------------------------------------------------------------------------------------------------------

/**
 * Everest's BackupStorage is S3 or Azure, for the storage that `storageOf` picks. (It has no path prefix either:
 * Everest writes each cluster below `<bucket>/<cluster>/<cluster uid>` by itself, so `prefix` does not apply.)
 */
function storageProviderRule<T>(prop: string, storageOf: (subject: T) => BackupStorage | undefined): Rule<T> {
  return {
    prop: `${prop}.provider`,
    value: (t) => storageOf(t)?.provider,
    valid: (t) => storageOf(t)?.provider !== BackupProvider.GCS,
    reason: 'Everest has no GCS backup storage (s3 and azure only): use BackupProvider.S3 with an S3-compatible endpoint, or the Percona operator target',
  };
}

/** Which storages a cluster uses, once the object being checked is added. */
interface StorageUsage {
  readonly model: ClusterModel;
  readonly storages: BackupStorage[];
}

/** How many distinct storages a cluster may use, per engine (the API server's and the providers' limits). */
function storageCountRules<T>(prop: string, usageOf: (subject: T) => StorageUsage): Rule<T>[] {
  const limits = [
    { engine: EngineType.MONGODB, most: 1, reason: 'Everest runs one backup storage per MongoDB cluster (schedules, backups, PITR and restores share it)' },
    { engine: EngineType.POSTGRES, most: 3, reason: 'Everest gives a PostgreSQL cluster at most 3 distinct backup storages (pgBackRest repos)' },
  ];
  return limits.map((limit) => ({
    prop,
    value: (t: T) => usageOf(t).storages.map((s) => s.name),
    when: (t: T) => usageOf(t).model.engine.type === limit.engine,
    valid: (t: T) => usageOf(t).storages.length <= limit.most,
    reason: limit.reason,
  }));
}

/**
 * Everest replays logs on top of a named base backup (its DatabaseClusterBackup, or a path that holds the source
 * cluster's UID, unknown at synthesis), so a point-in-time source must name it.
 */
function baseBackupRule<T>(prop: string, sourceOf: (subject: T) => RestoreSource | undefined): Rule<T> {
  return {
    prop: `${prop}.baseBackupName`,
    value: (t) => sourceOf(t)?.baseBackupName,
    when: (t) => sourceOf(t)?.time !== undefined,
    valid: (t) => sourceOf(t)!.baseBackupName !== undefined,
    reason: 'Everest replays logs on top of a named backup: give the DatabaseClusterBackup to start from',
  };
}

/** Rules of every Everest engine, checked after the engine's own. */
const EVEREST_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  {
    prop: 'engine.image',
    value: (m) => m.engine.image,
    valid: (m) => m.engine.image === undefined,
    reason: 'Everest takes the image of engine.version from its DatabaseEngine\'s available versions: it has no image field',
  },
  {
    prop: 'scheduling.tolerations',
    value: (m) => m.scheduling.tolerations,
    valid: (m) => m.scheduling.tolerations === undefined,
    reason: 'an Everest PodSchedulingPolicy holds affinity only: tolerations cannot be expressed (use the Percona operator target)',
  },
  {
    prop: 'monitoring',
    value: (m) => m.monitoring?.kind,
    when: (m) => m.monitoring !== undefined,
    valid: (m) => m.monitoring!.kind === MonitoringKind.PMM,
    reason: 'Everest monitors through PMM only: use Monitoring.pmm(), or the Percona operator target for Prometheus',
  },
  {
    prop: 'monitoring.credentialsSecret',
    value: (m) => m.monitoring?.pmmOptions?.credentialsSecret,
    when: (m) => m.monitoring?.pmmOptions !== undefined,
    valid: (m) => isDnsSubdomain(m.monitoring!.pmmOptions!.credentialsSecret),
    reason: 'a Secret name must be a DNS subdomain',
  },
  storageProviderRule<ClusterModel>('backup.storage', (m) => m.backup?.storage),
  storageProviderRule<ClusterModel>('restoreFrom.storage', (m) => m.restoreFrom?.storage),
  // A clone's storage is the only one that can differ from `backup.storage` at this point.
  ...storageCountRules<ClusterModel>('restoreFrom.storage', (m) => ({ model: m, storages: storagesOf(m) })),
  baseBackupRule<ClusterModel>('restoreFrom', (m) => m.restoreFrom),
  backupObjectNameRule<ClusterModel>('restoreFrom', (m) => m.restoreFrom),
];

const POSTGRES_EVEREST_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  PERCONA_PG_NAME_RULE,
  {
    prop: 'synchronousReplicas',
    value: (m) => m.synchronousReplicas,
    valid: (m) => m.synchronousReplicas === 0,
    reason: 'Everest has no synchronous replication setting for PostgreSQL (use the Percona or CloudNativePG target)',
  },
];

const MYSQL_EVEREST_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  {
    prop: 'backup.pointInTimeRecovery',
    value: (m) => m.backup?.storage.provider,
    when: (m) => m.backup?.pointInTimeRecovery === true,
    valid: (m) => m.backup!.storage.provider === BackupProvider.S3,
    reason: 'Everest ships MySQL binlogs for point-in-time recovery to S3 storages only',
  },
];


// ---------------------------------------------------------------------------------------------------------------
// Engine configuration files
// ---------------------------------------------------------------------------------------------------------------

/**
 * my.cnf `[mysqld]` section, never empty: Everest writes its own size-tuned section into an empty `engine.config`
 * (GitOps drift), while the PXC operator still sizes the buffer pool and connections from the memory limit.
 */
function mysqldConfig(parameters: { [key: string]: string }): string {
  return ['[mysqld]', ...Object.entries(parameters).map(([k, v]) => `${k}=${v}`), ''].join('\n');
}

/** postgresql.conf lines, which Everest parses into Patroni's parameters. */
function postgresqlConfig(parameters: { [key: string]: string }): string {
  return Object.entries(parameters).map(([k, v]) => `${k} = ${v}\n`).join('');
}

/** No `engine.config` without parameters: the operator's defaults apply and Everest writes nothing back. */
function unlessEmpty(render: (parameters: { [key: string]: string }) => string) {
  return (parameters: { [key: string]: string }) => Object.keys(parameters).length > 0 ? render(parameters) : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// The three engines
// ---------------------------------------------------------------------------------------------------------------

const MYSQL: EverestEngine = {
  engine: EngineType.MYSQL,
  type: everest.DatabaseClusterSpecEngineType.PXC,
  crVersion: '1.18.0',
  port: 3306,
  proxyTypes: [ProxyType.HAPROXY, ProxyType.PROXYSQL],
  archivesLogsWithEveryStorage: false,
  defaultProxy: () => ProxyType.HAPROXY,
  rules: [...MYSQL_RULES, ...EVEREST_RULES, ...MYSQL_EVEREST_RULES],
  config: mysqldConfig,
  selectors: (m) => ({
    engine: { 'app.kubernetes.io/instance': m.name, 'app.kubernetes.io/component': 'pxc' },
    proxy: { 'app.kubernetes.io/instance': m.name, 'app.kubernetes.io/component': m.proxy.type },
  }),
  schedulingPolicy: (a) => ({
    engineType: everest.PodSchedulingPolicySpecEngineType.PXC,
    affinityConfig: { pxc: compact({ engine: a.engine, proxy: a.proxy }) },
  }),
  serviceName: (m) => `${m.name}-${m.proxy.type}`,
};

const MONGODB: EverestEngine = {
  engine: EngineType.MONGODB,
  type: everest.DatabaseClusterSpecEngineType.PSMDB,
  crVersion: '1.21.2',
  port: 27017,
  proxyTypes: [ProxyType.MONGOS, ProxyType.NONE],
  archivesLogsWithEveryStorage: false,
  defaultProxy: (m) => m.sharding ? ProxyType.MONGOS : ProxyType.NONE,
  rules: [...MONGODB_RULES, ...EVEREST_RULES],
  config: unlessEmpty(mongodConfiguration),
  selectors: (m) => {
    const component = (name: string) => ({ 'app.kubernetes.io/instance': m.name, 'app.kubernetes.io/component': name });
    return m.sharding
      ? { engine: component('mongod'), proxy: component('mongos'), configServer: component('cfg') }
      : { engine: component('mongod') };
  },
  schedulingPolicy: (a) => ({
    engineType: everest.PodSchedulingPolicySpecEngineType.PSMDB,
    affinityConfig: { psmdb: compact({ engine: a.engine, proxy: a.proxy, configServer: a.configServer }) },
  }),
  serviceName: (m) => m.sharding ? `${m.name}-mongos` : `${m.name}-rs0`,
};

const POSTGRES: EverestEngine = {
  engine: EngineType.POSTGRES,
  type: everest.DatabaseClusterSpecEngineType.POSTGRESQL,
  crVersion: '2.8.2',
  port: 5432,
  proxyTypes: [ProxyType.PGBOUNCER],
  archivesLogsWithEveryStorage: true,
  defaultProxy: () => ProxyType.PGBOUNCER,
  rules: [...POSTGRES_RULES, ...EVEREST_RULES, ...POSTGRES_EVEREST_RULES],
  config: unlessEmpty(postgresqlConfig),
  selectors: (m) => ({
    // Everest names the Percona PG instance set `instance1`.
    engine: { 'postgres-operator.crunchydata.com/cluster': m.name, 'postgres-operator.crunchydata.com/instance-set': 'instance1' },
    proxy: { 'postgres-operator.crunchydata.com/cluster': m.name, 'postgres-operator.crunchydata.com/role': 'pgbouncer' },
  }),
  schedulingPolicy: (a) => ({
    engineType: everest.PodSchedulingPolicySpecEngineType.POSTGRESQL,
    affinityConfig: { postgresql: compact({ engine: a.engine, proxy: a.proxy }) },
  }),
  serviceName: (m) => `${m.name}-pgbouncer`,
};

// ---------------------------------------------------------------------------------------------------------------
// Scheduling: one PodSchedulingPolicy per database
// ---------------------------------------------------------------------------------------------------------------

/**
 * The affinity of one component. Everest has no nodeSelector and no topology spread: a node selector becomes a
 * required node-affinity term, and zone spreading a *preferred* anti-affinity on the zone, which (unlike a
 * DoNotSchedule spread constraint) lets pods share a zone when the scheduler finds no better node.
 */
function componentAffinity(scheduling: ResolvedScheduling, selector: Labels): k8s.Affinity | undefined {
  const podAntiAffinity = antiAffinity(scheduling, selector)?.podAntiAffinity ?? {};
  const zoneTerms: k8s.WeightedPodAffinityTerm[] = scheduling.spreadAcrossZones
    ? [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: selector }, topologyKey: ZONE_TOPOLOGY_KEY } }]
    : [];
  const preferred = [...podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution ?? [], ...zoneTerms];
  const nodeSelector = scheduling.nodeSelector;
  const affinity = compact({
    nodeAffinity: nodeSelector && {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: Object.entries(nodeSelector).map(([key, value]) => ({ key, operator: 'In', values: [value] })) }],
      },
    },
    podAntiAffinity: podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution || preferred.length > 0
      ? compact({
        requiredDuringSchedulingIgnoredDuringExecution: podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution,
        preferredDuringSchedulingIgnoredDuringExecution: preferred.length > 0 ? preferred : undefined,
      })
      : undefined,
  });
  return Object.keys(affinity).length > 0 ? affinity : undefined;
}

/** Cluster-scoped objects of one database carry its namespace in their name, so two namespaces never collide. */
function clusterScopedName(model: ClusterModel): string {
  return [model.namespace, model.name].filter((part) => part !== undefined).join('-');
}

function podSchedulingPolicy(scope: Construct, flavour: EverestEngine, model: ClusterModel): ApiObject {
  const selectors = flavour.selectors(model);
  const affinityOf = (selector: Labels | undefined) => selector && componentAffinity(model.scheduling, selector);
  const spec = flavour.schedulingPolicy({
    engine: affinityOf(selectors.engine),
    proxy: affinityOf(selectors.proxy),
    configServer: affinityOf(selectors.configServer),
  });
  const policy = new ApiObject(scope, 'PodSchedulingPolicy', {
    ...everest.PodSchedulingPolicy.GVK,
    metadata: { name: clusterScopedName(model) },
    spec: everest.toJson_PodSchedulingPolicySpec(spec),
  });
  clusterScoped(policy);
  return policy;
}

/**
 * Everest takes Service annotations only from a LoadBalancerConfig. Every database gets its own, even without
 * annotations: once set, `loadBalancerConfigName` cannot be cleared (a CEL rule), so naming one always lets a later
 * synthesis drop the annotations or go back to ClusterIP. Everest applies it to LoadBalancer Services only.
 */
function loadBalancerConfig(scope: Construct, model: ClusterModel): ApiObject {
  const config = new ApiObject(scope, 'LoadBalancerConfig', {
    ...everest.LoadBalancerConfig.GVK,
    metadata: { name: clusterScopedName(model) },
    spec: everest.toJson_LoadBalancerConfigSpec({ annotations: model.expose.annotations }),
  });
  clusterScoped(config);
  return config;
}

// ---------------------------------------------------------------------------------------------------------------
// Backups and monitoring
// ---------------------------------------------------------------------------------------------------------------

/** The storages that have an Everest BackupStorage, by app and then by `namespace/name`. */
const EVEREST_STORAGES = new WeakMap<IConstruct, Map<string, BackupStorage>>();

/**
 * The Everest BackupStorage of `storage` in `namespace`, created once however many clusters use it (a child of the
 * storage construct, one per namespace). Two storages of one name in one namespace would overwrite each other, so
 * the second is refused under `prop`. `prefix` has no Everest form: Everest writes each cluster's backups below
 * `<bucket>/<cluster>/<cluster uid>` by itself.
 */
function everestBackupStorage(scope: IConstruct, prop: string, storage: BackupStorage, namespace: string | undefined): void {
  const app = storage.node.root;
  const registered = EVEREST_STORAGES.get(app) ?? new Map<string, BackupStorage>();
  EVEREST_STORAGES.set(app, registered);
  const key = `${namespace ?? ''}/${storage.name}`;
  const known = registered.get(key);
  if (known === storage) return;
  if (known) {
    invalid(scope, `${prop}.name`, storage.name, `${known.node.path} already gives this name to an Everest BackupStorage in namespace ${namespace ?? '(default)'}`);
  }
  registered.set(key, storage);
  const spec: everest.BackupStorageSpec = {
    type: storage.provider === BackupProvider.AZURE ? everest.BackupStorageSpecType.AZURE : everest.BackupStorageSpecType.S3,
    bucket: storage.bucket,
    region: storage.region,
    endpointUrl: storage.endpoint,
    credentialsSecretName: storage.credentialsSecret,
    verifyTls: storage.verifyTls,
    forcePathStyle: storage.forcePathStyle,
  };
  new ApiObject(storage, `Everest${namespace === undefined ? '' : `-${namespace}`}`, {
    ...everest.BackupStorage.GVK,
    metadata: { name: storage.name, namespace },
    spec: everest.toJson_BackupStorageSpec(spec),
  });
}

function backupSpec(model: ClusterModel): everest.DatabaseClusterSpecBackup | undefined {
  if (!model.backup && model.schedules.length === 0) return undefined;
  const pitr = model.backup?.pointInTimeRecovery ?? false;
  return compact({
    schedules: model.schedules.map((s) => ({
      name: s.name, enabled: s.enabled, schedule: s.cron, retentionCopies: s.retention, backupStorageName: s.storage.name,
    })),
    pitr: model.backup && compact({
      enabled: pitr,
      backupStorageName: pitr ? model.backup.storage.name : undefined,
      uploadIntervalSec: pitr ? EVEREST_PITR_UPLOAD_INTERVAL_SECONDS : undefined,
    }),
  });
}

/**
 * A clone's or a restore's data source: a named DatabaseClusterBackup, plus the instant to replay logs to.
 * `dateType` is the `date` member of the generated PITR-type enum of the kind at hand.
 */
function dataSource<P>(source: RestoreSource, dateType: P) {
  return compact({
    dbClusterBackupName: (source.backupName ?? source.baseBackupName)!,
    pitr: source.time === undefined ? undefined : { type: dateType, date: toUtcRfc3339(source.time) },
  });
}

/** The cluster's MonitoringConfig, named after it; the Secret holds the PMM `apiKey` (or `username`/`password`). */
function monitoringConfig(scope: Construct, model: ClusterModel): string | undefined {
  const pmm = model.monitoring?.pmmOptions;
  if (!pmm) return undefined;
  const name = `${model.name}-pmm`;
  new ApiObject(scope, 'MonitoringConfig', {
    ...everest.MonitoringConfig.GVK,
    metadata: { name, namespace: model.namespace },
    spec: everest.toJson_MonitoringConfigSpec({
      type: everest.MonitoringConfigSpecType.PMM,
      credentialsSecretName: pmm.credentialsSecret,
      pmm: { url: pmm.url, image: pmm.image ?? EVEREST_PMM_CLIENT_IMAGE },
    }),
  });
  return name;
}

// ---------------------------------------------------------------------------------------------------------------
// The DatabaseCluster
// ---------------------------------------------------------------------------------------------------------------

function resources(q: Quantities) {
  return {
    cpu: everest.DatabaseClusterSpecEngineResourcesCpu.fromString(q.cpu),
    memory: everest.DatabaseClusterSpecEngineResourcesMemory.fromString(q.memory),
  };
}

/**
 * Everest's proxy type of each of ours. A MongoDB replica set has no router, but Everest still types its proxy
 * `mongos` (and writes that back if absent); only `expose` then applies, to the replica set's Service.
 */
const EVEREST_PROXY_TYPES: { readonly [P in ProxyType]: everest.DatabaseClusterSpecProxyType } = {
  [ProxyType.HAPROXY]: everest.DatabaseClusterSpecProxyType.HAPROXY,
  [ProxyType.PROXYSQL]: everest.DatabaseClusterSpecProxyType.PROXYSQL,
  [ProxyType.PGBOUNCER]: everest.DatabaseClusterSpecProxyType.PGBOUNCER,
  [ProxyType.MONGOS]: everest.DatabaseClusterSpecProxyType.MONGOS,
  [ProxyType.NONE]: everest.DatabaseClusterSpecProxyType.MONGOS,
};

function proxySpec(model: ClusterModel, loadBalancerConfigName: string): everest.DatabaseClusterSpecProxy {
  const expose: everest.DatabaseClusterSpecProxyExpose = compact({
    type: model.expose.type === ExposeType.LOAD_BALANCER
      ? everest.DatabaseClusterSpecProxyExposeType.LOAD_BALANCER
      : everest.DatabaseClusterSpecProxyExposeType.CLUSTER_IP,
    ipSourceRanges: model.expose.sourceRanges.length > 0 ? model.expose.sourceRanges : undefined,
    loadBalancerConfigName,
  });
  const type = EVEREST_PROXY_TYPES[model.proxy.type];
  if (model.proxy.type === ProxyType.NONE) return { type, expose };
  return { type, replicas: model.proxy.replicas, resources: resources(model.proxy.resources), expose };
}

function databaseClusterSpec(flavour: EverestEngine, model: ClusterModel, names: {
  readonly podSchedulingPolicy: string;
  readonly loadBalancerConfig: string;
  readonly monitoringConfig?: string;
}): everest.DatabaseClusterSpec {
  return compact({
    engine: compact({
      type: flavour.type,
      version: model.engine.version,
      crVersion: flavour.crVersion,
      replicas: model.replicas,
      resources: resources(model.resources),
      storage: compact({
        size: everest.DatabaseClusterSpecEngineStorageSize.fromString(model.storage.size),
        class: model.storage.storageClassName,
      }),
      config: flavour.config(model.config),
      userSecretsName: userSecretsName(model),
    }),
    proxy: proxySpec(model, names.loadBalancerConfig),
    sharding: model.sharding && { enabled: true, shards: model.sharding.shards, configServer: { replicas: model.sharding.configServers } },
    backup: backupSpec(model),
    dataSource: model.restoreFrom && dataSource(model.restoreFrom, everest.DatabaseClusterSpecDataSourcePitrType.DATE),
    monitoring: names.monitoringConfig ? { monitoringConfigName: names.monitoringConfig } : undefined,
    podSchedulingPolicyName: names.podSchedulingPolicy,
    paused: model.paused,
  });
}

/** Everest's convention for the users' Secret, set explicitly so that Everest writes nothing back. */
function userSecretsName(model: ClusterModel): string {
  return model.credentialsSecret ?? `everest-secrets-${model.name}`;
}

/** One Everest target per engine, sharing everything but the engine's specifics. */
function everestTarget(flavour: EverestEngine): EngineTarget {
  return {
    engine: flavour.engine,
    operator: Operator.EVEREST,
    description: `OpenEverest operator ${EVEREST_OPERATOR_VERSION} (${flavour.type})`,
    proxyTypes: flavour.proxyTypes,
    archivesLogsWithEveryStorage: flavour.archivesLogsWithEveryStorage,
    defaultProxy: flavour.defaultProxy,
    rules: flavour.rules,

    render(scope: Construct, model: ClusterModel): RenderedCluster {
      if (model.backup) everestBackupStorage(scope, 'backup.storage', model.backup.storage, model.namespace);
      if (model.restoreFrom?.storage) everestBackupStorage(scope, 'restoreFrom.storage', model.restoreFrom.storage, model.namespace);
      const names = {
        podSchedulingPolicy: podSchedulingPolicy(scope, flavour, model).name,
        loadBalancerConfig: loadBalancerConfig(scope, model).name,
        monitoringConfig: monitoringConfig(scope, model),
      };
      const resource = new ApiObject(scope, 'Resource', {
        ...everest.DatabaseCluster.GVK,
        metadata: { name: model.name, namespace: model.namespace },
        spec: lazy(() => everest.toJson_DatabaseClusterSpec(databaseClusterSpec(flavour, model, names))),
      });
      return {
        engineResource: resource,
        serviceName: flavour.serviceName(model),
        port: flavour.port,
        credentialsSecretName: userSecretsName(model),
      };
    },

    scheduleRules: SCHEDULE_RULES,
    renderSchedule: (scope, model, schedule) => everestBackupStorage(scope, 'storage', schedule.storage, model.namespace),

    renderOnDemandBackup(scope, model, backup) {
      checkRules(scope, ON_DEMAND_RULES, { model, storage: backup.storage });
      everestBackupStorage(scope, 'storage', backup.storage, model.namespace);
      return new ApiObject(scope, 'Resource', {
        ...everest.DatabaseClusterBackup.GVK,
        metadata: { name: backup.name, namespace: model.namespace },
        spec: everest.toJson_DatabaseClusterBackupSpec({ dbClusterName: model.name, backupStorageName: backup.storage.name }),
      });
    },

    renderRestore(scope, model, restore) {
      checkRules(scope, RESTORE_RULES, { model, source: restore.source });
      if (restore.source.storage) everestBackupStorage(scope, 'source.storage', restore.source.storage, model.namespace);
      return new ApiObject(scope, 'Resource', {
        ...everest.DatabaseClusterRestore.GVK,
        metadata: { name: restore.name, namespace: model.namespace },
        spec: everest.toJson_DatabaseClusterRestoreSpec({
          dbClusterName: model.name,
          dataSource: dataSource(restore.source, everest.DatabaseClusterRestoreSpecDataSourcePitrType.DATE),
        }),
      });
    },
  };
}

/** A new schedule, against the cluster's existing ones. */
const SCHEDULE_RULES: ReadonlyArray<Rule<{ readonly model: ClusterModel; readonly schedule: ScheduleModel }>> = [
  storageProviderRule<{ schedule: ScheduleModel }>('storage', (s) => s.schedule.storage),
  {
    prop: 'schedule',
    value: (s) => s.schedule.cron,
    valid: (s) => !s.model.schedules.some((other) => other.cron === s.schedule.cron),
    reason: 'Everest refuses two schedules of one cluster with the same cron expression',
  },
  {
    prop: 'storage',
    value: (s) => s.schedule.storage.name,
    when: (s) => s.model.engine.type === EngineType.POSTGRES,
    valid: (s) => !s.model.schedules.some((other) => other.storage === s.schedule.storage),
    reason: 'Everest runs one schedule per storage for PostgreSQL (one pgBackRest repo each)',
  },
  ...storageCountRules<{ model: ClusterModel; schedule: ScheduleModel }>('storage', (s) => ({
    model: s.model, storages: [...new Set([...storagesOf(s.model), s.schedule.storage])],
  })),
];

/** An on-demand backup (its storage is already among the cluster's). */
const ON_DEMAND_RULES: ReadonlyArray<Rule<{ readonly model: ClusterModel; readonly storage: BackupStorage }>> = [
  storageProviderRule<{ storage: BackupStorage }>('storage', (s) => s.storage),
  ...storageCountRules<{ model: ClusterModel }>('storage', (s) => ({ model: s.model, storages: storagesOf(s.model) })),
];

/** An in-place restore (its storage, if any, is already among the cluster's). */
const RESTORE_RULES: ReadonlyArray<Rule<{ readonly model: ClusterModel; readonly source: RestoreSource }>> = [
  storageProviderRule<{ source: RestoreSource }>('source.storage', (s) => s.source.storage),
  baseBackupRule<{ source: RestoreSource }>('source', (s) => s.source),
  backupObjectNameRule<{ source: RestoreSource }>('source', (s) => s.source),
  ...storageCountRules<{ model: ClusterModel }>('source.storage', (s) => ({ model: s.model, storages: storagesOf(s.model) })),
];

/** MySQL (Percona XtraDB Cluster 1.18.0) through OpenEverest. */
export const everestMysqlTarget: EngineTarget = everestTarget(MYSQL);
/** MongoDB (Percona Server for MongoDB 1.21.2) through OpenEverest. */
export const everestMongodbTarget: EngineTarget = everestTarget(MONGODB);
/** PostgreSQL (Percona Operator for PostgreSQL 2.8.2) through OpenEverest. */
export const everestPostgresTarget: EngineTarget = everestTarget(POSTGRES);
