import { quantityBytes } from '../../quantity';
import { ChangeClass } from '../report';
import { compareVersions, expandPath, parseVersion, splitImage, Version } from '../values';
import { Classifier, FieldContext, Verdict } from './rule';

// Shared classifiers: the operator tables (pxc.ts, psmdb.ts, …) say which field gets which.

/** @internal */
export const safe = (reason: string): Verdict => ({ changeClass: ChangeClass.SAFE, reason });
/** @internal */
export const restart = (reason: string): Verdict => ({ changeClass: ChangeClass.RESTART, reason });
/** @internal */
export const risky = (reason: string): Verdict => ({ changeClass: ChangeClass.RISKY, reason });
/** @internal */
export const destructive = (reason: string): Verdict => ({ changeClass: ChangeClass.DESTRUCTIVE, reason });

/** Any change gets the same verdict. @internal */
export function always(verdict: Verdict): Classifier {
  return () => verdict;
}

/** Classifies only the appearance and disappearance of a map entry or list item; changes inside go to later rules. @internal */
export function presence(added: Verdict, removed: Verdict | Classifier): Classifier {
  return (before, after, context) => {
    if (before === undefined) return added;
    if (after === undefined) return typeof removed === 'function' ? removed(before, after, context) : removed;
    return undefined;
  };
}

const isTrue = (value: unknown) => value === true || value === 'true';

/** A boolean switch; `onByDefault` says what an absent field means. @internal */
export function toggle(turnedOn: Verdict, turnedOff: Verdict, onByDefault = false): Classifier {
  return (before, after) => {
    const on = (value: unknown) => (value === undefined ? onByDefault : isTrue(value));
    if (on(before) === on(after)) return undefined;
    return on(after) ? turnedOn : turnedOff;
  };
}

/** Replicas of database pods. @internal */
export const databaseReplicas: Classifier = (before, after) => {
  const from = Number(before);
  const to = Number(after);
  if (!(from >= 0 && to >= 0)) return risky('the replica count is unset on one side: the operator default applies');
  if (to > from) return safe(`scale up from ${from} to ${to}: new members join online`);
  if (from > 1 && to <= 1) return destructive(`a ${from}-node cluster scaled to ${to}: no failover, and Everest refuses it`);
  return risky(`scale down from ${from} to ${to}: fewer members can fail before the database is down`);
};

/**
 * Config servers of a sharded MongoDB cluster: Everest and the operator want at least 3 (an odd count), and the
 * cluster's metadata needs a majority of them.
 * @internal
 */
export const configServerReplicas: Classifier = (before, after, context) => {
  const to = Number(after);
  if (to < 3 && Number(before) >= 3) {
    return destructive(`${to} config server(s) in a sharded cluster: Everest and the operator require at least 3, and one lost member stops metadata changes`);
  }
  return databaseReplicas(before, after, context);
};

/** Replicas of proxy or pooler pods. @internal */
export const proxyReplicas: Classifier = (before, after) => {
  const from = Number(before ?? 0);
  const to = Number(after ?? 0);
  if (to > from) return safe(`new proxy replica (${from} → ${to})`);
  if (to === 0) return risky('no proxy replicas left: clients that connect through the proxy lose their endpoint');
  return risky(`fewer proxy replicas (${from} → ${to}): less headroom for connections and failures`);
};

/** A field the API server refuses to change (a CEL rule or an admission webhook); `remedy` says what to do instead. @internal */
export function immutable(remedy: string): Classifier {
  return always(risky(`immutable: the API server refuses the change; ${remedy}`));
}

/**
 * A field the operator reads only when it creates the database (a bootstrap or data source): removing it later is
 * harmless, any other change is not applied.
 * @internal
 */
export function creationOnly(field: string): Classifier {
  return (_before, after) => (after === undefined
    ? safe(`${field} removed: it is read only when the database is created`)
    : risky(`${field} has no effect on an existing cluster: the operator reads it only at creation, so the change is not applied`));
}

/**
 * Removal of a named list item (a replica set, an instance set) whose pods and volumes go with it: `removed` judges it,
 * and when the same list gains an item it is probably a rename, which makes a new, empty item.
 * @internal
 */
