import { Schema } from './schema';

/** One reason an object would be refused or altered by the API server, at a field path (`spec.backup.schedule[0]`). @internal */
export interface Problem {
  readonly path: string;
  readonly message: string;
  /** The CEL rule that refuses the object, for a problem found by one. */
  readonly rule?: string;
}

/** Follows `$ref`s to shared nodes and core definitions. @internal */
export class SchemaNodes {
  constructor(private readonly defs: { readonly [name: string]: Schema }) {}

  public resolve(schema: Schema): Schema {
    let node = schema;
    while (node.$ref !== undefined) {
      const target = this.defs[node.$ref];
      if (!target) throw new Error(`schema reference ${node.$ref} is not defined`);
      node = target;
    }
    return node;
  }
}

/** A child's field path: `.name` for a field, `[i]` for a list item or a map key. @internal */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
}

const REGEXPS = new Map<string, RegExp>();
/** CRD patterns are Go (RE2) regular expressions: a leading inline flag group such as `(?i)` becomes a JavaScript flag. @internal */
export function goRegExp(pattern: string): RegExp {
  let re = REGEXPS.get(pattern);
  if (!re) {
    const inline = /^(\^?)\(\?([ims]+)\)/.exec(pattern);
    re = inline ? new RegExp(inline[1] + pattern.slice(inline[0].length), inline[2]) : new RegExp(pattern);
    REGEXPS.set(pattern, re);
  }
  return re;
}

const INT32 = 2 ** 31;
/** The formats the API server checks (`k8s.io/kube-openapi/pkg/validation/strfmt`), and int32/int64 ranges, which decoding into Go types enforces. */
const FORMATS: { readonly [format: string]: (value: unknown) => boolean } = {
  'int32': (v) => typeof v !== 'number' || (v >= -INT32 && v < INT32),
  'int64': (v) => typeof v !== 'number' || Number.isSafeInteger(v) || !Number.isInteger(v),
  'date-time': (v) => typeof v !== 'string' || /^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)$/.test(v),
  'date': (v) => typeof v !== 'string' || /^\d{4}-\d\d-\d\d$/.test(v),
  'byte': (v) => typeof v !== 'string' || /^[A-Za-z0-9+/]*={0,2}$/.test(v) && v.length % 4 === 0,
};

/** The JSON type of a value, as schemas name them. */
function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** Structural equality of JSON values, for `enum`, `uniqueItems` and list sets. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => k in b && sameJson((a as any)[k], (b as any)[k]));
}

/** The fields of an embedded resource that the API server knows without its schema listing them. */
const EMBEDDED_FIELDS = ['apiVersion', 'kind', 'metadata'];

/**
 * Validates a value against its structural schema the way the API server does for a custom resource
 * (`k8s.io/apiextensions-apiserver/pkg/apiserver/validation`), with one difference on purpose: a field that the
 * schema does not know is reported, where the API server would silently drop it (pruning).
 * @internal
 */
export class StructuralValidator {
  constructor(private readonly nodes: SchemaNodes) {}

  public validate(value: unknown, schema: Schema, path = ''): Problem[] {
    const problems: Problem[] = [];
    this.check(value, schema, path, true, problems);
    return problems;
  }

  /** `known`: unknown fields are reported (false inside anyOf/allOf/oneOf/not, which only add value checks). */
  private check(value: unknown, ref: Schema, path: string, known: boolean, problems: Problem[]): void {
    const schema = this.nodes.resolve(ref);
    const fail = (message: string, at = path) => {
      problems.push({ path: at, message });
    };
    if (value === null) {
      if (!schema.nullable && schema.type !== undefined) fail(`must be ${schema.type}, not null`);
      return;
    }
    const actual = typeOf(value);
    if (schema['x-kubernetes-int-or-string']) {
      if (actual !== 'integer' && actual !== 'string') return fail(`must be an integer or a string (got ${describe(value)})`);
    } else if (schema.type && schema.type !== actual && !(schema.type === 'number' && actual === 'integer')) {
      return fail(`must be ${schema.type === 'integer' || schema.type === 'array' || schema.type === 'object' ? `an ${schema.type}` : `a ${schema.type}`} (got ${describe(value)})`);
    }
    if (schema.enum && !schema.enum.some((e) => sameJson(e, value))) {
      fail(`must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')} (got ${describe(value)})`);
    }
    if (schema.format && FORMATS[schema.format] && !FORMATS[schema.format](value)) fail(`must be in format ${schema.format} (got ${describe(value)})`);
    if (typeof value === 'string') this.checkString(value, schema, fail);
    else if (typeof value === 'number') this.checkNumber(value, schema, fail);
    else if (Array.isArray(value)) this.checkArray(value, schema, path, known, problems);
    else if (typeof value === 'object') this.checkObject(value as Record<string, unknown>, schema, path, known, problems);
    this.checkJunctors(value, schema, path, problems);
  }

