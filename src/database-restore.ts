import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { objectNameFor } from './cluster-objects';
import { IDatabaseCluster, stateOf } from './cluster-state';
import { checkRestoreSource } from './restore-rules';
import { RestoreSource } from './restore-source';

/** Props of a `DatabaseRestore`. */
export interface DatabaseRestoreProps {
  /** The cluster whose data is replaced. */
  readonly cluster: IDatabaseCluster;
  /** What to restore. */
  readonly source: RestoreSource;
  /**
   * The restore object's name.
   * @default - derived from the construct path
   */
  readonly name?: string;
}

/**
 * An in-place restore of an existing cluster: the restore object of the cluster's operator (the README lists each
 * operator's kind). Applying it replaces the cluster's data.
 */
export class DatabaseRestore extends Construct {
  /** The restore object's name. */
  public readonly name: string;
  /** The synthesized restore object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: DatabaseRestoreProps) {
    super(scope, id);
    const cluster = stateOf(this, 'cluster', props.cluster);
    this.name = objectNameFor(this, cluster, id, props.name, 'a restore');
    checkRestoreSource(this, 'source', props.source, cluster.model);
    if (props.source.storage) cluster.useStorage(props.source.storage);
    this.apiObject = cluster.target.renderRestore(this, cluster.model, { name: this.name, source: props.source });
  }
}
