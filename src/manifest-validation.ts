import { App, Chart, Testing } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ManifestInputError, readLocatedManifests } from './diff/manifests';
import type * as Validator from './validation/validator';

/** One reason the API server (or a CRD's CEL rule) refuses an object. */
export interface ManifestProblem {
  /** The field, as the API server names it (`spec.backup.schedule[0].name`); empty for the whole object. */
  readonly path: string;
  /** What is wrong, e.g. `must be an integer (got "three")` or `unknown field: ...`. */
  readonly message: string;
  /**
   * The CEL rule (`x-kubernetes-validations`) that refuses the object.
   * @default - a problem with the schema, not a CEL rule
   */
  readonly rule?: string;
}

/** The checks of one object. */
export interface ObjectValidation {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** @default - cluster-scoped, or the namespace is left to `kubectl apply` */
  readonly namespace?: string;
  /**
   * Where the object was read, `file:line` of its YAML document.
   * @default - the object was given, not read
   */
  readonly source?: string;
  /** Empty when the object is valid. */
  readonly problems: ManifestProblem[];
}

/** The result of validating a set of manifests. */
export class ValidationReport {
  /** Every object, in the order read. */
  public readonly objects: ObjectValidation[];

  constructor(objects: ObjectValidation[]) {
    this.objects = objects;
  }

  /** True when every object is valid. */
  public get valid(): boolean {
    return this.invalidObjects.length === 0;
  }

  /** The objects with problems. */
  public get invalidObjects(): ObjectValidation[] {
    return this.objects.filter((o) => o.problems.length > 0);
  }

  /** One line per problem: `source Kind namespace/name: field: message`. */
  public problemLines(): string[] {
    return this.invalidObjects.flatMap((o) => o.problems.map((p) => `${describeObject(o)}: ${p.path || '(object)'}: ${p.message}`));
  }
}

/** `dist/a.k8s.yaml:12 Kind namespace/name`, for reports. @internal */
export function describeObject(o: ObjectValidation): string {
  return `${o.source ? `${o.source} ` : ''}${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

function check(located: ReadonlyArray<{ readonly object: any; readonly source?: string }>): ValidationReport {
  // Loaded on first use: the schemas and the CEL evaluator are for validating, not for synthesizing.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const validator = new (require('./validation/validator') as typeof Validator).ManifestValidator();
  validator.learn(located.map((l) => l.object));
  return new ValidationReport(located.map(({ object, source }) => ({
    apiVersion: String(object?.apiVersion),
    kind: String(object?.kind),
    name: String(object?.metadata?.name ?? object?.metadata?.generateName),
    namespace: object?.metadata?.namespace,
    source,
    problems: validator.validate(object),
  })));
}

/**
 * Checks manifests as the Kubernetes API server would, before they reach it: each object against the schema of its
 * kind (the vendored operator CRDs, every served version, and the Kubernetes 1.28 core kinds, or a
 * CustomResourceDefinition among the objects), with unknown fields refused (the API server would drop them) and
 * every CEL rule of the CRDs (`x-kubernetes-validations`) evaluated. `cdk8s-dbaas validate` runs the same checks.
 */
export class ManifestValidation {
  /** Validates objects, e.g. `Testing.synth(chart)` or hand-written manifests. */
  public static validateObjects(objects: any[]): ValidationReport {
    return check(objects.map((object) => ({ object })));
  }

  /**
   * Validates the manifests of directories (every `*.yaml`, `*.yml` and `*.json` below them) or files.
   *
   * Throws when a location cannot be read or holds something other than Kubernetes objects (see `isInputError`).
   */
  public static validateLocations(locations: string[]): ValidationReport {
    return check(locations.flatMap(readLocatedManifests));
  }

  /** True for the error that `validateLocations` throws on input that is not Kubernetes manifests. */
  public static isInputError(x: any): boolean {
    return x instanceof ManifestInputError;
  }

  private constructor() {}
}

/**
 * The testing entry point for blueprint and chart authors: synthesize and prove every object valid (the checks of
 * `ManifestValidation`), then assert on the objects. Works from Jest in any package that depends on cdk8s-dbaas.
 *
 * ```ts
 * const objects = ManifestTesting.synthValid(chart);
 * expect(ManifestTesting.only(objects, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
 * ```
 */
export class ManifestTesting {
  /**
   * Synthesizes a chart, or every chart of an app, and returns its objects; throws an error listing every problem
   * unless every object is valid.
   */
  public static synthValid(scope: IConstruct): any[] {
    const charts = scope instanceof App ? scope.charts : scope instanceof Chart ? [scope] : undefined;
    if (!charts) throw new Error(`${scope.node.path || 'the scope'} is neither a Chart nor an App`);
    return ManifestTesting.expectValid(charts.flatMap((c) => Testing.synth(c)));
  }

  /** Returns `objects` unless one is invalid; then throws an error listing every problem. */
  public static expectValid(objects: any[]): any[] {
    const report = ManifestValidation.validateObjects(objects);
    if (!report.valid) throw new Error(`synthesized objects fail their schemas:\n  ${report.problemLines().join('\n  ')}`);
    return objects;
  }

  /** The objects of a kind (and name, if given). */
  public static ofKind(objects: any[], kind: string, name?: string): any[] {
    return objects.filter((o) => o?.kind === kind && (name === undefined || o.metadata?.name === name));
  }

  /** The one object of a kind (and name); throws unless there is exactly one. */
  public static only(objects: any[], kind: string, name?: string): any {
    const found = ManifestTesting.ofKind(objects, kind, name);
    if (found.length !== 1) throw new Error(`expected one ${kind}${name ? `/${name}` : ''}, found ${found.length}`);
    return found[0];
  }

  private constructor() {}
}