export function namedItemRemoved(list: string, item: string, removed: Verdict): Classifier {
  return (_before, _after, context) => {
    const names = (object: unknown) => expandPath(`${list}[]`, object, undefined).map(m => m.keys[m.keys.length - 1]);
    const added = names(context.newObject).filter(name => !names(context.oldObject).includes(name));
    const name = context.keys[context.keys.length - 1];
    if (added.length === 0) return removed;
    return destructive(`${item} ${name} possibly renamed to ${added.join(' or ')}: the operator makes a new, empty ${item} and deletes the old one (or orphans its volumes)`);
  };
}

/** The operator version a custom resource is written for (`spec.crVersion`). @internal */
export const operatorVersion: Classifier = (before, after) => {
  const from = parseVersion(before);
  const to = parseVersion(after);
  if (!from || !to) return risky('crVersion cannot be compared: check the operator upgrade notes');
  return compareVersions(from, to) > 0
    ? risky(`crVersion downgrade from ${before} to ${after}: the operator does not support going back and reconciles with the older version's defaults`)
    : restart(`crVersion raised from ${before} to ${after}: the operator applies the new version's defaults, rolling restart`);
};

/** A volume size. @internal */
export const storageSize: Classifier = (before, after) => {
  const from = quantityBytes(before);
  const to = quantityBytes(after);
  if (Number.isNaN(from) || Number.isNaN(to)) return risky('the storage size cannot be compared');
  if (to < from) return destructive('storage cannot shrink: the operator refuses it, and a volume only shrinks by recreating it without its data');
  return safe('volume expansion: online when the StorageClass allows it');
};

/** The storage class of the database's volumes. @internal */
export const storageClass = always(destructive('the storage class of existing volumes cannot change: it needs new volumes and a copy of the data'));

/** How an operator treats version changes of one engine. @internal */
export interface VersionPolicy {
  /** Number of leading release numbers that make a line of drop-in images: 2 for MySQL 8.0 and MongoDB 8.0, 1 for PostgreSQL 17. */
  readonly lineLength: number;
  /** The verdict for a change of the first release number. */
  readonly majorUpgrade: (from: number, to: number) => Verdict;
}

function releaseLine(version: Version, length: number): string {
  return version.release.slice(0, length).join('.');
}

/** A version string such as `8.0.42-33.1` or `17`. @internal */
export function versionChange(policy: VersionPolicy): Classifier {
  return (before, after) => {
    const from = parseVersion(before);
    const to = parseVersion(after);
    if (!from || !to) return risky('the versions cannot be compared: check the upgrade path by hand');
    const order = compareVersions(from, to);
    if (order > 0) return destructive(`downgrade from ${before} to ${after}: not supported, the data files may not open`);
    if (order === 0) return restart('same version, another image build: rolling restart');
    if (from.release[0] !== to.release[0]) return policy.majorUpgrade(from.release[0], to.release[0]);
    const fromLine = releaseLine(from, policy.lineLength);
    const toLine = releaseLine(to, policy.lineLength);
    if (fromLine === toLine) return restart(`update within ${fromLine}: rolling restart`);
    return risky(`upgrade from ${fromLine} to ${toLine}: cannot be rolled back`);
  };
}

/** An image reference: the version is read from the tag. @internal */
export function imageChange(policy: VersionPolicy): Classifier {
  const byVersion = versionChange(policy);
  return (before, after, context) => {
    const from = splitImage(String(before ?? ''));
    const to = splitImage(String(after ?? ''));
    if (!from.tag || !to.tag) return risky('the image has no version tag (a digest or none): check the upgrade path by hand');
    const verdict = byVersion(from.tag, to.tag, context)!;
    return from.repository === to.repository ? verdict : { ...verdict, reason: `${verdict.reason} (image repository changed)` };
  };
}

/** Strength of pod anti-affinity, weakest first. @internal */
export enum AntiAffinityStrength { NONE, PREFERRED, REQUIRED }

const STRENGTH_NAMES = ['none', 'preferred', 'required'];

