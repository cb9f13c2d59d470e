import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { objectNameFor } from './cluster-objects';
import type { DatabaseCluster } from './database-cluster';
import { checkRestoreSource } from './restore-rules';
import { RestoreSource } from './restore-source';

/** Props of a `DatabaseRestore`. */
export interface DatabaseRestoreProps {
  /** The cluster whose data is replaced. */
  readonly cluster: DatabaseCluster;
  /** What to restore. */
  readonly source: RestoreSource;
  /**
   * The restore object's name.
   * @default - derived from the construct path
   */
  readonly name?: string;
}

/**
 * An in-place restore of an existing cluster: the operator's native restore kind or an Everest
 * DatabaseClusterRestore. Applying it replaces the cluster's data.
 */
export class DatabaseRestore extends Construct {
  /** The restore object's name. */
  public readonly name: string;
  /** The synthesized restore object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: DatabaseRestoreProps) {
    super(scope, id);
    const cluster = props.cluster;
    this.name = objectNameFor(this, cluster, id, props.name, 'a restore');
    checkRestoreSource(this, 'source', props.source, cluster._model);
    if (props.source.storage) cluster._model.extraStorages.push(props.source.storage);
    this.apiObject = cluster._target.renderRestore(this, cluster._model, { name: this.name, source: props.source });
  }
}
