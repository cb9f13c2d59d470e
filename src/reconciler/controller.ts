/**
 * Keeps every ManagedDatabase's status in line with its native resource and backups. Informers feed a queue of
 * ManagedDatabase keys; each key is reconciled from the caches alone, and its status is patched only when the
 * computed status differs from the stored one. A failed write leaves the key queued, so no update is lost.
 */
import { Backoff } from './backoff';
import { canonical } from './fingerprint';
import { Informer, objectKey } from './informer';
import { ApiError, collectionPath, KubeClient } from './kube-client';
import { Log } from './log';
import { desiredStatus, rfc3339 } from './status';
import { KubeObject, MANAGED_DATABASE, mappingFor, OperatorStatusMapping, Phase, ResourceType } from '../status-mapping';

const EVENT_TYPES: ReadonlyArray<Phase> = ['Degraded', 'Failed'];
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

export class Controller {
  public readonly counters: ReconcilerCounters = { statusWrites: 0, conflicts: 0, watchRestarts: 0, relists: 0, events: 0 };
  private readonly informers = new Map<string, Informer[]>();
  private readonly queue = new Set<string>();
  private readonly recheckTimers = new Map<string, NodeJS.Timeout>();
  private readonly retryTimers = new Map<string, NodeJS.Timeout>();
  private readonly retryBackoffs = new Map<string, Backoff>();
  private leading = false;
  private stopped = false;
  private draining?: Promise<void>;

