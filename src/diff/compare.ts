import { apiGroup, KubeObject, objectKey, qualifiedName } from './manifests';
import { bySeverity, DatabaseDiff, DatabaseStatus, DiffReport, FieldChange, moreSevere } from './report';
import { safe } from './rules/classifiers';
import { FieldContext, FieldRule, KindRules, ObjectIndex, Verdict } from './rules/rule';
import { changedPaths, expandPath, FieldMatch, isWithin, renderValue, sameValue } from './values';

interface ClassifiedField extends FieldMatch {
  readonly verdict: Verdict;
  /** The paths the verdict covers: the field itself, or the children a rule's `only` names. */
  readonly covers: string[];
}

type Json = { [key: string]: unknown };

/** The children `only` names of a value (undefined when it has none of them). */
function pick(value: unknown, only: string[]): Json | undefined {
  const source = (typeof value === 'object' && value !== null ? value : {}) as Json;
  const picked = Object.fromEntries(only.filter(key => source[key] !== undefined).map(key => [key, source[key]]));
  return Object.keys(picked).length > 0 ? picked : undefined;
}

/** A rule's matches, narrowed to the children its `only` names. */
function ruleMatches(rule: FieldRule, context: FieldContext): (FieldMatch & { covers: string[] })[] {
  return expandPath(rule.path, context.oldObject, context.newObject).map(match => (rule.only
    ? { ...match, oldValue: pick(match.oldValue, rule.only), newValue: pick(match.newValue, rule.only), covers: rule.only.map(key => `${match.path}.${key}`) }
    : { ...match, covers: [match.path] }));
}

/** The parts of an object that describe what it should be (not what it is called or its status). */
function desiredState(object: KubeObject): { [key: string]: unknown } {
  const state: { [key: string]: unknown } = { ...object };
  for (const key of ['apiVersion', 'kind', 'metadata', 'status']) delete state[key];
  return state;
}

/** Applies a kind's table in order, then classifies every changed field that no rule covered. */
function classifyFields(rules: KindRules, context: FieldContext): ClassifiedField[] {
  const classified: ClassifiedField[] = [];
  const covered = (path: string) => classified.some(c => c.covers.some(p => isWithin(path, p)));
  for (const rule of rules.fields) {
    for (const match of ruleMatches(rule, context)) {
      if (match.covers.every(covered) || sameValue(match.oldValue, match.newValue)) continue;
      const verdict = rule.classify(match.oldValue, match.newValue, { ...context, keys: match.keys });
      if (verdict) classified.push({ ...match, verdict });
    }
  }
  const ruleBelow = (path: string) => classified.some(c => isWithin(c.path, path));
  const rest = changedPaths(desiredState(context.oldObject!), desiredState(context.newObject!), '', ruleBelow).filter(m => !covered(m.path));
  return [...classified, ...rest.map(m => ({ ...m, verdict: rules.otherFields, covers: [m.path] }))];
}

/** Names the likely counterpart of a removed or added database: the same name under another kind, or the same engine. */
function counterpartHint(database: KubeObject, side: 'added' | 'removed', context: FieldContext): string {
  const [mine, theirs] = side === 'removed' ? [context.oldObjects, context.newObjects] : [context.newObjects, context.oldObjects];
  const engine = (d: KubeObject) => mine.rulesOf(d)!.engine!(d);
  const candidates = theirs.databases.filter(d => d.metadata.namespace === database.metadata.namespace
    && !mine.find(apiGroup(d), d.kind, d.metadata.namespace, d.metadata.name));
  const sameName = candidates.find(d => d.metadata.name === database.metadata.name && d.kind !== database.kind);
  if (sameName) {
    const engineChange = engine(sameName) === engine(database) ? '' : ` and the engine (${engine(database)} ⇄ ${engine(sameName)})`;
    return `; the operator changed${engineChange}: ${side === 'removed' ? 'now' : 'was'} a ${sameName.kind} of the same name`;
  }
  const renamed = candidates.filter(d => d.kind === database.kind && engine(d) === engine(database)).map(d => d.metadata.name);
  return renamed.length > 0 ? `; possibly renamed ${side === 'removed' ? 'to' : 'from'} ${renamed.join(' or ')}` : '';
}

function objectVerdict(rules: KindRules, context: FieldContext): Verdict {
  const side = context.oldObject ? 'removed' : 'added';
  const object = (context.oldObject ?? context.newObject)!;
  const verdict = side === 'removed' ? rules.removed(object, context) : rules.added;
  return rules.engine ? { ...verdict, reason: verdict.reason + counterpartHint(object, side, context) } : verdict;
}

