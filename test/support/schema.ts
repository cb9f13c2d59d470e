/**
 * The one schema check every test uses: each synthesized object is validated against the upstream schema of its
 * kind (vendored CRDs under imports/, the Kubernetes 1.28 schema for core kinds, or a CRD synthesized in the same
 * output), with unknown fields rejected. CEL rules are not covered here: see the CEL tests.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { App, Chart, Testing } from 'cdk8s';
import * as YAML from 'yaml';

// Tests read the production-readiness report directly; keep synthesis from printing it.
process.env.CDK8S_DBAAS_SILENCE_READINESS = '1';

const IMPORTS = path.join(__dirname, '..', '..', 'imports');
const K8S_ID = 'k8s.json';
const OBJECT_META = `${K8S_ID}#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`;

type Schema = { [key: string]: any };

/** Adds `additionalProperties: false` wherever a schema lists its properties and allows no unknown fields. */
function closeObjects(schema: any): any {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) {
    // `properties` and `definitions` are maps of names to schemas: recurse into their values, not the map itself.
    out[k] = (k === 'properties' || k === 'definitions' || k === 'patternProperties')
      ? Object.fromEntries(Object.entries(v as Schema).map(([name, s]) => [name, closeObjects(s)]))
      : closeObjects(v);
  }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

/** CRD patterns are Go (RE2) regular expressions: a leading inline flag group such as `(?i)` becomes a JavaScript flag. */
function goRegExp(pattern: string, flags: string): RegExp {
  const inline = /^(\^?)\(\?([ims]+)\)/.exec(pattern);
  return inline ? new RegExp(inline[1] + pattern.slice(inline[0].length), flags + inline[2]) : new RegExp(pattern, flags);
}
goRegExp.code = 'goRegExp';

function collectFormats(schema: any, into: Set<string>): void {
  if (schema === null || typeof schema !== 'object') return;
  if (typeof schema.format === 'string') into.add(schema.format);
  for (const v of Object.values(schema)) collectFormats(v, into);
}

class SchemaRegistry {
  private readonly ajv: Ajv;
  private readonly sources = new Map<string, () => Schema>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    this.ajv = new Ajv({
      strict: true,
      strictTypes: false,
      strictTuples: false,
      allErrors: true,
      allowUnionTypes: true,
      validateSchema: false,
      code: { regExp: goRegExp },
    });
    addFormats(this.ajv);
    this.ajv.addVocabulary(['x-kubernetes-group-version-kind', 'x-kubernetes-int-or-string', 'x-kubernetes-preserve-unknown-fields',
      'x-kubernetes-embedded-resource', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type',
      'x-kubernetes-patch-strategy', 'x-kubernetes-patch-merge-key', 'x-kubernetes-validations', 'x-kubernetes-unions']);
    const k8s = JSON.parse(fs.readFileSync(path.join(IMPORTS, 'kubernetes-v1.28.0', '_definitions.json'), 'utf8'));
    this.addUnknownFormats(k8s);
    this.ajv.addSchema({ $id: K8S_ID, definitions: closeObjects(k8s).definitions });
    for (const [name, def] of Object.entries<any>(k8s.definitions)) {
      for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
        const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
        this.sources.set(`${apiVersion}/${gvk.kind}`, () => ({ $ref: `${K8S_ID}#/definitions/${name}` }));
      }
    }
    for (const file of walk(IMPORTS).filter((f) => f.endsWith('.yaml'))) {
      for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))) this.addCrd(doc.toJS());
    }
  }

  /** Registers every version of a CustomResourceDefinition (vendored, or synthesized by the app). */
  addCrd(crd: any): void {
    if (!crd || crd.kind !== 'CustomResourceDefinition') return;
    for (const version of crd.spec.versions ?? []) {
      const key = `${crd.spec.group}/${version.name}/${crd.spec.names.kind}`;
      this.compiled.delete(key);
      this.sources.set(key, () => {
        const schema = closeObjects(version.schema.openAPIV3Schema);
        schema.properties = { ...schema.properties, metadata: { $ref: OBJECT_META } };
        this.addUnknownFormats(schema);
        return schema;
      });
    }
  }

  validate(obj: any): string[] {
    const key = `${obj.apiVersion}/${obj.kind}`;
    let fn = this.compiled.get(key);
    if (!fn) {
      const source = this.sources.get(key);
      if (!source) return [`no schema is known for ${key}`];
      fn = this.ajv.compile(source());
      this.compiled.set(key, fn);
    }
    if (fn(obj)) return [];
    return (fn.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? `: ${(e.params as any).additionalProperty}` : ''}`);
  }

  private addUnknownFormats(schema: any): void {
    const formats = new Set<string>();
    collectFormats(schema, formats);
    for (const f of formats) if (!this.ajv.formats[f]) this.ajv.addFormat(f, true);
  }
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
}

let registry: SchemaRegistry | undefined;
function schemas(): SchemaRegistry {
  registry ??= new SchemaRegistry();
  return registry;
}

/** Schema errors of the given objects ("Kind/name: /path message"); empty when every object is valid. */
export function schemaErrors(objects: any[]): string[] {
  const reg = schemas();
  objects.forEach((o) => reg.addCrd(o));
  return objects.flatMap((o) => reg.validate(o).map((e) => `${o.kind}/${o.metadata?.name}: ${e}`));
}

/** Throws unless every object is valid against its upstream schema. Returns the objects. */
export function expectValid(objects: any[]): any[] {
  const errors = schemaErrors(objects);
  if (errors.length > 0) throw new Error(`synthesized objects fail their schemas:\n  ${errors.join('\n  ')}`);
  return objects;
}

/** Synthesizes a chart (or every chart of an app) and validates every object. */
export function synthValid(scope: Chart | App): any[] {
  const charts = scope instanceof App ? scope.charts : [scope];
  return expectValid(charts.flatMap((c) => Testing.synth(c)));
}

/** The objects of one kind (and name, if given). */
export function ofKind(objects: any[], kind: string, name?: string): any[] {
  return objects.filter((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
}

/** The single object of a kind (and name); throws unless there is exactly one. */
export function only(objects: any[], kind: string, name?: string): any {
  const found = ofKind(objects, kind, name);
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? `/${name}` : ''}, found ${found.length}`);
  return found[0];
}
