import { Chart, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { AntiAffinity, DatabaseCluster, DatabaseEngine, Errors, Expose, MysqlVersion, ProxyType } from '../src';
import { only, synthValid } from './support/schema';

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
