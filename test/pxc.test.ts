import * as fs from 'node:fs';
import * as path from 'node:path';
import { Chart, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as YAML from 'yaml';
import {
  AntiAffinity, BackupProvider, BackupStorage, DatabaseCluster, DatabaseEngine, Errors, Expose, Monitoring, MysqlVersion, PmmOptions,
  ProxyType,
} from '../src';
import { ofKind, only, synthValid } from './support/schema';

function mysql(props: Partial<ConstructorParameters<typeof DatabaseCluster>[2]> = {}) {
  const chart = new Chart(Testing.app(), 'fleet', { namespace: 'shop' });
  const cluster = new DatabaseCluster(chart, 'orders', { engine: DatabaseEngine.mysql({ version: MysqlVersion.V8_0_42 }), ...props });
  return { chart, cluster, spec: () => only(synthValid(chart), 'PerconaXtraDBCluster').spec };
}

describe('PXC target', () => {
  test('maps the defaults field by field', () => {
    const { cluster, spec } = mysql();
    const s = spec();
    expect(s.crVersion).toBe('1.18.0');
    expect(s.pxc.size).toBe(3);
    expect(s.pxc.image).toBe('percona/percona-xtradb-cluster:8.0.42-33.1');
    expect(s.pxc.resources).toEqual({ limits: { cpu: '1', memory: '2Gi' }, requests: { cpu: '1', memory: '2Gi' } });
    expect(s.pxc.volumeSpec.persistentVolumeClaim.resources.requests.storage).toBe('20Gi');
    expect(s.pxc.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
    expect(s.haproxy).toMatchObject({ enabled: true, size: 3, image: 'percona/haproxy:2.8.15', exposePrimary: { enabled: true, type: 'ClusterIP' } });
    expect(s.proxysql).toEqual({ enabled: false });
    expect(s.tls).toEqual({ enabled: true });
    expect(s.upgradeOptions.apply).toBe('never');
    expect(s.secretsName).toBe('fleet-orders-secrets');
    expect(cluster.host).toBe('fleet-orders-haproxy.shop.svc');
    expect(cluster.port).toBe(3306);
  });

  test('anti-affinity selects the pods of one component', () => {
    const { spec } = mysql({ scheduling: { antiAffinity: AntiAffinity.REQUIRED, spreadAcrossZones: true } });
    const s = spec();
    const term = s.pxc.affinity.advanced.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0];
    expect(term).toEqual({ labelSelector: { matchLabels: { 'app.kubernetes.io/instance': 'fleet-orders', 'app.kubernetes.io/component': 'pxc' } }, topologyKey: 'kubernetes.io/hostname' });
    expect(s.haproxy.topologySpreadConstraints[0].labelSelector.matchLabels['app.kubernetes.io/component']).toBe('haproxy');
  });

  test('ProxySQL with a LoadBalancer', () => {
    const { spec } = mysql({
      proxy: { type: ProxyType.PROXYSQL, replicas: 2, resources: { cpu: Cpu.millis(700), memory: Size.gibibytes(1) } },
      expose: Expose.loadBalancer({ sourceRanges: ['10.0.0.0/8', '192.168.1.1'] }),
    });
    const s = spec();
    expect(s.haproxy).toEqual({ enabled: false });
    expect(s.proxysql.expose).toEqual({ enabled: true, type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/8', '192.168.1.1/32'] });
  });

  test.each([
    [{ replicas: 4 }, 'replicas'],
    [{ replicas: 7 }, 'replicas'],
    [{ replicas: 1 }, 'replicas'],
    [{ proxy: { replicas: 1 } }, 'proxy.replicas'],
    [{ proxy: { type: ProxyType.PGBOUNCER } }, 'proxy.type'],
    [{ sharding: { shards: 2 } }, 'sharding'],
    [{ resources: { cpu: Cpu.millis(100) } }, 'resources.cpu'],
    [{ storage: { size: Size.mebibytes(500) } }, 'storage.size'],
  ])('refuses %j', (props, prop) => {
    let error: any;
    try { mysql(props as any); } catch (e) { error = e; }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(Errors.propOf(error)).toBe(prop);
    expect(error.message).toContain('[fleet/orders]');
  });
});

describe('PXC monitoring', () => {
  const pmm = (options: Partial<PmmOptions> = {}) => Monitoring.pmm({ url: 'https://pmm.example.com', credentialsSecret: 'pmm-token', ...options });

  test('PMM: a PMM 3 client with the operator\'s image, the server\'s host and resource limits; no exporter', () => {
    const { chart, spec } = mysql({ monitoring: pmm() });
    const s = spec();
    expect(s.pmm).toEqual({
      enabled: true,
      image: 'percona/pmm-client:3.3.1',
      serverHost: 'pmm.example.com',
      resources: { limits: { cpu: '600m', memory: '512M' }, requests: { cpu: '300m', memory: '150M' } },
    });
    expect(s.pxc.sidecars).toBeUndefined();
    // The token is read from the users Secret (key pmmservertoken), never written here.
    expect(JSON.stringify(synthValid(chart))).not.toContain('pmm-token');
  });

  test('PMM: a given image, and a non-default port kept in the server host', () => {
    const { spec } = mysql({ monitoring: pmm({ url: 'https://pmm.internal:8443/', image: 'mirror.example.com/pmm-client:3.3.1' }) });
    expect(spec().pmm).toMatchObject({ image: 'mirror.example.com/pmm-client:3.3.1', serverHost: 'pmm.internal:8443' });
  });

  test('PMM: a server that is not an http(s) URL is refused', () => {
    let error: any;
    try { mysql({ monitoring: pmm({ url: 'pmm.example.com' }) }); } catch (e) { error = e; }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(Errors.propOf(error)).toBe('monitoring.url');
    expect(error.message).toContain('[fleet/orders] monitoring.url');
  });

  test('Prometheus: mysqld_exporter as the monitor user, by Secret reference, restricted, with limits', () => {
    const { spec } = mysql({ monitoring: Monitoring.prometheus(), credentialsSecret: 'orders-users' });
    expect(spec().pxc.sidecars).toEqual([{
      name: 'mysqld-exporter',
      image: 'prom/mysqld-exporter:v0.17.2',
      args: ['--mysqld.address=127.0.0.1:3306', '--mysqld.username=monitor'],
      env: [{ name: 'MYSQLD_EXPORTER_PASSWORD', valueFrom: { secretKeyRef: { name: 'orders-users', key: 'monitor' } } }],
      ports: [{ name: 'metrics', containerPort: 9104 }],
      resources: { limits: { cpu: '200m', memory: '128Mi' }, requests: { cpu: '50m', memory: '64Mi' } },
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 65534,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      },
    }]);
    expect(spec().pmm).toBeUndefined();
  });

  test('Prometheus: a PodMonitor for the exporter and one for HAProxy\'s own endpoint, with the given labels', () => {
    const { chart } = mysql({ monitoring: Monitoring.prometheus({ labels: { release: 'kube-prometheus' } }) });
    const objects = synthValid(chart);
    expect(only(objects, 'PodMonitor', 'fleet-orders-db')).toEqual({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: 'fleet-orders-db', namespace: 'shop', labels: { release: 'kube-prometheus' } },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/instance': 'fleet-orders', 'app.kubernetes.io/component': 'pxc' } },
        podMetricsEndpoints: [{ port: 'metrics', path: '/metrics' }],
      },
    });
    expect(only(objects, 'PodMonitor', 'fleet-orders-proxy').spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/instance': 'fleet-orders', 'app.kubernetes.io/component': 'haproxy' } },
      podMetricsEndpoints: [{ port: 'stats', path: '/metrics' }],
    });
  });

  test('Prometheus: Galera alerts on this cluster\'s pods; no backup alert without schedules', () => {
    const { chart } = mysql({ monitoring: Monitoring.prometheus() });
    const rules = only(synthValid(chart), 'PrometheusRule', 'fleet-orders-alerts').spec.groups[0].rules;
    const pods = '{namespace="shop",pod=~"fleet-orders-pxc-[0-9]+"}';
    expect(rules.map((r: any) => [r.alert, r.expr, r.labels.severity])).toEqual([
      ['PxcNodeNotReady', `mysql_up${pods} == 0 or mysql_global_status_wsrep_ready${pods} == 0`, 'critical'],
      ['PxcClusterSizeBelowReplicas', `mysql_global_status_wsrep_cluster_size${pods} < 3`, 'warning'],
      ['PxcNodeNotSynced', `mysql_global_status_wsrep_local_state${pods} != 4 and mysql_global_status_wsrep_local_state${pods} != 2`, 'warning'],
    ]);
  });

  test('Prometheus: with schedules, an alert on the scheduled backup Jobs kube-state-metrics reports, after 1.5 of the tightest gap', () => {
    const chart = new Chart(Testing.app(), 'fleet', { namespace: 'shop' });
    const storage = new BackupStorage(chart, 's3', { provider: BackupProvider.S3, bucket: 'acme-db', region: 'eu-west-1', credentialsSecret: 'backup-s3' });
    const orders = new DatabaseCluster(chart, 'orders', {
      engine: DatabaseEngine.mysql({ version: MysqlVersion.V8_0_42 }), name: 'fleet-orders-archive', monitoring: Monitoring.prometheus(), backup: { storage },
    });
    orders.addBackupSchedule('daily', { schedule: '0 1 * * *' });
    orders.addBackupSchedule('every-six-hours', { schedule: '0 */6 * * *' });
    orders.addBackupSchedule('off', { schedule: '*/5 * * * *', enabled: false });
    const rules = only(synthValid(chart), 'PrometheusRule').spec.groups[0].rules;
    expect(rules.find((r: any) => r.alert === 'DatabaseBackupTooOld')).toEqual({
      alert: 'DatabaseBackupTooOld',
      // The operator keeps 16 characters of the cluster name in a scheduled backup's name.
      expr: `time() - max(kube_job_status_completion_time{namespace="shop",job_name=~"xb-cron-fleet-orders-arc-.+"}) > ${6 * 3600 * 1.5}`,
      for: '10m',
      labels: { severity: 'warning' },
      annotations: { summary: 'No successful backup of fleet-orders-archive for more than 9 hours' },
    });
  });

  test('Prometheus with point-in-time recovery: the binlog collector\'s metrics, a gap and a stalled collection', () => {
    const chart = new Chart(Testing.app(), 'fleet', { namespace: 'shop' });
    const storage = new BackupStorage(chart, 's3', { provider: BackupProvider.S3, bucket: 'acme-db', region: 'eu-west-1', credentialsSecret: 'backup-s3' });
    new DatabaseCluster(chart, 'orders', {
      engine: DatabaseEngine.mysql({ version: MysqlVersion.V8_0_42 }),
      monitoring: Monitoring.prometheus(),
      backup: { storage, pointInTimeRecovery: true },
    });
    const objects = synthValid(chart);
    expect(only(objects, 'PodMonitor', 'fleet-orders-pitr').spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/instance': 'fleet-orders', 'app.kubernetes.io/component': 'pitr' } },
      podMetricsEndpoints: [{ port: 'metrics', path: '/metrics' }],
    });
    const collector = '{namespace="shop",pod=~"fleet-orders-pitr-.+"}';
    const rules = only(objects, 'PrometheusRule').spec.groups[0].rules;
    expect(rules.filter((r: any) => r.alert.startsWith('PxcBinlog')).map((r: any) => [r.alert, r.expr, r.for, r.labels.severity])).toEqual([
      ['PxcBinlogGapDetected', `increase(pxc_binlog_collector_gap_detected_total${collector}[10m]) > 0`, '0m', 'critical'],
      ['PxcBinlogCollectionStalled', `time() - pxc_binlog_collector_last_processing_timestamp${collector} > 1800`, '10m', 'warning'],
    ]);
  });

  test('Prometheus: ProxySQL exposes no metrics endpoint, and alerts can be turned off', () => {
    const { chart } = mysql({ monitoring: Monitoring.prometheus({ alerts: false }), proxy: { type: ProxyType.PROXYSQL } });
    const objects = synthValid(chart);
    expect(ofKind(objects, 'PodMonitor').map((o) => o.metadata.name)).toEqual(['fleet-orders-db']);
    expect(ofKind(objects, 'PrometheusRule')).toEqual([]);
  });
});

