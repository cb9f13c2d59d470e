import { ClusterModel } from '../model';
import { ProxyType } from '../proxy';
import { Rule } from '../rules';
import { EngineParameters, parameterRules, ParameterTypes } from './parameters';

const BOOLEAN = ParameterTypes.boolean(['true', 'false']);
const GIB = 1024 ** 3;

/**
 * The mongod options whose values the library checks, as dotted paths of the configuration file, with MongoDB
 * 8.0's types and bounds (mongodb.com/docs/manual/reference/configuration-options). Others are checked for their
 * name only.
 */
export const MONGODB_PARAMETERS: EngineParameters = {
  engine: 'MongoDB',
  namePattern: /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/,
  nameForm: 'dotted paths of the configuration file\'s options, such as operationProfiling.slowOpThresholdMs',
  normalize: (name) => name,
  source: 'mongodb.com/docs/manual/reference/configuration-options',
  cacheParameter: 'storage.wiredTiger.engineConfig.cacheSizeGB',
  known: {
    'storage.wiredTiger.engineConfig.cacheSizeGB': {
      problem: (v) => (/^\d+(\.\d+)?$/.test(v) && Number(v) >= 0.25 && Number(v) <= 10000 ? undefined : 'a number of GB from 0.25 to 10000'),
      bytes: (v) => Number(v) * GIB,
    },
    'storage.wiredTiger.engineConfig.journalCompressor': ParameterTypes.oneOf(['none', 'snappy', 'zlib', 'zstd'], true),
    'storage.wiredTiger.collectionConfig.blockCompressor': ParameterTypes.oneOf(['none', 'snappy', 'zlib', 'zstd'], true),
    'storage.wiredTiger.indexConfig.prefixCompression': BOOLEAN,
    'storage.directoryPerDB': BOOLEAN,
    'operationProfiling.mode': ParameterTypes.oneOf(['off', 'slowOp', 'all'], true),
    'operationProfiling.slowOpThresholdMs': ParameterTypes.integer(0, 2 ** 31 - 1),
    'operationProfiling.slowOpSampleRate': ParameterTypes.real(0, 1),
    'net.maxIncomingConnections': ParameterTypes.integer(1, 1_000_000),
    'replication.oplogSizeMB': ParameterTypes.integer(990, 1_024 * 1_024),
    'systemLog.verbosity': ParameterTypes.integer(0, 5),
    'systemLog.quiet': BOOLEAN,
  },
};

/** What MongoDB itself needs, whichever operator runs it: replica sets that can elect a primary, and mongos for shards. */
export const MONGODB_RULES: ReadonlyArray<Rule<ClusterModel>> = [
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
  ...parameterRules(MONGODB_PARAMETERS),
];

/**
 * mongod YAML from dotted option paths (`operationProfiling.slowOpThresholdMs`), the form operators take for
 * mongod's configuration file. The `config` rule above guarantees that no path is both a value and a section.
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
