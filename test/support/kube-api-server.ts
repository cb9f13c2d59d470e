/**
 * A loopback Kubernetes API server for end-to-end tests: plain HTTP on 127.0.0.1, namespaced resources of any
 * group/version/plural, with the parts of the protocol a controller relies on: list with resourceVersion, in pages
 * (`limit`/`continue`: every page from the snapshot of the first, at its resourceVersion; 410 Expired for a continue
 * token older than the retained window, as etcd's compaction makes it); watch
 * (chunked JSON lines) from a resourceVersion with bookmarks, 410 Gone once that version has left the retained
 * window; create/update with 409 on a stale metadata.resourceVersion; JSON merge patch and server-side apply
 * (treated as a merge) on the object and its /status; status-subresource semantics (writes to one never touch the
 * other). Tests drive it directly (apply, setStatus), count requests per verb, inject faults, expire watches, and
 * stop and restart it on the same port.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { Socket } from 'node:net';
import * as path from 'node:path';
import * as YAML from 'yaml';

type Obj = { [key: string]: any };

/** A resource type as the URL names it: `pxc.percona.com/v1` + `perconaxtradbclusters`. */
export interface ResourceId {
  readonly apiVersion: string;
  readonly plural: string;
}

export type Verb = 'list' | 'watch' | 'get' | 'create' | 'update' | 'patch' | 'delete';

/** One request the server answered. */
export interface RequestRecord {
  readonly verb: Verb;
  /** `apiVersion/plural`, e.g. `v1/events`. */
  readonly resource: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly subresource?: string;
  /** The query string, without the `?`. */
  readonly query: string;
  /** Requests of the same verb, resource and subresource in progress when this one arrived, itself included. */
  readonly concurrent: number;
  /** When it arrived (performance.now(), milliseconds). */
  readonly at: number;
  readonly status: number;
}

export interface KubeApiServerOptions {
  /** Bearer token clients must send. @default - none required */
  readonly token?: string;
  /** Watch events retained for resuming watches; older resourceVersions get 410. @default 1000 */
  readonly retainedEvents?: number;
  /** Interval of BOOKMARK events on watches that allow them. @default 500 ms */
  readonly bookmarkIntervalMs?: number;
  /** Serve HTTPS with this PEM key and certificate (for 127.0.0.1); the kubeconfig then carries the certificate as CA. */
  readonly tls?: { readonly key: string; readonly cert: string };
}

interface Watcher {
  readonly resource: string;
  readonly namespace?: string;
  readonly res: http.ServerResponse;
  readonly timers: NodeJS.Timeout[];
}

/** A request as matched by faults and delays, before it is answered. */
export type PendingRequest = Omit<RequestRecord, 'status'>;

interface Fault {
  remaining: number;
  readonly status: number;
  readonly match: (r: PendingRequest) => boolean;
}

interface Delay {
  readonly ms: number;
  readonly match: (r: PendingRequest) => boolean;
}

/** The objects of a paginated list, as they were at its first page. */
interface ListSnapshot {
  readonly rv: number;
  readonly items: ReadonlyArray<Obj>;
}

/** Called with every stored change: the resource (`apiVersion/plural`), the change, a copy of the object. */
export type ChangeListener = (resource: string, type: 'ADDED' | 'MODIFIED' | 'DELETED', object: Obj) => void;

/** Paginated lists whose snapshots are kept for their continue tokens; older ones expire. */
const RETAINED_LIST_SNAPSHOTS = 64;

interface HistoryEntry {
  readonly rv: number;
  readonly resource: string;
  readonly namespace: string;
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly object: Obj;
}

class HttpError extends Error {
  constructor(public readonly status: number, public readonly reason: string, message: string) {
    super(message);
  }
}

const clone = <T>(x: T): T => structuredClone(x);

/** The Status reasons of injected faults. */
const FAULT_REASONS: Record<number, string> = { 409: 'Conflict', 410: 'Expired', 429: 'TooManyRequests' };

