import { ClusterModel } from '../../model';

export const MONGODB_PORT = 27017;
export const EXPORTER_PORT = 9216;

/** The config server replica set's name, fixed by the PSMDB operator (psmdb_defaults.go:CheckNSetDefaults). */
export const PSMDB_CONFIG_REPLSET = 'cfg';

/**
 * Shard replica sets as the PSMDB operator (and Everest, whose psmdb applier copies rs0) name them: `rs0`, or
 * `rs0`..`rsN-1` when sharded. The config servers are not among them: see `psmdbMongodReplsets`.
 */
export function psmdbReplsetNames(model: ClusterModel): string[] {
  return Array.from({ length: model.sharding?.shards ?? 1 }, (_, i) => `rs${i}`);
}

/** Every mongod replica set the operator runs a StatefulSet `<cluster>-<replset>` for: the shards, and `cfg` when sharded. */
export function psmdbMongodReplsets(model: ClusterModel): string[] {
  return [...psmdbReplsetNames(model), ...(model.sharding ? [PSMDB_CONFIG_REPLSET] : [])];
}

/** The mongos StatefulSet and Service (psmdb_types.go:MongosNamespacedName). */
export function mongosName(cluster: string): string {
  return `${cluster}-mongos`;
}

/**
 * The StatefulSet controller labels each pod `controller-revision-hash: <StatefulSet>-<hash>`; the hash is a
 * safe-encoded 32-bit FNV sum of up to 10 characters, and a label value has at most 63: a StatefulSet name longer
 * than 52 characters gets no pods.
 */
export const STATEFULSET_NAME_MAX = 63 - '-'.length - 10;

/** The pods of one cluster part, as the operator labels them (`pkg/naming/labels.go`). */
export type Component = 'mongod' | 'cfg' | 'mongos';

export function podLabels(name: string, component: Component, replsetName?: string): { [key: string]: string } {
  const labels = { 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': component };
  return replsetName ? { ...labels, 'app.kubernetes.io/replset': replsetName } : labels;
}

/** The users Secret: the one given, or the one the operator creates (named explicitly either way). */
export function usersSecret(model: ClusterModel): string {
  return model.credentialsSecret ?? `${model.name}-secrets`;
}
