/** The Service type that exposes a database. */
export enum ExposeType {
  CLUSTER_IP = 'ClusterIP',
  LOAD_BALANCER = 'LoadBalancer',
}

/** Options of a LoadBalancer exposure. */
export interface LoadBalancerOptions {
  /**
   * Client CIDRs allowed through the load balancer (a bare IP means that one address).
   * @default - open to every address: a production-readiness warning
   */
  readonly sourceRanges?: string[];
  /**
   * Annotations for the Service, e.g. to ask for an internal or network load balancer.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/** How clients reach a database. */
export class Expose {
  /** Inside the Kubernetes cluster only (the default). */
  public static clusterIp(): Expose {
    return new Expose(ExposeType.CLUSTER_IP, [], {});
  }

  /** Through a cloud load balancer. */
  public static loadBalancer(options: LoadBalancerOptions = {}): Expose {
    return new Expose(ExposeType.LOAD_BALANCER, options.sourceRanges ?? [], options.annotations ?? {});
  }

  private constructor(
    /** The Service type. */
    public readonly type: ExposeType,
    /** Client CIDRs, as given. */
    public readonly sourceRanges: string[],
    /** Service annotations. */
    public readonly annotations: { [key: string]: string },
  ) {}
}

/** A bare IPv4 or IPv6 address becomes a single-address CIDR; anything else is returned as is. @internal */
export function normalizeCidr(range: string): string {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(range)) return `${range}/32`;
  if (range.includes(':') && !range.includes('/')) return `${range}/128`;
  return range;
}

/** True for a syntactically valid IPv4 or IPv6 CIDR. @internal */
export function isCidr(range: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(range);
  if (v4) return v4.slice(1, 5).every((o) => Number(o) <= 255) && Number(v4[5]) <= 32;
  const v6 = /^([0-9a-fA-F:]+)\/(\d{1,3})$/.exec(range);
  return !!v6 && v6[1].includes(':') && (v6[1].match(/::/g) ?? []).length <= 1 && Number(v6[2]) <= 128;
}
