/**
 * Leader election on a coordination.k8s.io/v1 Lease, as client-go does it: the holder renews the lease every
 * retry period; another replica takes over once it has seen the same record unchanged for a whole lease duration
 * (its own clock, so clock skew between nodes does not matter). Writes use the resourceVersion, so two candidates
 * can never both win.
 */
import { ApiError, KubeClient } from './kube-client';
import { Log } from './log';
import { KubeObject } from '../status-mapping';

export interface LeaderElectionOptions {
  readonly namespace: string;
  readonly name: string;
  readonly identity: string;
  readonly leaseDurationSeconds: number;
  readonly retryPeriodMs: number;
}

/** Lease times are MicroTime: RFC 3339 with six fractional digits. */
function microTime(date: Date): string {
  return date.toISOString().replace(/Z$/, '000Z');
}

export class LeaderElector {
  private leading = false;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private lastRenewed = 0;
  private observed?: { readonly record: string; readonly at: number };
  private readonly path: string;

  constructor(
    private readonly client: KubeClient,
    private readonly options: LeaderElectionOptions,
    private readonly log: Log,
    private readonly onChange: (leading: boolean) => void,
  ) {
    this.path = `/apis/coordination.k8s.io/v1/namespaces/${options.namespace}/leases/${options.name}`;
  }

  public start(): void {
    void this.tick();
  }

  /** Stops renewing and hands the lease over at once instead of letting it expire. */
  public async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (!this.leading) return;
    this.set(false);
    try {
      const lease = await this.client.request('GET', this.path);
      if (lease.spec?.holderIdentity === this.options.identity) {
        await this.client.request('PUT', this.path, { ...lease, spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1 } });
      }
    } catch (e) {
      this.log.warn('could not release the lease', { error: (e as Error).message });
    }
  }

  private async tick(): Promise<void> {
    try {
      this.set(await this.tryAcquireOrRenew());
    } catch (e) {
      this.log.warn('leader election failed', { error: (e as Error).message });
      // Stop writing well before another replica may take over.
      if (this.leading && Date.now() - this.lastRenewed > this.options.leaseDurationSeconds * 1000 * 2 / 3) this.set(false);
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.options.retryPeriodMs);
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = new Date();
    const mine = {
      holderIdentity: this.options.identity,
      leaseDurationSeconds: this.options.leaseDurationSeconds,
      renewTime: microTime(now),
    };
    let lease: KubeObject;
    try {
      lease = await this.client.request('GET', this.path);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 404) throw e;
      const { namespace, name } = this.options;
      try {
        await this.client.request('POST', `/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases`, {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name, namespace },
          spec: { ...mine, acquireTime: mine.renewTime, leaseTransitions: 0 },
        });
      } catch (created) {
        // Another candidate created it first (409 AlreadyExists): it leads; the next round reads its record.
        if (created instanceof ApiError && created.status === 409) return false;
        throw created;
      }
      return this.renewed(now);
    }
    const spec = lease.spec ?? {};
    const record = `${spec.holderIdentity}|${spec.renewTime}|${spec.leaseDurationSeconds}`;
    if (this.observed?.record !== record) this.observed = { record, at: now.getTime() };
    const held = spec.holderIdentity === this.options.identity;
    const expired = now.getTime() >= this.observed.at + (spec.leaseDurationSeconds ?? this.options.leaseDurationSeconds) * 1000;
    if (!held && spec.holderIdentity && !expired) return false;
    try {
      await this.client.request('PUT', this.path, {
        ...lease,
        spec: {
          ...spec,
          ...mine,
          acquireTime: held ? spec.acquireTime : mine.renewTime,
          leaseTransitions: (spec.leaseTransitions ?? 0) + (held ? 0 : 1),
        },
      });
    } catch (e) {
      // Another candidate wrote first.
      if (e instanceof ApiError && e.status === 409) return false;
      throw e;
    }
    return this.renewed(now);
  }

  private renewed(at: Date): boolean {
    this.lastRenewed = at.getTime();
    return true;
  }

  private set(leading: boolean): void {
    if (leading === this.leading) return;
    this.leading = leading;
    this.onChange(leading);
  }
}
