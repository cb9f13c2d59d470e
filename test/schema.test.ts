import { ApiObject, Chart, Testing } from 'cdk8s';
import { schemaErrors } from './support/schema';

/** The helper itself: it must reject what the API server would reject, or it proves nothing. */
describe('schema helper', () => {
  const pxc = (spec: any) => ({ apiVersion: 'pxc.percona.com/v1', kind: 'PerconaXtraDBCluster', metadata: { name: 'x' }, spec });

  test('accepts a valid object', () => {
    expect(schemaErrors([pxc({ pxc: { size: 3 } })])).toEqual([]);
  });

  test('rejects unknown fields in CRD kinds, metadata and core kinds', () => {
    expect(schemaErrors([pxc({ pxc: { sise: 3 } })]).join()).toContain('sise');
    expect(schemaErrors([{ ...pxc({}), metadata: { name: 'x', lables: {} } }]).join()).toContain('lables');
    const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'p' }, spec: { maxUnavailabel: 1 } };
    expect(schemaErrors([pdb]).join()).toContain('maxUnavailabel');
  });

  test('rejects wrong types and unknown kinds', () => {
    expect(schemaErrors([pxc({ pxc: { size: 'three' } })]).join()).toContain('/spec/pxc/size');
    expect(schemaErrors([{ apiVersion: 'example.com/v1', kind: 'Nope', metadata: { name: 'n' } }]).join()).toContain('no schema');
  });

  test('learns CRDs synthesized in the same output', () => {
    const chart = new Chart(Testing.app(), 'c');
    new ApiObject(chart, 'crd', {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'things.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { kind: 'Thing', plural: 'things' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { a: { type: 'string' } } } } } } }],
      },
    });
    new ApiObject(chart, 'thing', { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 't' }, spec: { b: 1 } } as any);
    expect(schemaErrors(Testing.synth(chart)).join()).toContain('Thing/t: /spec must NOT have additional properties: b');
  });
});
