import { Testing } from 'cdk8s';
import { buildFleet, INTENDED_WARNINGS } from '../examples/fleet';
import { ProductionReadiness } from '../src';
import { ofKind, synthValid } from './support/schema';

/** The bundled example fleet (what `npm run example` writes), validated object by object. */
describe('example fleet', () => {
  const objects = synthValid(buildFleet(Testing.app()));

  test.each([
    ['pxc.percona.com/v1', 'PerconaXtraDBCluster'],
    ['psmdb.percona.com/v1', 'PerconaServerMongoDB'],
    ['pgv2.percona.com/v2', 'PerconaPGCluster'],
    ['postgresql.cnpg.io/v1', 'Cluster'],
    ['postgresql.cnpg.io/v1', 'Pooler'],
    ['everest.percona.com/v1alpha1', 'DatabaseCluster'],
    ['k8s.mariadb.com/v1alpha1', 'MariaDB'],
    ['k8s.mariadb.com/v1alpha1', 'MaxScale'],
    ['k8s.mariadb.com/v1alpha1', 'PhysicalBackup'],
    ['k8s.mariadb.com/v1alpha1', 'Backup'],
    ['storage.k8s.io/v1', 'StorageClass'],
    ['policy/v1', 'PodDisruptionBudget'],
  ])('includes %s %s', (apiVersion, kind) => {
    expect(objects.some((o) => o.apiVersion === apiVersion && o.kind === kind)).toBe(true);
  });

  test('PodDisruptionBudgets only cover pods whose operator makes none (CNPG Pooler pods)', () => {
    for (const pdb of ofKind(objects, 'PodDisruptionBudget')) {
      expect(Object.keys(pdb.spec.selector.matchLabels)).toEqual(['cnpg.io/poolerName']);
    }
    const poolers = ofKind(objects, 'Pooler').map((p) => p.metadata.name).sort();
    expect(ofKind(objects, 'PodDisruptionBudget').map((p) => p.spec.selector.matchLabels['cnpg.io/poolerName']).sort()).toEqual(poolers);
  });

  test('no credential value: no Secret is emitted, every credential is a reference', () => {
    expect(ofKind(objects, 'Secret')).toEqual([]);
    const text = JSON.stringify(objects);
    expect(text).not.toMatch(/"(password|secretAccessKey|accessKeyId|apiKey|token)"\s*:\s*"[^"]/i);
  });

  test('the readiness report warns only where the example says why', () => {
    const app = Testing.app();
    buildFleet(app);
    const warnings = ProductionReadiness.warningsOf(app);
    expect(warnings.map((w) => INTENDED_WARNINGS.find((intended) => w.startsWith(intended)) ?? w)).toEqual(INTENDED_WARNINGS);
  });

  test('every object is in the fleet namespace unless cluster-scoped', () => {
    const clusterScoped = new Set(['StorageClass', 'PodSchedulingPolicy', 'LoadBalancerConfig']);
    for (const o of objects) {
      expect(o.metadata.namespace).toBe(clusterScoped.has(o.kind) ? undefined : 'shop');
    }
  });
});
