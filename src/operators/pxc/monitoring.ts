import { Construct } from 'constructs';
import { componentLabels, EXPORTER_PORT, MYSQL_PORT, SCHEDULED_NAME_PREFIX_LENGTH, usersSecret } from './names';
import { MYSQLD_EXPORTER_IMAGE, PXC_IMAGES } from './versions';
import * as pxc from '../../imports/pxc-pxc.percona.com';
import { ClusterModel } from '../../model';
import { MonitoringKind, PmmOptions } from '../../monitoring';
import { AlertRule, prometheusObjects, scheduledBackupAlerts, ScrapeTarget } from '../../prometheus-objects';
import { ProxyType } from '../../proxy';
import { requirements } from '../../quantity';

/** The PMM client's requests in the operator's own cr.yaml, with room above them. */
const PMM_RESOURCES = { requests: { cpu: '300m', memory: '150M' }, limits: { cpu: '600m', memory: '512M' } };
const EXPORTER_RESOURCES = { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } };
/** Seconds without a successful binlog collection before it is worth an alert (30 cycles). */
const BINLOG_COLLECTION_MAX_AGE_SECONDS = 1800;
/** wsrep_local_state values: 2 is a donor (also while xtrabackup copies a backup), 4 is synced. */
const WSREP_DONOR = 2;
const WSREP_SYNCED = 4;

/**
 * PMM 3: the client authenticates with the token the operator reads from the users Secret, key `pmmservertoken`.
 * PXC has no field for another Secret, so `PmmOptions.credentialsSecret` is not referenced: the token must be
 * copied into the users Secret (the library never writes it).
 */
export function pmmSpec(options: PmmOptions): pxc.PerconaXtraDbClusterSpecPmm {
  return {
    enabled: true,
    image: options.image ?? PXC_IMAGES.pmmClient,
    // host, not hostname: a non-default port must reach the client too.
    serverHost: new URL(options.url).host,
    resources: requirements(pxc.PerconaXtraDbClusterSpecPmmResourcesLimits, pxc.PerconaXtraDbClusterSpecPmmResourcesRequests,
      PMM_RESOURCES.limits, PMM_RESOURCES.requests),
  };
}

/**
 * mysqld_exporter next to mysqld, as the operator's own `monitor` user (its password is the users Secret's
 * `monitor` key). It runs as the image's `nobody`, restricted like any container of ours.
 */
export function mysqldExporter(model: ClusterModel): pxc.PerconaXtraDbClusterSpecPxcSidecars {
  return {
    name: 'mysqld-exporter',
    image: MYSQLD_EXPORTER_IMAGE,
    args: [`--mysqld.address=127.0.0.1:${MYSQL_PORT}`, '--mysqld.username=monitor'],
    env: [{ name: 'MYSQLD_EXPORTER_PASSWORD', valueFrom: { secretKeyRef: { name: usersSecret(model), key: 'monitor' } } }],
    ports: [{ name: 'metrics', containerPort: EXPORTER_PORT }],
    resources: requirements(pxc.PerconaXtraDbClusterSpecPxcSidecarsResourcesLimits, pxc.PerconaXtraDbClusterSpecPxcSidecarsResourcesRequests,
      EXPORTER_RESOURCES.limits, EXPORTER_RESOURCES.requests),
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 65534,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
  };
}

/** The PromQL selector of this cluster's pods named `<cluster>-<podSuffix>`, with the labels a PodMonitor gives them. */
function podSelector(model: ClusterModel, podSuffix: string): string {
  const namespace = model.namespace ? `namespace="${model.namespace}",` : '';
  return `{${namespace}pod=~"${model.name}-${podSuffix}"}`;
}