/** Strength of a plain Kubernetes `affinity`. @internal */
export function kubernetesAntiAffinity(affinity: any): AntiAffinityStrength {
  const anti = affinity?.podAntiAffinity;
  if ((anti?.requiredDuringSchedulingIgnoredDuringExecution ?? []).length > 0) return AntiAffinityStrength.REQUIRED;
  if ((anti?.preferredDuringSchedulingIgnoredDuringExecution ?? []).length > 0) return AntiAffinityStrength.PREFERRED;
  return AntiAffinityStrength.NONE;
}

/** Scheduling of database pods, judged by anti-affinity strength. @internal */
export function antiAffinity(strength: (value: any, context: FieldContext, side: 'old' | 'new') => AntiAffinityStrength): Classifier {
  return (before, after, context) => {
    const from = strength(before, context, 'old');
    const to = strength(after, context, 'new');
    if (to < from) {
      return risky(`anti-affinity weakened from ${STRENGTH_NAMES[from]} to ${STRENGTH_NAMES[to]}: several members may land on one node`);
    }
    return restart('pod scheduling changed: pods are rescheduled one by one');
  };
}

/** A disruption budget: `maxUnavailable` or `minAvailable`, each a count or a percentage. @internal */
export interface Budget {
  readonly maxUnavailable?: number | string;
  readonly minAvailable?: number | string;
}

/** How many pods a budget protects, on one side of a change; undefined when the manifests do not say. @internal */
export type PodCount = (context: FieldContext, side: 'old' | 'new') => number | undefined;

/** The pod count at a path pattern (`spec.replsets[].size`), at the list items the rule's own path matched. @internal */
export function podsAt(pattern: string): PodCount {
  return (context, side) => {
    const match = expandPath(pattern, context.oldObject, context.newObject).find(m => m.keys.join('\0') === context.keys.join('\0'));
    const count = side === 'old' ? match?.oldValue : match?.newValue;
    return typeof count === 'number' ? count : undefined;
  };
}

/** Kubernetes rounds both percentages up. */
function budgetCount(value: number | string, pods: number | undefined): number | undefined {
  if (typeof value === 'number') return value;
  const percent = /^(\d+)%$/.exec(value);
  return percent && pods !== undefined ? Math.ceil((pods * Number(percent[1])) / 100) : undefined;
}

/** Pods a drain may evict at once under a budget; undefined when it depends on a pod count the manifests do not give. */
function allowedDisruptions(budget: Budget, pods: number | undefined): number | undefined {
  if (budget.maxUnavailable !== undefined) return budgetCount(budget.maxUnavailable, pods);
  const min = budgetCount(budget.minAvailable!, pods);
  return min !== undefined && pods !== undefined ? Math.max(0, pods - min) : undefined;
}

const describeBudget = (budget: Budget) => Object.entries(budget).map(([field, value]) => `${field} ${value}`).join(', ');

/** Same-field budgets compared without a pod count: a higher maxUnavailable or a lower minAvailable is weaker. */
function sameFieldLoosened(before: Budget, after: Budget): boolean | undefined {
  for (const field of ['maxUnavailable', 'minAvailable'] as const) {
    const [from, to] = [before[field], after[field]];
    if (typeof from === 'number' && typeof to === 'number') return field === 'maxUnavailable' ? to > from : to < from;
  }
  return undefined;
}

/**
 * A disruption budget judged by its effect, the pods a node drain may evict at once (`pods` counts the pods it
 * protects): `maxUnavailable: 1` and `minAvailable: N−1` are the same budget.
 * @internal
 */
export function disruptionBudget(pods: PodCount): Classifier {
  return (before: Budget | undefined, after: Budget | undefined, context) => {
    if (!after) return risky('disruption budget removed: a node drain may evict several members at once');
    if (!before) return safe('disruption budget added');
    const from = allowedDisruptions(before, pods(context, 'old'));
    const to = allowedDisruptions(after, pods(context, 'new'));
    const change = `${describeBudget(before)} → ${describeBudget(after)}`;
    const loosened = from !== undefined && to !== undefined ? (to === from ? undefined : to > from) : sameFieldLoosened(before, after);
    if (from !== undefined && from === to) return safe(`the same disruption budget (${change}): a drain may still evict ${to} at once`);
    if (loosened === undefined) return risky(`disruption budget changed (${change}) and cannot be compared without the pod count`);
    const evicted = to === undefined ? '' : `: a drain may evict ${to} at once${from === undefined ? '' : ` instead of ${from}`}`;
    return loosened ? risky(`disruption budget loosened (${change})${evicted}`) : safe(`disruption budget tightened (${change})${evicted}`);
  };
}

