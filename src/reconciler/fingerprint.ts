/**
 * The spec fingerprint shared by the construct (at synthesis, over the synthesized native object) and the
 * reconciler (at run time, over the live one): a SHA-256 over the values at a list of JSON pointers.
 */
import { createHash } from 'node:crypto';

/**
 * JSON pointers (RFC 6901) of every leaf below `root` of `obj`, array elements included, so that fields an
 * operator defaults next to ours (in maps or in list items) do not count as drift.
 */
export function leafPointers(obj: unknown, root: string): string[] {
  const out: string[] = [];
  const visit = (value: unknown, pointer: string) => {
    if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
      for (const [key, child] of Object.entries(value)) visit(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    } else {
      out.push(pointer);
    }
  };
  visit(valueAt(obj, root), root);
  return out;
}

/** The value at a JSON pointer, or undefined. */
export function valueAt(obj: unknown, pointer: string): unknown {
  let value: any = obj;
  for (const token of pointer.split('/').slice(1)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = value[token.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return value;
}

/** JSON with object keys sorted, so equal values always hash (and compare) alike. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The hex SHA-256 of the values of `obj` at `pointers` (a missing value hashes as null). */
export function fingerprint(obj: unknown, pointers: ReadonlyArray<string>): string {
  return createHash('sha256').update(canonical(pointers.map((p) => [p, valueAt(obj, p)]))).digest('hex');
}
