import { ApiObject, Chart, Testing } from 'cdk8s';
import { schemaErrors, validator, vendoredRules } from './support/schema';
import { compileRule } from '../src/validation/cel';
import { ManifestValidator } from '../src/validation/validator';

/** The helper itself: it must reject what the API server would reject, or it proves nothing. */
describe('schema helper', () => {
  const pxc = (spec: any) => ({ apiVersion: 'pxc.percona.com/v1', kind: 'PerconaXtraDBCluster', metadata: { name: 'x' }, spec });

  test('accepts a valid object', () => {
    expect(schemaErrors([pxc({ pxc: { size: 3 } })])).toEqual([]);
  });

  test('rejects unknown fields in CRD kinds, metadata and core kinds', () => {
    expect(schemaErrors([pxc({ pxc: { sise: 3 } })])).toEqual(['PerconaXtraDBCluster x: spec.pxc.sise: unknown field: the schema does not have it, so the API server drops it']);
    expect(schemaErrors([{ ...pxc({}), metadata: { name: 'x', lables: {} } }]).join()).toContain('metadata.lables: unknown field');
    const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'p' }, spec: { maxUnavailabel: 1 } };
    expect(schemaErrors([pdb]).join()).toContain('spec.maxUnavailabel: unknown field');
  });

  test('rejects wrong types, values out of range and unknown kinds', () => {
    expect(schemaErrors([pxc({ pxc: { size: 'three' } })])).toEqual(['PerconaXtraDBCluster x: spec.pxc.size: must be an integer (got "three")']);
    expect(schemaErrors([pxc({ pxc: { size: 2 ** 31 } })]).join()).toContain('spec.pxc.size: must be in format int32');
    expect(schemaErrors([{ apiVersion: 'example.com/v1', kind: 'Nope', metadata: { name: 'n' } }]).join()).toContain('no schema');
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 'http' }, { port: 81, targetPort: 8081 }] } };
    expect(schemaErrors([service])).toEqual([]);
    expect(schemaErrors([{ ...service, spec: { ports: [{ port: 80, targetPort: true }] } }]).join()).toContain('spec.ports[0].targetPort: must be an integer or a string');
  });

  test('rejects duplicate keys of a map list and duplicate items of a set, which the API server refuses', () => {
    const service = (ports: number[]) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: ports.map((port) => ({ port })) } });
    expect(schemaErrors([service([80, 81])])).toEqual([]);
    expect(schemaErrors([service([80, 80])])).toEqual(['Service s: spec.ports[1]: duplicate of item 0 (same port, protocol)']);
    const monitor = (scrapeProtocols: string[]) => ({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'm' },
      spec: { selector: {}, endpoints: [], scrapeProtocols },
    });
    expect(schemaErrors([monitor(['PrometheusProto', 'PrometheusProto'])])).toEqual(['ServiceMonitor m: spec.scrapeProtocols[1]: duplicate of item 0']);
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
    expect(schemaErrors(Testing.synth(chart))).toEqual(['Thing t: spec.b: unknown field: the schema does not have it, so the API server drops it']);
  });
});

describe('CEL rules of the vendored CRDs', () => {
  const rules = vendoredRules();

  test('every rule compiles with the Kubernetes CEL environment (a rule that does not is a failure, not a skip)', () => {
    expect(rules.length).toBeGreaterThanOrEqual(35);
    expect(rules.filter((r) => compileRule(r).error).map((r) => `${r.kind} ${r.at}: ${compileRule(r).error}`)).toEqual([]);
  });

  test('transition rules are the ones that name oldSelf', () => {
    const transitions = rules.filter((r) => compileRule(r).usesOldSelf).map((r) => `${r.kind} ${r.at}`);
    expect(transitions).toEqual(expect.arrayContaining([
      'postgresql.cnpg.io/v1/Cluster spec.serviceAccountName',
      'everest.percona.com/v1alpha1/DatabaseCluster ',
      'everest.percona.com/v1alpha1/DatabaseCluster spec.engine.type',
    ]));
    expect(rules.filter((r) => r.rule.includes('oldSelf')).length).toBe(transitions.length);
  });

  test('no rule indexes a list (set and map lists are presented in a canonical order)', () => {
    const indexes = (node: any): boolean => Array.isArray(node) ? node.some(indexes)
      : node !== null && typeof node === 'object' && (node.op === '[]' || node.op === '[?]' || indexes(node.args));
    expect(rules.filter((r) => indexes((compileRule(r).program as any).ast)).map((r) => r.rule)).toEqual([]);
  });
});

