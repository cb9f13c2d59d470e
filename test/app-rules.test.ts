import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import {
  DatabaseCluster, DatabaseEngine, DatabaseStorageClass, Errors, MysqlVersion, StatusReconciler, StorageProvisioner,
} from '../src';
import { refusal } from './support/refusal';
import { synthValid } from './support/schema';

const mysql = () => DatabaseEngine.mysql({ version: MysqlVersion.V8_0_42 });

describe('rules of the whole app', () => {
  test('two databases of one name in one namespace are refused, naming both constructs', () => {
    const app = Testing.app();
    new DatabaseCluster(new Chart(app, 'team-a', { namespace: 'shop' }), 'orders', { engine: mysql(), name: 'orders' });
    new DatabaseCluster(new Chart(app, 'team-b', { namespace: 'shop' }), 'orders', { engine: mysql(), name: 'orders' });
    const error = refusal(() => app.synthYaml());
    expect(Errors.propOf(error)).toBe('name');
    expect(error.message).toContain('[team-b/orders] name: team-a/orders/Resource already synthesizes PerconaXtraDBCluster shop/orders');
  });

  test('the same name in two namespaces is two objects', () => {
    const app = Testing.app();
    new DatabaseCluster(new Chart(app, 'a', { namespace: 'shop' }), 'orders', { engine: mysql(), name: 'orders' });
    new DatabaseCluster(new Chart(app, 'b', { namespace: 'billing' }), 'orders', { engine: mysql(), name: 'orders' });
    expect(() => synthValid(app)).not.toThrow();
  });

  test('a cluster-scoped object of one name in two charts of other namespaces is one object', () => {
    const app = Testing.app();
    new DatabaseStorageClass(new Chart(app, 'a', { namespace: 'shop' }), 'fast', { provisioner: StorageProvisioner.AWS_EBS, name: 'fast' });
    const b = new Chart(app, 'b', { namespace: 'billing' });
    new k8s.KubeStorageClass(b, 'mine', { metadata: { name: 'fast' }, provisioner: 'ebs.csi.aws.com' });
    expect(refusal(() => app.synthYaml()).message).toContain('already synthesizes StorageClass fast');
  });

  test('definitions come first in each file, so that `kubectl apply -f` accepts it on a fresh cluster', () => {
    const app = new App();
    const chart = new Chart(app, 'all', { namespace: 'shop' });
    new DatabaseCluster(chart, 'orders', { engine: mysql() });
    new ApiObject(chart, 'late-namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    new StatusReconciler(chart, 'status');
    const kinds = Testing.synth(chart).map((o) => o.kind);
    const lastDefinition = Math.max(kinds.lastIndexOf('CustomResourceDefinition'), kinds.lastIndexOf('Namespace'));
    const firstOther = kinds.findIndex((k) => k !== 'CustomResourceDefinition' && k !== 'Namespace');
    expect(lastDefinition).toBeLessThan(firstOther);
    expect(kinds).toContain('ManagedDatabase');
  });
});