  constructor(
    private readonly client: KubeClient,
    private readonly log: Log,
    private readonly identity: string,
    namespaces: ReadonlyArray<string> | undefined,
    /** How each operator reports status (the operator registry's mappings). */
    private readonly mappings: ReadonlyArray<OperatorStatusMapping>,
  ) {
    const types = [MANAGED_DATABASE, ...mappings.flatMap((op) => [op.cluster, op.backup])];
    for (const type of types) {
      this.informers.set(typeKey(type), (namespaces ?? [undefined]).map((ns) => new Informer(client, type, ns, {
        changed: (obj) => this.onChange(type, obj),
        deleted: (obj) => this.onChange(type, obj, true),
        synced: () => this.enqueueAll(),
        restarted: (expired) => {
          this.counters.watchRestarts++;
          if (expired) this.counters.relists++;
        },
      }, log)));
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

  /** Only the leader writes; a new leader reconciles everything once. */
  public setLeader(leading: boolean): void {
    if (leading === this.leading) return;
    this.leading = leading;
    this.log.info(leading ? 'leading: writing status' : 'following: not writing status', { identity: this.identity });
    if (leading) this.enqueueAll();
  }

  /** Every ManagedDatabase in the caches. */
  public managedDatabases(): KubeObject[] {
    return this.informersOf(MANAGED_DATABASE).flatMap((i) => [...i.cache.values()]);
  }

  /** Stops watching and waits for the write in progress, if any. */
  public async stop(): Promise<void> {
    this.stopped = true;
    for (const informer of this.allInformers()) informer.stop();
    for (const timer of [...this.recheckTimers.values(), ...this.retryTimers.values()]) clearTimeout(timer);
    await this.draining;
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
    const namespace = obj.metadata?.namespace ?? '';
    if (type === MANAGED_DATABASE) {
      if (deleted) this.forget(objectKey(obj));
      else this.enqueue(objectKey(obj));
      return;
    }
    const operator = this.mappings.find((op) => op.cluster === type || op.backup === type);
    if (!operator) return;
    const clusterName = type === operator.cluster ? obj.metadata?.name : operator.backupCluster(obj);
    for (const md of this.managedDatabases()) {
      const resource = md.spec?.resource ?? {};
      const sameOperator = mappingFor(this.mappings, resource.apiVersion, resource.kind) === operator;
      if (md.metadata?.namespace === namespace && resource.name === clusterName && sameOperator) {
        this.enqueue(objectKey(md));
      }
    }
  }

  private enqueueAll(): void {
    for (const md of this.managedDatabases()) this.enqueue(objectKey(md));
  }

  private enqueue(key: string): void {
    this.queue.add(key);
    this.draining ??= this.drain().finally(() => (this.draining = undefined));
  }

  private forget(key: string): void {
    this.queue.delete(key);
    for (const timers of [this.recheckTimers, this.retryTimers]) {
      clearTimeout(timers.get(key));
      timers.delete(key);
    }
    this.retryBackoffs.delete(key);
  }

  /** Reconciles queued keys one at a time; keys stay queued while this replica may not write or caches are cold. */
  private async drain(): Promise<void> {
    // Let a burst of watch events collapse into one reconcile per key.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.size > 0 && this.leading && this.synced && !this.stopped) {
      const key: string = this.queue.values().next().value!;
      this.queue.delete(key);
      try {
        await this.reconcile(key);
        this.retryBackoffs.delete(key);
      } catch (e) {
        this.retryLater(key, e);
      }
    }
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

  private async reconcile(key: string): Promise<void> {
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      const [namespace, name] = key.split('/');
      const md = this.cached(MANAGED_DATABASE, namespace, name);
      if (!md) return;
      const resource = md.spec?.resource ?? {};
      const operator = mappingFor(this.mappings, resource.apiVersion, resource.kind);
      const native = operator && this.cached(operator.cluster, namespace, resource.name);
      const { status, recheckAt } = desiredStatus({
        managedDatabase: md,
        operator,
        native,
        lastSuccessfulBackup: operator && this.lastSuccessfulBackup(operator, namespace, resource.name),
        now: new Date(),
      });
      this.scheduleRecheck(key, recheckAt);
      if (canonical(status) === canonical(md.status ?? {})) return;
      try {
        const updated = await this.client.request('PATCH', `${collectionPath(MANAGED_DATABASE, namespace)}/${name}/status`,
          mergePatch(md, status), 'application/merge-patch+json');
        this.counters.statusWrites++;
        this.informersOf(MANAGED_DATABASE).forEach((i) => i.cache.has(key) && i.remember(updated));
        if (md.status?.phase !== status.phase) await this.emitPhaseEvent(updated, md.status?.phase, status);
        return;
      } catch (e) {
        if (!(e instanceof ApiError) || (e.status !== 409 && e.status !== 404)) throw e;
        if (e.status === 404) return;
        // Someone wrote in between: read the current object and compute again from it.
        this.counters.conflicts++;
        const fresh = await this.client.request('GET', `${collectionPath(MANAGED_DATABASE, namespace)}/${name}`);
        this.informersOf(MANAGED_DATABASE).forEach((i) => i.cache.has(key) && i.remember(fresh));
      }
    }
    throw new Error(`status of ${key} still conflicts after ${MAX_CONFLICT_RETRIES} attempts`);
  }

  private lastSuccessfulBackup(operator: OperatorStatusMapping, namespace: string, cluster: string): Date | undefined {
    let newest: Date | undefined;
    for (const informer of this.informersOf(operator.backup)) {
      for (const backup of informer.cache.values()) {
        if (backup.metadata?.namespace !== namespace || operator.backupCluster(backup) !== cluster) continue;
        const completed = operator.backupCompletedAt(backup);
        const at = completed ? new Date(completed) : undefined;
        if (at && !isNaN(at.getTime()) && (!newest || at > newest)) newest = at;
      }
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

  private async emitPhaseEvent(md: KubeObject, from: string | undefined, status: KubeObject): Promise<void> {
    const now = rfc3339(new Date());
    const { name, namespace, uid, resourceVersion } = md.metadata;
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${name}.${Date.now().toString(16)}${Math.floor(Math.random() * 0xfff).toString(16)}`, namespace },
      involvedObject: { apiVersion: md.apiVersion, kind: md.kind ?? MANAGED_DATABASE.kind, name, namespace, uid, resourceVersion },
      reason: 'PhaseChanged',
      message: `${from ?? 'Unknown'} → ${status.phase}${status.nativeState ? ` (operator reports ${JSON.stringify(status.nativeState)})` : ''}`,
      type: EVENT_TYPES.includes(status.phase) ? 'Warning' : 'Normal',
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

/** A merge patch that turns the stored status into `status` (removed fields become null), guarded by the resourceVersion. */
function mergePatch(md: KubeObject, status: KubeObject): KubeObject {
  const removed = Object.keys(md.status ?? {}).filter((k) => !(k in status));
  return {
    metadata: { resourceVersion: md.metadata?.resourceVersion },
    status: { ...Object.fromEntries(removed.map((k) => [k, null])), ...status },
  };
}
