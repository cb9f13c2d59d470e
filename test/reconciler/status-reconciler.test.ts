/**
 * The StatusReconciler construct: what it synthesizes (CRD, least-privilege RBAC, a restricted pod running the
 * bundle), the ManagedDatabase of every DatabaseCluster in either construction order, and, end to end, that the
 * program recomputes the fingerprint the construct synthesized.
 */
import * as fs from 'node:fs';
import { Chart, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { condition, MANAGED_DATABASES } from './fixtures';
import { BUNDLE, eventually, ReconcilerProcess, STARTUP_MS, stopAll } from './harness';
import {
  BackupProvider, BackupStorage, DatabaseCluster, DatabaseEngine, Errors, MongodbVersion, MysqlVersion, Operator, PostgresVersion,
  StatusReconciler, StatusReconcilerProps,
} from '../../src';
import { statusMappings } from '../../src/operators';
import { fingerprint } from '../../src/reconciler/fingerprint';
import { mappingFor } from '../../src/status-mapping';
import { KubeApiServer } from '../support/kube-api-server';
import { ofKind, only, synthValid } from '../support/schema';
import { manifestProblems } from '../support/security';

const ENGINES = {
  'PXC': DatabaseEngine.mysql({ version: MysqlVersion.V8_0_42 }),
  'PSMDB': DatabaseEngine.mongodb({ version: MongodbVersion.V8_0_17 }),
  'Percona PG': DatabaseEngine.postgres({ version: PostgresVersion.V17_7 }),
  'CloudNativePG': DatabaseEngine.postgres({ version: PostgresVersion.V17_7, operator: Operator.CLOUDNATIVE_PG }),
  'Everest MySQL': DatabaseEngine.mysql({ version: MysqlVersion.V8_0_42, operator: Operator.EVEREST }),
  'Everest MongoDB': DatabaseEngine.mongodb({ version: MongodbVersion.V8_0_17, operator: Operator.EVEREST }),
  'Everest PostgreSQL': DatabaseEngine.postgres({ version: PostgresVersion.V17_7, operator: Operator.EVEREST }),
};

function fleet(props: StatusReconcilerProps = {}) {
  const app = Testing.app();
  const chart = new Chart(app, 'fleet', { namespace: 'shop' });
  const reconciler = new StatusReconciler(chart, 'status', props);
  return { app, chart, reconciler, objects: () => synthValid(chart) };
}

function mysql(scope: Chart, id = 'orders') {
  return new DatabaseCluster(scope, id, { engine: ENGINES.PXC });
}

const container = (objects: any[]) => only(objects, 'Deployment').spec.template.spec.containers[0];
const env = (objects: any[]) => Object.fromEntries(container(objects).env.filter((e: any) => e.value !== undefined)
  .map((e: any) => [e.name, e.value]));

afterEach(stopAll);

describe('StatusReconciler objects', () => {
  test('synthesizes the CRD, ServiceAccount, RBAC, ConfigMap, Deployment, Service, NetworkPolicy and PDB, all valid', () => {
    const objects = fleet().objects();
    expect(objects.map((o) => o.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'CustomResourceDefinition', 'Deployment',
      'NetworkPolicy', 'PodDisruptionBudget', 'Role', 'RoleBinding', 'Service', 'ServiceAccount']);
    expect(manifestProblems(objects)).toEqual([]);
    for (const kind of ['CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding']) expect(only(objects, kind).metadata.namespace).toBeUndefined();
    for (const kind of ['ServiceAccount', 'Deployment', 'ConfigMap', 'Service', 'NetworkPolicy', 'PodDisruptionBudget', 'Role']) {
      expect(only(objects, kind).metadata.namespace).toBe('shop');
    }
  });

  test('the ManagedDatabase CRD: namespaced, status subresource, printer columns, a short name', () => {
    const crd = only(fleet().objects(), 'CustomResourceDefinition');
    expect(crd.metadata.name).toBe('manageddatabases.cdk8s-dbaas.dev');
    expect(crd.spec.scope).toBe('Namespaced');
    expect(crd.spec.names).toMatchObject({ kind: 'ManagedDatabase', plural: 'manageddatabases', shortNames: ['mdb'] });
    const [version] = crd.spec.versions;
    expect(version.subresources).toEqual({ status: {} });
    expect(version.additionalPrinterColumns.map((c: any) => `${c.name}=${c.jsonPath}`)).toEqual([
      'Engine=.spec.engine', 'Operator=.spec.operator', 'Phase=.status.phase', 'Ready=.status.ready', 'Proxies=.status.proxies',
      'Endpoint=.status.endpoint', 'Last Backup=.status.lastSuccessfulBackup', 'Age=.metadata.creationTimestamp',
    ]);
    expect(version.schema.openAPIV3Schema.properties.status.properties.phase.enum)
      .toEqual(['Provisioning', 'Ready', 'Degraded', 'Upgrading', 'Restoring', 'Paused', 'Failed', 'Deleting']);
  });

  test('RBAC: exactly get/list/watch on every operator\'s cluster and backup kinds, status patch, events; no wildcard, no Secret', () => {
    const objects = fleet().objects();
    const role = only(objects, 'ClusterRole');
    expect(role.rules).toEqual([
      { apiGroups: ['pxc.percona.com'], resources: ['perconaxtradbclusters', 'perconaxtradbclusterbackups'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['psmdb.percona.com'], resources: ['perconaservermongodbs', 'perconaservermongodbbackups'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['pgv2.percona.com'], resources: ['perconapgclusters', 'perconapgbackups'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['postgresql.cnpg.io'], resources: ['clusters', 'backups'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['everest.percona.com'], resources: ['databaseclusters', 'databaseclusterbackups'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['k8s.mariadb.com'], resources: ['mariadbs', 'physicalbackups'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['cdk8s-dbaas.dev'], resources: ['manageddatabases'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['cdk8s-dbaas.dev'], resources: ['manageddatabases/status'], verbs: ['patch'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create'] },
    ]);
    const leaseRole = only(objects, 'Role');
    expect(leaseRole.rules).toEqual([
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: ['fleet-status-leader'], verbs: ['get', 'update'] },
    ]);
    const rules = ofKind(objects, 'ClusterRole').concat(ofKind(objects, 'Role')).flatMap((r) => r.rules);
    expect(JSON.stringify(rules)).not.toContain('*');
    expect(rules.flatMap((r: any) => r.resources)).not.toContain('secrets');
    const sa = only(objects, 'ServiceAccount');
    for (const binding of [only(objects, 'ClusterRoleBinding'), only(objects, 'RoleBinding')]) {
      expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: sa.metadata.name, namespace: 'shop' }]);
    }
    expect(only(objects, 'ClusterRoleBinding').roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata.name });
    expect(env(objects)).toMatchObject({ LEADER_ELECTION: 'true', LEASE_NAME: 'fleet-status-leader' });
  });

  test('the client-side rate limit (QPS and burst, as client-go\'s): kube-scheduler\'s by default', () => {
    expect(env(fleet().objects())).toMatchObject({ KUBE_API_QPS: '50', KUBE_API_BURST: '100' });
    expect(env(fleet({ apiQps: 200, apiBurst: 400 }).objects())).toMatchObject({ KUBE_API_QPS: '200', KUBE_API_BURST: '400' });
  });

  test('one replica: no leader election, no Lease access', () => {
    const objects = fleet({ replicas: 1 }).objects();
    expect(ofKind(objects, 'Role')).toEqual([]);
    expect(env(objects).LEADER_ELECTION).toBeUndefined();
    expect(only(objects, 'Deployment').spec.replicas).toBe(1);
  });

  test('watchNamespaces: a Role and RoleBinding per namespace instead of a ClusterRole', () => {
    const objects = fleet({ watchNamespaces: ['team-a', 'team-b'], replicas: 1 }).objects();
    expect(ofKind(objects, 'ClusterRole')).toEqual([]);
    expect(ofKind(objects, 'ClusterRoleBinding')).toEqual([]);
    expect(ofKind(objects, 'Role').map((r) => r.metadata.namespace)).toEqual(['team-a', 'team-b']);
    expect(ofKind(objects, 'RoleBinding').map((r) => [r.metadata.namespace, r.subjects[0].namespace])).toEqual([['team-a', 'shop'], ['team-b', 'shop']]);
    expect(ofKind(objects, 'Role')[0].rules).toEqual(fleet().objects().find((o) => o.kind === 'ClusterRole').rules);
    expect(env(objects).WATCH_NAMESPACES).toBe('team-a,team-b');
  });

  test('the pod meets the restricted Pod Security Standard', () => {
    const objects = fleet().objects();
    const pod = only(objects, 'Deployment').spec.template.spec;
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container(objects).securityContext).toEqual({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.volumes.map((v: any) => Object.keys(v).find((k) => k !== 'name'))).toEqual(['emptyDir', 'configMap']);
    expect(pod.hostNetwork ?? pod.hostPID ?? pod.hostIPC).toBeUndefined();
  });

  test('the JavaScript heap is limited to three quarters of the memory, so that V8 collects before the kernel kills', () => {
    expect(env(fleet().objects()).NODE_OPTIONS).toBe('--max-old-space-size=96');
    expect(env(fleet({ resources: { memory: Size.mebibytes(200) } }).objects()).NODE_OPTIONS).toBe('--max-old-space-size=150');
  });

  test('requests equal limits; probes on the metrics port', () => {
    expect(container(fleet().objects()).resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '100m', memory: '128Mi' } });
    const c = container(fleet({ resources: { cpu: Cpu.millis(250), memory: Size.mebibytes(256) } }).objects());
    expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '250m', memory: '256Mi' } });
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'metrics' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'metrics' });
    expect(c.ports).toEqual([{ name: 'metrics', containerPort: 8080, protocol: 'TCP' }]);
  });

  test('the Service, NetworkPolicy and PDB select the reconciler pods', () => {
    const objects = fleet({ metricsPort: 9102 }).objects();
    const selector = only(objects, 'Deployment').spec.selector.matchLabels;
    expect(only(objects, 'Service').spec).toEqual({ selector, ports: [{ name: 'metrics', port: 9102, targetPort: 'metrics', protocol: 'TCP' }] });
    const policy = only(objects, 'NetworkPolicy').spec;
    expect(policy.podSelector.matchLabels).toEqual(selector);
    expect(policy.ingress).toEqual([{ ports: [{ port: 9102, protocol: 'TCP' }] }]);
    expect(policy.egress).toEqual([{ ports: [{ port: 443, protocol: 'TCP' }, { port: 6443, protocol: 'TCP' }] }]);
    expect(only(objects, 'PodDisruptionBudget').spec).toEqual({ selector: { matchLabels: selector }, maxUnavailable: 1 });
  });

  test('a stock Node.js image runs the bundle (under 1 MiB) from the ConfigMap', () => {
    const objects = fleet().objects();
    const bundle = fs.readFileSync(BUNDLE, 'utf8');
    expect(Buffer.byteLength(bundle)).toBeLessThan(1024 * 1024);
    const configMap = only(objects, 'ConfigMap');
    expect(configMap.data).toEqual({ 'reconciler.js': bundle });
    // Small enough for `kubectl apply` without --server-side, which copies the object into a 256 KiB annotation.
    expect(Buffer.byteLength(JSON.stringify(configMap))).toBeLessThan(256 * 1024);
    const c = container(objects);
    expect(c.image).toBe('node:22-alpine');
    expect(c.command).toEqual(['node', '/opt/cdk8s-dbaas/reconciler.js']);
    expect(c.volumeMounts).toContainEqual({ name: 'program', mountPath: '/opt/cdk8s-dbaas', readOnly: true });
    const pod = only(objects, 'Deployment').spec.template;
    expect(pod.spec.volumes).toContainEqual({ name: 'program', configMap: { name: configMap.metadata.name, defaultMode: 0o444 } });
    expect(pod.metadata.annotations['cdk8s-dbaas.dev/program-sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(container(fleet({ nodeImage: 'mirror.example.com/node:22-alpine' }).objects()).image).toBe('mirror.example.com/node:22-alpine');
  });

  test('image: a prebuilt image runs its own entrypoint, without the ConfigMap', () => {
    const objects = fleet({ image: 'ghcr.io/example/dbaas-status:1.0.0' }).objects();
    expect(ofKind(objects, 'ConfigMap')).toEqual([]);
    const c = container(objects);
    expect(c.image).toBe('ghcr.io/example/dbaas-status:1.0.0');
    expect(c.command).toBeUndefined();
    expect(c.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
  });

  test.each([
    [{ replicas: 0 }, 'replicas'],
    [{ replicas: 1.5 }, 'replicas'],
    [{ metricsPort: 70000 }, 'metricsPort'],
    [{ namespace: 'Ops' }, 'namespace'],
    [{ watchNamespaces: ['team-a', 'Team_A'] }, 'watchNamespaces'],
    [{ watchNamespaces: ['team-a', 'team-a'] }, 'watchNamespaces'],
    [{ image: 'has spaces' }, 'image'],
    [{ image: '0/-:0' }, 'image'],
    [{ nodeImage: 'Node:22' }, 'nodeImage'],
    [{ resources: { cpu: Cpu.millis(NaN) } }, 'resources.cpu'],
    [{ resources: { memory: Size.mebibytes(Infinity) } }, 'resources.memory'],
    [{ backupGracePeriod: Duration.seconds(Infinity) }, 'backupGracePeriod'],
    [{ apiQps: 0 }, 'apiQps'],
    [{ apiQps: Infinity }, 'apiQps'],
    [{ apiBurst: 0 }, 'apiBurst'],
    [{ apiBurst: 2.5 }, 'apiBurst'],
  ])('refuses %p', (props, prop) => {
    let error: unknown;
    try { fleet(props as StatusReconcilerProps); } catch (e) { error = e; }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(Errors.propOf(error)).toBe(prop);
  });

  test('one StatusReconciler per app', () => {
    const { app } = fleet();
    let error: unknown;
    try { new StatusReconciler(new Chart(app, 'other'), 'status'); } catch (e) { error = e; }
    expect(Errors.isValidationError(error)).toBe(true);
  });
});

describe('ManagedDatabase per DatabaseCluster', () => {
  test.each([['cluster first', true], ['reconciler first', false]])('%s: one ManagedDatabase per cluster, across charts', (_order, clusterFirst) => {
    const app = Testing.app();
    const shop = new Chart(app, 'fleet', { namespace: 'shop' });
    const ops = new Chart(app, 'ops', { namespace: 'dbaas-system' });
    if (clusterFirst) mysql(shop);
    new StatusReconciler(ops, 'status');
    if (!clusterFirst) mysql(shop);
    mysql(shop, 'payments');
    const objects = synthValid(app);
    expect(ofKind(objects, 'ManagedDatabase').map((m) => `${m.metadata.namespace}/${m.metadata.name}`)).toEqual(['shop/fleet-orders', 'shop/fleet-payments']);
    expect(only(objects, 'Deployment').metadata.namespace).toBe('dbaas-system');
  });

  test('no StatusReconciler, no ManagedDatabase', () => {
    const chart = new Chart(Testing.app(), 'fleet', { namespace: 'shop' });
    mysql(chart);
    expect(ofKind(synthValid(chart), 'ManagedDatabase')).toEqual([]);
  });

  test('names its native resource, engine and operator; fingerprints the synthesized spec, patches included', () => {
    const { chart, objects } = fleet();
    const cluster = mysql(chart);
    cluster.engineResource.addJsonPatch(JsonPatch.add('/spec/pxc/priorityClassName', 'database'));
    const out = objects();
    const md = only(out, 'ManagedDatabase');
    const native = only(out, 'PerconaXtraDBCluster');
    expect(md.spec).toMatchObject({
      engine: 'mysql',
      operator: 'percona',
      engineVersion: '8.0.42',
      host: cluster.host,
      port: 3306,
      resource: { apiVersion: 'pxc.percona.com/v1', kind: 'PerconaXtraDBCluster', name: 'fleet-orders' },
    });
    expect(md.spec.backup).toBeUndefined();
    expect(md.spec.fingerprint.paths).toContain('/spec/pxc/size');
    expect(md.spec.fingerprint.paths).toContain('/spec/pxc/priorityClassName');
    expect(md.spec.fingerprint.paths.every((p: string) => p.startsWith('/spec/'))).toBe(true);
    expect(fingerprint(native, md.spec.fingerprint.paths)).toBe(md.spec.fingerprint.hash);
    const edited = { ...native, spec: { ...native.spec, pxc: { ...native.spec.pxc, size: 5 } } };
    expect(fingerprint(edited, md.spec.fingerprint.paths)).not.toBe(md.spec.fingerprint.hash);
  });

  test('the backup freshness it promises: the most frequent enabled schedule plus the grace period', () => {
    const { chart, objects } = fleet({ backupGracePeriod: Duration.minutes(30) });
    const storage = new BackupStorage(chart, 's3', { provider: BackupProvider.S3, bucket: 'backups', region: 'eu-west-1', credentialsSecret: 'backup-s3' });
    const cluster = new DatabaseCluster(chart, 'orders', { engine: ENGINES.PXC, backup: { storage } });
    // Schedules come after the cluster: read at synthesis.
    cluster.addBackupSchedule('daily', { schedule: '0 3 * * *' });
    cluster.addBackupSchedule('six-hourly', { schedule: '0 */6 * * *' });
    cluster.addBackupSchedule('paused', { schedule: '*/5 * * * *', enabled: false });
    expect(only(objects(), 'ManagedDatabase').spec.backup).toEqual({ maxAgeSeconds: 6 * 3600 + 1800, schedules: ['daily', 'six-hourly'] });
  });

  test.each(Object.entries(ENGINES))('%s: a valid ManagedDatabase whose native kind the reconciler watches', (_name, engine) => {
    const { chart, objects } = fleet();
    const cluster = new DatabaseCluster(chart, 'orders', { engine });
    const out = objects();
    const md = only(out, 'ManagedDatabase');
    const { apiVersion, kind, name } = cluster.engineResource;
    expect(md.spec.resource).toEqual({ apiVersion, kind, name });
    expect(mappingFor(statusMappings(), md.spec.resource.apiVersion, md.spec.resource.kind)).toBeDefined();
    const native = out.find((o) => o.kind === md.spec.resource.kind && o.metadata.name === md.spec.resource.name);
    expect(fingerprint(native, md.spec.fingerprint.paths)).toBe(md.spec.fingerprint.hash);
  });
});

test('end to end: the reconciler recomputes the synthesized fingerprint from the live object and shows the cluster\'s host and port', async () => {
  const { chart, objects } = fleet();
  const cluster = mysql(chart);
  const out = objects();
  const server = await KubeApiServer.start();
  try {
    const native = only(out, 'PerconaXtraDBCluster');
    server.apply({ apiVersion: native.apiVersion, plural: 'perconaxtradbclusters' }, { ...native, status: { state: 'ready', pxc: { ready: 3, size: 3 }, haproxy: { ready: 3, size: 3 } } });
    server.apply(MANAGED_DATABASES, only(out, 'ManagedDatabase'));
    await ReconcilerProcess.start(server);
    const status = await eventually(() => {
      const s = server.get(MANAGED_DATABASES, 'shop', 'fleet-orders')?.status;
      expect(condition(s, 'SpecInSync')?.status).toBe('True');
      return s;
    }, STARTUP_MS);
    expect(status).toMatchObject({ phase: 'Ready', ready: '3/3', proxies: 'haproxy 3/3', endpoint: `${cluster.host}:${cluster.port}` });
    server.patchSpec({ apiVersion: native.apiVersion, plural: 'perconaxtradbclusters' }, 'shop', 'fleet-orders', { haproxy: { size: 2 } });
    await eventually(() => expect(condition(server.get(MANAGED_DATABASES, 'shop', 'fleet-orders')?.status, 'SpecInSync')?.status).toBe('False'));
  } finally {
    await stopAll();
    await server.stop();
  }
});
