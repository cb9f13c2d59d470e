/**
 * Keeps every ManagedDatabase's status in line with its native resource and backups. Informers feed a queue of
 * ManagedDatabase keys; workers reconcile them concurrently (one key never twice at once) from the caches alone, and
 * patch a status only when the computed one differs from the stored one. The client's rate limiter bounds what a
 * fleet-wide change sends to the API server. A failed write leaves the key queued, so no update is lost.
 */
import { Backoff } from './backoff';
import { canonical } from './fingerprint';
import { Informer, objectKey } from './informer';
import { ApiError, collectionPath, KubeClient } from './kube-client';
import { Log } from './log';
import { desiredStatus, rfc3339 } from './status';
import { KubeObject, MANAGED_DATABASE, mappingFor, OperatorStatusMapping, Phase, ResourceType } from '../status-mapping';

const WARNING_PHASES: ReadonlyArray<Phase> = ['Degraded', 'Failed'];
const MAX_CONFLICT_RETRIES = 5;
const COMPONENT = 'cdk8s-dbaas-status-reconciler';

/** Counters the metrics endpoint reports. */
export interface ReconcilerCounters {
  statusWrites: number;
  conflicts: number;
  watchRestarts: number;
  relists: number;
  events: number;
}

export interface ControllerOptions {
  /** Namespaces to watch; all when undefined. */
  readonly namespaces?: ReadonlyArray<string>;
  /** How each operator reports status (the operator registry's mappings). */
  readonly mappings: ReadonlyArray<OperatorStatusMapping>;
  /** Keys reconciled at once. */
  readonly workers: number;
  /** Objects per list page. */
  readonly pageSize?: number;
}

/** The newest success among the backups of one native cluster, kept per backup object. */
type BackupIndex = Map<string, Map<string, Date | undefined>>;

export class Controller {
  public readonly counters: ReconcilerCounters = { statusWrites: 0, conflicts: 0, watchRestarts: 0, relists: 0, events: 0 };
  private readonly informers = new Map<string, Informer[]>();
  private readonly mappings: ReadonlyArray<OperatorStatusMapping>;
  private readonly workers: number;
  /** Keys waiting, in order; keys being reconciled; keys that changed while being reconciled. */
  private readonly queue = new Set<string>();
  private readonly active = new Set<string>();
  private readonly again = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private pumpScheduled = false;
  /** ManagedDatabase keys by the native cluster they name (`typeKey|namespace|name`), and the other way round. */
  private readonly byNative = new Map<string, Set<string>>();
  private readonly nativeOf = new Map<string, string>();
  /** Successful backups' completion times by native cluster, and each backup's cluster. */
  private readonly backups: BackupIndex = new Map();
  private readonly backupCluster = new Map<string, string>();
  /** One copy of each list of fingerprint paths: databases of one shape share theirs. */
  private readonly paths = new Map<string, ReadonlyArray<string>>();
  private readonly recheckTimers = new Map<string, NodeJS.Timeout>();
  private readonly retryTimers = new Map<string, NodeJS.Timeout>();
  private readonly retryBackoffs = new Map<string, Backoff>();
  private leading = false;
  private stopped = false;
  private firstPass?: { readonly startedAt: number; reconciled: number; written: number };

  constructor(
    private readonly client: KubeClient,
    private readonly log: Log,
    private readonly identity: string,
    options: ControllerOptions,
  ) {
    this.mappings = options.mappings;
    this.workers = Math.max(1, options.workers);
    const types = [MANAGED_DATABASE, ...this.mappings.flatMap((op) => [op.cluster, op.backup])];
    for (const type of types) {
      this.informers.set(typeKey(type), (options.namespaces ?? [undefined]).map((ns) => new Informer(client, type, ns, {
        changed: (obj) => this.onChange(type, obj),
        deleted: (obj) => this.onChange(type, obj, true),
        synced: () => this.enqueueAll(),
        restarted: (expired) => {
          this.counters.watchRestarts++;
          if (expired) this.counters.relists++;
        },
      }, log, { pageSize: options.pageSize, transform: type === MANAGED_DATABASE ? (md) => this.internPaths(md) : undefined })));
    }
  }

  /** Runs the informers until `stop()`. */
  public start(): void {
    for (const informer of this.allInformers()) {
      informer.run().catch((e) => this.log.error('informer stopped', { type: informer.type.kind, error: String(e) }));
    }
  }

