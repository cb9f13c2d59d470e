import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { IDatabaseCluster, stateOf } from './cluster-state';
import { longestIntervalSeconds } from './cron';
import { EngineType, Operator } from './engine';
import { invalid } from './errors';
import { clusterScoped, compact, lazy } from './objects';
import { fingerprint, leafPointers } from './reconciler/fingerprint';
import { COMPONENT_ROLES, MANAGED_DATABASE, PHASES } from './status-mapping';

/** The apiVersion of ManagedDatabase objects. @internal */
export const MANAGED_DATABASE_API_VERSION = `${MANAGED_DATABASE.group}/${MANAGED_DATABASE.version}`;

const string = { type: 'string' };
const integer = { type: 'integer', format: 'int64' };
const dateTime = { type: 'string', format: 'date-time' };

/** The ManagedDatabase CRD: one fleet-wide view of every database, whatever its operator. @internal */
export function managedDatabaseCrd(scope: Construct, id: string, metadata: ApiObjectMetadata): ApiObject {
  const crd = new k8s.KubeCustomResourceDefinition(scope, id, {
    metadata: { ...metadata, name: `${MANAGED_DATABASE.plural}.${MANAGED_DATABASE.group}` },
    spec: {
      group: MANAGED_DATABASE.group,
      scope: 'Namespaced',
      names: {
        kind: MANAGED_DATABASE.kind,
        listKind: `${MANAGED_DATABASE.kind}List`,
        plural: MANAGED_DATABASE.plural,
        singular: MANAGED_DATABASE.kind.toLowerCase(),
        shortNames: ['mdb'],
        categories: ['dbaas'],
      },
      versions: [{
        name: MANAGED_DATABASE.version,
        served: true,
        storage: true,
        subresources: { status: {} },
        additionalPrinterColumns: PRINTER_COLUMNS,
        schema: { openApiv3Schema: SCHEMA },
      }],
    },
  });
  clusterScoped(crd);
  return crd;
}

/** One meaning per column, whatever the operator. */
const PRINTER_COLUMNS: k8s.CustomResourceColumnDefinition[] = [
  { name: 'Engine', type: 'string', jsonPath: '.spec.engine' },
  { name: 'Operator', type: 'string', jsonPath: '.spec.operator' },
  { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
  { name: 'Ready', type: 'string', jsonPath: '.status.ready', description: 'Database members ready out of desired' },
  { name: 'Proxies', type: 'string', jsonPath: '.status.proxies', description: 'Proxies, routers and poolers ready out of desired' },
  { name: 'Endpoint', type: 'string', jsonPath: '.status.endpoint', description: 'Where clients connect: the library\'s cluster.host:cluster.port' },
  { name: 'Last Backup', type: 'date', jsonPath: '.status.lastSuccessfulBackup' },
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
];

const count = (description: string) => ({ type: 'integer', minimum: 0, description });

const SCHEMA: k8s.JsonSchemaProps = {
  type: 'object',
  description: 'A database of the fleet: where its operator\'s native resource is, what it promises, and its status in one vocabulary.',
  properties: {
    apiVersion: string,
    kind: string,
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      required: ['engine', 'operator', 'resource'],
      properties: {
        engine: { type: 'string', enum: Object.values(EngineType) },
        operator: { type: 'string', enum: Object.values(Operator) },
        engineVersion: { ...string, description: 'The engine version the cluster was synthesized with.' },
        host: { ...string, description: 'The Service clients connect to, as `DatabaseCluster.host` gives it (a bare name: in this namespace).' },
        port: { type: 'integer', minimum: 1, maximum: 65535, description: 'The port clients connect to.' },
        resource: {
          type: 'object',
          description: 'The native resource, in the same namespace.',
          required: ['apiVersion', 'kind', 'name'],
          properties: { apiVersion: string, kind: string, name: string },
        },
        backup: {
          type: 'object',
          description: 'The backup freshness the schedules promise.',
          required: ['maxAgeSeconds'],
          properties: {
            maxAgeSeconds: { type: 'integer', minimum: 1, description: 'BackupHealthy turns false when the newest successful backup is older.' },
            schedules: { type: 'array', items: string },
          },
        },
        fingerprint: {
          type: 'object',
          description: 'A SHA-256 over the synthesized values of the native spec at `paths` (JSON pointers).',
          required: ['paths', 'hash'],
          properties: {
            paths: { type: 'array', items: string },
            hash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
          },
        },
      },
    },
    status: {
      type: 'object',
      properties: {
        observedGeneration: integer,
        phase: { type: 'string', enum: [...PHASES] },
        nativeState: { ...string, description: 'The operator\'s own state, verbatim.' },
        readyMembers: count('Database members ready (the pods that hold data).'),
        members: count('Database members the native spec asks for.'),
        ready: { ...string, description: 'readyMembers/members.' },
        proxies: { ...string, description: 'Each proxy, router or pooler: its name, ready out of desired.' },
        components: {
          type: 'array',
          description: 'The pods besides the members: proxies, routers, poolers, config servers.',
          xKubernetesListType: 'map',
          xKubernetesListMapKeys: ['name'],
          items: {
            type: 'object',
            required: ['name', 'role', 'ready', 'desired'],
            properties: {
              name: string,
              role: { type: 'string', enum: [...COMPONENT_ROLES] },
              ready: count('Pods ready.'),
              desired: count('Pods the native spec asks for.'),
            },
          },
        },
        endpoint: { ...string, description: 'host:port, the Service qualified with the namespace.' },
        engineVersion: { ...string, description: 'The running engine version, as the operator reports it.' },
        lastSuccessfulBackup: dateTime,
        conditions: {
          type: 'array',
          xKubernetesListType: 'map',
          xKubernetesListMapKeys: ['type'],
          items: {
            type: 'object',
            required: ['type', 'status', 'reason', 'message', 'lastTransitionTime'],
            properties: {
              type: { ...string, enum: ['Ready', 'BackupHealthy', 'SpecInSync'] },
              status: { type: 'string', enum: ['True', 'False', 'Unknown'] },
              reason: string,
              message: string,
              lastTransitionTime: dateTime,
              observedGeneration: integer,
            },
          },
        },
      },
    },
  },
};

