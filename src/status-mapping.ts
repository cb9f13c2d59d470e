/**
 * The vocabulary every operator's status mapping speaks: the fleet's phases, the kinds the reconciler watches and
 * what one operator reports about one native cluster and one backup. Each operator's own mapping lives in its folder
 * (src/operators/<operator>/status.ts); the registry (src/operators/index.ts) lists them.
 *
 * Writing the mapping of a new operator (an `OperatorStatusMapping`):
 * 1. Read the operator's source at the pinned tag: every function that writes the cluster's and the backup's
 *    `status`. List every state string it can write, and cite the file and function next to each table entry.
 * 2. `report(native)` reads one native cluster object (spec and status) and returns a `NativeReport`:
 *    - `state`: the operator's own state string, verbatim (`''` before the operator's first status write);
 *    - `phase`: the phase that state means on a FIRST start, from a table through `phaseOf` (an unknown string is
 *      `Degraded`). A state the operator writes both while starting and after losing a member (the Percona
 *      operators' `initializing`) maps to `Provisioning`: the reconciler turns it into `Degraded` (or `Upgrading`)
 *      once the database has been Ready, as the ManagedDatabase's previous phase says (or `wasReady`, the first
 *      time);
 *    - `members`: database members (the pods that hold data) ready out of desired, where desired is what the
 *      native spec asks for now. Proxies, routers, poolers and config servers are not members;
 *    - `components`: those other pods, each ready out of desired, with its role;
 *    - `engineVersion`: the running engine version, if the operator reports it;
 *    - `wasReady`: true when the operator's own record shows the database was Ready before (leave it out when the
 *      operator keeps no such record). It stands in for the ManagedDatabase's memory when it has none yet (a
 *      reconciler installed over a running fleet).
 *    The endpoint is not the operator's business: the ManagedDatabase carries the library's `cluster.host` and
 *    `cluster.port`.
 * 3. `backupReport(backup)` reads one backup object: the cluster it belongs to, its phase from a table of every
 *    state the operator writes (through `backupPhaseOf`), and its completion time.
 * 4. Tests (test/reconciler/operators/<operator>.ts): a fixture per state the operator writes, built from its source
 *    (not from the table), checked against the vendored CRD's status schema.
 * Everything a mapping reads must be in the cluster or backup object: the reconciler watches no other kind, and
 * its caches keep of the metadata only name, namespace, uid, resourceVersion, generation, creationTimestamp and
 * deletionTimestamp (src/reconciler/informer.ts). `report` must be a pure function of the object: the reconciler
 * computes it once per version of it.
 */

/** The one phase vocabulary of `ManagedDatabase.status.phase`. */
export type Phase = 'Provisioning' | 'Ready' | 'Degraded' | 'Upgrading' | 'Restoring' | 'Paused' | 'Failed' | 'Deleting';

export const PHASES: ReadonlyArray<Phase> = ['Provisioning', 'Ready', 'Degraded', 'Upgrading', 'Restoring', 'Paused', 'Failed', 'Deleting'];

/** A namespaced kind as the API serves it. */
export interface ResourceType {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
}

/** A Kubernetes object as JSON. */
export type KubeObject = { [key: string]: any };

/** Pods ready out of pods desired. */
export interface Count {
  readonly ready: number;
  readonly desired: number;
}

/** What a pod that is not a database member does. */
export type ComponentRole = 'Proxy' | 'Router' | 'ConnectionPooler' | 'ConfigServer';

export const COMPONENT_ROLES: ReadonlyArray<ComponentRole> = ['Proxy', 'Router', 'ConnectionPooler', 'ConfigServer'];

/** The roles clients connect through, shown together in the Proxies column. */
export const CLIENT_FACING_ROLES: ReadonlyArray<ComponentRole> = ['Proxy', 'Router', 'ConnectionPooler'];

/** A component of a database besides its members: HAProxy, ProxySQL, mongos, PgBouncer, config servers. */
export interface ComponentReport extends Count {
  /** The component's name as the operator calls it, e.g. `haproxy`. */
  readonly name: string;
  readonly role: ComponentRole;
}

