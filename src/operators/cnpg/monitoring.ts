import { Construct } from 'constructs';
import { instanceLabels, METRICS_PORT, POOLER_LABEL } from './names';
import { longestIntervalSeconds } from '../../cron';
import { ClusterModel } from '../../model';
import { MonitoringKind } from '../../monitoring';
import { AlertRule, backupTooOldAlert, postgresReplicationAlerts, prometheusObjects } from '../../prometheus-objects';

/** Without a schedule, a base backup older than this means replaying a week of WAL to recover. */
const UNSCHEDULED_BACKUP_MAX_AGE_SECONDS = 7 * 24 * 3600;

/** Time a scheduled backup may take before the freshness alert counts it as missed. */
const BACKUP_DURATION_GRACE_SECONDS = 3600;

/** PromQL matchers for this cluster's pods (the PodMonitor adds `namespace` and `pod` to every series). */
function podMatcher(m: ClusterModel, podPattern: string): string {
  return `{${[m.namespace && `namespace="${m.namespace}"`, `pod=~"${podPattern}"`].filter(Boolean).join(',')}}`;
}

/** The backup-freshness alert, at synthesis: it depends on the schedules, which are added after the cluster. */
function backupAlerts(m: ClusterModel): AlertRule[] {
  if (!m.backup) return [];
  const intervals = m.schedules.filter((s) => s.enabled).map((s) => longestIntervalSeconds(s.cron, s.cronDialect) + BACKUP_DURATION_GRACE_SECONDS);
  const maxAge = intervals.length > 0 ? Math.min(...intervals) : UNSCHEDULED_BACKUP_MAX_AGE_SECONDS;
  // The plugin's metric: CNPG's own cnpg_collector_last_available_backup_timestamp stays stale with plugin backups.
  return [backupTooOldAlert(m, `barman_cloud_cloudnative_pg_io_last_available_backup_timestamp${instancePods(m)}`, maxAge)];
}

function instancePods(m: ClusterModel): string {
  return podMatcher(m, `${m.name}-[0-9]+`);
}

function alerts(m: ClusterModel, pooler: string | undefined): AlertRule[] {
  const instances = instancePods(m);
  const rules: Array<AlertRule | false> = [
    !m.paused && {
      alert: 'PostgresInstancesDown',
      expr: `(count(cnpg_collector_up${instances} == 1) or vector(0)) < ${m.replicas}`,
      for: '5m',
      severity: 'critical',
      summary: `Fewer than ${m.replicas} PostgreSQL instances of ${m.name} are up`,
    },
    m.replicas > 1 && {
      alert: 'PostgresReplicasNotStreaming',
      expr: `max(cnpg_pg_replication_streaming_replicas${instances}) < ${m.replicas - 1}`,
      for: '10m',
      severity: 'warning',
      summary: `Not every replica of ${m.name} streams from the primary`,
    },
    ...postgresReplicationAlerts(m, {
      replicationLagSeconds: `max(cnpg_pg_replication_lag${instances})`,
      walArchivingFailing: `max(cnpg_pg_stat_archiver_last_failed_time${instances}) > max(cnpg_pg_stat_archiver_last_archived_time${instances})`,
    }),
    pooler !== undefined && {
      alert: 'PgBouncerClientsWaiting',
      expr: `max(cnpg_pgbouncer_pools_cl_waiting${podMatcher(m, `${pooler}-.+`)}) > 0`,
      for: '5m',
      severity: 'warning',
      summary: `Clients of ${m.name} wait for a server connection in PgBouncer`,
    },
  ];
  return rules.filter((r): r is AlertRule => r !== false);
}

/** The scrape targets (instances and the pooler, `pooler` when there is one) and alerts of `Monitoring.prometheus()`. */
export function prometheus(scope: Construct, model: ClusterModel, pooler: string | undefined): void {
  if (model.monitoring?.kind !== MonitoringKind.PROMETHEUS) return;
  const scrape = [{ id: 'db', selector: instanceLabels(model), port: METRICS_PORT }];
  if (pooler) scrape.push({ id: 'pooler', selector: { [POOLER_LABEL]: pooler }, port: METRICS_PORT });
  prometheusObjects(scope, model, model.monitoring.prometheusOptions ?? {}, scrape, alerts(model, pooler), () => backupAlerts(model));
}
