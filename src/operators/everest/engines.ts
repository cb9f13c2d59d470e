import { Size } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';
import { EVEREST_RULES, MYSQL_EVEREST_RULES, POSTGRES_EVEREST_RULES } from './rules';
import { EVEREST_CATALOGUES } from './versions';
import { EngineType } from '../../engine';
import { mongodConfiguration } from '../../engines/mongodb';
import { mysqldSection } from '../../engines/mysql';
import { postgresqlConf } from '../../engines/postgres';
import * as everest from '../../imports/everest-everest.percona.com';
import { ClusterModel } from '../../model';
import { compact } from '../../objects';
import { ProxyOffer } from '../../provider';
import { ProxyType } from '../../proxy';
import { quantityBytes } from '../../quantity';
import { Rule } from '../../rules';
import { PSMDB_CLUSTER_RULES } from '../psmdb/rules';
import { PXC_CLUSTER_RULES } from '../pxc/rules';

/** Labels of the pods of one component. */
export type Labels = { [key: string]: string };

/** The pods of one database, per component, as the underlying Percona operator labels them. */
interface ComponentSelectors {
  readonly engine: Labels;
  readonly proxy?: Labels;
  readonly configServer?: Labels;
}

/** One affinity per component, in the order `ComponentSelectors` names them. */
type ComponentAffinities = { readonly [C in keyof ComponentSelectors]: k8s.Affinity | undefined };

/** What differs between Everest's three engines; everything else is shared. */
export interface EverestEngine {
  readonly engine: EngineType;
  readonly type: everest.DatabaseClusterSpecEngineType;
  /** The underlying operator's version, set as `engine.crVersion` (Everest writes it back otherwise). */
  readonly crVersion: string;
  readonly port: number;
  readonly proxies: ReadonlyArray<ProxyOffer>;
  /** Everest maps no PITR flag for PostgreSQL: the underlying pgBackRest archives WAL to every repo. */
  readonly archivesLogsWithEveryStorage: boolean;
  readonly rules: ReadonlyArray<Rule<ClusterModel>>;
  defaultProxy(model: { readonly sharding?: unknown }): ProxyType;
  /** `spec.engine.config`: the engine parameters in the engine's own file format. */
  config(model: ClusterModel): string | undefined;
  selectors(model: ClusterModel): ComponentSelectors;
  /** The PodSchedulingPolicy that places each component with its affinity. */
  schedulingPolicy(affinities: ComponentAffinities): everest.PodSchedulingPolicySpec;
  /** The Service clients connect to, as the underlying operator names it. */
  serviceName(model: ClusterModel): string;
}

/** No `engine.config` without parameters: the operator's defaults apply and Everest writes nothing back. */
function unlessEmpty(render: (parameters: { [key: string]: string }) => string) {
  return (model: ClusterModel) => Object.keys(model.config).length > 0 ? render(model.config) : undefined;
}

/**
 * The memory Everest's own size-tuned MySQL sections are made for, at least ("small": 1 vCPU and 2 GB;
 * api/everest/v1alpha1/databasecluster_types.go MemorySmallSize).
 */
const EVEREST_MYSQL_SMALL_MEMORY_BYTES = 2e9;

/**
 * MySQL parameters. Without any, `engine.config` stays unset where Everest's own tuning fits: into an empty one
 * Everest writes its `[mysqld]` section for the pods' memory (pxc/provider.go:ensureDefaults; small under 8G, medium
 * under 32G, large above, pxc/mysqld_configs.go), as its UI does. Its small section sets a 1.3 GB buffer pool, too
 * big below 2G: there an empty section keeps it out, and the PXC operator sizes the buffer pool and connections
 * from the memory limit. Parameters replace Everest's section entirely (it writes none into a non-empty config).
 */
function mysqlConfig(model: ClusterModel): string | undefined {
  if (Object.keys(model.config).length > 0) return mysqldSection(model.config);
  return quantityBytes(model.resources.memory) >= EVEREST_MYSQL_SMALL_MEMORY_BYTES ? undefined : mysqldSection({});
}

const PROXY = { cpu: Cpu.millis(200), memory: Size.mebibytes(256) };
const ROUTER = { cpu: Cpu.millis(600), memory: Size.gibibytes(1) };

export const MYSQL: EverestEngine = {
  engine: EngineType.MYSQL,
  type: everest.DatabaseClusterSpecEngineType.PXC,
  crVersion: '1.18.0',
  port: 3306,
  // ProxySQL is offered so that MYSQL_EVEREST_RULES refuses it with Everest's reason (it does not run under 1.12).
  proxies: [{ type: ProxyType.HAPROXY, defaultResources: PROXY }, { type: ProxyType.PROXYSQL, defaultResources: ROUTER }],
  archivesLogsWithEveryStorage: false,
  defaultProxy: () => ProxyType.HAPROXY,
  rules: [...PXC_CLUSTER_RULES, ...EVEREST_CATALOGUES[EngineType.MYSQL]!.rules(), ...EVEREST_RULES, ...MYSQL_EVEREST_RULES],
  config: mysqlConfig,
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

export const MONGODB: EverestEngine = {
  engine: EngineType.MONGODB,
  type: everest.DatabaseClusterSpecEngineType.PSMDB,
  crVersion: '1.21.2',
  port: 27017,
  proxies: [{ type: ProxyType.MONGOS, defaultResources: ROUTER }, { type: ProxyType.NONE, defaultResources: PROXY }],
  archivesLogsWithEveryStorage: false,
  defaultProxy: (m) => m.sharding ? ProxyType.MONGOS : ProxyType.NONE,
  rules: [...PSMDB_CLUSTER_RULES, ...EVEREST_CATALOGUES[EngineType.MONGODB]!.rules(), ...EVEREST_RULES],
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

export const POSTGRES: EverestEngine = {
  engine: EngineType.POSTGRES,
  type: everest.DatabaseClusterSpecEngineType.POSTGRESQL,
  crVersion: '2.8.2',
  port: 5432,
  proxies: [{ type: ProxyType.PGBOUNCER, defaultResources: PROXY }],
  archivesLogsWithEveryStorage: true,
  defaultProxy: () => ProxyType.PGBOUNCER,
  rules: [...EVEREST_CATALOGUES[EngineType.POSTGRES]!.rules(), ...EVEREST_RULES, ...POSTGRES_EVEREST_RULES],
  config: unlessEmpty(postgresqlConf),
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