describe('PXC operator limits', () => {
  test('a cluster name over 22 characters is refused', () => {
    let error: any;
    try { mysql({ name: 'orders-of-the-eu-region' }); } catch (e) { error = e; }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(Errors.propOf(error)).toBe('name');
    expect(error.message).toMatch(/^\[fleet\/orders\] name: .*22 characters/);
    expect(() => mysql({ name: 'orders-of-the-eu-regio' })).not.toThrow();
  });
});

/**
 * The CEL rules (x-kubernetes-validations) of the vendored PerconaXtraDBCluster CRD, which JSON Schema validation
 * does not check. Each rule our output could break is evaluated here on what we synthesize; a rule this table does
 * not know fails the test, so a new CRD version cannot slip one past.
 */
describe('PXC CEL rules', () => {
  const KNOWN_RULES: Record<string, (self: any) => boolean> = {
    "!(has(self.loadBalancerClass)) || self.type == 'LoadBalancer'": (self) => !('loadBalancerClass' in self) || self.type === 'LoadBalancer',
  };
  const crd = YAML.parseAllDocuments(fs.readFileSync(path.join(__dirname, '..', 'imports', 'percona-xtradb-cluster-operator', 'crd-v1.18.0.yaml'), 'utf8'))
    .map((d) => d.toJS()).find((d) => d?.spec?.names?.kind === 'PerconaXtraDBCluster');

  /** Every rule with the path of the object it applies to (`*` for any map value, `[]` for any array element). */
  function celRules(schema: any, at: string[] = []): Array<{ path: string[]; rule: string }> {
    const here = (schema['x-kubernetes-validations'] ?? []).map((v: any) => ({ path: at, rule: v.rule }));
    const below = [
      ...Object.entries<any>(schema.properties ?? {}).map(([k, s]) => celRules(s, [...at, k])),
      ...(schema.items ? [celRules(schema.items, [...at, '[]'])] : []),
      ...(typeof schema.additionalProperties === 'object' ? [celRules(schema.additionalProperties, [...at, '*'])] : []),
    ];
    return [...here, ...below.flat()];
  }
  const rules = celRules(crd.spec.versions.find((v: any) => v.name === 'v1').schema.openAPIV3Schema);

  function valuesAt(root: any, segments: string[]): any[] {
    if (root === undefined) return [];
    if (segments.length === 0) return [root];
    const [head, ...rest] = segments;
    const next = head === '*' || head === '[]' ? Object.values(root ?? {}) : [root?.[head]];
    return next.flatMap((v) => valuesAt(v, rest));
  }

  test('the CRD has only rules this suite evaluates', () => {
    expect(rules.map((r) => r.path.join('.')).sort()).toEqual([
      'spec.haproxy.exposePrimary', 'spec.haproxy.exposeReplicas', 'spec.proxysql.expose', 'spec.pxc.expose',
    ]);
    for (const { rule } of rules) expect(Object.keys(KNOWN_RULES)).toContain(rule);
  });

  test('the evaluator refuses what the API server refuses', () => {
    const loadBalancerClass = KNOWN_RULES["!(has(self.loadBalancerClass)) || self.type == 'LoadBalancer'"];
    expect(loadBalancerClass({ type: 'ClusterIP', loadBalancerClass: 'service.k8s.aws/nlb' })).toBe(false);
    expect(loadBalancerClass({ type: 'LoadBalancer', loadBalancerClass: 'service.k8s.aws/nlb' })).toBe(true);
  });

  const loadBalancer = Expose.loadBalancer({ sourceRanges: ['10.0.0.0/8'], annotations: { 'example.com/lb': 'internal' } });
  test.each([
    ['HAProxy', ProxyType.HAPROXY, 'ClusterIP', Expose.clusterIp()],
    ['HAProxy', ProxyType.HAPROXY, 'LoadBalancer', loadBalancer],
    ['ProxySQL', ProxyType.PROXYSQL, 'ClusterIP', Expose.clusterIp()],
    ['ProxySQL', ProxyType.PROXYSQL, 'LoadBalancer', loadBalancer],
  ])('%s exposed as %s satisfies every rule', (_, type, __, expose) => {
    const { chart } = mysql({ proxy: { type }, expose });
    const cluster = only(synthValid(chart), 'PerconaXtraDBCluster');
    const checked = rules.flatMap(({ path: at, rule }) => valuesAt(cluster, at).map((self) => ({ at: at.join('.'), holds: KNOWN_RULES[rule](self) })));
    expect(checked.length).toBeGreaterThan(0);
    expect(checked.filter((c) => !c.holds)).toEqual([]);
  });
});
