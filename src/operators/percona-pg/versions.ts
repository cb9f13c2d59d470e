/** Percona Operator for PostgreSQL 2.8.2: the version whose CRD is vendored and whose images are used. */
export const PG_OPERATOR_VERSION = '2.8.2';
/** Images the operator 2.8.2 ships (deploy/cr.yaml), plus the Prometheus community's exporter. */
export const PG_IMAGES = {
  postgres: (perconaBuild: string) => `percona/percona-distribution-postgresql:${perconaBuild}`,
  pgBouncer: 'percona/percona-pgbouncer:1.25.0-1',
  pgBackRest: 'percona/percona-pgbackrest:2.57.0-1',
  pmm: 'percona/pmm-client:3.5.0',
  exporter: 'quay.io/prometheuscommunity/postgres-exporter:v0.17.1',
};

/** `spec.postgresVersion` bounds in the CRD. */
export const CRD_MAJORS = { min: 12, max: 18 };

/** Majors Percona publishes images of for 2.8.2. */
export const PERCONA_MAJORS: ReadonlyArray<number> = [13, 14, 15, 16, 17, 18];