/** One budget field of the operator (Percona PG `minAvailable`), judged like a whole budget. @internal */
export function budgetField(field: keyof Budget, pods: PodCount): Classifier {
  const budget = disruptionBudget(pods);
  const wrap = (value: unknown) => (value === undefined ? undefined : { [field]: value });
  return (before, after, context) => budget(wrap(before), wrap(after), context);
}

/**
 * A section switched by its `enabled` field (`spec.backup.pitr`, `spec.sharding`): switching it is one change
 * that covers the whole section; otherwise its fields go to their own rules.
 * @internal
 */
export function switchedSection(turnedOn: Verdict, turnedOff: Verdict): Classifier {
  const enabled = toggle(turnedOn, turnedOff);
  return (before, after, context) => enabled(before?.enabled, after?.enabled, context);
}

/** @internal */
export const pointInTimeRecovery = switchedSection(
  safe('point-in-time recovery turned on'),
  risky('point-in-time recovery turned off: restores only reach the last full backup'),
);

/** @internal */
export const paused = toggle(
  risky('the database is paused: every database pod stops'),
  safe('the database resumes'),
);

/** @internal */
export const shardingToggle = switchedSection(
  destructive('sharding cannot be enabled on an existing cluster'),
  destructive('sharding cannot be disabled on an existing cluster'),
);

/** A retention setting, compared by `amount` (how much it keeps); the reasons show the values as written. */
function retention(amount: (value: unknown) => number): Classifier {
  return (before, after) => {
    if (after === undefined) return risky('retention removed: the operator default applies');
    if (before === undefined) return safe('retention set');
    const [from, to] = [amount(before), amount(after)];
    if (Number.isNaN(from) || Number.isNaN(to)) return risky('retention changed and cannot be compared');
    return to < from
      ? risky(`retention shortened from ${before} to ${after}: older backups are deleted`)
      : safe(`retention lengthened from ${before} to ${after}`);
  };
}

/** A retention count (backups kept). @internal */
export const retentionCount = retention(Number);

const DAYS_PER_UNIT: { [unit: string]: number } = { d: 1, w: 7, m: 30 };

/** A retention period such as `30d`, `4w` or `3m` (barman). @internal */
export const retentionPeriod = retention(value => {
  const m = /^(\d+)([dwm])$/.exec(String(value));
  return m ? Number(m[1]) * DAYS_PER_UNIT[m[2]] : NaN;
});

/** @internal */
export const resourcesChanged = always(restart('CPU or memory changed: rolling restart'));
/** @internal */
export const configurationChanged = always(restart('engine parameters changed: rolling restart'));

/** A backup schedule entry (added, removed or a field of it). @internal */
export const scheduleAdded = safe('new backup schedule');
/** @internal */
export const scheduleRemoved = risky('backup schedule removed: no more backups on it');
/** @internal */
export const scheduleDisabled = risky('backup schedule disabled: no more backups on it until it is enabled again');
/** @internal */
export const scheduleTime = always(safe('backup schedule changed'));
/** @internal */
export const scheduleTarget = always(risky('backups go to another storage: earlier ones are no longer found by this schedule'));
/** @internal */
export const backupLocation = always(risky('the backup storage points elsewhere: earlier backups are no longer found'));

/**
 * Removal of a backup storage of the database spec; destructive while a schedule of the new output still uses it.
 * @internal
 */
export function backupStorageRemoved(usedBySchedules: (storage: string, database: any) => boolean): Classifier {
  return (_before, _after, context) => {
    const storage = context.keys[context.keys.length - 1];
    return usedBySchedules(storage, context.newObject)
      ? destructive(`backup storage ${storage} removed while schedules use it: they fail and its backups cannot be restored`)
      : risky(`backup storage ${storage} removed: its backups can no longer be restored from here`);
  };
}

/** @internal */
export const backupStorageAdded = safe('new backup storage');
