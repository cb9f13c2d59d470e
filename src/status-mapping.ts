/**
 * The vocabulary every operator's status mapping speaks: the fleet's phases, the kinds the reconciler watches and
 * what one operator reports about one native cluster. Each operator's own mapping lives in its folder
 * (src/operators/<operator>/status.ts); the registry (src/operators/index.ts) lists them.
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

/** What an operator reports about one native cluster, before the engine-neutral rules apply. */
export interface NativeReport {
  /** The operator's own state string, verbatim. */
  readonly state: string;
  /** Its phase in the fleet vocabulary. */
  readonly phase: Phase;
  readonly readyMembers?: number;
  readonly members?: number;
  readonly host?: string;
  readonly port?: number;
  readonly engineVersion?: string;
}

/** How one operator reports status: its cluster and backup kinds and how to read them. */
export interface OperatorStatusMapping {
  /** The operator's name, as Ready conditions quote it. */
  readonly name: string;
  readonly cluster: ResourceType;
  readonly backup: ResourceType;
  report(native: KubeObject): NativeReport;
  /** The native cluster a backup object belongs to. */
  backupCluster(backup: KubeObject): string | undefined;
  /** When the backup completed successfully, or undefined if it has not (yet). */
  backupCompletedAt(backup: KubeObject): string | undefined;
}

/** The mapping whose cluster kind is `apiVersion`/`kind`, among `mappings`. */
export function mappingFor(mappings: ReadonlyArray<OperatorStatusMapping>, apiVersion: string | undefined, kind: string | undefined)
  : OperatorStatusMapping | undefined {
  return mappings.find((op) => `${op.cluster.group}/${op.cluster.version}` === apiVersion && op.cluster.kind === kind);
}

/** A phase for a state the table does not know: an operator newer than the table, so nothing to trust. */
export function phaseOf(table: Record<string, Phase>, state: string | undefined): Phase {
  return table[state ?? ''] ?? 'Degraded';
}

/** A number field of a status, if it is one. */
export function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** A non-empty string field of a status, if it is one. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The tag of an image reference (`registry/postgresql:17.7` → `17.7`), ignoring digests. */
export function imageTag(image: unknown): string | undefined {
  const ref = str(image)?.split('@')[0];
  const colon = ref?.lastIndexOf(':') ?? -1;
  return ref && colon > ref.lastIndexOf('/') ? ref.slice(colon + 1) : undefined;
}

/** The ManagedDatabase kind itself. */
export const MANAGED_DATABASE: ResourceType = {
  group: 'cdk8s-dbaas.dev',
  version: 'v1alpha1',
  kind: 'ManagedDatabase',
  plural: 'manageddatabases',
};
