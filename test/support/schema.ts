/**
 * The one schema check every test uses: each synthesized object is validated by the package's manifest validator
 * (src/validation/) against the upstream schema of its kind (vendored CRDs under imports/, the Kubernetes 1.28 schema
 * for core kinds, or a CRD synthesized in the same output), with unknown fields rejected and every CEL rule of the
 * CRDs evaluated.
 */
import { App, Chart, Testing } from 'cdk8s';
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
