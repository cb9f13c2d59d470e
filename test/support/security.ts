/**
 * Checks that hold for every manifest the library synthesizes, beyond the schemas of test/support/schema.ts:
 * - security: no credential value, resource limits on every container, no RBAC wildcard, Secret access only where
 *   documented, the restricted Pod Security Standard on every pod template of ours;
 * - what the API server checks that a schema does not: object names, label and annotation syntax, quantities.
 * Each function returns problems as "Kind/name: what", empty when the objects pass.
 */

/** Roles that may read Secrets, each with the reason the README gives. Add an entry only with its documentation. */
export const DOCUMENTED_SECRET_ACCESS: ReadonlyArray<{ readonly kind: string; readonly name: RegExp; readonly why: string }> = [];

/** Built-in roles and groups that grant (almost) everything: binding them is a wildcard by another name. */
const SUPERUSER_ROLES = new Set(['cluster-admin', 'admin', 'edit']);
const SUPERUSER_GROUPS = new Set(['system:masters']);

/** Workload kinds whose pods are ours to secure, and where their pod spec lives. */
const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/**
 * Components of operator custom resources that become containers, by kind: each one present and not disabled
 * must carry CPU and memory limits. `*` walks every element of an array or value of a map.
 */
interface OperatorComponent {
  readonly path: string;
  /** Where the limits are (default `resources.limits`). */
  readonly limits?: (component: any) => any;
  /** Whether the operator runs containers for it (default: unless `enabled: false`). */
  readonly runs?: (component: any, object: any) => boolean;
}
const paths = (...all: string[]): OperatorComponent[] => all.map((path) => ({ path }));
const OPERATOR_COMPONENTS: Record<string, ReadonlyArray<OperatorComponent>> = {
  PerconaXtraDBCluster: paths('spec.pxc', 'spec.haproxy', 'spec.proxysql', 'spec.pmm', 'spec.logcollector', 'spec.backup.storages.*'),
  PerconaServerMongoDB: paths('spec.replsets.*', 'spec.replsets.*.arbiter', 'spec.replsets.*.nonvoting', 'spec.sharding.configsvrReplSet',
    'spec.sharding.mongos', 'spec.pmm', 'spec.backup'),
  PerconaPGCluster: paths('spec.instances.*', 'spec.instances.*.containers.*', 'spec.instances.*.sidecars.*', 'spec.proxy.pgBouncer',
    'spec.proxy.pgBouncer.containers.*', 'spec.pmm', 'spec.backups.pgbackrest.repoHost', 'spec.backups.pgbackrest.jobs',
    'spec.backups.pgbackrest.containers.*', 'spec.dataSource.pgbackrest'),
  Cluster: paths('spec'),
  // Everest takes one CPU and memory figure per component and sets requests and limits to it. It types the proxy
  // of a MongoDB replica set as mongos but runs none.
  // The MariaDB operator runs an exporter Deployment for `metrics`, and Jobs for backups, restores and clones.
  MariaDB: [
    { path: 'spec' },
    { path: 'spec.metrics.exporter', runs: (_, o) => o.spec.metrics?.enabled === true },
    { path: 'spec.bootstrapFrom.restoreJob' },
  ],
  MaxScale: [{ path: 'spec' }, { path: 'spec.metrics.exporter', runs: (_, o) => o.spec.metrics?.enabled === true }],
  PhysicalBackup: paths('spec'),
  // CloudNativePG has a Backup kind too, which runs no container of its own.
  Backup: [{ path: 'spec', runs: (_, o) => o.apiVersion === 'k8s.mariadb.com/v1alpha1' }],
  Restore: paths('spec'),
  DatabaseCluster: [
    { path: 'spec.engine', limits: (c) => c.resources },
    { path: 'spec.proxy', limits: (c) => c.resources, runs: (_, o) => o.spec.engine?.type !== 'psmdb' || o.spec.sharding?.enabled === true },
  ],
};

/** Every check: security and what the API server would refuse. */
export function manifestProblems(objects: any[]): string[] {
  return [...securityProblems(objects), ...apiServerProblems(objects)];
}