describe('CEL evaluation with Kubernetes semantics', () => {
  const v = validator();
  const cnpg = (spec: any) => ({ apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: 'c' }, spec: { instances: 1, storage: { size: '1Gi' }, ...spec } });

  test('a rule applies where it is declared, with its message, and only where its node is present', () => {
    expect(v.validate(cnpg({}))).toEqual([]);
    expect(v.validate(cnpg({ postgresql: { synchronous: { method: 'any', number: 0 } } }))).toEqual([{
      path: 'spec.postgresql.synchronous.number',
      message: 'The number of synchronous replicas should be greater than zero (rule: self > 0)',
      rule: 'self > 0',
    }]);
  });

  test('has() tests presence, and schema defaults are applied before the rules run', () => {
    // localeProvider has no default: icuLocale without localeProvider: icu is refused.
    expect(v.validate(cnpg({ bootstrap: { initdb: { icuLocale: 'en' } } })).map((p) => p.path)).toEqual(['spec.bootstrap.initdb']);
    expect(v.validate(cnpg({ bootstrap: { initdb: { icuLocale: 'en', localeProvider: 'icu' } } }))).toEqual([]);
  });

  test('integers are CEL ints, and list macros and string functions work', () => {
    const pg = (postgresVersion: number) => ({
      apiVersion: 'pgv2.percona.com/v2',
      kind: 'PerconaPGCluster',
      metadata: { name: 'p' },
      spec: {
        postgresVersion,
        users: [{ name: 'u', grantPublicSchemaAccess: true }],
        instances: [{ dataVolumeClaimSpec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
        backups: { enabled: false },
      },
    });
    expect(v.validate(pg(15))).toEqual([]);
    expect(v.validate(pg(14)).map((p) => p.message)).toEqual([expect.stringContaining('PostgresVersion must be >= 15')]);
  });

  test('fieldPath and reason: the error names the field below the node', () => {
    const store = (configuration: any) => ({ apiVersion: 'barmancloud.cnpg.io/v1', kind: 'ObjectStore', metadata: { name: 'o' }, spec: { configuration } });
    expect(v.validate(store({ destinationPath: 's3://b/p', serverName: 'x' })).map((p) => p.path)).toEqual(['spec.configuration.serverName']);
  });

  test('optional field selection (`self.?status`) and the regex and URL functions', () => {
    const everest = (spec: any) => ({ apiVersion: 'everest.percona.com/v1alpha1', kind: 'DatabaseCluster', metadata: { name: 'e' }, spec: { engine: { type: 'pxc', storage: { size: '1Gi' } }, ...spec } });
    const dataImport = (source: any) => ({ dataSource: { dataImport: { dataImporterName: 'i', source } } });
    expect(v.validate(everest(dataImport({ path: '/dumps/a', s3: { bucket: 'b', region: 'r', endpointURL: 'https://s3.example.com', credentialsSecretName: 's' } })))).toEqual([]);
    expect(v.validate(everest(dataImport({ path: 'dumps//a' }))).map((p) => p.path)).toEqual(['spec.dataSource.dataImport.source.path']);
    expect(v.validate(everest(dataImport({ path: '/a', s3: { bucket: 'b', region: 'r', endpointURL: 'not a url', credentialsSecretName: 's' } }))).map((p) => p.path))
      .toEqual(['spec.dataSource.dataImport.source.s3.endpointURL']);
  });

  test('transition rules run on updates only, with oldSelf the old value of the same node', () => {
    const old = cnpg({ serviceAccountName: 'a' });
    expect(v.validate(cnpg({ serviceAccountName: 'b' }))).toEqual([]);
    expect(v.transitionProblems(old, old)).toEqual([]);
    expect(v.transitionProblems(old, cnpg({ serviceAccountName: 'b' }))).toEqual([{ path: 'spec.serviceAccountName', message: 'serviceAccountName is immutable (rule: self == oldSelf)', rule: 'self == oldSelf' }]);
    // Set on an update where it had no old value: the rule does not run.
    expect(v.transitionProblems(cnpg({}), cnpg({ serviceAccountName: 'b' }))).toEqual([]);
  });

  test('transition rules correlate the items of a map list by key; equality ignores the order of set and map lists', () => {
    const schema = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            items: {
              'type': 'array',
              'x-kubernetes-list-type': 'map',
              'x-kubernetes-list-map-keys': ['name'],
              'items': {
                type: 'object',
                properties: { name: { type: 'string' }, size: { 'type': 'integer', 'x-kubernetes-validations': [{ rule: 'self >= oldSelf', message: 'cannot shrink' }] } },
              },
            },
            tags: { 'type': 'array', 'x-kubernetes-list-type': 'set', 'items': { type: 'string' }, 'x-kubernetes-validations': [{ rule: 'self == oldSelf' }] },
            note: { 'type': 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf.orValue(self)', optionalOldSelf: true, messageExpression: '"note " + self + " is final"' }] },
          },
        },
      },
    };
    const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', spec: { group: 'example.com', names: { kind: 'Box' }, versions: [{ name: 'v1', schema: { openAPIV3Schema: schema } }] } };
    const box = (spec: any) => ({ apiVersion: 'example.com/v1', kind: 'Box', metadata: { name: 'b' }, spec });
    const local = new ManifestValidator();
    local.learn([crd]);
    const before = box({ items: [{ name: 'a', size: 2 }, { name: 'b', size: 5 }], tags: ['x', 'y'], note: 'n' });
    expect(local.transitionProblems(before, box({ items: [{ name: 'b', size: 5 }, { name: 'a', size: 3 }], tags: ['y', 'x'], note: 'n' }))).toEqual([]);
    expect(local.transitionProblems(before, box({ items: [{ name: 'b', size: 4 }, { name: 'a', size: 2 }], tags: ['x'], note: 'm' }))).toEqual([
      { path: 'spec.items[0].size', message: 'cannot shrink (rule: self >= oldSelf)', rule: 'self >= oldSelf' },
      { path: 'spec.tags', message: 'failed rule: self == oldSelf', rule: 'self == oldSelf' },
      { path: 'spec.note', message: 'note m is final (rule: self == oldSelf.orValue(self))', rule: 'self == oldSelf.orValue(self)' },
    ]);
  });

  test('a rule that cannot be compiled or fails at run time is reported, never skipped', () => {
    const crd = (rule: string) => ({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      spec: { group: 'example.com', names: { kind: 'Odd' }, versions: [{ name: 'v1', schema: { openAPIV3Schema: { 'type': 'object', 'properties': { spec: { type: 'object', properties: { a: { type: 'string' } } } }, 'x-kubernetes-validations': [{ rule }] } } }] },
    });
    const odd = { apiVersion: 'example.com/v1', kind: 'Odd', metadata: { name: 'o' }, spec: {} };
    const local = new ManifestValidator();
    local.learn([crd('quantity(self.spec.a).isLessThan(quantity("1"))')]);
    expect(local.validate(odd)).toEqual([expect.objectContaining({ path: '', message: expect.stringContaining('cannot compile CEL rule') })]);
    local.learn([crd('self.spec.a == "x"')]);
    expect(local.validate(odd)).toEqual([expect.objectContaining({ path: '', message: expect.stringMatching(/no such key.*evaluating rule: self.spec.a == "x"/i) })]);
  });
});