/** What an operator reports about one native cluster, before the engine-neutral rules apply. */
export interface NativeReport {
  /** The operator's own state string, verbatim. */
  readonly state: string;
  /** The phase that state means on a first start. */
  readonly phase: Phase;
  /** Database members ready out of desired. */
  readonly members?: Count;
  /** Proxies, routers, poolers and config servers, each ready out of desired. */
  readonly components?: ReadonlyArray<ComponentReport>;
  /** The running engine version. */
  readonly engineVersion?: string;
  /**
   * The operator's own record shows the database was Ready before: members down now are a loss, not a start. Read
   * when the ManagedDatabase has no previous phase.
   */
  readonly wasReady?: boolean;
}

/** Where a backup stands, in one vocabulary. */
export type BackupPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Deleting' | 'Unknown';

/** What an operator reports about one backup object. */
export interface BackupReport {
  /** The native cluster it belongs to. */
  readonly cluster?: string;
  readonly phase: BackupPhase;
  /** When it completed (RFC 3339), if the operator says. */
  readonly completedAt?: string;
}

/** How one operator reports status: its cluster and backup kinds and how to read them. */
export interface OperatorStatusMapping {
  /** The operator's name, as Ready conditions quote it. */
  readonly name: string;
  readonly cluster: ResourceType;
  readonly backup: ResourceType;
  report(native: KubeObject): NativeReport;
  backupReport(backup: KubeObject): BackupReport;
}

/** The mapping whose cluster kind is `apiVersion`/`kind`, among `mappings`. */
export function mappingFor(mappings: ReadonlyArray<OperatorStatusMapping>, apiVersion: string | undefined, kind: string | undefined)
  : OperatorStatusMapping | undefined {
  return mappings.find((op) => `${op.cluster.group}/${op.cluster.version}` === apiVersion && op.cluster.kind === kind);
}

/** A phase for a state the table does not know: an operator newer than the table, so nothing to trust. */
export function phaseOf(table: Readonly<Record<string, Phase>>, state: unknown): Phase {
  return lookup(table, state) ?? 'Degraded';
}

/** A backup phase for a state the table does not know: not a success, whatever it is. */
export function backupPhaseOf(table: Readonly<Record<string, BackupPhase>>, state: unknown): BackupPhase {
  return lookup(table, state) ?? 'Unknown';
}

function lookup<T>(table: Readonly<Record<string, T>>, state: unknown): T | undefined {
  const key = typeof state === 'string' ? state : '';
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** A number field of a status, if it is one. */
export function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** A non-empty string field of a status, if it is one. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `ready`/`desired` read from two fields; undefined when the operator has not counted yet. */
export function count(ready: unknown, desired: unknown): Count | undefined {
  const d = num(desired);
  return d === undefined ? undefined : { ready: Math.min(num(ready) ?? 0, d), desired: d };
}

/** The sum of counts (undefined for none). */
export function sum(counts: ReadonlyArray<Count | undefined>): Count | undefined {
  const known = counts.filter((c): c is Count => c !== undefined);
  return known.length === 0 ? undefined : { ready: known.reduce((a, c) => a + c.ready, 0), desired: known.reduce((a, c) => a + c.desired, 0) };
}

/** A component, when the operator counted it and runs at least one of it. */
export function component(name: string, role: ComponentRole, counted: Count | undefined): ComponentReport[] {
  return counted && counted.desired > 0 ? [{ name, role, ...counted }] : [];
}

/** The tag of an image reference (`registry/postgresql:17.7` → `17.7`), ignoring digests. */
export function imageTag(image: unknown): string | undefined {
  const ref = str(image)?.split('@')[0];
  const colon = ref?.lastIndexOf(':') ?? -1;
  return ref && colon > ref.lastIndexOf('/') ? ref.slice(colon + 1) : undefined;
}

/** Whether a list of conditions has one of `type` (with `status`, when given). */
export function hasCondition(conditions: unknown, type: string, status?: string): boolean {
  return Array.isArray(conditions) && conditions.some((c) => c?.type === type && (status === undefined || c?.status === status));
}

/** The ManagedDatabase kind itself. */
export const MANAGED_DATABASE: ResourceType = {
  group: 'cdk8s-dbaas.dev',
  version: 'v1alpha1',
  kind: 'ManagedDatabase',
  plural: 'manageddatabases',
};
