import { apiGroup, KubeObject } from '../manifests';
import { ChangeClass } from '../report';

/** The class of a change and why. @internal */
export interface Verdict {
  readonly changeClass: ChangeClass;
  readonly reason: string;
}

/** All objects of one output, looked up by identity. @internal */
export class ObjectIndex {
  /** The objects of database kinds, which supporting objects are attributed to. */
  public readonly databases: KubeObject[];

  /** `rulesOf` gives the guard's rules of an object's kind. */
  constructor(public readonly objects: KubeObject[], public readonly rulesOf: (object: KubeObject) => KindRules | undefined) {
    this.databases = objects.filter(o => rulesOf(o)?.engine !== undefined);
  }

  /** Objects of one kind, in every namespace. */
  public ofKind(group: string, kind: string): KubeObject[] {
    return this.objects.filter(o => o.kind === kind && apiGroup(o) === group);
  }

  /** The object of one kind with this namespace (undefined for cluster-scoped) and name. */
  public find(group: string, kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.ofKind(group, kind).find(o => o.metadata.name === name && o.metadata.namespace === namespace);
  }
}

/** What a classifier may look at besides the two values. @internal */
export interface FieldContext {
  /** The map keys and list-item names that `*` and `[]` in the rule's path matched. */
  readonly keys: string[];
  /** The object in the old output (undefined when it was added). */
  readonly oldObject?: KubeObject;
  /** The object in the new output (undefined when it was removed). */
  readonly newObject?: KubeObject;
  readonly oldObjects: ObjectIndex;
  readonly newObjects: ObjectIndex;
}

/** Classifies a change of one field; undefined leaves it to later rules (or the kind's `otherFields`). @internal */
export type Classifier = (oldValue: any, newValue: any, context: FieldContext) => Verdict | undefined;

/** One row of an operator's field table. @internal */
export interface FieldRule {
  /** Field path; `*` matches each map key, `name[]` each item of a list keyed by item name. */
  readonly path: string;
  /**
   * Compares only these children of `path`, as one value, and covers only them: a switch from one to another
   * (`maxUnavailable` → `minAvailable`, `imageName` → `imageCatalogRef`) is one change, and the other children go to
   * later rules.
   */
  readonly only?: string[];
  readonly classify: Classifier;
}

/**
 * What the guard knows about one kind: the fields the operator treats specially and what adding or removing the
 * object does. Tables are read in order; the first rule that classifies a path also covers everything below it.
 * @internal
 */
export interface KindRules {
  readonly apiGroup: string;
  readonly kind: string;
  /** Set for database kinds: the engine (mysql, mongodb, postgresql), to recognise a rename or an operator change. */
  readonly engine?: (database: KubeObject) => string;
  readonly fields: FieldRule[];
  /** The class of a change to a field no rule names. */
  readonly otherFields: Verdict;
  readonly added: Verdict;
  readonly removed: (object: KubeObject, context: FieldContext) => Verdict;
  /** For supporting objects: the databases of an output that this object serves. */
  readonly servedDatabases?: (object: KubeObject, objects: ObjectIndex) => KubeObject[];
  /**
   * For supporting objects that run pods the operator gives no disruption budget (a pooler, say): how many pods
   * it runs. A PodDisruptionBudget that selects them by a label carrying the object's name is judged against it.
   */
  readonly podCount?: (object: KubeObject) => number;
}
