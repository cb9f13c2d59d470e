import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { CelValidator } from './cel';
import { crdSchemas, Schema, SchemaSet } from './schema';
import { Problem, SchemaNodes, StructuralValidator, withDefaults } from './structural';

/** Written by scripts/build-validation.js from imports/ (the vendored CRDs and the Kubernetes 1.28 definitions). */
const SCHEMAS = path.join(__dirname, '..', '..', 'assets', 'validation', 'schemas.json.gz');

let bundled: SchemaSet | undefined;

function bundledSchemas(): SchemaSet {
  bundled ??= JSON.parse(zlib.gunzipSync(fs.readFileSync(SCHEMAS)).toString('utf8')) as SchemaSet;
  return bundled;
}

/** `Kind/namespace/name` (or `Kind/name`) of a manifest. @internal */
export function objectId(obj: any): string {
  const meta = obj?.metadata ?? {};
  return [obj?.kind ?? '(no kind)', ...(meta.namespace ? [meta.namespace] : []), meta.name ?? meta.generateName ?? '(no name)'].join('/');
}

/**
 * Checks manifests as the API server would: each against the schema of its kind (every version of the vendored
 * CRDs, the Kubernetes 1.28 core kinds, or a CustomResourceDefinition among the checked objects), with unknown
 * fields reported and the CRDs' CEL rules evaluated on the object with its schema defaults applied.
 * @internal
 */
export class ManifestValidator {
  private readonly kinds = new Map<string, Schema>();
  private readonly nodes: SchemaNodes;
  private readonly structural: StructuralValidator;
  private readonly cel: CelValidator;

  constructor(schemas: SchemaSet = bundledSchemas()) {
    for (const [key, schema] of Object.entries(schemas.kinds)) this.kinds.set(key, schema);
    this.nodes = new SchemaNodes(schemas.defs);
    this.structural = new StructuralValidator(this.nodes);
    this.cel = new CelValidator(this.nodes);
  }

  /** Learns the kinds that the CustomResourceDefinitions among `objects` define. */
  public learn(objects: any[]): void {
    for (const obj of objects) for (const [key, schema] of crdSchemas(obj)) this.kinds.set(key, schema);
  }

  /** The schema of an object's kind, or undefined when none is known. */
  public schemaOf(obj: any): Schema | undefined {
    return this.kinds.get(`${obj?.apiVersion}/${obj?.kind}`);
  }

  /** Why the API server would refuse (or alter) `obj`; empty when it is valid. */
  public validate(obj: any): Problem[] {
    const schema = this.schemaOf(obj);
    if (!schema) return [{ path: '', message: `no schema is known for apiVersion ${JSON.stringify(obj?.apiVersion)}, kind ${JSON.stringify(obj?.kind)}` }];
    return [...this.structural.validate(obj, schema), ...this.cel.validate(withDefaults(obj, schema, this.nodes), undefined, schema)];
  }

  /** The transition rules (`oldSelf`) that refuse changing `old` into `obj` (the same kind and name). */
  public transitionProblems(old: any, obj: any): Problem[] {
    const schema = this.schemaOf(obj);
    if (!schema || this.schemaOf(old) !== schema) return [];
    return this.cel.validate(withDefaults(obj, schema, this.nodes), withDefaults(old, schema, this.nodes), schema, true);
  }
}
