import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { BackupStorage } from './backup-storage';
import { DatabaseEngine } from './engine';
import { invalid } from './errors';
import { ClusterModel, ScheduleModel } from './model';
import { EngineTarget } from './provider';

/** A database that schedules, backups, restores and applications attach to. */
export interface IDatabaseCluster extends IConstruct {
  /** The database's name (metadata.name of the native resource). */
  readonly name: string;
  /** The namespace, if the chart or the props set one. */
  readonly namespace?: string;
  /** The engine, its version and the operator that runs it. */
  readonly engine: DatabaseEngine;
  /** The Service clients connect to: `name.namespace.svc` (just the name without a namespace). */
  readonly host: string;
  /** The port clients connect to. */
  readonly port: number;
  /** The Secret that holds the users' passwords. */
  readonly credentialsSecretName: string;
  /** The native custom resource: an escape hatch for `addJsonPatch`. */
  readonly engineResource: ApiObject;
}

/**
 * What a cluster shares with the constructs that attach to it: its resolved model (read-only), its operator target,
 * and the methods through which schedules, backups and restores register. The cluster owns the state; nothing else
 * writes to the model.
 * @internal
 */
export interface ClusterState {
  readonly model: ClusterModel;
  readonly target: EngineTarget;
  /** Checks a new schedule against the cluster's and the operator's rules, records it and renders what it needs. */
  addSchedule(scope: Construct, schedule: ScheduleModel): void;
  /** Records a storage that an on-demand backup or a restore uses, so the native spec declares it. */
  useStorage(storage: BackupStorage): void;
}

const STATES = new WeakMap<IConstruct, ClusterState>();

/** Called once by each DatabaseCluster. @internal */
export function registerClusterState(cluster: IDatabaseCluster, state: ClusterState): void {
  STATES.set(cluster, state);
}

/** The state of a DatabaseCluster of this library, or the validation error for anything else. @internal */
export function stateOf(scope: IConstruct, prop: string, cluster: IDatabaseCluster): ClusterState {
  const state = STATES.get(cluster);
  if (!state) invalid(scope, prop, cluster?.node?.path ?? cluster, 'must be a DatabaseCluster of this library');
  return state;
}