  private checkString(value: string, schema: Schema, fail: (message: string) => void): void {
    // The API server counts characters (runes), not UTF-16 units.
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) fail(`must be at least ${schema.minLength} characters long (got ${describe(value)})`);
    if (schema.maxLength !== undefined && length > schema.maxLength) fail(`must be at most ${schema.maxLength} characters long (got ${describe(value)})`);
    if (schema.pattern !== undefined && !goRegExp(schema.pattern).test(value)) fail(`must match ${schema.pattern} (got ${describe(value)})`);
  }

  private checkNumber(value: number, schema: Schema, fail: (message: string) => void): void {
    if (schema.minimum !== undefined && (schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum)) {
      fail(`must be ${schema.exclusiveMinimum ? 'greater than' : 'at least'} ${schema.minimum} (got ${value})`);
    }
    if (schema.maximum !== undefined && (schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum)) {
      fail(`must be ${schema.exclusiveMaximum ? 'less than' : 'at most'} ${schema.maximum} (got ${value})`);
    }
    if (schema.multipleOf !== undefined && !Number.isInteger(value / schema.multipleOf)) fail(`must be a multiple of ${schema.multipleOf} (got ${value})`);
  }

  private checkArray(value: unknown[], schema: Schema, path: string, known: boolean, problems: Problem[]): void {
    const fail = (message: string, at = path) => problems.push({ path: at, message });
    if (schema.minItems !== undefined && value.length < schema.minItems) fail(`must have at least ${schema.minItems} item(s) (got ${value.length})`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) fail(`must have at most ${schema.maxItems} item(s) (got ${value.length})`);
    const listType = schema['x-kubernetes-list-type'];
    const keys = schema['x-kubernetes-list-map-keys'] ?? [];
    // A set's items, and a map list's keys, must be unique: the API server refuses duplicates.
    const identity = (item: unknown) => (listType === 'map' && item && typeof item === 'object' ? keys.map((k) => (item as any)[k]) : item);
    if (schema.uniqueItems || listType === 'set' || listType === 'map') {
      value.forEach((item, i) => {
        const first = value.findIndex((other) => sameJson(identity(other), identity(item)));
        if (first < i) fail(`duplicate of item ${first}${listType === 'map' ? ` (same ${keys.join(', ')})` : ''}`, childPath(path, i));
      });
    }
    if (schema.items) value.forEach((item, i) => this.check(item, schema.items!, childPath(path, i), known, problems));
  }

  private checkObject(value: Record<string, unknown>, schema: Schema, path: string, known: boolean, problems: Problem[]): void {
    const fail = (message: string, at = path) => problems.push({ path: at, message });
    const names = Object.keys(value);
    for (const name of schema.required ?? []) if (value[name] === undefined) fail('required field is missing', childPath(path, name));
    if (schema.minProperties !== undefined && names.length < schema.minProperties) fail(`must have at least ${schema.minProperties} field(s)`);
    if (schema.maxProperties !== undefined && names.length > schema.maxProperties) fail(`must have at most ${schema.maxProperties} field(s)`);
    const properties = schema.properties ?? {};
    const extra = schema.additionalProperties;
    const open = schema['x-kubernetes-preserve-unknown-fields'] || extra === true;
    for (const name of names) {
      const at = childPath(path, name);
      if (value[name] === undefined) continue;
      const child = properties[name] ?? (typeof extra === 'object' ? extra : undefined);
      if (child) {
        this.check(value[name], child, at, known, problems);
      } else if (known && !open && !(schema['x-kubernetes-embedded-resource'] && EMBEDDED_FIELDS.includes(name))) {
        fail('unknown field: the schema does not have it, so the API server drops it', at);
      }
    }
  }

  private checkJunctors(value: unknown, schema: Schema, path: string, problems: Problem[]): void {
    const passes = (s: Schema) => {
      const found: Problem[] = [];
      this.check(value, s, path, false, found);
      return found;
    };
    for (const s of schema.allOf ?? []) problems.push(...passes(s));
    if (schema.anyOf && !schema.anyOf.some((s) => passes(s).length === 0)) {
      problems.push({ path, message: `must match at least one of its schemas (${passes(schema.anyOf[0]).map((p) => p.message).join('; ')})` });
    }
    if (schema.oneOf && schema.oneOf.filter((s) => passes(s).length === 0).length !== 1) problems.push({ path, message: 'must match exactly one of its schemas' });
    if (schema.not && passes(schema.not).length === 0) problems.push({ path, message: 'must not match the schema in `not`' });
  }
}

/**
 * A copy of a value with the schema's defaults filled in, as the API server stores it before validating CEL rules
 * (`k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting`).
 * @internal
 */
export function withDefaults(value: unknown, ref: Schema, nodes: SchemaNodes): unknown {
  const schema = nodes.resolve(ref);
  if (Array.isArray(value)) return schema.items ? value.map((item) => withDefaults(item, schema.items!, nodes)) : value;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    const d = nodes.resolve(child).default;
    if (out[name] === undefined && d !== undefined) out[name] = JSON.parse(JSON.stringify(d));
    if (out[name] !== undefined) out[name] = withDefaults(out[name], child, nodes);
  }
  const extra = schema.additionalProperties;
  if (typeof extra === 'object') {
    for (const name of Object.keys(out)) if (!schema.properties?.[name]) out[name] = withDefaults(out[name], extra, nodes);
  }
  return out;
}
