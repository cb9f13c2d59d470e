/** A concrete field path in an object and its value on both sides. @internal */
export interface FieldMatch {
  /** e.g. `spec.replsets[rs0].size` */
  readonly path: string;
  /** Map keys and list-item names that the pattern's `*` and `[]` matched, in order. */
  readonly keys: string[];
  readonly oldValue: unknown;
  readonly newValue: unknown;
}

type Json = { [key: string]: any };

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Lists of objects are matched by item name (falling back to the position), the way operators key them. */
function isNamedList(value: unknown): value is Json[] {
  return Array.isArray(value) && value.length > 0 && value.every(isObject);
}

function itemKey(item: Json, index: number): string {
  return typeof item.name === 'string' ? item.name : String(index);
}

function items(value: unknown): Map<string, unknown> {
  if (isNamedList(value)) return new Map(value.map((item, index) => [itemKey(item, index), item]));
  if (isObject(value)) return new Map(Object.entries(value));
  return new Map();
}

function union(a: Iterable<string>, b: Iterable<string>): string[] {
  return [...new Set([...a, ...b])];
}

/** Concrete path of a child: `.key` for a map entry, `[name]` for a list item. */
function childPath(parent: string, key: string, listItem: boolean): string {
  if (listItem) return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

/**
 * Every concrete path that a pattern matches in either object. `*` matches each map key and `name[]` each item
 * of the list `name`, e.g. `spec.backup.storages.*` or `spec.replsets[].size`.
 * @internal
 */
export function expandPath(pattern: string, oldRoot: unknown, newRoot: unknown): FieldMatch[] {
  let matches: FieldMatch[] = [{ path: '', keys: [], oldValue: oldRoot, newValue: newRoot }];
  for (const segment of pattern.split('.')) {
    matches = matches.flatMap(m => {
      if (segment === '*') {
        const before = isObject(m.oldValue) ? m.oldValue : {};
        const after = isObject(m.newValue) ? m.newValue : {};
        return union(Object.keys(before), Object.keys(after))
          .map(key => ({ path: childPath(m.path, key, false), keys: [...m.keys, key], oldValue: before[key], newValue: after[key] }));
      }
      const listItem = segment.endsWith('[]');
      const field = listItem ? segment.slice(0, -2) : segment;
      const oldValue = isObject(m.oldValue) ? m.oldValue[field] : undefined;
      const newValue = isObject(m.newValue) ? m.newValue[field] : undefined;
      const path = childPath(m.path, field, false);
      if (!listItem) return [{ path, keys: m.keys, oldValue, newValue }];
      const before = items(oldValue);
      const after = items(newValue);
      return union(before.keys(), after.keys())
        .map(key => ({ path: childPath(path, key, true), keys: [...m.keys, key], oldValue: before.get(key), newValue: after.get(key) }));
    });
  }
  return matches;
}

/** Structural equality of two JSON values. @internal */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = union(Object.keys(a), Object.keys(b));
    return keys.every(k => sameValue(a[k], b[k]));
  }
  return false;
}

/**
 * The paths at which two values differ, using the same notation as `expandPath`. Objects and lists of objects that
 * are on both sides are descended into; one added or removed as a whole is one path, unless `descendInto` says a
 * rule looks below it.
 * @internal
 */
export function changedPaths(oldValue: unknown, newValue: unknown, path: string, descendInto: (path: string) => boolean): FieldMatch[] {
  if (sameValue(oldValue, newValue)) return [];
  const listItems = isNamedList(oldValue) || isNamedList(newValue);
  const container = listItems ? (v: unknown) => isNamedList(v) || (Array.isArray(v) && v.length === 0) : isObject;
  const bothContainers = container(oldValue) && container(newValue);
  const oneSideContainer = (container(oldValue) && newValue === undefined) || (oldValue === undefined && container(newValue));
  if (!bothContainers && !(oneSideContainer && descendInto(path))) return [{ path, keys: [], oldValue, newValue }];
  const before = items(oldValue);
  const after = items(newValue);
  return union(before.keys(), after.keys())
    .flatMap(key => changedPaths(before.get(key), after.get(key), childPath(path, key, listItems), descendInto));
}

/** True when `path` is `ancestor` or lies under it. @internal */
export function isWithin(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}.`) || path.startsWith(`${ancestor}[`);
}

/** The value at a dotted path of plain keys. @internal */
export function valueAt(root: unknown, dottedPath: string): any {
  return dottedPath.split('.').reduce<any>((value, key) => (isObject(value) ? value[key] : undefined), root);
}

/** Text for a report cell: scalars as they are, objects as compact JSON. @internal */
export function renderValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A version taken from a tag such as `8.0.42-33.1`, `17.7-2` or `17.7-system-trixie`. @internal */
export interface Version {
  /** The dotted release, e.g. [8, 0, 42]. */
  readonly release: number[];
  /** The numeric build after the dash, e.g. [33, 1]; empty when there is none. */
  readonly build: number[];
}

/** Parses a version or an image tag; undefined when it does not start with a number. @internal */
export function parseVersion(value: unknown): Version | undefined {
  const m = /^v?(\d+(?:\.\d+)*)(?:-(\d+(?:\.\d+)*)(?![\w.]))?/.exec(String(value ?? ''));
  if (!m) return undefined;
  return { release: m[1].split('.').map(Number), build: m[2] ? m[2].split('.').map(Number) : [] };
}

/** Negative, zero or positive as `a` is older than, as old as, or newer than `b`. @internal */
export function compareVersions(a: Version, b: Version): number {
  const x = [...a.release, ...a.build];
  const y = [...b.release, ...b.build];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Repository and tag of an image reference; the tag is undefined for a digest or a missing tag. @internal */
export function splitImage(image: string): { repository: string; tag?: string } {
  const at = image.indexOf('@');
  if (at >= 0) return { repository: image.slice(0, at) };
  const colon = image.lastIndexOf(':');
  if (colon > image.lastIndexOf('/')) return { repository: image.slice(0, colon), tag: image.slice(colon + 1) };
  return { repository: image };
}
