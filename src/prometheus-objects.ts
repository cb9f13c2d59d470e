import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { longestIntervalSeconds } from './cron';
import * as mon from './imports/monitoring-monitoring.coreos.com';
import { ClusterModel } from './model';
import { PrometheusOptions } from './monitoring';
import { lazy } from './objects';

/** Pods to scrape: a label selector and the named container port of the exporter. @internal */
export interface ScrapeTarget {
  /** A short id, unique within the cluster ("db", "proxy"). */
  readonly id: string;
  readonly selector: { [key: string]: string };
  readonly port: string;
  readonly path?: string;
}

/** One alert: a PromQL expression over the engine's exporter metrics for this cluster. @internal */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly severity: 'critical' | 'warning';
  readonly summary: string;
}

/**
 * The Prometheus-operator objects of one cluster: a PodMonitor per scrape target and, unless turned off, one
 * PrometheusRule with the engine's alerts. Shared by every target so they all look alike to a Prometheus.
 * `alertsAtSynthesis` adds alerts that depend on parts added after the cluster (backup schedules).
 * @internal
 */
export function prometheusObjects(
  scope: Construct, model: ClusterModel, options: PrometheusOptions, scrape: ScrapeTarget[],
  alerts: AlertRule[], alertsAtSynthesis: () => AlertRule[] = () => [],
): ApiObject[] {
  const metadata = (suffix: string) => ({ name: `${model.name}-${suffix}`, namespace: model.namespace, labels: options.labels });
  const objects: ApiObject[] = scrape.map((t) => new ApiObject(scope, `PodMonitor-${t.id}`, {
    ...mon.PodMonitor.GVK,
    metadata: metadata(t.id),
    spec: mon.toJson_PodMonitorSpec({
      selector: { matchLabels: t.selector },
      podMetricsEndpoints: [{ port: t.port, path: t.path ?? '/metrics' }],
    }),
  }));
  if ((options.alerts ?? true) && alerts.length > 0) {
    objects.push(new ApiObject(scope, 'PrometheusRule', {
      ...mon.PrometheusRule.GVK,
      metadata: metadata('alerts'),
      spec: lazy(() => mon.toJson_PrometheusRuleSpec({
        groups: [{
          name: `${model.name}.rules`,
          rules: [...alerts, ...alertsAtSynthesis()].map((a) => ({
            alert: a.alert,
            expr: mon.PrometheusRuleSpecGroupsRulesExpr.fromString(a.expr),
            for: a.for,
            labels: { severity: a.severity },
            annotations: { summary: a.summary },
          })),
        }],
      })),
    }));
  }
  return objects;
}

/** PromQL over one exporter's metrics for the alerts every PostgreSQL target words the same way. @internal */
export interface PostgresAlertExpressions {
  /** The worst replication lag of the cluster, in seconds. */
  readonly replicationLagSeconds: string;
  /** True while WAL archiving fails. */
  readonly walArchivingFailing: string;
}

/**
 * Replication lag (more than 5 minutes) and failing WAL archiving, whichever operator and exporter a PostgreSQL
 * cluster has: only the expressions differ between targets.
 * @internal
 */
export function postgresReplicationAlerts(model: ClusterModel, expressions: PostgresAlertExpressions): AlertRule[] {
  const rules: Array<AlertRule | false> = [
    model.replicas > 1 && {
      alert: 'PostgresReplicationLag',
      expr: `${expressions.replicationLagSeconds} > 300`,
      for: '5m',
      severity: 'warning',
      summary: `A replica of ${model.name} is more than 5 minutes behind the primary`,
    },
    model.backup !== undefined && {
      alert: 'PostgresWalArchivingFailing',
      expr: expressions.walArchivingFailing,
      for: '10m',
      severity: 'critical',
      summary: `${model.name} fails to archive WAL: point-in-time recovery is at risk`,
    },
  ];
  return rules.filter((r): r is AlertRule => r !== false);
}

/** The backup-freshness alert every engine gets, over a metric of the last successful backup's Unix time. @internal */
export function backupTooOldAlert(model: ClusterModel, lastBackupMetric: string, maxAgeSeconds: number): AlertRule {
  return {
    alert: 'DatabaseBackupTooOld',
    expr: `time() - max(${lastBackupMetric}) > ${maxAgeSeconds}`,
    for: '10m',
    severity: 'warning',
    summary: `No successful backup of ${model.name} for more than ${Math.round(maxAgeSeconds / 3600)} hours`,
  };
}

/**
 * `backupTooOldAlert` for a cluster's schedules, once it has enabled ones: it fires when the most frequent one has
 * produced nothing for one and a half of its longest intervals. Call it at synthesis (`alertsAtSynthesis`).
 * @internal
 */
export function scheduledBackupAlerts(model: ClusterModel, lastBackupMetric: string): AlertRule[] {
  const intervals = model.schedules.filter((s) => s.enabled).map((s) => longestIntervalSeconds(s.cron, s.cronDialect));
  return intervals.length === 0 ? [] : [backupTooOldAlert(model, lastBackupMetric, Math.round(Math.min(...intervals) * 1.5))];
}