  /** True once every informer has listed its kind. */
  public get synced(): boolean {
    return this.allInformers().every((i) => i.synced);
  }

  public get isLeader(): boolean {
    return this.leading;
  }

  /** Keys waiting or being reconciled. */
  public get queueDepth(): number {
    return this.queue.size + this.active.size;
  }

  /** Only the leader writes; a new leader reconciles everything once. */
  public setLeader(leading: boolean): void {
    if (leading === this.leading) return;
    this.leading = leading;
    this.log.info(leading ? 'leading: writing status' : 'following: not writing status', { identity: this.identity });
    if (leading) {
      this.firstPass = { startedAt: Date.now(), reconciled: 0, written: 0 };
      this.enqueueAll();
    }
  }

  /** Every ManagedDatabase in the caches. */
  public managedDatabases(): KubeObject[] {
    return this.informersOf(MANAGED_DATABASE).flatMap((i) => [...i.cache.values()]);
  }

  /** Stops watching and waits for the writes in progress. */
  public async stop(): Promise<void> {
    this.stopped = true;
    for (const informer of this.allInformers()) informer.stop();
    for (const timer of [...this.recheckTimers.values(), ...this.retryTimers.values()]) clearTimeout(timer);
    await Promise.allSettled([...this.inFlight]);
  }

  private allInformers(): Informer[] {
    return [...this.informers.values()].flat();
  }

  private informersOf(type: ResourceType): Informer[] {
    return this.informers.get(typeKey(type)) ?? [];
  }

  private cached(type: ResourceType, namespace: string, name: string): KubeObject | undefined {
    for (const informer of this.informersOf(type)) {
      const obj = informer.cache.get(`${namespace}/${name}`);
      if (obj) return obj;
    }
    return undefined;
  }

  private onChange(type: ResourceType, obj: KubeObject, deleted = false): void {
    const key = objectKey(obj);
    if (type === MANAGED_DATABASE) {
      this.indexManagedDatabase(key, deleted ? undefined : obj);
      if (deleted) this.forget(key);
      else this.enqueue(key);
      return;
    }
    const operator = this.mappings.find((op) => op.cluster === type || op.backup === type);
    if (!operator) return;
    const namespace = obj.metadata?.namespace ?? '';
    if (type === operator.cluster) {
      this.dependents(nativeKey(operator, namespace, obj.metadata?.name)).forEach((md) => this.enqueue(md));
      return;
    }
    // A backup: re-index it, and reconcile the databases of the cluster it belonged to and belongs to now.
    const before = this.backupCluster.get(key);
    const report = deleted ? undefined : operator.backupReport(obj);
    const after = report?.cluster === undefined ? undefined : nativeKey(operator, namespace, report.cluster);
    // A backup object that runs a whole schedule reports its newest run: while the next one runs or fails, its last
    // success is still the last success of the cluster.
    const kept = before !== undefined && before === after ? this.backups.get(before)?.get(key) : undefined;
    if (before) this.backups.get(before)?.delete(key);
    if (after) {
      const reported = report?.phase === 'Succeeded' && report.completedAt ? new Date(report.completedAt) : undefined;
      const completed = reported && !isNaN(reported.getTime()) ? reported : undefined;
      const entries = this.backups.get(after) ?? new Map<string, Date | undefined>();
      entries.set(key, kept && (!completed || kept > completed) ? kept : completed);
      this.backups.set(after, entries);
      this.backupCluster.set(key, after);
    } else {
      this.backupCluster.delete(key);
    }
    for (const cluster of new Set([before, after])) {
      if (cluster) this.dependents(cluster).forEach((md) => this.enqueue(md));
    }
  }

  /** The ManagedDatabase with its fingerprint paths shared with every other of the same list. */
  private internPaths(md: KubeObject): KubeObject {
    const paths: unknown = md.spec?.fingerprint?.paths;
    if (!Array.isArray(paths)) return md;
    const key = paths.join('\n');
    const shared = this.paths.get(key) ?? paths;
    this.paths.set(key, shared);
    return { ...md, spec: { ...md.spec, fingerprint: { ...md.spec.fingerprint, paths: shared } } };
  }

