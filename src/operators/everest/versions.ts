import { EngineType } from '../../engine';
import { CatalogueEntry, VersionCatalogue } from '../../versions';
import { PG_CATALOGUE } from '../percona-pg/versions';
import { PSMDB_CATALOGUE } from '../psmdb/versions';
import { PXC_CATALOGUE } from '../pxc/versions';

/** OpenEverest operator 1.12.0: the version whose CRDs are vendored. */
export const EVEREST_OPERATOR_VERSION = '1.12.0';

/**
 * Seconds between two uploads of binlogs / oplogs: the value Everest's CRD guide uses (PSMDB gets it as a 5-minute
 * oplog span). Always above 0, which is the API server's only rule on it.
 */
export const EVEREST_PITR_UPLOAD_INTERVAL_SECONDS = 300;

/**
 * The engine versions Everest accepts: the keys of its DatabaseEngine's `status.availableVersions.engine`, which
 * databaseengine_controller.go:Reconcile fills from Percona's version service for each operator it runs (the
 * catalogues of those operators), without MySQL 5.x (deleted there). The webhook refuses any other
 * (validateEngineVersion).
 */
export const EVEREST_CATALOGUES: { readonly [E in EngineType]?: VersionCatalogue } = {
  [EngineType.MYSQL]: new VersionCatalogue(`OpenEverest operator ${EVEREST_OPERATOR_VERSION} (Percona XtraDB Cluster 1.18.0)`,
    PXC_CATALOGUE.source, PXC_CATALOGUE.entries.filter((e) => !e.version.startsWith('5.'))),
  [EngineType.MONGODB]: new VersionCatalogue(`OpenEverest operator ${EVEREST_OPERATOR_VERSION} (Percona Server for MongoDB 1.21.2)`,
    PSMDB_CATALOGUE.source, PSMDB_CATALOGUE.entries),
  // Keyed by major.minor: Everest finds the image, the build is not part of its version.
  [EngineType.POSTGRES]: new VersionCatalogue(`OpenEverest operator ${EVEREST_OPERATOR_VERSION} (Percona PostgreSQL 2.8.2)`,
    PG_CATALOGUE.source, PG_CATALOGUE.entries.map((e) => ({ ...e, build: undefined }))),
};

/** The engine version as Everest spells it: its catalogue's key (`8.0.42-33.1`, `8.0.17-6`, `17.7`). */
export function everestVersionKey(entry: CatalogueEntry): string {
  return entry.build === undefined ? entry.version : `${entry.version}-${entry.build}`;
}