/** What every ManagedDatabase of an app takes from the app's StatusReconciler. @internal */
export interface ManagedDatabaseSettings {
  /** Added to the longest gap between scheduled backups before a backup counts as stale. */
  readonly backupGraceSeconds: number;
}

interface AppLink {
  settings?: ManagedDatabaseSettings;
  readonly clusters: IDatabaseCluster[];
}

const LINKS = new WeakMap<IConstruct, AppLink>();

function linkOf(scope: IConstruct): AppLink {
  const root = scope.node.root;
  const link = LINKS.get(root) ?? { clusters: [] };
  LINKS.set(root, link);
  return link;
}

/**
 * Gives every DatabaseCluster of an app a ManagedDatabase once the app has a StatusReconciler, whichever of the
 * two is constructed first.
 * @internal
 */
export class ManagedDatabaseLink {
  /** Called by each DatabaseCluster when constructed. */
  public static attach(cluster: IDatabaseCluster): void {
    const link = linkOf(cluster);
    link.clusters.push(cluster);
    if (link.settings) emit(cluster, link.settings);
  }

  /** Called by the StatusReconciler: emits for the clusters already there and for every later one. */
  public static enable(reconciler: IConstruct, settings: ManagedDatabaseSettings): void {
    const link = linkOf(reconciler);
    if (link.settings) invalid(reconciler, 'scope', reconciler.node.path, 'an app has at most one StatusReconciler');
    link.settings = settings;
    link.clusters.forEach((cluster) => emit(cluster, settings));
  }
}

/** The ManagedDatabase of one cluster; its spec is computed at synthesis, after schedules and patches. */
function emit(cluster: IDatabaseCluster, settings: ManagedDatabaseSettings): void {
  new ApiObject(cluster, 'ManagedDatabase', {
    apiVersion: MANAGED_DATABASE_API_VERSION,
    kind: MANAGED_DATABASE.kind,
    metadata: { name: cluster.name, namespace: cluster.namespace },
    spec: lazy(() => {
      const native = cluster.engineResource.toJson();
      const paths = leafPointers(native, '/spec');
      const schedules = stateOf(cluster, 'cluster', cluster).model.schedules.filter((s) => s.enabled);
      return compact({
        engine: cluster.engine.type,
        operator: cluster.engine.operator,
        engineVersion: cluster.engine.version,
        host: cluster.host,
        port: cluster.port,
        resource: { apiVersion: native.apiVersion, kind: native.kind, name: native.metadata.name },
        backup: schedules.length === 0 ? undefined : {
          // The most frequent schedule sets the promise: a backup at least that recent.
          maxAgeSeconds: Math.min(...schedules.map((s) => longestIntervalSeconds(s.cron, s.cronDialect))) + settings.backupGraceSeconds,
          schedules: schedules.map((s) => s.name),
        },
        fingerprint: { paths, hash: fingerprint(native, paths) },
      });
    }),
  });
}
