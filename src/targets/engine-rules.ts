import { ProxyType } from '../proxy';
import { Rule } from '../rules';
import { ClusterModel } from './target';

/**
 * Rules of each engine that hold whichever operator runs it: the Percona operators check them in
 * `CheckNSetDefaults`, and OpenEverest's API server checks the same for its DatabaseCluster.
 * @internal
 */
/**
 * A Percona operator's limit on a database's name plus the longest part name it derives from it (StatefulSets,
 * label values). It holds under Everest too, which names the native cluster after its DatabaseCluster.
 */
function nameLengthRule(operator: string, most: number, partOf: (m: ClusterModel) => string): Rule<ClusterModel> {
  return {
    prop: 'name',
    value: (m) => m.name,
    valid: (m) => m.name.length + partOf(m).length <= most,
    reason: (m) => `the ${operator} operator refuses a cluster whose name${partOf(m) ? ` plus ${partOf(m)}` : ''} exceeds ${most} characters`,
  };
}

/** The config server replica set's name, fixed by the PSMDB operator. @internal */
export const PSMDB_CONFIG_REPLSET = 'cfg';

/** Shard replica sets as the PSMDB operator and Everest name them: `rs0`, or `rs0`..`rsN-1` when sharded. @internal */
export function psmdbReplsetNames(model: ClusterModel): string[] {
  return Array.from({ length: model.sharding?.shards ?? 1 }, (_, i) => `rs${i}`);
}

function longestReplsetName(model: ClusterModel): string {
  return [...psmdbReplsetNames(model), ...(model.sharding ? [PSMDB_CONFIG_REPLSET] : [])].reduce((a, b) => (b.length > a.length ? b : a));
}

/** The Percona PostgreSQL operator's (PGO's) limit: cluster plus instance set name (`instance1`). @internal */
export const PERCONA_PG_NAME_RULE = nameLengthRule('Percona PostgreSQL', 46, () => 'instance1');

export const MYSQL_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  nameLengthRule('Percona XtraDB Cluster', 22, () => ''),
  {
    prop: 'engine.version',
    value: (m) => m.engine.version,
    valid: (m) => /^(5\.7|8\.0|8\.4)\.\d+-\d+(\.\d+)?$/.test(m.engine.version),
    reason: 'a Percona XtraDB Cluster version looks like 8.0.42-33.1 and is of the 5.7, 8.0 or 8.4 series',
  },
  {
    prop: 'replicas',
    value: (m) => m.replicas,
    valid: (m) => m.replicas % 2 === 1 && m.replicas <= 5,
    reason: 'a Galera cluster needs an odd size of at most 5 to keep quorum',
  },
];

/** @internal */
export const MONGODB_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  nameLengthRule('Percona Server for MongoDB', 50, longestReplsetName),
  {
    prop: 'engine.version',
    value: (m) => m.engine.version,
    valid: (m) => /^(6\.0|7\.0|8\.0)\.\d+-\d+$/.test(m.engine.version),
    reason: 'a Percona Server for MongoDB version looks like 8.0.17-6 and is of the 6.0, 7.0 or 8.0 series',
  },
  {
    prop: 'replicas',
    value: (m) => m.replicas,
    valid: (m) => m.replicas % 2 === 1,
    reason: 'a MongoDB replica set needs an odd number of members to elect a primary',
  },
  {
    prop: 'sharding.configServers',
    value: (m) => m.sharding?.configServers,
    when: (m) => m.sharding !== undefined,
    valid: (m) => Number.isInteger(m.sharding!.configServers) && m.sharding!.configServers % 2 === 1
      && m.sharding!.configServers >= (m.singleNode ? 1 : 3),
    reason: 'config servers form a replica set: an odd number, at least 3 (1 only for a single-node development cluster)',
  },
  {
    prop: 'proxy.type',
    value: (m) => m.proxy.type,
    valid: (m) => (m.proxy.type === ProxyType.MONGOS) === (m.sharding !== undefined),
    reason: 'a sharded MongoDB cluster is reached through mongos (ProxyType.MONGOS), a replica set directly (ProxyType.NONE)',
  },
  {
    prop: 'config',
    value: (m) => Object.keys(m.config),
    valid: (m) => Object.keys(m.config).every((key) => !Object.keys(m.config).some((other) => other.startsWith(`${key}.`))),
    reason: 'a mongod option cannot be both a value and a section (e.g. `net` and `net.port`)',
  },
];

/**
 * mongod YAML from dotted option paths (`operationProfiling.slowOpThresholdMs`), the form both the Percona operator
 * and Everest take. The `config` rule above guarantees that no path is both a value and a section.
 * @internal
 */
export function mongodConfiguration(parameters: { [key: string]: string }): string {
  type Tree = { [key: string]: Tree | string };
  const tree: Tree = {};
  for (const [path, value] of Object.entries(parameters)) {
    const keys = path.split('.');
    const parent = keys.slice(0, -1).reduce((node, key) => (node[key] ??= {}) as Tree, tree);
    parent[keys[keys.length - 1]] = value;
  }
  // Plain numbers, booleans and words stay YAML scalars (mongod wants typed values); anything else is quoted.
  const scalar = (v: string) => /^[A-Za-z0-9_./-]+$/.test(v) ? v : JSON.stringify(v);
  const lines = (node: Tree, indent: string): string[] => Object.entries(node).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${indent}${k}: ${scalar(v)}`] : [`${indent}${k}:`, ...lines(v, `${indent}  `)]);
  return lines(tree, '').map((l) => `${l}\n`).join('');
}

/** @internal */
export const POSTGRES_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  {
    prop: 'engine.version',
    value: (m) => m.engine.version,
    valid: (m) => /^\d{2}\.\d+$/.test(m.engine.version),
    reason: 'a PostgreSQL version looks like 17.7 (or 17.7-2 with a Percona build)',
  },
];
