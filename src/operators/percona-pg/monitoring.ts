import { Construct } from 'constructs';
import { EXPORTER_PORT, EXPORTER_USER, INSTANCE_SET, instanceLabels, METRICS_PORT, POSTGRES_PORT } from './names';
import { EXPORTER_RESOURCES, limitsAndRequests, PMM_RESOURCES } from './resources';
import { PG_IMAGES } from './versions';
import * as pg from '../../imports/pgv2-pgv2.percona.com';
import { ClusterModel } from '../../model';
import { MonitoringKind } from '../../monitoring';
import { AlertRule, postgresReplicationAlerts, prometheusObjects, scheduledBackupAlerts } from '../../prometheus-objects';

/**
 * The restricted Pod Security Standard for a sidecar of ours, which PGO leaves without a securityContext (it adds the
 * sidecars as given: percona/controller/pgcluster/controller.go:reconcilePMM, pmm.containerSecurityContext; the
 * instance set's `sidecars`). Both images name their user instead of its number, so the number is given here, or
 * the kubelet cannot check `runAsNonRoot`.
 */
function restricted(user: number, readOnlyRootFilesystem: boolean) {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    privileged: false,
    readOnlyRootFilesystem,
    runAsNonRoot: true,
    runAsUser: user,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** `USER pmm-agent` of percona/pmm's client image (build/docker/client), uid 1002; the agent writes below its home. */
const PMM_AGENT_UID = 1002;

/** `USER nobody` of the postgres_exporter image (busybox), uid 65534. */
const NOBODY_UID = 65534;

export function pmm(m: ClusterModel): pg.PerconaPgClusterSpecPmm | undefined {
  const options = m.monitoring?.pmmOptions;
  if (!options) return undefined;
  return {
    enabled: true,
    image: options.image ?? PG_IMAGES.pmm,
    serverHost: new URL(options.url).host,
    secret: options.credentialsSecret,
    querySource: pg.PerconaPgClusterSpecPmmQuerySource.PGSTATMONITOR,
    resources: limitsAndRequests(PMM_RESOURCES),
    containerSecurityContext: restricted(PMM_AGENT_UID, false),
  };
}

/** postgres_exporter next to PostgreSQL, logged in over TLS as the unprivileged exporter user. */
export function exporterSidecar(m: ClusterModel): pg.PerconaPgClusterSpecInstancesSidecars {
  const fromUserSecret = (name: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: `${m.name}-pguser-${EXPORTER_USER}`, key } } });
  return {
    name: 'postgres-exporter',
    image: PG_IMAGES.exporter,
    env: [
      { name: 'DATA_SOURCE_URI', value: `localhost:${POSTGRES_PORT}/postgres?sslmode=require` },
      fromUserSecret('DATA_SOURCE_USER', 'user'),
      fromUserSecret('DATA_SOURCE_PASS', 'password'),
    ],
    ports: [{ name: METRICS_PORT, containerPort: EXPORTER_PORT }],
    resources: limitsAndRequests(EXPORTER_RESOURCES),
    securityContext: restricted(NOBODY_UID, true),
  };
}

/** Alerts over postgres_exporter's metrics of this cluster's instance pods. */
function alerts(m: ClusterModel): AlertRule[] {
  const pods = `{namespace="${m.namespace ?? 'default'}",pod=~"${m.name}-${INSTANCE_SET}-.+"}`;
  const rules: Array<AlertRule | false> = [
    !m.paused && {
      alert: 'PostgresInstanceDown',
      expr: `pg_up${pods} == 0`,
      for: '5m',
      severity: 'critical',
      summary: `A PostgreSQL instance of ${m.name} does not answer its exporter`,
    },
    ...postgresReplicationAlerts(m, {
      replicationLagSeconds: `max(pg_replication_lag_seconds${pods})`,
      walArchivingFailing: `increase(pg_stat_archiver_failed_count${pods}[15m]) > 0 and increase(pg_stat_archiver_archived_count${pods}[15m]) == 0`,
    }),
  ];
  return rules.filter((r): r is AlertRule => r !== false);
}

/**
 * When schedules exist: no backup for longer than the most frequent enabled schedule's longest gap, plus half.
 * pgBackRest keeps backup times in its repository, out of PostgreSQL's and the exporter's sight; the StatusReconciler
 * publishes the newest successful PerconaPGBackup of each database, so the alert needs one in the app. Its
 * `namespace` label is `exported_namespace` when the scrape adds a namespace label of its own.
 */
function backupAlerts(m: ClusterModel): AlertRule[] {
  const series = (namespaceLabel: string) =>
    `dbaas_database_last_successful_backup_timestamp_seconds{${namespaceLabel}="${m.namespace ?? 'default'}",name="${m.name}"}`;
  return scheduledBackupAlerts(m, `${series('namespace')} or ${series('exported_namespace')}`);
}

/** The exporter's scrape targets and the alerts of a cluster with `Monitoring.prometheus()`. */
export function prometheus(scope: Construct, m: ClusterModel): void {
  const options = m.monitoring?.kind === MonitoringKind.PROMETHEUS ? m.monitoring.prometheusOptions : undefined;
  if (options) {
    prometheusObjects(scope, m, options, [{ id: 'db', selector: instanceLabels(m), port: METRICS_PORT }], alerts(m), () => backupAlerts(m));
  }
}
