/**
 * The one schema check every test uses: a thin wrapper around the package's testing entry point
 * (`ManifestTesting`, src/manifest-validation.ts), which validates each synthesized object against the upstream
 * schema of its kind (vendored CRDs under imports/, the Kubernetes 1.28 schema for core kinds, or a CRD synthesized in
 * the same output), with unknown fields rejected and every CEL rule of the CRDs evaluated.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { ManifestTesting, ManifestValidation } from '../../src';
import { CelRule, crdSchemas, Schema } from '../../src/validation/schema';
import { ManifestValidator } from '../../src/validation/validator';

// Tests read the production-readiness report directly; keep synthesis from printing it.
process.env.CDK8S_DBAAS_SILENCE_READINESS = '1';

let shared: ManifestValidator | undefined;

/** The validator itself, for tests of its CEL and transition rules. */
export function validator(): ManifestValidator {
  shared ??= new ManifestValidator();
  return shared;
}

/** Schema and CEL errors of the given objects ("Kind namespace/name: field: message"); empty when every object is valid. */
export function schemaErrors(objects: any[]): string[] {
  return ManifestValidation.validateObjects(objects).problemLines();
}

/** Throws unless every object is valid against its upstream schema and CEL rules. Returns the objects. */
export function expectValid(objects: any[]): any[] {
  return ManifestTesting.expectValid(objects);
}

/** Synthesizes a chart (or every chart of an app) and validates every object. */
export function synthValid(scope: Chart | App): any[] {
  return ManifestTesting.synthValid(scope);
}

/** The objects of one kind (and name, if given). */
export function ofKind(objects: any[], kind: string, name?: string): any[] {
  return ManifestTesting.ofKind(objects, kind, name);
}

/** The single object of a kind (and name); throws unless there is exactly one. */
export function only(objects: any[], kind: string, name?: string): any {
  return ManifestTesting.only(objects, kind, name);
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
