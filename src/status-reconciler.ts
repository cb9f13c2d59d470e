import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject, ApiObjectMetadata, Chart, Duration, Names, Size, SizeRoundingBehavior } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { invalid } from './errors';
import { managedDatabaseCrd, ManagedDatabaseLink } from './managed-database';
import { isDnsLabel, isImageReference } from './names';
import { clusterScoped } from './objects';
import { statusMappings } from './operators';
import { cpuCores, DatabaseResources, isQuantity, quantities, Quantities } from './quantity';
import { DEFAULT_API_BURST, DEFAULT_API_QPS } from './reconciler/rate-limiter';
import { checkRules, Rule } from './rules';
import { HOSTNAME_TOPOLOGY_KEY } from './scheduling';
import { MANAGED_DATABASE } from './status-mapping';

/** The stock public Node.js image that runs the bundled reconciler. */
const NODE_IMAGE = 'node:22-alpine';
/** The reconciler bundle, built by scripts/bundle-reconciler.js (the `bundle:reconciler` task). */
const BUNDLE = path.join(__dirname, '..', 'assets', 'reconciler', 'reconciler.js');
const BUNDLE_KEY = 'reconciler.js';
const BUNDLE_DIR = '/opt/cdk8s-dbaas';
/** The `node` user of the official Node.js images. */
const NODE_UID = 1000;
/** The reconciler's memory by default. */
const DEFAULT_MEMORY = Size.mebibytes(128);
/** The share of the memory limit V8's heap may take; the rest is Node.js itself, buffers and code. */
const HEAP_SHARE = 0.75;
/** Ports a Kubernetes API server listens on (the `kubernetes` Service's 443, and 6443 behind it). */
const API_SERVER_PORTS = [443, 6443];


/** The props with their defaults, as the rules check them. */
interface ReconcilerSettings {
  readonly namespace: string;
  readonly replicas: number;
  readonly metricsPort: number;
  readonly watchNamespaces: string[];
  readonly image?: string;
  readonly nodeImage?: string;
  readonly resources: Quantities;
  readonly backupGraceSeconds: number;
  readonly apiQps: number;
  readonly apiBurst: number;
}

const RECONCILER_RULES: ReadonlyArray<Rule<ReconcilerSettings>> = [
  {
    prop: 'namespace',
    value: (s) => s.namespace,
    valid: (s) => isDnsLabel(s.namespace),
    reason: 'a namespace must be a DNS label: lowercase letters, digits and dashes, at most 63 characters',
  },
  {
    prop: 'watchNamespaces',
    value: (s) => s.watchNamespaces.find((ns) => !isDnsLabel(ns)),
    valid: (s) => s.watchNamespaces.every((ns) => isDnsLabel(ns)),
    reason: 'each namespace must be a DNS label',
  },
  {
    prop: 'watchNamespaces',
    value: (s) => s.watchNamespaces.find((ns, i) => s.watchNamespaces.indexOf(ns) !== i),
    valid: (s) => new Set(s.watchNamespaces).size === s.watchNamespaces.length,
    reason: 'namespaces must not repeat',
  },
  {
    prop: 'replicas',
    value: (s) => s.replicas,
    valid: (s) => Number.isInteger(s.replicas) && s.replicas >= 1 && s.replicas < 2 ** 31,
    reason: 'a whole number of replicas, at least 1',
  },
  {
    prop: 'metricsPort',
    value: (s) => s.metricsPort,
    valid: (s) => Number.isInteger(s.metricsPort) && s.metricsPort >= 1 && s.metricsPort <= 65535,
    reason: 'a TCP port: 1 to 65535',
  },
  {
    prop: 'image',
    value: (s) => s.image,
    when: (s) => s.image !== undefined,
    valid: (s) => isImageReference(s.image!),
    reason: 'an image reference: a lowercase repository path with an optional tag and digest',
  },
  {
    prop: 'nodeImage',
    value: (s) => s.nodeImage,
    when: (s) => s.nodeImage !== undefined,
    valid: (s) => isImageReference(s.nodeImage!),
    reason: 'an image reference: a lowercase repository path with an optional tag and digest',
  },
  {
    prop: 'resources.cpu',
    value: (s) => s.resources.cpu,
    valid: (s) => cpuCores(s.resources.cpu) > 0,
    reason: 'a positive, finite amount of CPU',
  },
  {
    prop: 'resources.memory',
    value: (s) => s.resources.memory,
    valid: (s) => isQuantity(s.resources.memory) && parseFloat(s.resources.memory) > 0,
    reason: 'a positive, finite amount of memory',
  },
  {
    prop: 'apiQps',
    value: (s) => s.apiQps,
    valid: (s) => Number.isFinite(s.apiQps) && s.apiQps > 0,
    reason: 'a positive, finite number of requests per second',
  },
  {
    prop: 'apiBurst',
    value: (s) => s.apiBurst,
    valid: (s) => Number.isInteger(s.apiBurst) && s.apiBurst >= 1 && s.apiBurst < 2 ** 31,
    reason: 'a whole number of requests, at least 1',
  },
  {
    prop: 'backupGracePeriod',
    value: (s) => `${s.backupGraceSeconds}s`,
    valid: (s) => Number.isFinite(s.backupGraceSeconds),
    reason: 'a finite duration',
  },
];

