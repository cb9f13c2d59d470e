import { Construct } from 'constructs';
import { MAXSCALE_EXPORTER_PORT, MYSQLD_EXPORTER_PORT, names, topologyOf } from './names';
import { MARIADB_IMAGES } from './versions';
import { MariadbTopology } from '../../engine';
import * as mdb from '../../imports/mariadb-k8s.mariadb.com';
import { ClusterModel } from '../../model';
import { MonitoringKind } from '../../monitoring';
import { compact } from '../../objects';
import { AlertRule, prometheusObjects, scheduledBackupAlerts } from '../../prometheus-objects';
import { requirements } from '../../quantity';

const EXPORTER_RESOURCES = { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } };
/** wsrep_local_state values: 2 is a donor (also while mariabackup copies a backup), 4 is synced. */
const WSREP_DONOR = 2;
const WSREP_SYNCED = 4;
/** Seconds a replica may lag before it is worth an alert. */
const MAX_REPLICATION_LAG_SECONDS = 300;

/** The operator's ServiceMonitor carries one label of ours, `release` (the rules refuse others). */
function serviceMonitor(m: ClusterModel) {
  const release = m.monitoring?.prometheusOptions?.labels?.release;
  return release === undefined ? undefined : { prometheusRelease: release };
}

/**
 * The operator's metrics: a mysqld-exporter Deployment that probes every member, its Service and a ServiceMonitor,
 * all made by the operator (mariadb_controller_metrics.go:reconcileMetrics). The exporter's user and password
 * reference are set-once and written explicitly: the given Secret's `metrics-password`, or the generated one.
 */
export function metricsSpec(m: ClusterModel): mdb.MariaDbSpecMetrics | undefined {
  if (m.monitoring?.kind !== MonitoringKind.PROMETHEUS) return undefined;
  return compact({
    enabled: true,
    exporter: {
      image: MARIADB_IMAGES.mysqldExporter,
      port: MYSQLD_EXPORTER_PORT,
      resources: requirements(mdb.MariaDbSpecMetricsExporterResourcesLimits, mdb.MariaDbSpecMetricsExporterResourcesRequests,
        EXPORTER_RESOURCES.limits, EXPORTER_RESOURCES.requests),
    },
    serviceMonitor: serviceMonitor(m),
    username: names.metricsUser(m),
    passwordSecretKeyRef: m.credentialsSecret
      ? { name: m.credentialsSecret, key: 'metrics-password', generate: false }
      : { name: names.metricsSecret(m), key: 'password', generate: true },
  });
}

/** MaxScale's exporter and ServiceMonitor, made by the operator as for the database. */
export function maxscaleMetricsSpec(m: ClusterModel): mdb.MaxScaleSpecMetrics | undefined {
  if (m.monitoring?.kind !== MonitoringKind.PROMETHEUS) return undefined;
  return compact({
    enabled: true,
    exporter: {
      image: MARIADB_IMAGES.maxscaleExporter,
      port: MAXSCALE_EXPORTER_PORT,
      resources: requirements(mdb.MaxScaleSpecMetricsExporterResourcesLimits, mdb.MaxScaleSpecMetricsExporterResourcesRequests,
        EXPORTER_RESOURCES.limits, EXPORTER_RESOURCES.requests),
    },
    serviceMonitor: serviceMonitor(m),
  });
}

/**
 * The PromQL selector of this cluster's members. The exporter probes each member, and the operator's ServiceMonitor
 * relabels each series with `target=<pod>` (pkg/builder/servicemonitor_builder.go:serviceMonitorEndpoints).
 */
function members(m: ClusterModel): string {
  const namespace = m.namespace ? `namespace="${m.namespace}",` : '';
  return `{${namespace}target=~"${m.name}-[0-9]+"}`;
}

function memberAlerts(m: ClusterModel): AlertRule[] {
  const selector = members(m);
  const metric = (name: string) => `mysql_global_status_${name}${selector}`;
  const alerts: AlertRule[] = [{
    alert: 'MariadbMemberDown',
    expr: `mysql_up${selector} == 0`,
    for: '5m',
    severity: 'critical',
    summary: `A member of ${m.name} is down or refuses the exporter`,
  }];
  if (topologyOf(m) === MariadbTopology.GALERA) {
    alerts.push({
      alert: 'MariadbGaleraClusterSizeBelowReplicas',
      expr: `${metric('wsrep_cluster_size')} < ${m.replicas}`,
      for: '5m',
      severity: 'warning',
      summary: `The Galera cluster ${m.name} has fewer than ${m.replicas} members`,
    }, {
      alert: 'MariadbGaleraNodeNotSynced',
      expr: `${metric('wsrep_local_state')} != ${WSREP_SYNCED} and ${metric('wsrep_local_state')} != ${WSREP_DONOR}`,
      for: '15m',
      severity: 'warning',
      summary: `A Galera node of ${m.name} is neither synced nor serving as a donor`,
    });
  }
  if (topologyOf(m) === MariadbTopology.REPLICATION) {
    alerts.push({
      alert: 'MariadbReplicationStopped',
      expr: `mysql_slave_status_slave_io_running${selector} == 0 or mysql_slave_status_slave_sql_running${selector} == 0`,
      for: '5m',
      severity: 'critical',
      summary: `A replica of ${m.name} does not replicate`,
    }, {
      alert: 'MariadbReplicationLag',
      expr: `mysql_slave_status_seconds_behind_master${selector} > ${MAX_REPLICATION_LAG_SECONDS}`,
      for: '5m',
      severity: 'warning',
      summary: `A replica of ${m.name} is more than 5 minutes behind the primary`,
    });
  }
  return alerts;
}

/**
 * The operator exports no backup metric; kube-state-metrics exports the completion time of every Job, and a
 * PhysicalBackup runs each backup as Job `<physicalbackup>-<YYYYMMDDHHMMSS>`.
 */
function backupAlerts(m: ClusterModel): AlertRule[] {
  const namespace = m.namespace ? `namespace="${m.namespace}",` : '';
  const objects = m.schedules.filter((s) => s.enabled).map((s) => names.scheduledBackup(m, s.name));
  return scheduledBackupAlerts(m, `kube_job_status_completion_time{${namespace}job_name=~"(${objects.join('|')})-[0-9]{14}"}`);
}

/**
 * The alerts of a cluster with `Monitoring.prometheus()`, in a PrometheusRule of the library's. The scrape objects
 * are the operator's (a PodMonitor of the library's would find no metrics port on the database pods).
 */
export function prometheus(scope: Construct, m: ClusterModel): void {
  if (m.monitoring?.kind !== MonitoringKind.PROMETHEUS) return;
  prometheusObjects(scope, m, m.monitoring.prometheusOptions ?? {}, [], memberAlerts(m), () => backupAlerts(m));
}
