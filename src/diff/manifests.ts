import * as fs from 'fs';
import * as path from 'path';
import type * as Yaml from 'yaml';

/** A Kubernetes object as read from a manifest. @internal */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: any };
  readonly [key: string]: any;
}

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Input that is not a readable set of Kubernetes manifests. @internal */
export class ManifestInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestInputError';
  }
}

/** API group of an object (empty for the core group). @internal */
export function apiGroup(object: KubeObject): string {
  const slash = object.apiVersion.indexOf('/');
  return slash < 0 ? '' : object.apiVersion.slice(0, slash);
}

/** `namespace/name`, or `name` for a cluster-scoped object. @internal */
export function qualifiedName(object: KubeObject): string {
  return object.metadata.namespace ? `${object.metadata.namespace}/${object.metadata.name}` : object.metadata.name;
}

/** The key that matches an object across two outputs: API group (not version), kind, namespace and name. @internal */
export function objectKey(object: KubeObject): string {
  return [apiGroup(object), object.kind, object.metadata.namespace ?? '', object.metadata.name].join('|');
}

/** An object and where it was read: `file:line` of its YAML document. @internal */
export interface LocatedObject {
  readonly object: KubeObject;
  readonly source: string;
}

/** Every Kubernetes object in the manifests of a directory (searched recursively) or of one file. @internal */
export function readManifests(location: string): KubeObject[] {
  return readLocatedManifests(location).map(l => l.object);
}

/** `readManifests`, with where each object was read. @internal */
export function readLocatedManifests(location: string): LocatedObject[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(location);
  } catch (e) {
    throw new ManifestInputError(`${location}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const files = stat.isDirectory() ? manifestFiles(location) : [location];
  const objects = files.flatMap(readManifestFile);
  const seen = new Set<string>();
  for (const { object } of objects) {
    const key = objectKey(object);
    if (seen.has(key)) throw new ManifestInputError(`${location}: ${object.kind} ${qualifiedName(object)} is defined twice`);
    seen.add(key);
  }
  return objects;
}

function manifestFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap(entry => {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) return manifestFiles(full);
      return MANIFEST_EXTENSIONS.includes(path.extname(entry.name).toLowerCase()) ? [full] : [];
    });
}

function readManifestFile(file: string): LocatedObject[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch (e) {
    throw new ManifestInputError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return yaml().parseAllDocuments(text).flatMap((document, index) => {
    if (document.errors.length > 0) {
      throw new ManifestInputError(`${file}: not valid YAML or JSON (document ${index + 1}: ${document.errors[0].message.split('\n')[0]})`);
    }
    const value = document.toJS();
    if (value === null || value === undefined) return [];
    // `kubectl get -o yaml` writes a List; accept it so that live state can be compared too.
    const where = `${file}: document ${index + 1}`;
    const objects = isObject(value) && value.kind === 'List' && Array.isArray(value.items)
      ? toKubeObjects(value.items, item => `${where}, item ${item + 1}`)
      : toKubeObjects([value], () => where);
    const source = `${file}:${lineOf(text, document.contents?.range?.[0] ?? document.range[0])}`;
    return objects.map(object => ({ object, source }));
  });
}

/** Checks that every value is a Kubernetes object; `describe` names one for the error. @internal */
export function toKubeObjects(values: unknown[], describe: (index: number) => string): KubeObject[] {
  return values.map((value, index) => {
    if (!isKubeObject(value)) {
      throw new ManifestInputError(`${describe(index)} is not a Kubernetes object (it needs apiVersion, kind and metadata.name)`);
    }
    return value;
  });
}

/** The 1-based line of a character offset. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function isObject(value: unknown): value is { [key: string]: any } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isKubeObject(value: unknown): value is KubeObject {
  return isObject(value)
    && typeof value.apiVersion === 'string'
    && typeof value.kind === 'string'
    && isObject(value.metadata)
    && typeof value.metadata.name === 'string';
}

/**
 * The YAML parser, loaded on first use: only the diff guard reads manifests, and loading the parser with the
 * package was about 14 ms of the library's own load time.
 */
function yaml(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('yaml');
}