/** Props of a `StatusReconciler`. */
export interface StatusReconcilerProps {
  /**
   * The namespace of the reconciler's Deployment, ServiceAccount and Service.
   * @default - the chart's namespace, or `default` when the chart has none
   */
  readonly namespace?: string;
  /**
   * A prebuilt image whose entrypoint runs the reconciler. Without it, a stock Node.js image runs the bundled
   * reconciler from a ConfigMap.
   * @default - `nodeImage` with the bundle mounted from a ConfigMap
   */
  readonly image?: string;
  /**
   * The Node.js image that runs the bundle when `image` is not set (a mirror, or a pinned digest).
   * @default "node:22-alpine"
   */
  readonly nodeImage?: string;
  /**
   * Replicas; with more than one, they elect a leader through a Lease and only the leader writes.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Namespaces to watch, each with its own Role instead of one ClusterRole.
   * @default - every namespace
   */
  readonly watchNamespaces?: string[];
  /**
   * CPU and memory of the reconciler (requests equal limits); three quarters of the memory is the limit of its
   * JavaScript heap. 128 MiB serve a few thousand databases, 200 MiB ten thousand (see `npm run bench`).
   * @default - 100m CPU and 128 MiB
   */
  readonly resources?: DatabaseResources;
  /**
   * Time allowed beyond the longest gap between scheduled backups before `BackupHealthy` turns false (a
   * backup takes a while to complete).
   * @default Duration.hours(1)
   */
  readonly backupGracePeriod?: Duration;
  /**
   * The port of `/metrics`, `/healthz` and `/readyz`.
   * @default 8080
   */
  readonly metricsPort?: number;
  /**
   * Requests per second the reconciler sends the API server at most, sustained (client-go's QPS): status patches,
   * Events, lists and watches; the leader-election Lease has its own client. A fleet-wide change (an operator
   * upgrade) settles in about (2 × databases − `apiBurst`) / `apiQps` seconds: a status patch and an Event each.
   * @default 50
   */
  readonly apiQps?: number;
  /**
   * Requests the reconciler may send at once above `apiQps` (client-go's burst).
   * @default 100
   */
  readonly apiBurst?: number;
}

/**
 * One status vocabulary for the whole fleet: a `ManagedDatabase` CRD, a `ManagedDatabase` for every
 * `DatabaseCluster` of the app, and a small in-cluster reconciler that watches each operator's native cluster and
 * backup resources and writes their phase, readiness, endpoint, version, last successful backup and the
 * conditions `Ready`, `BackupHealthy` and `SpecInSync` into `ManagedDatabase.status`. `kubectl get mdb -A` is
 * then one table over every database.
 *
 * Its RBAC reads the native kinds only (no Secrets, no wildcards); its pod meets the restricted Pod Security
 * Standard.
 */
export class StatusReconciler extends Construct {
  /** The namespace of the reconciler's objects. */
  public readonly namespace: string;
  /** The reconciler's ServiceAccount name. */
  public readonly serviceAccountName: string;
  /** The Service that exposes `/metrics`. */
  public readonly metricsServiceName: string;
  /** The ManagedDatabase CustomResourceDefinition. */
  public readonly crd: ApiObject;
  /** The reconciler's Deployment. */
  public readonly deployment: ApiObject;