/** The suite-wide security checks. */
export function securityProblems(objects: any[]): string[] {
  return objects.flatMap((o) => [
    ...credentialProblems(o),
    ...resourceLimitProblems(o),
    ...rbacProblems(o),
    ...podSecurityProblems(o),
  ].map((p) => `${o.kind}/${o.metadata?.name}: ${p}`));
}

const CREDENTIAL_KEY = /(password|passwd|passphrase|token|apikey|api_key|secretkey|secret_key|accesskey|access_key|privatekey|private_key)$/i;
const CREDENTIAL_VALUE = [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, /\bAKIA[0-9A-Z]{16}\b/, /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./];

/** No Secret carries data, no env var or spec field holds a credential literally, no value looks like a key. */
export function credentialProblems(o: any): string[] {
  const problems: string[] = [];
  if (o.kind === 'Secret' && (o.data !== undefined || o.stringData !== undefined)) problems.push('a Secret with data: the library never writes a credential');
  walk(o, (value, path) => {
    const key = path[path.length - 1];
    if (typeof value !== 'string' || value === '') return;
    if (typeof key === 'string' && CREDENTIAL_KEY.test(key)) problems.push(`${dotted(path)} holds a credential literally`);
    if (key === 'value' && path[path.length - 3] === 'env' && CREDENTIAL_KEY.test(String(parentOf(o, path)?.name ?? '').replace(/[-_]/g, ''))) {
      problems.push(`${dotted(path)}: env var ${parentOf(o, path).name} holds a credential literally (use valueFrom.secretKeyRef)`);
    }
    if (CREDENTIAL_VALUE.some((re) => re.test(value))) problems.push(`${dotted(path)} looks like a key or token`);
  });
  return problems;
}

/** Every container of ours, in pod specs and in operator components, has CPU and memory limits. */
export function resourceLimitProblems(o: any): string[] {
  const missing = (limits: any) => ['cpu', 'memory'].filter((r) => limits?.[r] === undefined || limits?.[r] === null);
  const problems: string[] = [];
  for (const { path, spec } of podSpecsOf(o)) {
    for (const [i, c] of containersOf(spec)) {
      const lacking = missing(c.resources?.limits);
      if (lacking.length > 0) problems.push(`${dotted([...path, i])} (${c.name}) has no ${lacking.join(' or ')} limit`);
    }
  }
  for (const component of OPERATOR_COMPONENTS[o.kind] ?? []) {
    for (const { path, value } of select(o, component.path.split('.'))) {
      if (value === null || typeof value !== 'object' || value.enabled === false || component.runs?.(value, o) === false) continue;
      const lacking = missing(component.limits ? component.limits(value) : value.resources?.limits);
      if (lacking.length > 0) problems.push(`${dotted(path)} runs containers without a ${lacking.join(' or ')} limit`);
    }
  }
  return problems;
}

/** No wildcard in any rule, no binding to a superuser role or group, Secrets only where documented. */
export function rbacProblems(o: any): string[] {
  const problems: string[] = [];
  if (o.kind === 'Role' || o.kind === 'ClusterRole') {
    if (o.aggregationRule !== undefined) problems.push('an aggregated role grants whatever other roles grant');
    (o.rules ?? []).forEach((rule: any, i: number) => {
      for (const field of ['verbs', 'resources', 'apiGroups', 'nonResourceURLs']) {
        if ((rule[field] ?? []).some((v: string) => v.includes('*'))) problems.push(`rules[${i}].${field} has a wildcard`);
      }
      const documented = DOCUMENTED_SECRET_ACCESS.some((d) => d.kind === o.kind && d.name.test(o.metadata?.name ?? ''));
      if ((rule.resources ?? []).includes('secrets') && !documented) problems.push(`rules[${i}] grants access to secrets without a documented reason`);
    });
  }
  if (o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') {
    if (o.roleRef?.kind === 'ClusterRole' && SUPERUSER_ROLES.has(o.roleRef.name)) problems.push(`binds the built-in ${o.roleRef.name} role`);
    for (const s of o.subjects ?? []) if (s.kind === 'Group' && SUPERUSER_GROUPS.has(s.name)) problems.push(`binds the ${s.name} group`);
  }
  return problems;
}

