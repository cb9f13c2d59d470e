/**
 * The compact schemas the validator reads: every version of the vendored CRDs and the Kubernetes core definitions,
 * reduced to what validation needs (no descriptions, no patch or client hints) and with repeated subtrees shared.
 * `scripts/build-validation.js` writes them to assets/validation/ with `compactSchemas()`; a CRD met in the objects
 * being validated is read at run time with `crdSchemas()`, the same way.
 */

/** One CEL rule of `x-kubernetes-validations`. @internal */
export interface CelRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  /** A JSONPath-like path below the node that the error names instead of the node (`.serverName`). */
  readonly fieldPath?: string;
  readonly reason?: string;
  readonly optionalOldSelf?: boolean;
}

/** A schema node: the OpenAPI v3 subset of structural schemas, and `$ref` to a shared node or core definition. @internal */
export interface Schema {
  readonly '$ref'?: string;
  readonly 'type'?: string;
  readonly 'format'?: string;
  readonly 'nullable'?: boolean;
  readonly 'enum'?: unknown[];
  readonly 'pattern'?: string;
  readonly 'minimum'?: number;
  readonly 'maximum'?: number;
  readonly 'exclusiveMinimum'?: boolean;
  readonly 'exclusiveMaximum'?: boolean;
  readonly 'multipleOf'?: number;
  readonly 'minLength'?: number;
  readonly 'maxLength'?: number;
  readonly 'minItems'?: number;
  readonly 'maxItems'?: number;
  readonly 'uniqueItems'?: boolean;
  readonly 'minProperties'?: number;
  readonly 'maxProperties'?: number;
  readonly 'required'?: string[];
  readonly 'properties'?: { readonly [name: string]: Schema };
  readonly 'additionalProperties'?: Schema | boolean;
  readonly 'items'?: Schema;
  readonly 'allOf'?: Schema[];
  readonly 'anyOf'?: Schema[];
  readonly 'oneOf'?: Schema[];
  readonly 'not'?: Schema;
  readonly 'default'?: unknown;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-embedded-resource'?: boolean;
  readonly 'x-kubernetes-list-type'?: string;
  readonly 'x-kubernetes-list-map-keys'?: string[];
  readonly 'x-kubernetes-validations'?: CelRule[];
}

/** Schemas by `apiVersion/Kind`, and the nodes they refer to by name. @internal */
export interface SchemaSet {
  readonly kinds: { readonly [apiVersionKind: string]: Schema };
  readonly defs: { readonly [name: string]: Schema };
}

/** Where the metadata of every object is described (the CRDs' own `metadata` schemas only say `type: object`). @internal */
export const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** Keywords whose value is kept as it is. */
const VERBATIM = new Set(['type', 'format', 'nullable', 'enum', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum',
  'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'minProperties',
  'maxProperties', 'required', 'default', 'x-kubernetes-int-or-string', 'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys']);
/** Keywords whose value is a schema or a list of schemas. */
const NESTED = new Set(['items', 'additionalProperties', 'allOf', 'anyOf', 'oneOf', 'not']);
const RULE_FIELDS = ['rule', 'message', 'messageExpression', 'fieldPath', 'reason', 'optionalOldSelf'] as const;

/** The validation keywords of a schema, recursively; a core definition's `$ref` becomes its name. */
function reduce(schema: any): Schema {
  const out: { [key: string]: any } = {};
  for (const [key, value] of Object.entries<any>(schema)) {
    if (VERBATIM.has(key)) {
      out[key] = value;
    } else if (key === '$ref') {
      out.$ref = String(value).replace('#/definitions/', '');
    } else if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries<any>(value).map(([name, child]) => [name, reduce(child)]));
    } else if (NESTED.has(key)) {
      out[key] = typeof value === 'boolean' ? value : Array.isArray(value) ? value.map(reduce) : reduce(value);
    } else if (key === 'x-kubernetes-validations') {
      out[key] = value.map((r: any) => Object.fromEntries(RULE_FIELDS.filter((f) => r[f] !== undefined).map((f) => [f, r[f]])));
    }
  }
  return out;
}

/** The `apiVersion/Kind` keys and root schemas of every version of a CustomResourceDefinition. @internal */
export function crdSchemas(crd: any): Array<[string, Schema]> {
  if (crd?.kind !== 'CustomResourceDefinition' || !crd.spec?.names?.kind) return [];
  return (crd.spec.versions ?? [])
    .filter((version: any) => version.schema?.openAPIV3Schema)
    .map((version: any) => {
      const root = reduce(version.schema.openAPIV3Schema);
      // Every object has a type and metadata, whether or not its schema lists them.
      const properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, ...root.properties, metadata: { $ref: OBJECT_META } };
      return [`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, { ...root, properties }];
    });
}

/**
 * The core definitions as structural schemas: the swagger of built-in kinds says `{type: object}` or nothing for
 * free-form values (FieldsV1, RawExtension, JSON), where a CRD would mean "no fields", and spells int-or-string and
 * quantities as `oneOf`.
 */
function coreDefinition(schema: Schema): Schema {
  const freeForm = !schema.properties && !schema.additionalProperties && (schema.type === undefined || schema.type === 'object');
  if (schema.oneOf?.length === 2 && schema.oneOf.some((s) => s.type === 'string')) {
    const { oneOf, ...rest } = schema;
    return oneOf.some((s) => s.type === 'integer') ? { ...rest, 'x-kubernetes-int-or-string': true } : { ...rest, anyOf: oneOf };
  }
  return freeForm ? { ...schema, 'x-kubernetes-preserve-unknown-fields': true } : schema;
}

/** Subtrees below this size (as JSON) stay inline: a reference would not save much. */
const SHARE_FROM_BYTES = 200;

/**
 * Compacts CRDs and core definitions into one set: repeated subtrees of the CRDs (pod templates, affinity, probes)
 * become shared nodes named `~N`.
 * @internal
 */
export function compactSchemas(crds: any[], definitions: { [name: string]: any }): SchemaSet {
  const defs: { [name: string]: Schema } = {};
  const kinds: { [key: string]: Schema } = {};
  for (const [name, definition] of Object.entries(definitions)) {
    defs[name] = coreDefinition(reduce(definition));
    for (const gvk of definition['x-kubernetes-group-version-kind'] ?? []) {
      kinds[`${gvk.group ? `${gvk.group}/` : ''}${gvk.version}/${gvk.kind}`] = { $ref: name };
    }
  }
  const shared = new Map<string, string>();
  const share = (schema: Schema): Schema => {
    const out: { [key: string]: any } = {};
    for (const [key, value] of Object.entries<any>(schema)) {
      if (key === 'properties') out.properties = Object.fromEntries(Object.entries<Schema>(value).map(([n, c]) => [n, share(c)]));
      else if (NESTED.has(key) && typeof value === 'object') out[key] = Array.isArray(value) ? value.map(share) : share(value);
      else out[key] = value;
    }
    const text = JSON.stringify(out);
    if (text.length < SHARE_FROM_BYTES) return out;
    let name = shared.get(text);
    if (!name) {
      name = `~${shared.size}`;
      shared.set(text, name);
      defs[name] = out;
    }
    return { $ref: name };
  };
  for (const crd of crds) {
    for (const [key, schema] of crdSchemas(crd)) {
      // The root stays inline: it is read by kind, and rules at the root see `apiVersion`, `kind` and `metadata`.
      const root = share(schema);
      kinds[key] = root.$ref ? defs[root.$ref] : root;
    }
  }
  return { kinds, defs };
}