  constructor(scope: Construct, id: string, props: StatusReconcilerProps = {}) {
    super(scope, id);
    const settings: ReconcilerSettings = {
      namespace: props.namespace ?? Chart.of(this).namespace ?? 'default',
      replicas: props.replicas ?? 2,
      metricsPort: props.metricsPort ?? 8080,
      watchNamespaces: props.watchNamespaces ?? [],
      image: props.image,
      nodeImage: props.nodeImage,
      resources: quantities(props.resources, { cpu: Cpu.millis(100), memory: DEFAULT_MEMORY }),
      backupGraceSeconds: (props.backupGracePeriod ?? Duration.hours(1)).toSeconds({ integral: false }),
      apiQps: props.apiQps ?? DEFAULT_API_QPS,
      apiBurst: props.apiBurst ?? DEFAULT_API_BURST,
    };
    checkRules(this, RECONCILER_RULES, settings);
    const { replicas, metricsPort, watchNamespaces, resources } = settings;
    this.namespace = settings.namespace;
    const instance = Names.toDnsLabel(this, { includeHash: false });
    const selector = { 'app.kubernetes.io/name': 'cdk8s-dbaas-status-reconciler', 'app.kubernetes.io/instance': instance };
    const labels = { ...selector, 'app.kubernetes.io/component': 'status-reconciler', 'app.kubernetes.io/managed-by': 'cdk8s-dbaas' };
    const metadata = { namespace: this.namespace, labels };
    const leaseName = replicas > 1 ? `${instance}-leader` : undefined;

    this.crd = managedDatabaseCrd(this, 'ManagedDatabaseCrd', { labels });
    const serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata });
    this.serviceAccountName = serviceAccount.name;
    this.grant(serviceAccount.name, watchNamespaces, labels, leaseName);

    const bundle = props.image === undefined ? readBundle(this) : undefined;
    const configMap = bundle === undefined ? undefined : new k8s.KubeConfigMap(this, 'Program', { metadata, data: { [BUNDLE_KEY]: bundle } });
    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata,
      spec: {
        replicas,
        selector: { matchLabels: selector },
        // Never below the running replicas: a new pod joins before an old one leaves.
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(1) } },
        template: {
          metadata: {
            labels,
            // A new bundle rolls the pods (a mounted ConfigMap alone would not restart the process).
            annotations: bundle ? { 'cdk8s-dbaas.dev/program-sha256': createHash('sha256').update(bundle).digest('hex') } : undefined,
          },
          spec: reconcilerPod({
            serviceAccount: serviceAccount.name,
            selector,
            image: props.image ?? props.nodeImage ?? NODE_IMAGE,
            program: configMap?.name,
            metricsPort,
            resources,
            env: {
              METRICS_PORT: String(metricsPort),
              NODE_OPTIONS: nodeOptions((props.resources?.memory ?? DEFAULT_MEMORY).toMebibytes({ rounding: SizeRoundingBehavior.NONE })),
              KUBE_API_QPS: String(settings.apiQps),
              KUBE_API_BURST: String(settings.apiBurst),
              WATCH_NAMESPACES: watchNamespaces.length > 0 ? watchNamespaces.join(',') : undefined,
              LEADER_ELECTION: leaseName && 'true',
              LEASE_NAME: leaseName,
            },
          }),
        },
      },
    });
    this.metricsServiceName = this.exposeMetrics(metadata, selector, metricsPort);

    ManagedDatabaseLink.enable(this, { backupGraceSeconds: Math.ceil(settings.backupGraceSeconds) });
  }

  /** The metrics Service, the NetworkPolicy that lets in scrapers and out API calls only, and the PDB. */
  private exposeMetrics(metadata: ApiObjectMetadata, selector: Record<string, string>, metricsPort: number): string {
    const service = new k8s.KubeService(this, 'Metrics', {
      metadata,
      spec: { selector, ports: [{ name: 'metrics', port: metricsPort, targetPort: k8s.IntOrString.fromString('metrics'), protocol: 'TCP' }] },
    });
    new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata,
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress', 'Egress'],
        // Scrapers live anywhere; nothing else may connect.
        ingress: [{ ports: [{ port: k8s.IntOrString.fromNumber(metricsPort), protocol: 'TCP' }] }],
        // The API server only: its address is not known at synthesis, its ports are.
        egress: [{ ports: API_SERVER_PORTS.map((port) => ({ port: k8s.IntOrString.fromNumber(port), protocol: 'TCP' })) }],
      },
    });
    new k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
      metadata,
      spec: { selector: { matchLabels: selector }, maxUnavailable: k8s.IntOrString.fromNumber(1) },
    });
    return service.name;
  }

  /** Read access to what it watches, status writes, events; a Lease when it elects a leader. */
  private grant(serviceAccount: string, watchNamespaces: string[], labels: Record<string, string>, leaseName?: string): void {
    const subjects = [{ kind: 'ServiceAccount', name: serviceAccount, namespace: this.namespace }];
    const rules: k8s.PolicyRule[] = [
      ...statusMappings().map((op) => ({ apiGroups: [op.cluster.group], resources: [op.cluster.plural, op.backup.plural], verbs: ['get', 'list', 'watch'] })),
      { apiGroups: [MANAGED_DATABASE.group], resources: [MANAGED_DATABASE.plural], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [MANAGED_DATABASE.group], resources: [`${MANAGED_DATABASE.plural}/status`], verbs: ['patch'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create'] },
    ];
    if (watchNamespaces.length === 0) {
      const role = new k8s.KubeClusterRole(this, 'ClusterRole', { metadata: { labels }, rules });
      const binding = new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
        metadata: { labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.name },
        subjects,
      });
      clusterScoped(role);
      clusterScoped(binding);
    }
    for (const namespace of watchNamespaces) this.role(`Watch-${namespace}`, namespace, rules, subjects, labels);
    if (leaseName) {
      this.role('LeaderElection', this.namespace, [
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: [leaseName], verbs: ['get', 'update'] },
      ], subjects, labels);
    }
  }

  private role(id: string, namespace: string, rules: k8s.PolicyRule[], subjects: k8s.Subject[], labels: Record<string, string>): void {
    const role = new k8s.KubeRole(this, id, { metadata: { namespace, labels }, rules });
    new k8s.KubeRoleBinding(this, `${id}Binding`, {
      metadata: { namespace, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.name },
      subjects,
    });
  }
}

