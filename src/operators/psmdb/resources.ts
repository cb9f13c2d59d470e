import * as psmdb from '../../imports/psmdb-psmdb.percona.com';
import { Quantities, requirements } from '../../quantity';

/** Sidecars' resources (requests equal limits): the PBM agent's are Everest's, the others sized for one exporter. */
export const SIDECAR_RESOURCES = {
  backupAgent: { cpu: '300m', memory: '1Gi' },
  pmmClient: { cpu: '300m', memory: '512Mi' },
  exporter: { cpu: '100m', memory: '128Mi' },
};

/** Limits and requests; the generated quantity classes of every PSMDB component are structurally identical. */
export function limitsAndRequests(q: Quantities): psmdb.PerconaServerMongoDbSpecReplsetsResources {
  return requirements(psmdb.PerconaServerMongoDbSpecReplsetsResourcesLimits, psmdb.PerconaServerMongoDbSpecReplsetsResourcesRequests, q);
}