  /** Keeps the index from native clusters to the ManagedDatabases that name them. */
  private indexManagedDatabase(key: string, md: KubeObject | undefined): void {
    const before = this.nativeOf.get(key);
    const resource = md?.spec?.resource;
    const operator = resource && mappingFor(this.mappings, resource.apiVersion, resource.kind);
    const after = operator ? nativeKey(operator, md?.metadata?.namespace ?? '', resource.name) : undefined;
    if (before === after) return;
    if (before) this.byNative.get(before)?.delete(key);
    if (after) {
      this.byNative.set(after, (this.byNative.get(after) ?? new Set()).add(key));
      this.nativeOf.set(key, after);
    } else {
      this.nativeOf.delete(key);
    }
  }

  private dependents(native: string): ReadonlyArray<string> {
    return [...this.byNative.get(native) ?? []];
  }

  private enqueueAll(): void {
    for (const md of this.managedDatabases()) this.enqueue(objectKey(md));
    this.schedulePump();
  }

  private enqueue(key: string): void {
    if (this.active.has(key)) this.again.add(key);
    else this.queue.add(key);
    this.schedulePump();
  }

  /** Lets a burst of watch events collapse into one reconcile per key. */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private forget(key: string): void {
    this.queue.delete(key);
    this.again.delete(key);
    for (const timers of [this.recheckTimers, this.retryTimers]) {
      clearTimeout(timers.get(key));
      timers.delete(key);
    }
    this.retryBackoffs.delete(key);
  }

  /** Starts workers on queued keys; keys stay queued while this replica may not write or caches are cold. */
  private pump(): void {
    while (this.active.size < this.workers && this.queue.size > 0 && this.leading && this.synced && !this.stopped) {
      const key: string = this.queue.values().next().value!;
      this.queue.delete(key);
      this.active.add(key);
      const work = this.work(key).finally(() => {
        this.inFlight.delete(work);
        this.active.delete(key);
        if (this.again.delete(key)) this.queue.add(key);
        this.pump();
      });
      this.inFlight.add(work);
    }
    this.reportFirstPass();
  }

  private async work(key: string): Promise<void> {
    try {
      const written = await this.reconcile(key);
      this.retryBackoffs.delete(key);
      if (this.firstPass) {
        this.firstPass.reconciled++;
        if (written) this.firstPass.written++;
      }
    } catch (e) {
      this.retryLater(key, e);
    }
  }

  /** Logs once when the leader has reconciled every ManagedDatabase after taking over. */
  private reportFirstPass(): void {
    if (!this.firstPass || this.queueDepth > 0 || !this.synced || !this.leading) return;
    const { startedAt, reconciled, written } = this.firstPass;
    this.firstPass = undefined;
    this.log.info('every ManagedDatabase reconciled', { databases: this.managedDatabases().length, reconciled, written, ms: Date.now() - startedAt });
  }

  private retryLater(key: string, e: unknown): void {
    const backoff = this.retryBackoffs.get(key) ?? new Backoff(200, 10_000);
    this.retryBackoffs.set(key, backoff);
    const wait = backoff.next(e instanceof ApiError ? e.retryAfterSeconds : undefined);
    this.log.warn('status write failed, retrying', { key, error: String((e as Error).message ?? e), retryInMs: Math.round(wait) });
    clearTimeout(this.retryTimers.get(key));
    this.retryTimers.set(key, setTimeout(() => {
      this.retryTimers.delete(key);
      this.enqueue(key);
    }, wait));
  }

