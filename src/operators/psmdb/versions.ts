/** Percona Server for MongoDB operator 1.21.2: the version whose CRD is vendored and whose images are used. */
export const PSMDB_OPERATOR_VERSION = '1.21.2';
/** Images the PSMDB operator 1.21.2 ships (e2e-tests/release_versions), plus the Prometheus exporter. */
export const PSMDB_IMAGES = {
  mongod: (version: string) => `percona/percona-server-mongodb:${version}`,
  backup: 'percona/percona-backup-mongodb:2.11.0',
  pmm: 'percona/pmm-client:3.5.0',
  exporter: 'percona/mongodb_exporter:0.47.1',
};
/** A Percona Server for MongoDB image tag: the MongoDB version and Percona's build, of the 6.0, 7.0 or 8.0 series. */
export const PSMDB_VERSION_FORMAT = /^(6\.0|7\.0|8\.0)\.\d+-\d+$/;
