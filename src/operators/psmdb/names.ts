import { ClusterModel } from '../../model';

export const MONGODB_PORT = 27017;
export const EXPORTER_PORT = 9216;

/** The config server replica set's name, fixed by the PSMDB operator. */
export const PSMDB_CONFIG_REPLSET = 'cfg';

/** Shard replica sets as the PSMDB operator (and Everest) name them: `rs0`, or `rs0`..`rsN-1` when sharded. */
export function psmdbReplsetNames(model: ClusterModel): string[] {
  return Array.from({ length: model.sharding?.shards ?? 1 }, (_, i) => `rs${i}`);
}

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
