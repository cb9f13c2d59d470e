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

/**
 * Role names the cluster's application user (named like the cluster) must not take, each with why. The user and
 * its database are created by PGO's one transaction for every user (internal/postgres/users.go:WriteUsersInPostgreSQL),
 * so a name PostgreSQL refuses stops every user's creation.
 */
export const RESERVED_USERS: ReadonlyArray<{ readonly name: string; readonly why: string }> = [
  // pkg/apis/pgv2.percona.com/v2/perconapgcluster_types.go:ToCrunchy drops a `spec.users` entry of that name.
  { name: 'monitor', why: 'the operator\'s PMM user' },
  // internal/postgres/users.go:WriteUsersInPostgreSQL forces it to a superuser, which PgBouncer does not let in.
  { name: 'postgres', why: 'the superuser' },
  { name: EXPORTER_USER, why: 'the Prometheus exporter\'s user' },
  // PostgreSQL's CREATE ROLE: 'role name "public" is reserved' (likewise "none").
  { name: 'public', why: 'a role name PostgreSQL reserves' },
  { name: 'none', why: 'a role name PostgreSQL reserves' },
  // internal/postgres/users.go:RESERVED_SCHEMA_NAMES: no schema of its own, so on PostgreSQL 15+ it cannot create a table.
  { name: 'pgbouncer', why: 'the schema of PgBouncer\'s authentication function, which the user would not own' },
  // The application database is named like the cluster: GRANT ALL and the user's schema would land in a template.
  { name: 'template0', why: 'a template database that takes no connections' },
  { name: 'template1', why: 'the template every new database copies' },
];

/** The label `Default()` puts on instance, PgBouncer and pgBackRest pods. */
export const OPERATOR_VERSION_LABEL = 'pgv2.percona.com/version';

/** PGO's annotation that lets it go on when a cluster that had backups has none (internal/naming/annotations.go). */
export const AUTHORIZE_BACKUP_REMOVAL = 'postgres-operator.crunchydata.com/authorizeBackupRemoval';

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

