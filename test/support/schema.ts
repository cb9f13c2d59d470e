/**
 * The one schema check every test uses: each synthesized object is validated by the package's manifest validator
 * (src/validation/) against the upstream schema of its kind (vendored CRDs under imports/, the Kubernetes 1.28 schema
 * for core kinds, or a CRD synthesized in the same output), with unknown fields rejected and every CEL rule of the
 * CRDs evaluated.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Chart, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { CelRule, crdSchemas, Schema } from '../../src/validation/schema';
import { ManifestValidator, objectId } from '../../src/validation/validator';

// Tests read the production-readiness report directly; keep synthesis from printing it.
process.env.CDK8S_DBAAS_SILENCE_READINESS = '1';

let shared: ManifestValidator | undefined;

/** The validator that every test shares, knowing the CRDs that tests have synthesized so far. */
export function validator(): ManifestValidator {
  shared ??= new ManifestValidator();
  return shared;
}

/** Schema and CEL errors of the given objects ("Kind/name: path message"); empty when every object is valid. */
export function schemaErrors(objects: any[]): string[] {
  const v = validator();
  v.learn(objects);
  return objects.flatMap((o) => v.validate(o).map((p) => `${objectId(o)}: ${p.path || '(object)'}: ${p.message}`));
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

/** A CEL rule of a vendored CRD, with its kind (`apiVersion/Kind`) and the path of the node that declares it. */
export interface VendoredRule extends CelRule {
  readonly kind: string;
  /** `spec.backup.schedule[]`; empty at the root. */
  readonly at: string;
}

/** Every CEL rule of every version of the vendored CRDs (imports/). */
export function vendoredRules(): VendoredRule[] {
  const imports = path.join(__dirname, '..', '..', 'imports');
  const found: VendoredRule[] = [];
  const visit = (schema: Schema | undefined, kind: string, at: string): void => {
    if (!schema) return;
    for (const rule of schema['x-kubernetes-validations'] ?? []) found.push({ ...rule, kind, at });
    for (const [name, child] of Object.entries(schema.properties ?? {})) visit(child, kind, at ? `${at}.${name}` : name);
    visit(schema.items, kind, `${at}[]`);
    if (typeof schema.additionalProperties === 'object') visit(schema.additionalProperties, kind, `${at}[*]`);
  };
  for (const file of fs.readdirSync(imports, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'))) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(imports, file), 'utf8'))) {
      for (const [kind, schema] of crdSchemas(doc.toJS())) visit(schema, kind, '');
    }
  }
  return found;
}
