import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { BackupStorage } from './backup-storage';
import { objectNameFor, storageFor } from './cluster-objects';
import { IDatabaseCluster, stateOf } from './cluster-state';

/** Props of an `OnDemandBackup`. */
export interface OnDemandBackupProps {
  /** The cluster to back up. */
  readonly cluster: IDatabaseCluster;
  /**
   * Where the backup goes.
   * @default - the cluster's `backup.storage`
   */
  readonly storage?: BackupStorage;
  /**
   * The backup object's name (what `RestoreSource.backup()` refers to).
   * @default - derived from the construct path
   */
  readonly name?: string;
}

/**
 * One full backup, taken when the object is applied: the backup object of the cluster's operator (the README lists
 * each operator's kind).
 */
export class OnDemandBackup extends Construct {
  /** The backup object's name. */
  public readonly name: string;
  /** The synthesized backup object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: OnDemandBackupProps) {
    super(scope, id);
    const cluster = stateOf(this, 'cluster', props.cluster);
    const storage = storageFor(this, cluster, props.storage, 'a backup');
    this.name = objectNameFor(this, cluster, id, props.name, 'a backup');
    cluster.useStorage(storage);
    this.apiObject = cluster.target.renderOnDemandBackup(this, cluster.model, { name: this.name, storage });
  }
}
