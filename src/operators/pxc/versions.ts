/** Percona XtraDB Cluster operator 1.18.0: the version whose CRD is vendored and whose images are used. */
export const PXC_OPERATOR_VERSION = '1.18.0';
/** percona-xtrabackup tag the operator ships for each engine series (e2e-tests/release_versions). */
const XTRABACKUP_TAGS: Record<string, string> = { '8.4': '8.4.0-3.1', '8.0': '8.0.35-34.1', '5.7': '2.4.29' };
/** Images the PXC operator 1.18.0 ships (e2e-tests/release_versions). */
export const PXC_IMAGES = {
  pxc: (version: string) => `percona/percona-xtradb-cluster:${version}`,
  haproxy: 'percona/haproxy:2.8.15',
  proxysql: 'percona/proxysql2:2.7.3',
  /** xtrabackup must match the server's series (8.4, 8.0 or 5.7). */
  xtrabackup: (engineSeries: string) => `percona/percona-xtrabackup:${XTRABACKUP_TAGS[engineSeries]}`,
  pmmClient: 'percona/pmm-client:3.3.1',
};
/** The exporter `Monitoring.prometheus()` adds next to mysqld (the operator ships none). */
export const MYSQLD_EXPORTER_IMAGE = 'prom/mysqld-exporter:v0.17.2';
/** A Percona XtraDB Cluster image tag: the MySQL version and Percona's build, of the 5.7, 8.0 or 8.4 series. */
export const PXC_VERSION_FORMAT = /^(5\.7|8\.0|8\.4)\.\d+-\d+(\.\d+)?$/;
