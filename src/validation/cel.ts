import * as path from 'node:path';
import { CelRule, Schema } from './schema';
import { childPath, Problem, SchemaNodes } from './structural';

/**
 * The CEL rules (`x-kubernetes-validations`) of a schema, evaluated as the API server does
 * (`k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel/validation.go`): each rule at the node that declares it,
 * only where that node is present, with `self` that node's value typed by its schema, and a transition rule (one that
 * names `oldSelf`) only on an update where the node has an old value, unless it sets `optionalOldSelf`.
 *
 * The evaluator is @marcbachmann/cel-js, bundled into assets/validation/cel.js by scripts/build-validation.js (it is an
 * ES module; the bundle lets CommonJS, Jest included, load it). Of the Kubernetes CEL libraries, the functions the
 * vendored rules use are added here (`isURL`); a rule calling any other missing function fails to compile, and a
 * failed compilation is reported as a problem, never skipped.
 */

const LIBRARY = path.join(__dirname, '..', '..', 'assets', 'validation', 'cel.js');

interface CelProgram {
  (context: object): unknown;
  readonly ast: unknown;
  check(): { readonly valid: boolean; readonly error?: Error };
}
interface CelEnvironment {
  registerVariable(name: string, type: string): CelEnvironment;
  registerFunction(signature: string, handler: (...args: any[]) => unknown): CelEnvironment;
  parse(expression: string): CelProgram;
}
interface CelLibrary {
  readonly Environment: new (options: object) => CelEnvironment;
  readonly Optional: { of(value: unknown): unknown; none(): unknown };
}

/**
 * `isURL` of Kubernetes' URL library (`k8s.io/apiserver/pkg/cel/library/urls.go`), which accepts what Go's
 * `url.ParseRequestURI` accepts: an absolute URL, or an absolute path.
 */
function isURL(text: string): boolean {
  if (/[\s\x00-\x1f\x7f]/.test(text) || text.includes('#')) return false;
  if (text.startsWith('/')) return true;
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(text)) return false;
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

class Environments {
  public readonly library: CelLibrary;
  /** `self` and `oldSelf`, the latter an optional value for rules with `optionalOldSelf`. */
  public readonly plain: CelEnvironment;
  public readonly optionalOldSelf: CelEnvironment;

  constructor() {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.library = require(LIBRARY);
    // Kubernetes' base environment (k8s.io/apiserver/pkg/cel/environment/base.go) enables optional types and
    // homogeneous aggregate literals.
    const make = (oldSelf: string) => new this.library.Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: true })
      .registerVariable('self', 'dyn')
      .registerVariable('oldSelf', oldSelf)
      .registerFunction('isURL(string): bool', isURL);
    this.plain = make('dyn');
    this.optionalOldSelf = make('optional<dyn>');
  }
}

let environments: Environments | undefined;

/** A rule ready to run, or why it could not be compiled. */
interface CompiledRule {
  readonly program?: CelProgram;
  readonly message?: CelProgram;
  readonly usesOldSelf: boolean;
  readonly error?: string;
}

function namesOldSelf(node: any): boolean {
  if (Array.isArray(node)) return node.some(namesOldSelf);
  if (node === null || typeof node !== 'object') return false;
  return (node.op === 'id' && node.args === 'oldSelf') || namesOldSelf(node.args);
}

