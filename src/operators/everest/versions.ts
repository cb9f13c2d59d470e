/** OpenEverest operator 1.12.0: the version whose CRDs are vendored. */
export const EVEREST_OPERATOR_VERSION = '1.12.0';

/** The PMM client a MonitoringConfig names when `Monitoring.pmm()` gives no image (Everest's PMM 3 client). */
export const EVEREST_PMM_CLIENT_IMAGE = 'percona/pmm-client:3';

/**
 * Seconds between two uploads of binlogs / oplogs: the value Everest's CRD guide uses (PSMDB gets it as a 5-minute
 * oplog span). Always above 0, which is the API server's only rule on it.
 */
export const EVEREST_PITR_UPLOAD_INTERVAL_SECONDS = 300;

