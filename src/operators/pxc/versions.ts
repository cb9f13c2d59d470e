import { VersionCatalogue } from '../../versions';

/** Percona XtraDB Cluster operator 1.18.0: the version whose CRD is vendored and whose images are used. */
export const PXC_OPERATOR_VERSION = '1.18.0';

/**
 * The PXC images the operator 1.18.0 publishes: Percona's version service, Percona-Lab/percona-version-service
 * `sources/operator.1.18.0.pxc-operator.json` (matrix.pxc), the catalogue the operator itself reads with
 * `upgradeOptions` (pkg/version/service) and OpenEverest through its DatabaseEngine.
 */
export const PXC_CATALOGUE = new VersionCatalogue(`Percona XtraDB Cluster operator ${PXC_OPERATOR_VERSION}`,
  'percona-version-service sources/operator.1.18.0.pxc-operator.json', [
    { version: '8.4.5', build: '5.1', image: 'percona/percona-xtradb-cluster:8.4.5-5.1', recommended: true },
    { version: '8.0.42', build: '33.1', image: 'percona/percona-xtradb-cluster:8.0.42-33.1', recommended: true },
    { version: '8.0.41', build: '32.1', image: 'percona/percona-xtradb-cluster:8.0.41-32.1' },
    { version: '8.0.39', build: '30.1', image: 'percona/percona-xtradb-cluster:8.0.39-30.1' },
    { version: '8.0.36', build: '28.1', image: 'percona/percona-xtradb-cluster:8.0.36-28.1' },
    { version: '8.0.35', build: '27.1', image: 'percona/percona-xtradb-cluster:8.0.35-27.1' },
    { version: '5.7.44', build: '31.65', image: 'percona/percona-xtradb-cluster:5.7.44-31.65', recommended: true },
    { version: '5.7.42', build: '31.65', image: 'percona/percona-xtradb-cluster:5.7.42-31.65' },
    { version: '5.7.39', build: '31.61', image: 'percona/percona-xtradb-cluster:5.7.39-31.61' },
    { version: '5.7.36', build: '31.55', image: 'percona/percona-xtradb-cluster:5.7.36-31.55' },
    { version: '5.7.34', build: '31.51', image: 'percona/percona-xtradb-cluster:5.7.34-31.51' },
  ]);

/** percona-xtrabackup tag the operator ships for each engine series (e2e-tests/release_versions). */
const XTRABACKUP_TAGS: Record<string, string> = { '8.4': '8.4.0-3.1', '8.0': '8.0.35-34.1', '5.7': '2.4.29' };
/** Images the PXC operator 1.18.0 ships (e2e-tests/release_versions) besides the database's. */
export const PXC_IMAGES = {
  haproxy: 'percona/haproxy:2.8.15',
  proxysql: 'percona/proxysql2:2.7.3',
  /** xtrabackup must match the server's series (8.4, 8.0 or 5.7). */
  xtrabackup: (engineSeries: string) => `percona/percona-xtrabackup:${XTRABACKUP_TAGS[engineSeries]}`,
  pmmClient: 'percona/pmm-client:3.3.1',
};
/** The exporter `Monitoring.prometheus()` adds next to mysqld (the operator ships none). */
export const MYSQLD_EXPORTER_IMAGE = 'prom/mysqld-exporter:v0.17.2';
