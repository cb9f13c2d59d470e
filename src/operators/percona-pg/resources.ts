import * as pg from '../../imports/pgv2-pgv2.percona.com';
import { Quantities, requirements } from '../../quantity';

/** Sidecars get limits like every container of ours; PMM's agent needs more than the exporter. */
export const PMM_RESOURCES: Quantities = { cpu: '300m', memory: '256Mi' };
export const EXPORTER_RESOURCES: Quantities = { cpu: '100m', memory: '128Mi' };

/**
 * Requests equal limits (Guaranteed QoS). The CRD's quantity classes of instances, PgBouncer, PMM and sidecars are
 * structurally identical, so the instances' serve for all.
 */
export function limitsAndRequests(q: Quantities): pg.PerconaPgClusterSpecInstancesResources {
  return requirements(pg.PerconaPgClusterSpecInstancesResourcesLimits, pg.PerconaPgClusterSpecInstancesResourcesRequests, q);
}