const RESTRICTED_VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

/**
 * The restricted Pod Security Standard (https://kubernetes.io/docs/concepts/security/pod-security-standards/) on
 * the pods of our workloads; anywhere else (operator custom resources), no setting of ours may loosen it.
 */
export function podSecurityProblems(o: any): string[] {
  const problems: string[] = [];
  const workloadSpec = POD_SPEC_PATHS[o.kind] && get(o, POD_SPEC_PATHS[o.kind]);
  if (workloadSpec) {
    const pod = workloadSpec.securityContext ?? {};
    if (workloadSpec.hostNetwork || workloadSpec.hostPID || workloadSpec.hostIPC) problems.push('shares a host namespace');
    for (const v of workloadSpec.volumes ?? []) {
      const type = Object.keys(v).find((k) => k !== 'name');
      if (type && !RESTRICTED_VOLUME_TYPES.has(type)) problems.push(`volume ${v.name} is of type ${type}`);
    }
    for (const [, c] of containersOf(workloadSpec)) {
      const sc = c.securityContext ?? {};
      const who = `container ${c.name}`;
      if ((sc.runAsNonRoot ?? pod.runAsNonRoot) !== true) problems.push(`${who} does not set runAsNonRoot: true`);
      if (sc.allowPrivilegeEscalation !== false) problems.push(`${who} does not set allowPrivilegeEscalation: false`);
      if (!(sc.capabilities?.drop ?? []).includes('ALL')) problems.push(`${who} does not drop ALL capabilities`);
      const seccomp = (sc.seccompProfile ?? pod.seccompProfile)?.type;
      if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') problems.push(`${who} has no RuntimeDefault seccomp profile`);
    }
  }
  walk(o, (value, path) => {
    const key = path[path.length - 1];
    const loosens = (key === 'privileged' && value === true)
      || (key === 'allowPrivilegeEscalation' && value === true)
      || (['hostNetwork', 'hostPID', 'hostIPC'].includes(key as string) && value === true)
      || (key === 'hostPath' && value !== undefined)
      || (key === 'hostPort' && value !== undefined)
      || (key === 'runAsNonRoot' && value === false)
      || ((key === 'runAsUser' || key === 'runAsGroup') && value === 0)
      || (key === 'type' && path[path.length - 2] === 'seccompProfile' && value === 'Unconfined')
      || (key === 'add' && path[path.length - 2] === 'capabilities' && (value as string[]).some((cap) => cap !== 'NET_BIND_SERVICE'));
    if (loosens) problems.push(`${dotted(path)}: ${JSON.stringify(value)} breaks the restricted Pod Security Standard`);
  });
  return problems;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
/** Kubernetes quantity syntax (k8s.io/apimachinery resource.Quantity). */
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?\d+)?$/;
/** An image reference (github.com/distribution/reference): lowercase repository path, optional tag and digest. */
const IMAGE_REFERENCE = /^([a-z0-9.-]+(:\d+)?\/)?[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;
/** Kinds whose names the API server checks as DNS labels rather than subdomains. */
const LABEL_NAMED_KINDS = new Set(['Service', 'Namespace']);

/** Names, labels, annotations, quantities and images that the API server (or the operator or kubelet reading them) would refuse. */
export function apiServerProblems(objects: any[]): string[] {
  return objects.flatMap((o) => {
    const problems: string[] = [];
    const { name, namespace, labels, annotations } = o.metadata ?? {};
    const nameRule = LABEL_NAMED_KINDS.has(o.kind) ? { re: DNS_LABEL, max: 63 } : { re: DNS_SUBDOMAIN, max: 253 };
    if (typeof name !== 'string' || !nameRule.re.test(name) || name.length > nameRule.max) problems.push(`metadata.name ${JSON.stringify(name)} is not a valid name`);
    if (namespace !== undefined && (!DNS_LABEL.test(namespace) || namespace.length > 63)) problems.push(`metadata.namespace ${JSON.stringify(namespace)} is not a DNS label`);
    for (const [k, v] of Object.entries<any>(labels ?? {})) {
      if (!QUALIFIED_NAME.test(k) || typeof v !== 'string' || !LABEL_VALUE.test(v)) problems.push(`label ${JSON.stringify(k)}=${JSON.stringify(v)} is invalid`);
    }
    for (const k of Object.keys(annotations ?? {})) if (!QUALIFIED_NAME.test(k)) problems.push(`annotation key ${JSON.stringify(k)} is invalid`);
    walk(o, (value, path) => {
      if (typeof value === 'number' && !Number.isFinite(value)) problems.push(`${dotted(path)} is ${value}, which JSON cannot carry`);
      if (isQuantityField(path) && typeof value === 'string' && !QUANTITY.test(value)) problems.push(`${dotted(path)} ${JSON.stringify(value)} is not a quantity`);
      const key = path[path.length - 1];
      // An Everest MonitoringConfig without an image lets Everest pick the PMM client of the server's version.
      const chosenByEverest = o.kind === 'MonitoringConfig' && value === '';
      if ((key === 'image' || key === 'imageName') && typeof value === 'string' && !IMAGE_REFERENCE.test(value) && !chosenByEverest) {
        problems.push(`${dotted(path)} ${JSON.stringify(value)} is not an image reference`);
      }
    });
    return problems.map((p) => `${o.kind}/${name}: ${p}`);
  });
}

/** cpu, memory and storage amounts under `resources` (and its limits/requests), where Kubernetes expects quantities. */
function isQuantityField(path: ReadonlyArray<string | number>): boolean {
  const [key, parent, grandparent] = [...path].reverse();
  return ['cpu', 'memory', 'storage', 'ephemeral-storage'].includes(key as string)
    && (parent === 'resources' || ((parent === 'limits' || parent === 'requests') && grandparent === 'resources'));
}

/** Pod specs anywhere in an object: a workload's, or one embedded in a custom resource (a Pooler's template). */
function podSpecsOf(o: any): { path: Array<string | number>; spec: any }[] {
  const specs: { path: Array<string | number>; spec: any }[] = [];
  walk(o, (value, path) => {
    if (value && typeof value === 'object' && !Array.isArray(value) && Array.isArray((value as any).containers)) specs.push({ path, spec: value });
  });
  return specs;
}

function containersOf(spec: any): [string, any][] {
  return ['initContainers', 'containers', 'ephemeralContainers']
    .flatMap((field) => (spec[field] ?? []).map((c: any, i: number) => [`${field}[${i}]`, c] as [string, any]));
}

/** Calls `visit` on every value below `root` with its path of keys and indices. */
function walk(root: any, visit: (value: unknown, path: Array<string | number>) => void, path: Array<string | number> = []): void {
  if (path.length > 0) visit(root, path);
  if (Array.isArray(root)) root.forEach((v, i) => walk(v, visit, [...path, i]));
  else if (root !== null && typeof root === 'object') for (const [k, v] of Object.entries(root)) walk(v, visit, [...path, k]);
}

/** The values at a dotted path where `*` walks every element or value. */
function select(root: any, segments: string[], path: Array<string | number> = []): { path: Array<string | number>; value: any }[] {
  if (segments.length === 0) return root === undefined ? [] : [{ path, value: root }];
  if (root === null || typeof root !== 'object') return [];
  const [head, ...rest] = segments;
  const keys = head === '*' ? Object.keys(root) : [head];
  return keys.flatMap((k) => select(root[k], rest, [...path, Array.isArray(root) ? Number(k) : k]));
}

function get(root: any, path: ReadonlyArray<string>): any {
  return path.reduce((v, k) => (v === null || v === undefined ? undefined : v[k]), root);
}

function parentOf(root: any, path: ReadonlyArray<string | number>): any {
  return get(root, path.slice(0, -1).map(String));
}

function dotted(path: ReadonlyArray<string | number>): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[');
}
