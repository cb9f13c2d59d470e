import { VersionCatalogue } from '../../versions';

/** The MariaDB operator 26.6.0: the version whose CRDs are vendored and whose rules are mirrored. */
export const MARIADB_OPERATOR_VERSION = '26.6.0';

/**
 * The minors the operator 26.6.0 runs: it bootstraps Galera with the official image's entrypoint of the image's
 * minor, and embeds these (pkg/embed/mariadb-docker/<minor>/, read by pkg/embed/embed.go:ReadEntrypoint); any other
 * minor silently gets 11.8's. The README's floor is MariaDB 10.6.
 */
export const MARIADB_MINORS: ReadonlyArray<string> = ['10.6', '10.11', '11.4', '11.8', '12.1', '12.2', '12.3'];

/** The official image: `mariadb:<major.minor.patch>` (the operator supports official images only, README). */
const image = (version: string) => `mariadb:${version}`;

/**
 * The MariaDB versions the operator 26.6.0 supports, each at the official image's latest patch when it was released
 * (MariaDB/mariadb-docker versions.json, master at 2026-05-29): 11.8.8 is the operator's own default
 * (Makefile RELATED_IMAGE_MARIADB_VERSION). 12.3 was a release candidate then: give `image` to run it.
 */
export const MARIADB_CATALOGUE = new VersionCatalogue(`MariaDB operator ${MARIADB_OPERATOR_VERSION}`,
  'MariaDB/mariadb-docker versions.json of 2026-05-29 and the operator\'s embedded entrypoints', [
    { version: '12.2.2', image: image('12.2.2') },
    { version: '12.1.2', image: image('12.1.2') },
    { version: '11.8.8', image: image('11.8.8'), recommended: true },
    { version: '11.4.12', image: image('11.4.12') },
    { version: '10.11.18', image: image('10.11.18') },
    { version: '10.6.27', image: image('10.6.27') },
  ], [10, 11, 12]);

/** Images the operator 26.6.0 defaults to besides MariaDB's (Makefile RELATED_IMAGE_*), written explicitly. */
export const MARIADB_IMAGES = {
  maxscale: 'mariadb/maxscale:23.08.5',
  mysqldExporter: 'prom/mysqld-exporter:v0.15.1',
  maxscaleExporter: 'mariadb/maxscale-prometheus-exporter-ubi:v0.0.1',
};

/** The Galera library of the official (Debian-based) image, the operator's MARIADB_GALERA_LIB_PATH default. */
export const GALERA_LIB_PATH = '/usr/lib/galera/libgalera_smm.so';
