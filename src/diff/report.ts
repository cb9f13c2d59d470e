/** What applying a change does to a running database, from harmless to data loss. */
export enum ChangeClass {
  /** Applied online without restarting database pods (scale up, a new schedule, a new proxy replica). */
  SAFE = 'safe',
  /** Applied by a rolling restart of the database pods (resources, engine parameters, an image within a minor). */
  RESTART = 'restart',
  /** Applied, but weakens availability or recoverability (scale down, a PDB removed, PITR off, shorter retention). */
  RISKY = 'risky',
  /** Loses data or the database, or is refused half-way (a database removed or renamed, storage shrunk, a downgrade). */
  DESTRUCTIVE = 'destructive',
}

/** How a database appears across the two outputs. */
export enum DatabaseStatus {
  /** Only in the new output. */
  ADDED = 'added',
  /** Only in the old output. */
  REMOVED = 'removed',
  /** In both, with at least one change. */
  CHANGED = 'changed',
}

/** One classified change to a database or to one of its supporting objects. */
export interface FieldChange {
  /** What the change does. */
  readonly changeClass: ChangeClass;
  /** Kind of the object that changed, e.g. the database's kind or `StorageClass`. */
  readonly kind: string;
  /** `namespace/name` (or `name` when cluster-scoped) of the object that changed. */
  readonly object: string;
  /** Field path, e.g. `spec.replsets[rs0].size`; `(object)` when the whole object was added or removed. */
  readonly field: string;
  /**
   * The old value, as text (JSON for objects).
   * @default - the field was not set
   */
  readonly oldValue?: string;
  /**
   * The new value, as text (JSON for objects).
   * @default - the field is not set
   */
  readonly newValue?: string;
  /** Why the change has this class. */
  readonly reason: string;
}

/** Every change to one database and to the objects that serve it. */
export interface DatabaseDiff {
  /** `namespace/name` of the database, or of an object that serves no database. */
  readonly database: string;
  /** Kind of the database resource, as its operator names it. */
  readonly kind: string;
  /** API group of that kind (empty for the core group). */
  readonly apiGroup: string;
  /**
   * Namespace of the database.
   * @default - cluster-scoped
   */
  readonly namespace?: string;
  /** Name of the database. */
  readonly name: string;
  /** Added, removed or changed. */
  readonly status: DatabaseStatus;
  /** The most severe class among the changes. */
  readonly changeClass: ChangeClass;
  /** The changes, most severe first. */
  readonly changes: FieldChange[];
}

const SEVERITY: ChangeClass[] = [ChangeClass.SAFE, ChangeClass.RESTART, ChangeClass.RISKY, ChangeClass.DESTRUCTIVE];

/** The more severe of two classes. @internal */
export function moreSevere(a: ChangeClass, b: ChangeClass): ChangeClass {
  return SEVERITY.indexOf(a) >= SEVERITY.indexOf(b) ? a : b;
}

/** Sorts most severe first. @internal */
export function bySeverity(a: ChangeClass, b: ChangeClass): number {
  return SEVERITY.indexOf(b) - SEVERITY.indexOf(a);
}

/** The result of comparing two synthesized outputs: one entry per database that changed. */
export class DiffReport {
  /** Databases that were added, removed or changed, most severe first. */
  public readonly databases: DatabaseDiff[];

  /**
   * The most severe class over all databases.
   * @default - nothing changed
   */
  public readonly changeClass?: ChangeClass;

  constructor(databases: DatabaseDiff[]) {
    this.databases = [...databases].sort((a, b) => bySeverity(a.changeClass, b.changeClass) || a.database.localeCompare(b.database));
    this.changeClass = this.databases.map(d => d.changeClass).reduce<ChangeClass | undefined>((max, c) => max ? moreSevere(max, c) : c, undefined);
  }

  /**
   * Databases with a destructive change that `acknowledged` does not list.
   *
   * @param acknowledged databases whose destructive changes are intended, as `name` or `namespace/name`
   */
  public unacknowledgedDestructive(acknowledged: string[] = []): DatabaseDiff[] {
    const allowed = new Set(acknowledged);
    return this.databases.filter(d => d.changeClass === ChangeClass.DESTRUCTIVE && !allowed.has(d.name) && !allowed.has(d.database));
  }
}