/** String literals given to `matches()`: JavaScript must read them as Go would, or the rule fails at run time. */
function regexLiterals(rule: string): string[] {
  return [...rule.matchAll(/\.matches\(\s*(['"])((?:\\.|(?!\1).)*)\1\s*\)/g)].map((m) => m[2]);
}

const COMPILED = new Map<string, CompiledRule>();

/** Compiles a rule once (type-checked against `self`, `oldSelf` and the functions above). @internal */
export function compileRule(rule: CelRule): CompiledRule {
  const key = `${rule.optionalOldSelf ? '?' : ''}${rule.rule}\u0000${rule.messageExpression ?? ''}`;
  let compiled = COMPILED.get(key);
  if (compiled) return compiled;
  environments ??= new Environments();
  const env = rule.optionalOldSelf ? environments.optionalOldSelf : environments.plain;
  const compile = (expression: string) => {
    const program = env.parse(expression);
    const checked = program.check();
    if (!checked.valid) throw checked.error ?? new Error('type check failed');
    return program;
  };
  try {
    for (const literal of regexLiterals(rule.rule)) new RegExp(literal);
    const program = compile(rule.rule);
    compiled = { program, usesOldSelf: namesOldSelf(program.ast), message: rule.messageExpression ? compile(rule.messageExpression) : undefined };
  } catch (e) {
    compiled = { usesOldSelf: false, error: `cannot compile CEL rule ${JSON.stringify(rule.rule)}: ${firstLine(e)}` };
  }
  COMPILED.set(key, compiled);
  return compiled;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

/** A JSON value without a schema, as CEL sees it: integral numbers are `int`. */
function untyped(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(untyped);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, untyped(v)]));
  return value;
}

/** The fields the root's `self` has besides the schema's own: Kubernetes adds the type and the object's name. */
const ROOT_META = ['name', 'generateName'];

/**
 * A value as CEL sees it (`k8s.io/apiserver/pkg/cel/common/values.go`): integers as `int`, `date-time` strings as
 * timestamps, `byte` strings as bytes, only the fields the schema declares, and the items of a `set` or `map` list
 * in a canonical order, so that equality ignores their order as the API server's does.
 */
function toCel(value: unknown, ref: Schema | undefined, nodes: SchemaNodes, root = false): unknown {
  if (value === null || value === undefined || !ref) return untyped(value);
  const schema = nodes.resolve(ref);
  if (schema['x-kubernetes-int-or-string'] || typeof value === 'number') return schema.type === 'number' ? value : untyped(value);
  if (typeof value === 'string') {
    if (schema.format === 'date-time' || schema.format === 'date') return new Date(value);
    if (schema.format === 'byte') return new Uint8Array(Buffer.from(value, 'base64'));
    return value;
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => toCel(item, schema.items, nodes));
    const listType = schema['x-kubernetes-list-type'];
    if (listType !== 'set' && listType !== 'map') return items;
    const keys = schema['x-kubernetes-list-map-keys'] ?? [];
    const order = (item: any) => JSON.stringify(listType === 'map' ? keys.map((k) => item?.[k]) : item);
    return value.map((item, i) => [order(item), items[i]] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, item]) => item);
  }
  if (typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const extra = schema.additionalProperties;
  const declared = schema.properties !== undefined || typeof extra === 'object';
  for (const [name, child] of Object.entries(object)) {
    if (child === undefined) continue;
    if (root && name === 'metadata') {
      out.metadata = Object.fromEntries(ROOT_META.filter((f) => (child as any)?.[f] !== undefined).map((f) => [f, (child as any)[f]]));
    } else if (schema.properties?.[name]) {
      out[name] = toCel(child, schema.properties[name], nodes);
    } else if (typeof extra === 'object') {
      out[name] = toCel(child, extra, nodes);
    } else if (!declared || (root && (name === 'apiVersion' || name === 'kind'))) {
      out[name] = untyped(child);
    }
  }
  return out;
}

/** Whether a messageExpression's result can be the message (`validation.go`: not empty, not blank, one line). */
function usableMessage(message: unknown): message is string {
  return typeof message === 'string' && message.trim() !== '' && !message.includes('\n');
}

/** The CEL rules of a schema applied to an object (and, on an update, its old version). @internal */
export class CelValidator {
  constructor(private readonly nodes: SchemaNodes) {}

  /**
   * Problems of every rule (`transitionOnly`: only of the rules that name `oldSelf`) on `value`, which the API server
   * would refuse; `old` is the stored object on an update.
   */
  public validate(value: unknown, old: unknown, schema: Schema, transitionOnly = false): Problem[] {
    const problems: Problem[] = [];
    this.walk(value, old, schema, '', true, transitionOnly, problems);
    return problems;
  }

  private walk(value: unknown, old: unknown, ref: Schema, at: string, root: boolean, transitionOnly: boolean, problems: Problem[]): void {
    if (value === null || value === undefined) return;
    const schema = this.nodes.resolve(ref);
    for (const rule of schema['x-kubernetes-validations'] ?? []) {
      const problem = this.evaluate(rule, value, old, schema, root, transitionOnly);
      if (problem) problems.push({ path: rule.fieldPath ? `${at}${rule.fieldPath}` : at, message: problem, rule: rule.rule });
    }
    if (Array.isArray(value) && schema.items) {
      // Old items are found only in a `map` list, by their keys: elsewhere an item has no old value.
      const keys = schema['x-kubernetes-list-type'] === 'map' ? schema['x-kubernetes-list-map-keys'] ?? [] : undefined;
      const olds = Array.isArray(old) && keys ? old : [];
      value.forEach((item, i) => {
        const previous = olds.find((o) => keys!.every((k) => JSON.stringify(o?.[k]) === JSON.stringify((item as any)?.[k])));
        this.walk(item, previous, schema.items!, childPath(at, i), false, transitionOnly, problems);
      });
    } else if (typeof value === 'object') {
      const extra = schema.additionalProperties;
      for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
        const childSchema = schema.properties?.[name] ?? (typeof extra === 'object' ? extra : undefined);
        if (childSchema) this.walk(child, (old as any)?.[name], childSchema, childPath(at, name), false, transitionOnly, problems);
      }
    }
  }

  /** Why the rule refuses the value, or undefined when it holds or does not apply. */
  private evaluate(rule: CelRule, value: unknown, old: unknown, schema: Schema, root: boolean, transitionOnly: boolean): string | undefined {
    const compiled = compileRule(rule);
    if (compiled.error) return compiled.error;
    if (transitionOnly && !compiled.usesOldSelf) return undefined;
    if (compiled.usesOldSelf && old === undefined && !rule.optionalOldSelf) return undefined;
    const context: Record<string, unknown> = { self: toCel(value, schema, this.nodes, root) };
    if (compiled.usesOldSelf) {
      const oldSelf = old === undefined ? undefined : toCel(old, schema, this.nodes, root);
      const { Optional } = environments!.library;
      context.oldSelf = rule.optionalOldSelf ? (oldSelf === undefined ? Optional.none() : Optional.of(oldSelf)) : oldSelf;
    }
    let result: unknown;
    try {
      result = compiled.program!(context);
    } catch (e) {
      return `${firstLine(e)} evaluating rule: ${rule.rule}`;
    }
    if (result === true) return undefined;
    let message = rule.message ?? `failed rule: ${rule.rule}`;
    if (compiled.message) {
      try {
        const computed = compiled.message(context);
        if (usableMessage(computed)) message = computed;
      } catch {
        // The API server falls back on `message` when the messageExpression fails.
      }
    }
    return message === `failed rule: ${rule.rule}` ? message : `${message} (rule: ${rule.rule})`;
  }
}
