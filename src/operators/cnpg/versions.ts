/** CloudNativePG 1.30.0: the version whose CRDs are vendored. */
export const CNPG_OPERATOR_VERSION = '1.30.0';

/** Barman Cloud plugin 0.14.0: the version whose ObjectStore CRD is vendored. */
export const BARMAN_CLOUD_PLUGIN_VERSION = '0.14.0';

/**
 * PostgreSQL images of the CloudNativePG community, tagged `<major.minor>-<flavour>-<debian>`. The `standard`
 * flavour (PostgreSQL plus pgaudit, pgvector and failover slots) is the one the Barman Cloud plugin is built for:
 * the plugin brings Barman Cloud in its own sidecar, so the `system` flavour (Barman Cloud inside the image, for the
 * in-tree backups removed in 1.31) is not needed. The minor version is pinned so that the tag names one release.
 */
export const CNPG_IMAGES = {
  postgres: (minorVersion: string) => `ghcr.io/cloudnative-pg/postgresql:${minorVersion}-standard-trixie`,
};

/**
 * PostgreSQL majors the CloudNativePG 1.30 images cover. 14 reached its end of life on 2026-11-12: its images are
 * no longer rebuilt.
 */
export const CNPG_POSTGRES_MAJORS: ReadonlyArray<number> = [14, 15, 16, 17, 18];

