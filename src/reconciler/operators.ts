/**
 * How each supported operator reports status, in one table: the native cluster and backup kinds, the operator's
 * own state vocabulary mapped onto the fleet's phases, and where ready counts, endpoint, version and backup
 * completion live. Field paths follow the vendored CRDs under imports/.
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

export interface OperatorStatusMapping {
  /** Matches `ManagedDatabase.spec.operator` and `.spec.engine` only through `cluster`. */
  readonly name: string;
  readonly cluster: ResourceType;
  readonly backup: ResourceType;
  report(native: KubeObject): NativeReport;
  /** The native cluster a backup object belongs to. */
  backupCluster(backup: KubeObject): string | undefined;
  /** When the backup completed successfully, or undefined if it has not (yet). */
  backupCompletedAt(backup: KubeObject): string | undefined;
}

/** The state strings of the three Percona operators: `status.state`. */
const PERCONA_STATES: Record<string, Phase> = {
  '': 'Provisioning',
  'pending': 'Provisioning',
  'initializing': 'Provisioning',
  'ready': 'Ready',
  'error': 'Failed',
  'unknown': 'Degraded',
  'stopping': 'Paused',
  'paused': 'Paused',
};

/** CloudNativePG's `status.phase` strings (api/v1 cluster_types.go). */
const CNPG_PHASES: Record<string, Phase> = {
  '': 'Provisioning',
  'Setting up primary': 'Provisioning',
  'Creating a new replica': 'Provisioning',
  'Waiting for the instances to become active': 'Provisioning',
  'Cluster in healthy state': 'Ready',
  'Switchover in progress': 'Degraded',
  'Failing over': 'Degraded',
  'Waiting for user action': 'Degraded',
  'Promoting to primary cluster': 'Degraded',
  'Upgrading cluster': 'Upgrading',
  'Upgrading Postgres major version': 'Upgrading',
  'Cluster upgrade delayed': 'Upgrading',
  'Online upgrade in progress': 'Upgrading',
  'Applying configuration': 'Upgrading',
  'Primary instance is being restarted in-place': 'Upgrading',
  'Primary instance is being restarted without a switchover': 'Upgrading',
  'Cluster is unrecoverable and needs manual intervention': 'Failed',
  'Unable to create required cluster objects': 'Failed',
  'Cluster cannot proceed to reconciliation due to an unknown plugin being required': 'Failed',
  'Cluster cannot proceed to reconciliation due to an error while processing the image catalog': 'Failed',
  'Cluster cannot execute instance online upgrade due to missing architecture binary': 'Failed',
  'Not enough disk space': 'Failed',
};

/** OpenEverest's `status.status` (api/v1alpha1 AppState). */
const EVEREST_STATES: Record<string, Phase> = {
  '': 'Provisioning',
  'unknown': 'Provisioning',
  'creating': 'Provisioning',
  'initializing': 'Provisioning',
  'resuming': 'Provisioning',
  'ready': 'Ready',
  'error': 'Failed',
  'pausing': 'Paused',
  'stopping': 'Paused',
  'paused': 'Paused',
  'restoring': 'Restoring',
  'upgrading': 'Upgrading',
  'resizingVolumes': 'Upgrading',
  'deleting': 'Deleting',
};

