import { backups } from './backup';
import { exporterSidecar, pmm } from './monitoring';
import { EXPORTER_USER, INSTANCE_SET, instanceLabels, OPERATOR_VERSION_LABEL, pgBouncerLabels, POSTGRES_PORT } from './names';
import { placementOf } from './placement';
import { limitsAndRequests, RELOADER_RESOURCES } from './resources';
import { dataSource } from './restore';
import { PG_CATALOGUE, PG_IMAGES, PG_OPERATOR_VERSION } from './versions';
import { ExposeType } from '../../expose';
import * as pg from '../../imports/pgv2-pgv2.percona.com';
import { ClusterModel } from '../../model';
import { MonitoringKind } from '../../monitoring';
import { compact } from '../../objects';
import { ProxyType } from '../../proxy';

/**
 * The operator's own PodDisruptionBudget (PGO makes one per instance set and one for PgBouncer): one pod at a time
 * may be evicted, and a lone pod of a development cluster may go, so that it never blocks a node drain.
 */
function minAvailable(replicas: number): number {
  return Math.max(replicas - 1, 0);
}

/** Service types of `proxy.pgBouncer.expose` and of `spec.expose` (the primary without PgBouncer): two generated enums. */
const PGBOUNCER_SERVICE_TYPES: Record<ExposeType, pg.PerconaPgClusterSpecProxyPgBouncerExposeType> = {
  [ExposeType.CLUSTER_IP]: pg.PerconaPgClusterSpecProxyPgBouncerExposeType.CLUSTER_IP,
  [ExposeType.LOAD_BALANCER]: pg.PerconaPgClusterSpecProxyPgBouncerExposeType.LOAD_BALANCER,
};

const PRIMARY_SERVICE_TYPES: Record<ExposeType, pg.PerconaPgClusterSpecExposeType> = {
  [ExposeType.CLUSTER_IP]: pg.PerconaPgClusterSpecExposeType.CLUSTER_IP,
  [ExposeType.LOAD_BALANCER]: pg.PerconaPgClusterSpecExposeType.LOAD_BALANCER,
};

/** The Service fields of `proxy.pgBouncer.expose` or `spec.expose`. */
function service<T>(m: ClusterModel, types: Record<ExposeType, T>) {
  return compact({
    type: types[m.expose.type],
    loadBalancerSourceRanges: m.expose.sourceRanges.length > 0 ? m.expose.sourceRanges : undefined,
    annotations: Object.keys(m.expose.annotations).length > 0 ? m.expose.annotations : undefined,
  });
}

/**
 * The users, listed explicitly: an empty list would make the operator create its default user, and PMM's monitor
 * user is added by the operator itself.
 */
function users(m: ClusterModel): pg.PerconaPgClusterSpecUsers[] {
  const app = compact({ name: m.name, databases: [m.name], secretName: m.credentialsSecret });
  return m.monitoring?.kind === MonitoringKind.PROMETHEUS ? [app, { name: EXPORTER_USER }] : [app];
}

/** Engine parameters and synchronous replication, both in Patroni's dynamic configuration (the DCS). */
function patroni(m: ClusterModel): pg.PerconaPgClusterSpecPatroni | undefined {
  // Copied: the DCS document is untyped, so no generated code rebuilds it, and cdk8s cannot serialize a map without a prototype.
  const parameters = Object.keys(m.config).length > 0 ? { parameters: { ...m.config } } : undefined;
  // Strict mode: with no standby left, writes wait rather than go unreplicated. With fewer healthy standbys than
  // requested, Patroni lowers the count to those it has (patroni/postgresql/sync.py:_SyncHandler.current_state).
  const synchronous = m.synchronousReplicas > 0
    ? { synchronous_mode: true, synchronous_mode_strict: true, synchronous_node_count: m.synchronousReplicas }
    : undefined;
  if (!parameters && !synchronous) return undefined;
  return { dynamicConfiguration: compact({ postgresql: parameters, ...synchronous }) };
}

function instanceSet(m: ClusterModel): pg.PerconaPgClusterSpecInstances {
  return compact({
    name: INSTANCE_SET,
    metadata: { labels: { [OPERATOR_VERSION_LABEL]: PG_OPERATOR_VERSION } },
    replicas: m.replicas,
    resources: limitsAndRequests(m.resources),
    dataVolumeClaimSpec: compact({
      accessModes: ['ReadWriteOnce'],
      storageClassName: m.storage.storageClassName,
      resources: { requests: { storage: pg.PerconaPgClusterSpecInstancesDataVolumeClaimSpecResourcesRequests.fromString(m.storage.size) } },
    }),
    ...placementOf(m, instanceLabels(m)),
    minAvailable: pg.PerconaPgClusterSpecInstancesMinAvailable.fromNumber(minAvailable(m.replicas)),
    // Copies the replication certificates into place (internal/postgres/reconcile.go:InstancePod).
    containers: { replicaCertCopy: { resources: limitsAndRequests(RELOADER_RESOURCES) } },
    sidecars: m.monitoring?.kind === MonitoringKind.PROMETHEUS ? [exporterSidecar(m)] : undefined,
  });
}

/** PgBouncer, or none (0 replicas, the operator's documented way to turn it off) with `spec.expose` instead. */
function pgBouncer(m: ClusterModel): pg.PerconaPgClusterSpecProxyPgBouncer {
  const deployed = m.proxy.type === ProxyType.PGBOUNCER;
  return compact({
    replicas: m.proxy.replicas,
    image: PG_IMAGES.pgBouncer,
    metadata: { labels: { [OPERATOR_VERSION_LABEL]: PG_OPERATOR_VERSION } },
    port: POSTGRES_PORT,
    resources: limitsAndRequests(m.proxy.resources),
    ...(deployed ? placementOf(m, pgBouncerLabels(m)) : {}),
    minAvailable: pg.PerconaPgClusterSpecProxyPgBouncerMinAvailable.fromNumber(minAvailable(m.proxy.replicas)),
    // Reloads PgBouncer's configuration (internal/pgbouncer/reconcile.go:Pod).
    containers: { pgbouncerConfig: { resources: limitsAndRequests(RELOADER_RESOURCES) } },
    // Applications log in as their own user; superusers stay off the pooler.
    exposeSuperusers: false,
    expose: deployed ? service(m, PGBOUNCER_SERVICE_TYPES) : undefined,
  });
}

export function clusterSpec(m: ClusterModel): pg.PerconaPgClusterSpec {
  return compact({
    crVersion: PG_OPERATOR_VERSION,
    image: m.engine.image ?? PG_CATALOGUE.entryFor(m.engine)!.image,
    imagePullPolicy: pg.PerconaPgClusterSpecImagePullPolicy.IF_NOT_PRESENT,
    postgresVersion: m.engine.majorVersion,
    port: POSTGRES_PORT,
    pause: m.paused,
    // The operator always serves TLS with certificates it issues; this also refuses unencrypted connections.
    tlsOnly: true,
    users: users(m),
    // What the operator's Default() fills in, set so that a GitOps diff stays empty.
    autoCreateUserSchema: true,
    extensions: { builtin: { pgStatMonitor: true, pgStatStatements: false, pgAudit: true, pgvector: false, pgRepack: false } },
    instances: [instanceSet(m)],
    proxy: { pgBouncer: pgBouncer(m) },
    expose: m.proxy.type === ProxyType.NONE ? service(m, PRIMARY_SERVICE_TYPES) : undefined,
    patroni: patroni(m),
    backups: backups(m),
    dataSource: dataSource(m),
    pmm: pmm(m),
  });
}

