import { VersionCatalogue } from '../../versions';

/** Percona Operator for PostgreSQL 2.8.2: the version whose CRD is vendored and whose images are used. */
export const PG_OPERATOR_VERSION = '2.8.2';

/**
 * The PostgreSQL images the operator 2.8.2 publishes: Percona's version service, Percona-Lab/percona-version-service
 * `sources/operator.2.8.2.pg-operator.json` (matrix.postgresql), which OpenEverest reads through its
 * DatabaseEngine. Its `17.5.2` entry is left out: that is no PostgreSQL version a user could name.
 */
export const PG_CATALOGUE = new VersionCatalogue(`Percona Operator for PostgreSQL ${PG_OPERATOR_VERSION}`,
  'percona-version-service sources/operator.2.8.2.pg-operator.json', [
    { version: '18.1', build: '3', image: 'percona/percona-distribution-postgresql:18.1-3' },
    { version: '17.7', build: '2', image: 'percona/percona-distribution-postgresql:17.7-2', recommended: true },
    { version: '16.11', build: '2', image: 'percona/percona-distribution-postgresql:16.11-2', recommended: true },
    { version: '16.9', image: 'percona/percona-postgresql-operator:2.7.0-ppg16.9-postgres' },
    { version: '15.15', build: '2', image: 'percona/percona-distribution-postgresql:15.15-2', recommended: true },
    { version: '15.13', image: 'percona/percona-postgresql-operator:2.7.0-ppg15.13-postgres' },
    { version: '14.20', build: '2', image: 'percona/percona-distribution-postgresql:14.20-2', recommended: true },
    { version: '14.18', image: 'percona/percona-postgresql-operator:2.7.0-ppg14.18-postgres' },
    { version: '13.23', build: '2', image: 'percona/percona-distribution-postgresql:13.23-2', recommended: true },
    { version: '13.21', image: 'percona/percona-postgresql-operator:2.7.0-ppg13.21-postgres' },
  ],
  // The CRD's postgresVersion bounds (12 to 18): the operator runs a custom image of PostgreSQL 12 as well.
  [12, 13, 14, 15, 16, 17, 18]);

/** Images the operator 2.8.2 ships (deploy/cr.yaml) besides PostgreSQL's, plus the Prometheus community's exporter. */
export const PG_IMAGES = {
  pgBouncer: 'percona/percona-pgbouncer:1.25.0-1',
  pgBackRest: 'percona/percona-pgbackrest:2.57.0-1',
  pmm: 'percona/pmm-client:3.5.0',
  exporter: 'quay.io/prometheuscommunity/postgres-exporter:v0.17.1',
};

/** `spec.postgresVersion` bounds in the CRD. */
export const CRD_MAJORS = { min: 12, max: 18 };