/** A phase for a state the table does not know: an operator newer than the table, so nothing to trust. */
function phaseOf(table: Record<string, Phase>, state: string | undefined): Phase {
  return table[state ?? ''] ?? 'Degraded';
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The tag of an image reference (`ghcr.io/cloudnative-pg/postgresql:17.7` → `17.7`), ignoring digests. */
function imageTag(image: unknown): string | undefined {
  const ref = str(image)?.split('@')[0];
  const colon = ref?.lastIndexOf(':') ?? -1;
  return ref && colon > ref.lastIndexOf('/') ? ref.slice(colon + 1) : undefined;
}

function perconaBackup(group: string, version: string, kind: string, plural: string, succeeded: string,
  clusterOf: (spec: KubeObject) => unknown): Pick<OperatorStatusMapping, 'backup' | 'backupCluster' | 'backupCompletedAt'> {
  return {
    backup: { group, version, kind, plural },
    backupCluster: (b) => str(clusterOf(b.spec ?? {})),
    backupCompletedAt: (b) => (b.status?.state === succeeded ? str(b.status?.completed) : undefined),
  };
}

export const OPERATORS: ReadonlyArray<OperatorStatusMapping> = [
  {
    name: 'Percona XtraDB Cluster',
    cluster: { group: 'pxc.percona.com', version: 'v1', kind: 'PerconaXtraDBCluster', plural: 'perconaxtradbclusters' },
    ...perconaBackup('pxc.percona.com', 'v1', 'PerconaXtraDBClusterBackup', 'perconaxtradbclusterbackups', 'Succeeded', (s) => s.pxcCluster),
    report: (o) => ({
      state: o.status?.state ?? '',
      phase: phaseOf(PERCONA_STATES, o.status?.state),
      readyMembers: num(o.status?.pxc?.ready),
      members: num(o.status?.pxc?.size) ?? num(o.spec?.pxc?.size),
      host: str(o.status?.host),
      engineVersion: str(o.status?.pxc?.version),
    }),
  },
  {
    name: 'Percona Server for MongoDB',
    cluster: { group: 'psmdb.percona.com', version: 'v1', kind: 'PerconaServerMongoDB', plural: 'perconaservermongodbs' },
    ...perconaBackup('psmdb.percona.com', 'v1', 'PerconaServerMongoDBBackup', 'perconaservermongodbbackups', 'ready', (s) => s.clusterName),
    report: (o) => ({
      state: o.status?.state ?? '',
      phase: phaseOf(PERCONA_STATES, o.status?.state),
      readyMembers: num(o.status?.ready),
      members: num(o.status?.size),
      host: str(o.status?.host),
      engineVersion: str(o.status?.mongoVersion),
    }),
  },
  {
    name: 'Percona Operator for PostgreSQL',
    cluster: { group: 'pgv2.percona.com', version: 'v2', kind: 'PerconaPGCluster', plural: 'perconapgclusters' },
    ...perconaBackup('pgv2.percona.com', 'v2', 'PerconaPGBackup', 'perconapgbackups', 'Succeeded', (s) => s.pgCluster),
    report: (o) => ({
      state: o.status?.state ?? '',
      phase: phaseOf(PERCONA_STATES, o.status?.state),
      readyMembers: num(o.status?.postgres?.ready),
      members: num(o.status?.postgres?.size),
      host: str(o.status?.host),
      // The operator reports the major version only.
      engineVersion: num(o.status?.postgres?.version)?.toString(),
    }),
  },
  {
    name: 'CloudNativePG',
    cluster: { group: 'postgresql.cnpg.io', version: 'v1', kind: 'Cluster', plural: 'clusters' },
    backup: { group: 'postgresql.cnpg.io', version: 'v1', kind: 'Backup', plural: 'backups' },
    backupCluster: (b) => str(b.spec?.cluster?.name),
    backupCompletedAt: (b) => (b.status?.phase === 'completed' ? str(b.status?.stoppedAt) : undefined),
    report: (o) => {
      const conditions: KubeObject[] = o.status?.conditions ?? [];
      const condition = (type: string) => conditions.find((c) => c.type === type)?.status;
      let phase = phaseOf(CNPG_PHASES, o.status?.phase);
      if (condition('cnpg.io/hibernation') === 'True') phase = 'Paused';
      // The phase string can say healthy while the Ready condition does not (cloudnative-pg#4209).
      else if (phase === 'Ready' && condition('Ready') === 'False') phase = 'Degraded';
      else if (phase === 'Provisioning' && o.spec?.bootstrap?.recovery) phase = 'Restoring';
      const service = str(o.status?.writeService);
      return {
        state: o.status?.phase ?? '',
        phase,
        readyMembers: num(o.status?.readyInstances),
        members: num(o.status?.instances) ?? num(o.spec?.instances),
        host: service && `${service}.${o.metadata?.namespace}.svc`,
        engineVersion: imageTag(o.status?.image),
      };
    },
  },
  {
    name: 'OpenEverest',
    cluster: { group: 'everest.percona.com', version: 'v1alpha1', kind: 'DatabaseCluster', plural: 'databaseclusters' },
    ...perconaBackup('everest.percona.com', 'v1alpha1', 'DatabaseClusterBackup', 'databaseclusterbackups', 'Succeeded', (s) => s.dbClusterName),
    report: (o) => ({
      state: o.status?.status ?? '',
      phase: phaseOf(EVEREST_STATES, o.status?.status),
      readyMembers: num(o.status?.ready),
      members: num(o.status?.size),
      host: str(o.status?.hostname),
      port: num(o.status?.port),
      // Everest reports no running engine version.
    }),
  },
];

/** The mapping whose cluster kind is `apiVersion`/`kind`. */
export function operatorFor(apiVersion: string | undefined, kind: string | undefined): OperatorStatusMapping | undefined {
  return OPERATORS.find((op) => `${op.cluster.group}/${op.cluster.version}` === apiVersion && op.cluster.kind === kind);
}

/** The ManagedDatabase kind itself. */
export const MANAGED_DATABASE: ResourceType = {
  group: 'cdk8s-dbaas.dev',
  version: 'v1alpha1',
  kind: 'ManagedDatabase',
  plural: 'manageddatabases',
};
