import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { BackupStorage } from './backup-storage';
import { objectNameFor, storageFor } from './cluster-objects';
import type { DatabaseCluster } from './database-cluster';

/** Props of an `OnDemandBackup`. */
export interface OnDemandBackupProps {
  /** The cluster to back up. */
  readonly cluster: DatabaseCluster;
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
 * One full backup, taken when the object is applied: the operator's native backup kind
 * (PerconaXtraDBClusterBackup, PerconaServerMongoDBBackup, PerconaPGBackup, CloudNativePG Backup) or an Everest
 * DatabaseClusterBackup.
 */
export class OnDemandBackup extends Construct {
  /** The backup object's name. */
  public readonly name: string;
  /** The synthesized backup object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: OnDemandBackupProps) {
    super(scope, id);
    const cluster = props.cluster;
    const storage = storageFor(this, cluster, props.storage, 'a backup');
    this.name = objectNameFor(this, cluster, id, props.name, 'a backup');
    cluster._model.extraStorages.push(storage);
    this.apiObject = cluster._target.renderOnDemandBackup(this, cluster._model, { name: this.name, storage });
  }
}
