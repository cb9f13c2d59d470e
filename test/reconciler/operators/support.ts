/**
 * The shape of the per-operator status fixtures: every state string an operator's source writes, on its cluster
 * and on its backups, as a native object the library synthesized with the status that operator's code would write
 * (each citing the function that writes it), and what the ManagedDatabase should then show. The fixtures are
 * written from the operators' source, not from the mappings under test; the mappings' tables only decide which
 * states need one (test/reconciler/mappings.test.ts checks both ways).
 */
import { Chart, Testing } from 'cdk8s';
import { DatabaseCluster, DatabaseClusterProps, StatusReconciler } from '../../../src';
import { Phase } from '../../../src/status-mapping';
import { only, synthValid } from '../../support/schema';

type Obj = { [key: string]: any };

export const NAMESPACE = 'shop';
export const CLUSTER = 'orders';

/** What the ManagedDatabase status shows for a state (only the fields given are compared). */
export interface Expected {
  readonly phase: Phase;
  readonly ready?: string;
  readonly proxies?: string;
  readonly engineVersion?: string;
  readonly components?: ReadonlyArray<Obj>;
}

export interface StateCase {
  /** The state string, verbatim. */
  readonly state: string;
  /** What happens: `ready`, `a member lost after Ready`, ... */
  readonly situation: string;
  /** The file and function at the pinned tag that write it. */
  readonly source: string;
  /** The status the operator writes (undefined: none yet). */
  readonly status?: Obj;
  /** Changes to the synthesized spec the situation implies (a user's pause, the operator's restore flag), as a merge. */
  readonly spec?: Obj;
  /** Changes to the metadata (a deletionTimestamp, an annotation), as a merge. */
  readonly metadata?: Obj;
  /** The ManagedDatabase's phase before this status arrived, when the situation needs one. */
  readonly previousPhase?: Phase;
  readonly expect: Expected;
}

export interface BackupCase {
  readonly state: string;
  readonly situation: string;
  readonly source: string;
  readonly status?: Obj;
  /** The completion time the reconciler takes, for a successful backup. */
  readonly completedAt?: string;
}

/** Every state of one operator, for one cluster shape. */
export interface OperatorCases {
  readonly name: string;
  /** The cluster the library synthesizes for these states. */
  readonly props: DatabaseClusterProps;
  /** Every state its source writes, some in several situations. */
  readonly states: ReadonlyArray<StateCase>;
  /** The backup kind (apiVersion and kind) with the field that names the cluster. */
  readonly backup: { readonly apiVersion: string; readonly kind: string; readonly spec: Obj };
  readonly backups: ReadonlyArray<BackupCase>;
}

/** The native object and ManagedDatabase the library synthesizes for `props`, in namespace `shop`. */
export function synthesized(props: DatabaseClusterProps)
  : { readonly native: Obj; readonly managedDatabase: Obj; readonly host: string; readonly port: number } {
  const chart = new Chart(Testing.app(), 'fleet', { namespace: NAMESPACE });
  new StatusReconciler(chart, 'status');
  const cluster = new DatabaseCluster(chart, CLUSTER, { name: CLUSTER, ...props });
  const objects = synthValid(chart);
  const managedDatabase = only(objects, 'ManagedDatabase');
  const native = objects.find((o) => o.kind === managedDatabase.spec.resource.kind && o.metadata.name === CLUSTER);
  return { native, managedDatabase, host: cluster.host, port: cluster.port };
}

/** RFC 7386 merge. */
export function merge(target: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Obj = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = merge(out[k], v);
  }
  return out;
}

/** The native object of a case: the synthesized one, with the case's spec, metadata and status. */
export function nativeOf(base: Obj, c: StateCase): Obj {
  const native = { ...base, metadata: merge(base.metadata, c.metadata ?? {}), spec: merge(base.spec, c.spec ?? {}) };
  return c.status === undefined ? native : { ...native, status: c.status };
}

/** A condition as the Percona operators write theirs (ClusterCondition: type is the state, status always True). */
export function perconaCondition(type: string, at: string, extra: Obj = {}): Obj {
  return { type, status: 'True', lastTransitionTime: at, ...extra };
}

/** A metav1.Condition. */
export function condition(type: string, status: 'True' | 'False', reason: string, message: string, at: string): Obj {
  return { type, status, reason, message, lastTransitionTime: at };
}

export const T0 = '2026-05-01T08:00:00Z';
export const T1 = '2026-05-01T08:05:00Z';
export const T2 = '2026-05-20T03:00:00Z';
export const T3 = '2026-05-20T03:04:12Z';
