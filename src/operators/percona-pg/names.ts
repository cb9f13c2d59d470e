import { ClusterModel } from '../../model';

export const POSTGRES_PORT = 5432;

export const EXPORTER_PORT = 9187;

export const METRICS_PORT = 'metrics';

/** The one instance set; its name goes into pod, StatefulSet and label names. */
export const INSTANCE_SET = 'instance1';

/** The CRD names repositories repo1 to repo4. */
export const MAX_REPOS = 4;

/** `users[].secretName` maxLength in the CRD. */
export const MAX_USER_SECRET_NAME = 63;

export const STANZA = 'db';

export const PGBACKREST_CONF_DIR = '/etc/pgbackrest/conf.d';

/** The role the Prometheus exporter logs in as (no privileges: its metrics and alerts need none). */
export const EXPORTER_USER = 'exporter';

/** Role names the cluster's application user (named like the cluster) must not take. */
export const RESERVED_USERS: ReadonlyArray<string> = [
  'monitor', // the operator's PMM user: a `spec.users` entry of that name is ignored
  'postgres', // the superuser: the application would be a superuser, which PgBouncer does not let in
  EXPORTER_USER,
];

/** The label `Default()` puts on instance, PgBouncer and pgBackRest pods. */
export const OPERATOR_VERSION_LABEL = 'pgv2.percona.com/version';

/** Labels the operator (PGO's `naming` package) puts on instance and PgBouncer pods. */
export const CLUSTER_LABEL = 'postgres-operator.crunchydata.com/cluster';

export const INSTANCE_SET_LABEL = 'postgres-operator.crunchydata.com/instance-set';

export const ROLE_LABEL = 'postgres-operator.crunchydata.com/role';

export function instanceLabels(m: ClusterModel): { [key: string]: string } {
  return { [CLUSTER_LABEL]: m.name, [INSTANCE_SET_LABEL]: INSTANCE_SET };
}

export function pgBouncerLabels(m: ClusterModel): { [key: string]: string } {
  return { [CLUSTER_LABEL]: m.name, [ROLE_LABEL]: 'pgbouncer' };
}

export function appUserSecret(m: ClusterModel): string {
  return m.credentialsSecret ?? `${m.name}-pguser-${m.name}`;
}