/** Every classified change of one object between the outputs. */
function objectChanges(context: FieldContext): FieldChange[] {
  const { oldObject, newObject } = context;
  const object = (newObject ?? oldObject)!;
  const row = (verdict: Verdict, field: string, oldValue?: unknown, newValue?: unknown): FieldChange => ({
    changeClass: verdict.changeClass,
    kind: object.kind,
    object: qualifiedName(object),
    field,
    oldValue: renderValue(oldValue),
    newValue: renderValue(newValue),
    reason: verdict.reason,
  });
  const rules = context.newObjects.rulesOf(object);
  if (!rules) {
    // Values of unknown kinds (Secrets among them) are never printed.
    if (oldObject && newObject && sameValue(desiredState(oldObject), desiredState(newObject))) return [];
    const what = !oldObject ? 'added' : !newObject ? 'removed' : 'changed';
    return [row(safe(`${what}; the guard does not classify this kind`), '(object)')];
  }
  if (!oldObject || !newObject) return [row(objectVerdict(rules, context), '(object)')];
  return classifyFields(rules, context).map(c => row(c.verdict, c.path, c.oldValue, c.newValue));
}

/**
 * The database an object of a kind without rules (a PodMonitor, a ManagedDatabase, a NetworkPolicy, a Secret)
 * belongs to: the one in its namespace whose name it carries, itself or as a prefix (`<database>-alerts`), the longest
 * such name first.
 */
function namedDatabase(object: KubeObject, objects: ObjectIndex): KubeObject | undefined {
  const name = object.metadata.name;
  return objects.databases
    .filter(d => d.metadata.namespace === object.metadata.namespace && (name === d.metadata.name || name.startsWith(`${d.metadata.name}-`)))
    .sort((a, b) => b.metadata.name.length - a.metadata.name.length)[0];
}

/** The databases a changed object belongs to in either output; an object that serves none is its own entry. */
function owners(context: FieldContext): KubeObject[] {
  const object = (context.newObject ?? context.oldObject)!;
  const rules = context.newObjects.rulesOf(object);
  if (!rules) {
    const database = namedDatabase(object, context.newObjects) ?? namedDatabase(object, context.oldObjects);
    return [database ?? object];
  }
  const served = rules.servedDatabases;
  if (!served) return [object];
  const found = new Map<string, KubeObject>();
  for (const [index, version] of [[context.oldObjects, context.oldObject], [context.newObjects, context.newObject]] as const) {
    if (version) for (const database of served(version, index)) found.set(objectKey(database), database);
  }
  return found.size > 0 ? [...found.values()] : [object];
}

/** Compares two outputs and classifies every change per database; `rulesOf` gives the guard's rules of a kind. @internal */
export function compareObjects(
  oldObjects: KubeObject[], newObjects: KubeObject[], rulesOf: (object: KubeObject) => KindRules | undefined,
): DiffReport {
  const oldByKey = new Map(oldObjects.map(o => [objectKey(o), o]));
  const newByKey = new Map(newObjects.map(o => [objectKey(o), o]));
  const indexes = {
    oldObjects: new ObjectIndex(oldObjects, rulesOf),
    newObjects: new ObjectIndex(newObjects, rulesOf),
  };
  const groups = new Map<string, { owner: KubeObject; changes: FieldChange[] }>();
  for (const key of new Set([...oldByKey.keys(), ...newByKey.keys()])) {
    const context: FieldContext = { ...indexes, keys: [], oldObject: oldByKey.get(key), newObject: newByKey.get(key) };
    const changes = objectChanges(context);
    if (changes.length === 0) continue;
    for (const owner of owners(context)) {
      const group = groups.get(objectKey(owner)) ?? { owner, changes: [] };
      group.changes.push(...changes);
      groups.set(objectKey(owner), group);
    }
  }
  return new DiffReport([...groups.entries()].map(([key, { owner, changes }]): DatabaseDiff => ({
    database: qualifiedName(owner),
    kind: owner.kind,
    apiGroup: apiGroup(owner),
    namespace: owner.metadata.namespace,
    name: owner.metadata.name,
    status: !oldByKey.has(key) ? DatabaseStatus.ADDED : !newByKey.has(key) ? DatabaseStatus.REMOVED : DatabaseStatus.CHANGED,
    changeClass: changes.map(c => c.changeClass).reduce(moreSevere),
    changes: [...changes].sort((a, b) => bySeverity(a.changeClass, b.changeClass)),
  })));
}
