import { Construct } from 'constructs';
import { EXPORTER_PORT, MONGODB_PORT, podLabels, usersSecret } from './names';
import { limitsAndRequests, SIDECAR_RESOURCES } from './resources';
import { PSMDB_IMAGES } from './versions';
import * as psmdb from '../../imports/psmdb-psmdb.percona.com';
import { ClusterModel } from '../../model';
import { AlertRule, prometheusObjects, scheduledBackupAlerts } from '../../prometheus-objects';

/** A mongodb_exporter next to mongod, logged in as the operator's cluster monitor user. */
export function exporterSidecar(model: ClusterModel): psmdb.PerconaServerMongoDbSpecReplsetsSidecars {
  const fromUsersSecret = (name: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: usersSecret(model), key } } });
  return {
    name: 'mongodb-exporter',
    image: PSMDB_IMAGES.exporter,
    args: [
      `--mongodb.uri=mongodb://127.0.0.1:${MONGODB_PORT}/admin`,
      `--web.listen-address=:${EXPORTER_PORT}`,
      // 0.1x metric names (mongodb_mongod_replset_*), which the alerts below use.
      '--compatible-mode',
      '--collector.diagnosticdata',
      '--collector.replicasetstatus',
      '--collector.pbm',
    ],
    env: [
      fromUsersSecret('MONGODB_USER', 'MONGODB_CLUSTER_MONITOR_USER'),
      fromUsersSecret('MONGODB_PASSWORD', 'MONGODB_CLUSTER_MONITOR_PASSWORD'),
    ],
    ports: [{ name: 'metrics', containerPort: EXPORTER_PORT }],
    resources: limitsAndRequests(SIDECAR_RESOURCES.exporter),
  };
}

/** The PMM client, for `Monitoring.pmm()`. */
export function pmmSpec(model: ClusterModel): psmdb.PerconaServerMongoDbSpecPmm | undefined {
  const pmm = model.monitoring?.pmmOptions;
  if (!pmm) return undefined;
  // The client reads its token from the users Secret (key PMM_SERVER_TOKEN): see the `monitoring.credentialsSecret` rule.
  return {
    enabled: true,
    image: pmm.image ?? PSMDB_IMAGES.pmm,
    // The host, with its port unless the scheme's default (the client assumes 443).
    serverHost: new URL(pmm.url).host,
    resources: limitsAndRequests(SIDECAR_RESOURCES.pmmClient),
  };
}

/** Alerts over mongodb_exporter's metrics (compatible mode) of this cluster's mongod pods. */
function alerts(model: ClusterModel): AlertRule[] {
  const pods = `namespace="${model.namespace ?? 'default'}",pod=~"${model.name}-(rs[0-9]+|cfg)-[0-9]+"`;
  return [
    {
      alert: 'MongodbDown',
      expr: `mongodb_up{${pods}} == 0`,
      for: '5m',
      severity: 'critical',
      summary: `A mongod of ${model.name} does not answer its exporter`,
    },
    {
      alert: 'MongodbReplicaSetMemberUnhealthy',
      expr: `min by (set, name) (mongodb_mongod_replset_member_health{${pods}}) == 0`,
      for: '5m',
      severity: 'critical',
      summary: `A replica set member of ${model.name} is not healthy`,
    },
    {
      alert: 'MongodbReplicationLag',
      expr: `max by (set, name) (mongodb_mongod_replset_member_replication_lag{${pods}}) > 60`,
      for: '10m',
      severity: 'warning',
      summary: `A secondary of ${model.name} is more than a minute behind its primary`,
    },
  ];
}

/** PBM's backups as the exporter's PBM collector reports them from this cluster's pods. */
function lastBackupMetric(model: ClusterModel): string {
  return `mongodb_pbm_backup_last_transition_ts{namespace="${model.namespace ?? 'default'}",pod=~"${model.name}-.*",status="done"}`;
}

/** The exporter's scrape targets and the alerts of a cluster with `Monitoring.prometheus()`. */
export function prometheus(scope: Construct, model: ClusterModel): void {
  const options = model.monitoring?.prometheusOptions;
  if (!options) return;
  const scrape = [{ id: 'mongod', selector: podLabels(model.name, 'mongod'), port: 'metrics' }];
  if (model.sharding) scrape.push({ id: 'cfg', selector: podLabels(model.name, 'cfg'), port: 'metrics' });
  prometheusObjects(scope, model, options, scrape, alerts(model), () => scheduledBackupAlerts(model, lastBackupMetric(model)));
}

