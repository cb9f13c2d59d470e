import { IConstruct } from 'constructs';
import { BackupStorage } from './backup-storage';
import { ClusterState } from './cluster-state';
import { invalid } from './errors';
import { isDnsLabel } from './names';

/** The id of a construct as a name fragment: lowercase, other characters as dashes. @internal */
export function idFragment(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

/**
 * The storage a schedule or a backup of `cluster` writes to: its own, else the cluster's `backup.storage`.
 * @internal
 */
export function storageFor(scope: IConstruct, cluster: ClusterState, storage: BackupStorage | undefined, what: string): BackupStorage {
  const chosen = storage ?? cluster.model.backup?.storage;
  if (!chosen) invalid(scope, 'storage', undefined, `${what} needs a storage: give \`storage\` or the cluster's \`backup.storage\``);
  return chosen;
}

/**
 * The object name of a backup or restore of `cluster`: the one given, else `<cluster>-<id>`; a DNS label either way.
 * @internal
 */
export function objectNameFor(scope: IConstruct, cluster: ClusterState, id: string, name: string | undefined, what: string): string {
  const chosen = name ?? `${cluster.model.name}-${idFragment(id)}`;
  if (!isDnsLabel(chosen)) invalid(scope, 'name', chosen, `${what} name must be a DNS label`);
  return chosen;
}