/** RFC 7386 JSON merge patch. */
function mergePatch(target: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return clone(patch);
  const out: Obj = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export class KubeApiServer {
  /** Starts a server on a random loopback port. */
  public static async start(options: KubeApiServerOptions = {}): Promise<KubeApiServer> {
    const server = new KubeApiServer(options);
    await server.listen(0);
    return server;
  }

  /** Every request answered, in order. */
  public readonly requests: RequestRecord[] = [];
  public port = 0;
  private readonly store = new Map<string, Map<string, Obj>>();
  private history: HistoryEntry[] = [];
  /** Watches from a resourceVersion below this one are answered with 410 Gone. */
  private oldestResumable = 0;
  private rv = 1;
  private readonly watchers = new Set<Watcher>();
  private readonly sockets = new Set<Socket>();
  private readonly faults: Fault[] = [];
  private readonly delays: Delay[] = [];
  private readonly inProgress = new Map<string, number>();
  private readonly snapshots = new Map<string, ListSnapshot>();
  private readonly listeners = new Set<ChangeListener>();
  private server?: http.Server;

  private constructor(private readonly options: KubeApiServerOptions) {}

  public get url(): string {
    return `${this.options.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  /** Writes a kubeconfig for this server into `dir` and returns its path. */
  public writeKubeconfig(dir: string, namespace = 'default'): string {
    const file = path.join(dir, 'kubeconfig');
    fs.writeFileSync(file, YAML.stringify({
      'apiVersion': 'v1',
      'kind': 'Config',
      'clusters': [{
        name: 'loopback',
        cluster: { 'server': this.url, 'certificate-authority-data': this.options.tls && Buffer.from(this.options.tls.cert).toString('base64') },
      }],
      'users': [{ name: 'reconciler', user: this.options.token ? { token: this.options.token } : {} }],
      'contexts': [{ name: 'loopback', context: { cluster: 'loopback', user: 'reconciler', namespace } }],
      'current-context': 'loopback',
    }));
    return file;
  }

  // ---- direct access for tests (not counted as requests) ----

  /** Creates or replaces an object (metadata.namespace required), status included. */
  public apply(resource: ResourceId, obj: Obj): Obj {
    const existing = this.find(resource, obj.metadata.namespace, obj.metadata.name);
    return existing ? this.replace(resource, existing, { ...obj, metadata: { ...existing.metadata, ...obj.metadata } }, 'all')
      : this.insert(resource, obj.metadata.namespace, obj);
  }

  /** Replaces the status of an existing object, as its operator would. */
  public setStatus(resource: ResourceId, namespace: string, name: string, status: Obj): Obj {
    const existing = this.mustFind(resource, namespace, name);
    return this.replace(resource, existing, { ...existing, status: clone(status) }, 'status');
  }

  /** Changes the spec of an existing object by a merge patch, as a user's `kubectl edit` would. */
  public patchSpec(resource: ResourceId, namespace: string, name: string, patch: Obj): Obj {
    const existing = this.mustFind(resource, namespace, name);
    return this.replace(resource, existing, { ...existing, spec: mergePatch(existing.spec, patch) }, 'main');
  }

  public get(resource: ResourceId, namespace: string, name: string): Obj | undefined {
    const obj = this.find(resource, namespace, name);
    return obj && clone(obj);
  }

  public list(resource: ResourceId, namespace?: string): Obj[] {
    return [...(this.store.get(key(resource)) ?? new Map()).values()].filter((o) => !namespace || o.metadata.namespace === namespace).map(clone);
  }

  public remove(resource: ResourceId, namespace: string, name: string): void {
    this.delete(key(resource), this.mustFind(resource, namespace, name));
  }

  /** Calls `listener` with every change stored from now on; returns the function that stops it. */
  public onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Requests matching every given field. */
  public count(filter: Partial<RequestRecord>): number {
    return this.requests.filter((r) => Object.entries(filter).every(([k, v]) => (r as any)[k] === v)).length;
  }

  /** Answers the next `times` requests that match with `status` (409 Conflict, 410 Expired, 429 with Retry-After: 0, 5xx). */
  public failNext(times: number, status: number, match: (r: PendingRequest) => boolean = () => true): void {
    this.faults.push({ remaining: times, status, match });
  }

  /** Serves every request that matches `ms` after it arrived, as a loaded server would. */
  public delay(ms: number, match: (r: PendingRequest) => boolean): void {
    this.delays.push({ ms, match });
  }

  /** The most requests matching `filter` that were in progress at once. */
  public peakConcurrency(filter: Partial<RequestRecord>): number {
    return Math.max(0, ...this.requests.filter((r) => Object.entries(filter).every(([k, v]) => (r as any)[k] === v)).map((r) => r.concurrent));
  }

  /**
   * Forgets the watch history and ends every watch, as a compaction does: clients resuming from any version they
   * saw get 410 Gone, and so do continue tokens of lists begun before.
   */
  public expireWatches(): void {
    this.rv++;
    this.oldestResumable = this.rv;
    this.history = [];
    for (const w of [...this.watchers]) this.endWatch(w);
  }

  /** Stops listening and drops every connection (the data survives, as etcd would). */
  public async stop(): Promise<void> {
    for (const w of [...this.watchers]) this.endWatch(w);
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  /** Listens again on the same port. */
  public async restart(): Promise<void> {
    await this.stop();
    await this.listen(this.port);
  }

  // ---- storage ----

  private find(resource: ResourceId, namespace: string, name: string): Obj | undefined {
    return this.store.get(key(resource))?.get(`${namespace}/${name}`);
  }

  private mustFind(resource: ResourceId, namespace: string, name: string): Obj {
    const obj = this.find(resource, namespace, name);
    if (!obj) throw new HttpError(404, 'NotFound', `${resource.plural} "${name}" not found`);
    return obj;
  }

  private insert(resource: ResourceId, namespace: string, body: Obj): Obj {
    const k = key(resource);
    const objects = this.store.get(k) ?? new Map<string, Obj>();
    this.store.set(k, objects);
    const name = body.metadata?.name;
    if (!name) throw new HttpError(422, 'Invalid', 'metadata.name is required');
    if (objects.has(`${namespace}/${name}`)) throw new HttpError(409, 'AlreadyExists', `${resource.plural} "${name}" already exists`);
    const obj: Obj = clone(body);
    obj.apiVersion ??= resource.apiVersion;
    obj.metadata = {
      ...obj.metadata,
      namespace,
      uid: randomUUID(),
      resourceVersion: String(++this.rv),
      generation: 1,
      creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    };
    objects.set(`${namespace}/${name}`, obj);
    this.record(k, 'ADDED', obj);
    return clone(obj);
  }

  /** Stores `next` in place of `existing`; `part` says which of spec and status the write may change. */
  private replace(resource: ResourceId, existing: Obj, next: Obj, part: 'main' | 'status' | 'all'): Obj {
    const obj: Obj = clone(part === 'status' ? { ...existing, status: next.status } : next);
    if (part === 'main') {
      if (existing.status === undefined) delete obj.status;
      else obj.status = existing.status;
    }
    obj.apiVersion = existing.apiVersion;
    obj.kind = existing.kind;
    obj.metadata = { ...(part === 'status' ? existing.metadata : obj.metadata), ...pick(existing.metadata, ['uid', 'namespace', 'name', 'creationTimestamp']) };
    obj.metadata.generation = (existing.metadata.generation ?? 1) + (sameJson(existing.spec, obj.spec) ? 0 : 1);
    obj.metadata.resourceVersion = String(++this.rv);
    this.store.get(key(resource))!.set(`${existing.metadata.namespace}/${existing.metadata.name}`, obj);
    this.record(key(resource), 'MODIFIED', obj);
    return clone(obj);
  }

  private delete(resourceKey: string, existing: Obj): void {
    this.store.get(resourceKey)!.delete(`${existing.metadata.namespace}/${existing.metadata.name}`);
    const obj = { ...clone(existing), metadata: { ...existing.metadata, resourceVersion: String(++this.rv) } };
    this.record(resourceKey, 'DELETED', obj);
  }

  private record(resource: string, type: HistoryEntry['type'], object: Obj): void {
    const entry: HistoryEntry = { rv: this.rv, resource, namespace: object.metadata.namespace, type, object: clone(object) };
    this.history.push(entry);
    const limit = this.options.retainedEvents ?? 1000;
    while (this.history.length > limit) this.oldestResumable = this.history.shift()!.rv;
    for (const w of this.watchers) {
      if (w.resource === resource && (!w.namespace || w.namespace === entry.namespace)) send(w.res, { type, object: entry.object });
    }
    for (const listener of this.listeners) listener(resource, type, entry.object);
  }

  /** One page of a list: `limit` objects from the position and snapshot a continue token names. */
  private listPage(resource: ResourceId, namespace: string | undefined, query: URLSearchParams): Obj {
    const limit = Number(query.get('limit') ?? 0);
    const token = query.get('continue');
    let id: string;
    let offset = 0;
    let snapshot: ListSnapshot | undefined;
    if (token) {
      ({ id, offset } = JSON.parse(Buffer.from(token, 'base64').toString('utf8')));
      snapshot = this.snapshots.get(id);
      if (!snapshot || snapshot.rv < this.oldestResumable) {
        this.snapshots.delete(id);
        throw new HttpError(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
      }
    } else {
      id = randomUUID();
      const items = [...(this.store.get(key(resource))?.values() ?? [])].filter((o) => !namespace || o.metadata.namespace === namespace);
      snapshot = { rv: this.rv, items: items.sort((a, b) => objectOrder(a).localeCompare(objectOrder(b))) };
    }
    const end = limit > 0 ? Math.min(offset + limit, snapshot.items.length) : snapshot.items.length;
    const items = snapshot.items.slice(offset, end).map(clone);
    const more = end < snapshot.items.length;
    if (more) {
      this.snapshots.set(id, snapshot);
      while (this.snapshots.size > RETAINED_LIST_SNAPSHOTS) this.snapshots.delete(this.snapshots.keys().next().value!);
    } else {
      this.snapshots.delete(id);
    }
    const kind = items[0]?.kind ? `${items[0].kind}List` : 'List';
    return {
      apiVersion: resource.apiVersion,
      kind,
      metadata: {
        resourceVersion: String(snapshot.rv),
        ...(more ? { continue: Buffer.from(JSON.stringify({ id, offset: end })).toString('base64'), remainingItemCount: snapshot.items.length - end } : {}),
      },
      items,
    };
  }

  // ---- HTTP ----

  private listen(port: number): Promise<void> {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => this.handle(req, res);
    const server = this.options.tls ? https.createServer(this.options.tls, handler) : http.createServer(handler);
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        this.port = (server.address() as { port: number }).port;
        resolve();
      });
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let record: PendingRequest | undefined;
      let signature = '';
      const done = () => this.inProgress.set(signature, (this.inProgress.get(signature) ?? 1) - 1);
      const fail = (e: unknown) => {
        const error = e instanceof HttpError ? e : new HttpError(500, 'InternalError', String(e));
        if (record) this.requests.push({ ...record, status: error.status });
        res.writeHead(error.status, { 'Content-Type': 'application/json', ...(error.status === 429 ? { 'Retry-After': '0' } : {}) })
          .end(JSON.stringify(statusObject(error.status, error.reason, error.message)));
      };
      try {
        const url = new URL(req.url ?? '/', 'http://loopback');
        const route = parseRoute(url.pathname);
        const watch = url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
        const verb = verbOf(req.method ?? 'GET', route.name !== undefined, watch);
        signature = `${verb} ${key(route.resource)}/${route.subresource ?? ''}`;
        const concurrent = (this.inProgress.get(signature) ?? 0) + 1;
        this.inProgress.set(signature, concurrent);
        res.on('close', done);
        const pending: PendingRequest = {
          verb,
          resource: key(route.resource),
          namespace: route.namespace,
          name: route.name,
          subresource: route.subresource,
          query: url.search.slice(1),
          concurrent,
          at: performance.now(),
        };
        record = pending;
        if (this.options.token && req.headers.authorization !== `Bearer ${this.options.token}`) throw new HttpError(401, 'Unauthorized', 'Unauthorized');
        const fault = this.faults.find((f) => f.remaining > 0 && f.match(pending));
        if (fault) {
          fault.remaining--;
          throw new HttpError(fault.status, FAULT_REASONS[fault.status] ?? 'InternalError', 'injected fault');
        }
        const answer = () => {
          if (verb === 'watch') {
            this.requests.push({ ...pending, status: 200 });
            this.watch(route, url.searchParams, res);
            return;
          }
          const body = chunks.length ? parseBody(Buffer.concat(chunks).toString('utf8'), req.headers['content-type']) : undefined;
          const result = this.serve(verb, route, body, req.headers['content-type'], url.searchParams);
          this.requests.push({ ...pending, status: result.status });
          res.writeHead(result.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(result.body));
        };
        const delayed = this.delays.find((d) => d.match(pending));
        if (!delayed) return answer();
        setTimeout(() => {
          try {
            if (!res.destroyed) answer();
          } catch (e) {
            fail(e);
          }
        }, delayed.ms);
      } catch (e) {
        fail(e);
      }
    });
  }

  private serve(verb: Verb, route: Route, body: Obj | undefined, contentType: string | undefined, query: URLSearchParams)
    : { status: number; body: Obj } {
    const { resource, namespace, name, subresource } = route;
    switch (verb) {
      case 'list':
        return { status: 200, body: this.listPage(resource, namespace, query) };
      case 'get':
        return { status: 200, body: clone(this.mustFind(resource, namespace!, name!)) };
      case 'create':
        if (!namespace) throw new HttpError(405, 'MethodNotAllowed', 'only namespaced resources are served');
        return { status: 201, body: this.insert(resource, namespace, body ?? {}) };
      case 'update':
      case 'patch': {
        const existing = this.mustFind(resource, namespace!, name!);
        const expected = body?.metadata?.resourceVersion;
        if (expected && expected !== existing.metadata.resourceVersion) {
          throw new HttpError(409, 'Conflict', `Operation cannot be fulfilled on ${resource.plural} "${name}": the object has been modified; please apply your changes to the latest version and try again`);
        }
        if (verb === 'patch' && !/merge-patch|apply-patch/.test(contentType ?? '')) throw new HttpError(415, 'UnsupportedMediaType', `unsupported patch type ${contentType}`);
        const next = verb === 'update' ? body ?? {} : mergePatch(existing, body ?? {});
        return { status: 200, body: this.replace(resource, existing, next, subresource === 'status' ? 'status' : 'main') };
      }
      case 'delete':
        this.delete(key(resource), this.mustFind(resource, namespace!, name!));
        return { status: 200, body: statusObject(200, '', 'deleted') };
      default:
        throw new HttpError(405, 'MethodNotAllowed', verb);
    }
  }

  private watch(route: Route, query: URLSearchParams, res: http.ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    const from = query.get('resourceVersion') ?? '';
    const watcher: Watcher = { resource: key(route.resource), namespace: route.namespace, res, timers: [] };
    if (from !== '' && from !== '0' && Number(from) < this.oldestResumable) {
      send(res, { type: 'ERROR', object: statusObject(410, 'Expired', `too old resource version: ${from} (${this.oldestResumable})`) });
      res.end();
      return;
    }
    if (from === '' || from === '0') {
      for (const object of this.list(route.resource, route.namespace)) send(res, { type: 'ADDED', object });
    } else {
      for (const e of this.history) {
        const watched = e.resource === watcher.resource && (!route.namespace || e.namespace === route.namespace);
        if (e.rv > Number(from) && watched) send(res, { type: e.type, object: e.object });
      }
    }
    this.watchers.add(watcher);
    if (query.get('allowWatchBookmarks') === 'true') {
      watcher.timers.push(setInterval(() => send(res, {
        type: 'BOOKMARK',
        object: { apiVersion: route.resource.apiVersion, metadata: { resourceVersion: String(this.rv) } },
      }), this.options.bookmarkIntervalMs ?? 500));
    }
    const timeout = Number(query.get('timeoutSeconds') ?? 0);
    if (timeout > 0) watcher.timers.push(setTimeout(() => this.endWatch(watcher), timeout * 1000));
    res.on('close', () => this.endWatch(watcher));
  }

  private endWatch(w: Watcher): void {
    w.timers.forEach((t) => clearTimeout(t));
    this.watchers.delete(w);
    if (!w.res.writableEnded) w.res.end();
  }
}

interface Route {
  readonly resource: ResourceId;
  readonly namespace?: string;
  readonly name?: string;
  readonly subresource?: string;
}

function key(resource: ResourceId): string {
  return `${resource.apiVersion}/${resource.plural}`;
}

/** Lists come in etcd's key order: by namespace, then name. */
function objectOrder(obj: Obj): string {
  return `${obj.metadata.namespace}/${obj.metadata.name}`;
}

/** `/api/v1/...` or `/apis/group/version/...`, then `[namespaces/ns/]plural[/name[/subresource]]`. */
function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let apiVersion: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) [apiVersion, rest] = [parts[1], parts.slice(2)];
  else if (parts[0] === 'apis' && parts.length >= 4) [apiVersion, rest] = [`${parts[1]}/${parts[2]}`, parts.slice(3)];
  else throw new HttpError(404, 'NotFound', `no route for ${pathname}`);
  const namespace = rest[0] === 'namespaces' && rest.length >= 3 ? rest[1] : undefined;
  if (namespace) rest = rest.slice(2);
  const [plural, name, subresource] = rest;
  return { resource: { apiVersion, plural }, namespace, name, subresource };
}

function verbOf(method: string, item: boolean, watch: boolean): Verb {
  if (method === 'GET') return item ? 'get' : watch ? 'watch' : 'list';
  const verbs: Record<string, Verb> = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };
  const verb = verbs[method];
  if (!verb) throw new HttpError(405, 'MethodNotAllowed', method);
  return verb;
}

function parseBody(text: string, contentType: string | undefined): Obj {
  try {
    return contentType?.includes('yaml') ? YAML.parse(text) : JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, 'BadRequest', `cannot decode body: ${(e as Error).message}`);
  }
}

function statusObject(code: number, reason: string, message: string): Obj {
  return { apiVersion: 'v1', kind: 'Status', metadata: {}, status: code < 300 ? 'Success' : 'Failure', reason, message, code };
}

function send(res: http.ServerResponse, event: Obj): void {
  if (!res.writableEnded) res.write(`${JSON.stringify(event)}\n`);
}

function pick(obj: Obj, keys: string[]): Obj {
  return Object.fromEntries(keys.filter((k) => obj[k] !== undefined).map((k) => [k, obj[k]]));
}
