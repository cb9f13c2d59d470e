/**
 * A list+watch cache of one resource type (in one namespace or all): lists once, in pages (limit/continue, as
 * client-go's reflector does), then watches from the list's resourceVersion with bookmarks, resumes from the last
 * version seen after a dropped connection, and relists when the server says that version has expired (410). It never
 * polls. Objects are cached without the metadata the reconciler never reads (managedFields, annotations, labels):
 * on a real API server those are most of an object's size.
 */
import { Backoff, delay } from './backoff';
import { ApiError, collectionPath, KubeClient, WatchHandle } from './kube-client';
import { Log } from './log';
import { KubeObject, ResourceType } from '../status-mapping';

/** How long to wait before asking again for a kind the API server does not serve (operator not installed). */
const ABSENT_KIND_RETRY_MS = 30_000;
/** How long past its own timeout a watch may stay open before it counts as a dead connection. */
const WATCH_GRACE_SECONDS = 30;
/** Objects per list page: client-go's reflector pages by 500. */
export const DEFAULT_PAGE_SIZE = 500;
/** The metadata the reconciler reads; the rest is dropped from the cache. */
const KEPT_METADATA = ['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp'];

export interface InformerEvents {
  /** An object was added or changed. */
  changed(obj: KubeObject): void;
  /** An object was deleted. */
  deleted(obj: KubeObject): void;
  /** The first list completed (or the kind turned out not to be served). */
  synced(): void;
  /** A watch ended and will be reopened; `expired` when a relist follows. */
  restarted(expired: boolean): void;
}

export interface InformerOptions {
  /** Objects per list page. @default 500 */
  readonly pageSize?: number;
  /** What the cache keeps of each object, after the metadata the reconciler never reads is dropped. */
  readonly transform?: (obj: KubeObject) => KubeObject;
}

export function objectKey(obj: KubeObject): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name}`;
}

/** The object with only the metadata the reconciler reads. */
function slim(obj: KubeObject): KubeObject {
  const metadata = obj.metadata ?? {};
  return { ...obj, metadata: Object.fromEntries(KEPT_METADATA.filter((k) => metadata[k] !== undefined).map((k) => [k, metadata[k]])) };
}

export class Informer {
  /** The objects, by `namespace/name`. */
  public readonly cache = new Map<string, KubeObject>();
  public synced = false;
  private resourceVersion = '';
  private watch?: WatchHandle;
  private readonly stopping = new AbortController();
  private readonly backoff = new Backoff(200, 5_000);
  private readonly path: string;
  private readonly pageSize: number;
  private readonly transform: (obj: KubeObject) => KubeObject;

  constructor(
    private readonly client: KubeClient,
    public readonly type: ResourceType,
    namespace: string | undefined,
    private readonly events: InformerEvents,
    private readonly log: Log,
    options: InformerOptions = {},
  ) {
    this.path = collectionPath(type, namespace);
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.transform = options.transform ?? ((obj) => obj);
  }

  public async run(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      try {
        if (!this.resourceVersion) await this.relist();
        await this.watchOnce();
        this.backoff.reset();
        this.events.restarted(false);
      } catch (e) {
        if (this.stopping.signal.aborted) return;
        const error = e instanceof ApiError ? e : new ApiError(String(e), 0);
        if (error.status === 410) {
          this.log.info('watch expired, relisting', { path: this.path });
          this.resourceVersion = '';
          this.events.restarted(true);
        } else if (error.status === 404) {
          this.markSynced();
          await delay(ABSENT_KIND_RETRY_MS, this.stopping.signal);
        } else {
          const wait = this.backoff.next(error.retryAfterSeconds);
          this.log.warn('watch failed, retrying', { path: this.path, error: error.message, retryInMs: Math.round(wait) });
          this.events.restarted(false);
          await delay(wait, this.stopping.signal);
        }
      }
    }
  }

  public stop(): void {
    this.stopping.abort();
    this.watch?.abort();
  }

  /** Takes a newer copy of an object that a write returned, before its watch event arrives. */
  public remember(obj: KubeObject): void {
    this.cache.set(objectKey(obj), this.transform(slim(obj)));
  }

  /**
   * Every object, page by page. A continue token that expired before the last page (410) restarts the list, as
   * client-go's reflector does: the pages then come from one consistent snapshot again.
   */
  private async listAll(): Promise<{ readonly items: KubeObject[]; readonly resourceVersion: string }> {
    for (;;) {
      const items: KubeObject[] = [];
      let first: KubeObject | undefined;
      let token: string | undefined;
      try {
        do {
          const query = `?limit=${this.pageSize}${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
          const page = await this.client.request('GET', this.path + query);
          first ??= page;
          // Lists leave apiVersion and kind out of their items.
          for (const item of page.items ?? []) items.push(this.transform(slim({ apiVersion: page.apiVersion, kind: this.type.kind, ...item })));
          token = page.metadata?.continue || undefined;
        } while (token);
      } catch (e) {
        if (token && e instanceof ApiError && e.status === 410 && !this.stopping.signal.aborted) {
          this.log.info('list continue token expired, listing again', { path: this.path });
          continue;
        }
        throw e;
      }
      return { items, resourceVersion: first?.metadata?.resourceVersion ?? '' };
    }
  }

  private async relist(): Promise<void> {
    const list = await this.listAll();
    const seen = new Set<string>();
    for (const obj of list.items) {
      const key = objectKey(obj);
      seen.add(key);
      const previous = this.cache.get(key);
      this.cache.set(key, obj);
      if (previous?.metadata?.resourceVersion !== obj.metadata?.resourceVersion) this.events.changed(obj);
    }
    for (const [key, obj] of this.cache) {
      if (!seen.has(key)) {
        this.cache.delete(key);
        this.events.deleted(obj);
      }
    }
    this.resourceVersion = list.resourceVersion;
    this.markSynced();
  }

  private markSynced(): void {
    if (this.synced) return;
    this.synced = true;
    this.events.synced();
  }

  private async watchOnce(): Promise<void> {
    if (this.stopping.signal.aborted) return;
    // Spread reconnects like client-go: a random timeout between 5 and 10 minutes.
    const timeoutSeconds = 300 + Math.floor(Math.random() * 300);
    const query = `?watch=true&allowWatchBookmarks=true&resourceVersion=${encodeURIComponent(this.resourceVersion)}&timeoutSeconds=${timeoutSeconds}`;
    this.watch = this.client.watch(this.path + query, (event) => this.apply(event));
    // The server ends the watch at its timeout; one still open well after that is a connection that died silently.
    const deadline = setTimeout(() => this.watch?.abort(), (timeoutSeconds + WATCH_GRACE_SECONDS) * 1000);
    try {
      await this.watch.done;
    } finally {
      clearTimeout(deadline);
    }
  }

  private apply(event: KubeObject): void {
    const obj = event.type === 'BOOKMARK' || event.type === 'ERROR' ? event.object ?? {} : this.transform(slim(event.object ?? {}));
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED':
        this.cache.set(objectKey(obj), obj);
        this.events.changed(obj);
        break;
      case 'DELETED':
        this.cache.delete(objectKey(obj));
        this.events.deleted(obj);
        break;
      case 'BOOKMARK':
        break;
      case 'ERROR':
        throw new ApiError(`WATCH ${this.path}: ${obj.message ?? 'error event'}`, obj.code ?? 500);
      default:
        return;
    }
    this.backoff.reset();
    this.resourceVersion = obj.metadata?.resourceVersion ?? this.resourceVersion;
  }
}
