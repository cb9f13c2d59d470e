import { MariadbTopology } from '../../engine';
import { ClusterModel } from '../../model';
import { ProxyType } from '../../proxy';

export const MARIADB_PORT = 3306;
/** MaxScale's REST API and GUI (maxscale_types.go:MaxScaleAdmin.SetDefaults). */
export const MAXSCALE_ADMIN_PORT = 8989;
/** The exporters' ports the operator defaults to (MariaDB.SetDefaults, MaxScale.SetDefaults). */
export const MYSQLD_EXPORTER_PORT = 9104;
export const MAXSCALE_EXPORTER_PORT = 9105;

/**
 * The limit of a name the operator turns into a StatefulSet: the pods' `controller-revision-hash` label is the name
 * plus a dash and a hash of up to 10 characters, and a label value has at most 63 (pkg/statefulset).
 */
export const STATEFULSET_NAME_MAX_LENGTH = 52;
/**
 * A PhysicalBackup runs Jobs and VolumeSnapshots named `<name>-<YYYYMMDDHHMMSS>`
 * (physicalbackup_controller.go:getObjectName), and a Job's name is a label value of at most 63 characters.
 */
export const PHYSICAL_BACKUP_NAME_MAX_LENGTH = 63 - '-YYYYMMDDHHMMSS'.length;

/** Labels the operator puts on the pods (pkg/builder/labels/labels.go: app.kubernetes.io/name and /instance). */
export function podLabels(app: 'mariadb' | 'maxscale', instance: string): { [key: string]: string } {
  return { 'app.kubernetes.io/name': app, 'app.kubernetes.io/instance': instance };
}

/**
 * The label the operator puts on the current primary pod, and `replica` on the others, once they are ready
 * (mariadb_controller.go:reconcilePodLabels, for every topology).
 */
export const POD_ROLE_LABEL = 'k8s.mariadb.com/role';

/** Names of the objects of one cluster. */
export const names = {
  maxscale: (m: ClusterModel) => `${m.name}-mxs`,
  /** The library's own LoadBalancer Service (the operator's templates apply source ranges only at creation). */
  loadBalancer: (m: ClusterModel) => `${m.name}-lb`,
  pointInTimeRecovery: (m: ClusterModel) => `${m.name}-pitr`,
  /** The PhysicalBackup that runs one schedule. */
  scheduledBackup: (m: ClusterModel, schedule: string) => `${m.name}-${schedule}`,
  /** The PointInTimeRecovery and PhysicalBackup objects that describe a clone's source in its storage. */
  origin: (m: ClusterModel) => `${m.name}-origin`,
  /** The Secret the operator generates for root when the cluster names none (mariadb_keys.go:RootPasswordSecretKeyRef). */
  rootSecret: (m: ClusterModel) => `${m.name}-root`,
  metricsUser: (m: ClusterModel) => `${m.name}-metrics`,
  metricsSecret: (m: ClusterModel) => `${m.name}-metrics-password`,
  replicationSecret: (m: ClusterModel) => `${m.name}-repl-password`,
  myCnfConfigMap: (m: ClusterModel) => `${m.name}-config`,
};

/**
 * The Service clients connect to: MaxScale's, else the operator's `<name>-primary` of a multi-member cluster (the
 * `<name>` Service balances over replicas too, which refuse writes), else `<name>` (mariadb_keys.go).
 */
export function clientService(m: ClusterModel): string {
  if (m.proxy.type === ProxyType.MAXSCALE) return names.maxscale(m);
  return m.replicas > 1 ? `${m.name}-primary` : m.name;
}

/**
 * How the members replicate: the engine's choice, else Galera for 3 or more members, replication for 2 (Galera needs
 * an odd count) and none for one. The operator itself defaults to none and refuses several members without one
 * (mariadb_webhook.go:validateHA).
 */
export function topologyOf(m: ClusterModel): MariadbTopology | undefined {
  if (m.engine.topology !== undefined) return m.engine.topology;
  if (m.replicas >= 3) return MariadbTopology.GALERA;
  return m.replicas === 2 ? MariadbTopology.REPLICATION : undefined;
}