/**
 * Node.js options for a reconciler with `memoryMiB` of memory: a V8 heap limit under the container's, so that V8
 * collects garbage before the kernel kills the process (by default V8 sizes its heap from the node's memory).
 * @internal
 */
export function nodeOptions(memoryMiB: number): string {
  return `--max-old-space-size=${Math.max(16, Math.floor(memoryMiB * HEAP_SHARE))}`;
}

/** What the reconciler's pod is made of. */
interface PodOptions {
  readonly serviceAccount: string;
  readonly selector: Record<string, string>;
  readonly image: string;
  /** The ConfigMap holding the bundle, when a stock Node.js image runs it. */
  readonly program?: string;
  readonly metricsPort: number;
  readonly resources: Quantities;
  readonly env: Record<string, string | undefined>;
}

/** A pod that meets the restricted Pod Security Standard, spread across nodes, probed on its metrics port. */
function reconcilerPod(options: PodOptions): k8s.PodSpec {
  const seccompProfile = { type: 'RuntimeDefault' };
  const probe = (pathname: string, periodSeconds: number): k8s.Probe => ({
    httpGet: { path: pathname, port: k8s.IntOrString.fromString('metrics') },
    periodSeconds,
    timeoutSeconds: 2,
    failureThreshold: 3,
  });
  const quantity = { cpu: k8s.Quantity.fromString(options.resources.cpu), memory: k8s.Quantity.fromString(options.resources.memory) };
  return {
    serviceAccountName: options.serviceAccount,
    securityContext: { runAsNonRoot: true, runAsUser: NODE_UID, runAsGroup: NODE_UID, seccompProfile },
    terminationGracePeriodSeconds: 15,
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{
          weight: 100,
          podAffinityTerm: { labelSelector: { matchLabels: options.selector }, topologyKey: HOSTNAME_TOPOLOGY_KEY },
        }],
      },
    },
    containers: [{
      name: 'reconciler',
      image: options.image,
      command: options.program ? ['node', `${BUNDLE_DIR}/${BUNDLE_KEY}`] : undefined,
      env: [
        ...Object.entries(options.env).filter(([, v]) => v !== undefined).map(([name, value]) => ({ name, value })),
        { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      ],
      ports: [{ name: 'metrics', containerPort: options.metricsPort, protocol: 'TCP' }],
      resources: { requests: quantity, limits: quantity },
      livenessProbe: probe('/healthz', 10),
      readinessProbe: probe('/readyz', 5),
      securityContext: {
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile,
      },
      volumeMounts: [
        { name: 'tmp', mountPath: '/tmp' },
        ...(options.program ? [{ name: 'program', mountPath: BUNDLE_DIR, readOnly: true }] : []),
      ],
    }],
    volumes: [
      { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('16Mi') } },
      ...(options.program ? [{ name: 'program', configMap: { name: options.program, defaultMode: 0o444 } }] : []),
    ],
  };
}

function readBundle(scope: Construct): string {
  if (!fs.existsSync(BUNDLE)) {
    invalid(scope, 'image', undefined, `the reconciler bundle ${BUNDLE} is missing: run \`npx projen bundle:reconciler\`, or give a prebuilt image`);
  }
  return fs.readFileSync(BUNDLE, 'utf8');
}