  /** Brings one ManagedDatabase's status in line; true when it wrote. */
  private async reconcile(key: string): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      const [namespace, name] = key.split('/');
      const md = this.cached(MANAGED_DATABASE, namespace, name);
      if (!md) return false;
      const resource = md.spec?.resource ?? {};
      const operator = mappingFor(this.mappings, resource.apiVersion, resource.kind);
      const native = operator && this.cached(operator.cluster, namespace, resource.name);
      const { status, recheckAt } = desiredStatus({
        managedDatabase: md,
        operator,
        native,
        lastSuccessfulBackup: operator && this.lastSuccessfulBackup(nativeKey(operator, namespace, resource.name)),
        now: new Date(),
      });
      this.scheduleRecheck(key, recheckAt);
      if (canonical(status) === canonical(md.status ?? {})) return false;
      try {
        const updated = await this.client.request('PATCH', `${collectionPath(MANAGED_DATABASE, namespace)}/${name}/status`,
          mergePatch(md, status), 'application/merge-patch+json');
        this.counters.statusWrites++;
        this.remember(key, updated);
        if (md.status?.phase !== status.phase) await this.emitPhaseEvent(updated, md.status?.phase, status);
        return true;
      } catch (e) {
        if (!(e instanceof ApiError) || (e.status !== 409 && e.status !== 404)) throw e;
        if (e.status === 404) return false;
        // Someone wrote in between: read the current object and compute again from it.
        this.counters.conflicts++;
        this.remember(key, await this.client.request('GET', `${collectionPath(MANAGED_DATABASE, namespace)}/${name}`));
      }
    }
    throw new Error(`status of ${key} still conflicts after ${MAX_CONFLICT_RETRIES} attempts`);
  }

  private remember(key: string, md: KubeObject): void {
    this.informersOf(MANAGED_DATABASE).forEach((i) => i.cache.has(key) && i.remember(md));
  }

  private lastSuccessfulBackup(native: string): Date | undefined {
    let newest: Date | undefined;
    for (const at of this.backups.get(native)?.values() ?? []) {
      if (at && (!newest || at > newest)) newest = at;
    }
    return newest;
  }

  /** Backups turn stale with time alone: reconcile again at that moment (a local timer, not a poll). */
  private scheduleRecheck(key: string, at: number | undefined): void {
    clearTimeout(this.recheckTimers.get(key));
    this.recheckTimers.delete(key);
    if (at === undefined || this.stopped) return;
    // setTimeout overflows past ~24.8 days; an earlier recheck just finds nothing to change.
    const wait = Math.min(Math.max(0, at - Date.now()) + 10, 2 ** 31 - 1);
    this.recheckTimers.set(key, setTimeout(() => this.enqueue(key), wait));
  }

  /**
   * An Event per phase change: a Warning for Degraded and Failed, Normal otherwise. A first status records one only
   * when it is a Warning: a reconciler installed over a fleet (or a new ManagedDatabase) has nothing to tell about
   * databases that are simply there.
   */
  private async emitPhaseEvent(md: KubeObject, from: string | undefined, status: KubeObject): Promise<void> {
    const warning = WARNING_PHASES.includes(status.phase);
    if (from === undefined && !warning) return;
    const now = rfc3339(new Date());
    const { name, namespace, uid, resourceVersion } = md.metadata;
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${name}.${Date.now().toString(16)}${Math.floor(Math.random() * 0xfff).toString(16)}`, namespace },
      involvedObject: { apiVersion: md.apiVersion, kind: md.kind ?? MANAGED_DATABASE.kind, name, namespace, uid, resourceVersion },
      reason: 'PhaseChanged',
      message: `${from ?? 'Unknown'} → ${status.phase}: ${readyMessage(status)}`,
      type: warning ? 'Warning' : 'Normal',
      source: { component: COMPONENT },
      reportingComponent: COMPONENT,
      reportingInstance: this.identity,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    };
    try {
      await this.client.request('POST', `/api/v1/namespaces/${namespace}/events`, event);
      this.counters.events++;
    } catch (e) {
      // Events are best effort: the status already carries the phase.
      this.log.warn('could not record event', { key: `${namespace}/${name}`, error: (e as Error).message });
    }
  }
}

function typeKey(type: ResourceType): string {
  return `${type.group}/${type.version}/${type.plural}`;
}

/** The key of one native cluster of one operator. */
function nativeKey(operator: OperatorStatusMapping, namespace: string, name: string | undefined): string {
  return `${typeKey(operator.cluster)}|${namespace}|${name}`;
}

/** The Ready condition's message: what the operator reports and what is ready. */
function readyMessage(status: KubeObject): string {
  return (status.conditions ?? []).find((c: KubeObject) => c.type === 'Ready')?.message ?? '';
}

/** A merge patch that turns the stored status into `status` (removed fields become null), guarded by the resourceVersion. */
function mergePatch(md: KubeObject, status: KubeObject): KubeObject {
  const removed = Object.keys(md.status ?? {}).filter((k) => !(k in status));
  return {
    metadata: { resourceVersion: md.metadata?.resourceVersion },
    status: { ...Object.fromEntries(removed.map((k) => [k, null])), ...status },
  };
}
