import { VersionCatalogue } from '../../versions';

/** Percona Server for MongoDB operator 1.21.2: the version whose CRD is vendored and whose images are used. */
export const PSMDB_OPERATOR_VERSION = '1.21.2';

/** The operator, as error messages name it. */
export const PSMDB_OPERATOR = `Percona Server for MongoDB operator ${PSMDB_OPERATOR_VERSION}`;

/**
 * The mongod images the operator 1.21.2 publishes: Percona's version service, Percona-Lab/percona-version-service
 * `sources/operator.1.21.2.psmdb-operator.json` (matrix.mongod), which the operator reads with `upgradeOptions`
 * and OpenEverest through its DatabaseEngine.
 */
export const PSMDB_CATALOGUE = new VersionCatalogue(PSMDB_OPERATOR,
  'percona-version-service sources/operator.1.21.2.psmdb-operator.json', [
    { version: '8.0.17', build: '6', image: 'percona/percona-server-mongodb:8.0.17-6', recommended: true },
    { version: '8.0.12', build: '4', image: 'percona/percona-server-mongodb:8.0.12-4' },
    { version: '8.0.8', build: '3', image: 'percona/percona-server-mongodb:8.0.8-3' },
    { version: '8.0.4', build: '1', image: 'percona/percona-server-mongodb:8.0.4-1-multi' },
    { version: '7.0.28', build: '15', image: 'percona/percona-server-mongodb:7.0.28-15', recommended: true },
    { version: '7.0.24', build: '13', image: 'percona/percona-server-mongodb:7.0.24-13' },
    { version: '7.0.18', build: '11', image: 'percona/percona-server-mongodb:7.0.18-11' },
    { version: '7.0.15', build: '9', image: 'percona/percona-server-mongodb:7.0.15-9-multi' },
    { version: '7.0.14', build: '8', image: 'percona/percona-server-mongodb:7.0.14-8-multi' },
    { version: '6.0.27', build: '21', image: 'percona/percona-server-mongodb:6.0.27-21', recommended: true },
    { version: '6.0.25', build: '20', image: 'percona/percona-server-mongodb:6.0.25-20' },
    { version: '6.0.21', build: '18', image: 'percona/percona-server-mongodb:6.0.21-18' },
    { version: '6.0.19', build: '16', image: 'percona/percona-server-mongodb:6.0.19-16-multi' },
    { version: '6.0.18', build: '15', image: 'percona/percona-server-mongodb:6.0.18-15-multi' },
  ]);

/** Images the PSMDB operator 1.21.2 ships (e2e-tests/release_versions) besides mongod's, plus the Prometheus exporter. */
export const PSMDB_IMAGES = {
  backup: 'percona/percona-backup-mongodb:2.11.0',
  pmm: 'percona/pmm-client:3.5.0',
  exporter: 'percona/mongodb_exporter:0.47.1',
};
