import * as pg from '../../imports/pgv2-pgv2.percona.com';
import { Quantities, requirements } from '../../quantity';

// Every container the operator runs for a cluster gets limits, so that the pods are admitted where a ResourceQuota or
// a policy requires them: PGO gives its own containers none unless the CRD's fields below say so. Init containers
// take those of their pod's main container (postgrescluster/util.go:addNSSWrapper, percona/k8s/util.go:InitContainer).

/** Sidecars get limits like every container of ours; PMM's agent needs more than the exporter. */
export const PMM_RESOURCES: Quantities = { cpu: '300m', memory: '256Mi' };
export const EXPORTER_RESOURCES: Quantities = { cpu: '100m', memory: '128Mi' };

/**
 * pgBackRest's TLS server beside each instance (it reads, checksums and compresses the files of a backup) and on the
 * repository host (which writes them to the storage): `backups.pgbackrest.containers.pgbackrest`, `repoHost`.
 */
export const PGBACKREST_RESOURCES: Quantities = { cpu: '500m', memory: '512Mi' };

/** The backup Job only asks the repository host to run the backup, through the Kubernetes API (`backups.pgbackrest.jobs`). */
export const BACKUP_JOB_RESOURCES: Quantities = { cpu: '100m', memory: '128Mi' };

/** Loops that copy configuration and certificates into place (pgbackrest-config, replication-cert-copy, pgbouncer-config). */
export const RELOADER_RESOURCES: Quantities = { cpu: '50m', memory: '64Mi' };

/**
 * Requests equal limits (Guaranteed QoS). The CRD's quantity classes of instances, PgBouncer, PMM and sidecars are
 * structurally identical, so the instances' serve for all.
 */
export function limitsAndRequests(q: Quantities): pg.PerconaPgClusterSpecInstancesResources {
  return requirements(pg.PerconaPgClusterSpecInstancesResourcesLimits, pg.PerconaPgClusterSpecInstancesResourcesRequests, q);
}
