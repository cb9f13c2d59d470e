/** The monitoring stack a database reports to. */
export enum MonitoringKind {
  /** Percona Monitoring and Management (a PMM client sidecar). */
  PMM = 'pmm',
  /** Prometheus operator: the engine's exporter, PodMonitor/ServiceMonitor objects and alert rules. */
  PROMETHEUS = 'prometheus',
}

/** Options of `Monitoring.pmm()`. */
export interface PmmOptions {
  /** URL of the PMM server, e.g. `https://pmm.example.com`. */
  readonly url: string;
  /** Name of an existing Secret with the PMM server token or API key (see the README for its keys). */
  readonly credentialsSecret: string;
  /**
   * The PMM client image.
   * @default - the client the operator ships (PMM 3)
   */
  readonly image?: string;
}

/** Options of `Monitoring.prometheus()`. */
export interface PrometheusOptions {
  /**
   * Labels for the PodMonitor/ServiceMonitor/PrometheusRule objects, so that a Prometheus selects them.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Emit a PrometheusRule with the first alerts a DBA wants (not ready, replication broken, backup too old).
   * @default true
   */
  readonly alerts?: boolean;
}

/** How a database is monitored. */
export class Monitoring {
  /** A PMM client on every database pod. */
  public static pmm(options: PmmOptions): Monitoring {
    return new Monitoring(MonitoringKind.PMM, options, undefined);
  }

  /** The engine's Prometheus exporter, scraped through the Prometheus operator. */
  public static prometheus(options: PrometheusOptions = {}): Monitoring {
    return new Monitoring(MonitoringKind.PROMETHEUS, undefined, options);
  }

  private constructor(
    /** The monitoring stack. */
    public readonly kind: MonitoringKind,
    /** PMM options, for `MonitoringKind.PMM`. */
    public readonly pmmOptions: PmmOptions | undefined,
    /** Prometheus options, for `MonitoringKind.PROMETHEUS`. */
    public readonly prometheusOptions: PrometheusOptions | undefined,
  ) {}
}