/** Galera's own health, from mysqld_exporter's global status metrics. */
function galeraAlerts(model: ClusterModel): AlertRule[] {
  const databasePods = podSelector(model, 'pxc-[0-9]+');
  const metric = (name: string) => `mysql_global_status_${name}${databasePods}`;
  return [
    {
      alert: 'PxcNodeNotReady',
      expr: `mysql_up${databasePods} == 0 or ${metric('wsrep_ready')} == 0`,
      for: '5m',
      severity: 'critical',
      summary: `A Percona XtraDB Cluster node of ${model.name} is down or does not accept queries`,
    },
    {
      alert: 'PxcClusterSizeBelowReplicas',
      expr: `${metric('wsrep_cluster_size')} < ${model.replicas}`,
      for: '5m',
      severity: 'warning',
      summary: `The Galera cluster ${model.name} has fewer than ${model.replicas} members`,
    },
    {
      alert: 'PxcNodeNotSynced',
      expr: `${metric('wsrep_local_state')} != ${WSREP_SYNCED} and ${metric('wsrep_local_state')} != ${WSREP_DONOR}`,
      for: '15m',
      severity: 'warning',
      summary: `A node of ${model.name} is neither synced nor serving as a donor`,
    },
  ];
}

/** The binlog collector's own metrics (CR 1.17.0 and later): a gap, or no successful collection for half an hour. */
function binlogAlerts(model: ClusterModel): AlertRule[] {
  const collector = podSelector(model, 'pitr-.+');
  return [
    {
      alert: 'PxcBinlogGapDetected',
      expr: `increase(pxc_binlog_collector_gap_detected_total${collector}[10m]) > 0`,
      for: '0m',
      severity: 'critical',
      summary: `Binlogs of ${model.name} are missing: no point-in-time restore into the gap until the next full backup`,
    },
    {
      alert: 'PxcBinlogCollectionStalled',
      expr: `time() - pxc_binlog_collector_last_processing_timestamp${collector} > ${BINLOG_COLLECTION_MAX_AGE_SECONDS}`,
      for: '10m',
      severity: 'warning',
      summary: `The binlog collector of ${model.name} has collected nothing for half an hour`,
    },
  ];
}

/**
 * PXC exports no backup metric; kube-state-metrics does export the completion time of every Job, and the operator
 * runs each scheduled backup as Job `xb-cron-<cluster[:16]>-<storage[:16]>-<time>-<hash>`.
 */
function backupAlerts(model: ClusterModel): AlertRule[] {
  const namespace = model.namespace ? `namespace="${model.namespace}",` : '';
  const jobs = `xb-cron-${model.name.slice(0, SCHEDULED_NAME_PREFIX_LENGTH)}-.+`;
  return scheduledBackupAlerts(model, `kube_job_status_completion_time{${namespace}job_name=~"${jobs}"}`);
}

/**
 * mysqld_exporter on the database pods, HAProxy's own Prometheus endpoint (ProxySQL has none enabled) and the binlog
 * collector's.
 */
function scrapeTargets(model: ClusterModel): ScrapeTarget[] {
  return [
    { id: 'db', selector: componentLabels(model.name, 'pxc'), port: 'metrics' },
    ...model.proxy.type === ProxyType.HAPROXY ? [{ id: 'proxy', selector: componentLabels(model.name, 'haproxy'), port: 'stats', path: '/metrics' }] : [],
    ...model.backup?.pointInTimeRecovery ? [{ id: 'pitr', selector: componentLabels(model.name, 'pitr'), port: 'metrics' }] : [],
  ];
}

/** The exporter's scrape targets and the alerts of a cluster with `Monitoring.prometheus()`. */
export function prometheus(scope: Construct, model: ClusterModel): void {
  if (model.monitoring?.kind !== MonitoringKind.PROMETHEUS) return;
  const alerts = [...galeraAlerts(model), ...model.backup?.pointInTimeRecovery ? binlogAlerts(model) : []];
  prometheusObjects(scope, model, model.monitoring.prometheusOptions ?? {}, scrapeTargets(model), alerts, () => backupAlerts(model));
}
