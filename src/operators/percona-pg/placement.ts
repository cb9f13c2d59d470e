import { k8s } from 'cdk8s-plus-28';
import { ClusterModel } from '../../model';
import { compact } from '../../objects';
import { podPlacement } from '../../scheduling';

/** The CRD has no nodeSelector on any pod it describes: node labels become a required node affinity, which selects the same nodes. */
function nodeAffinityOf(nodeSelector: { [key: string]: string } | undefined): k8s.NodeAffinity | undefined {
  return nodeSelector && {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: Object.entries(nodeSelector).map(([key, value]) => ({ key, operator: 'In', values: [value] })) }],
    },
  };
}

/** Scheduling of one component's pods (instances, PgBouncer): the nodes, the tolerations, anti-affinity and zone spread. */
export function placementOf(m: ClusterModel, labels: { [key: string]: string }) {
  const placement = podPlacement(m.scheduling, labels);
  const nodeAffinity = nodeAffinityOf(placement.nodeSelector);
  const affinity = placement.affinity || nodeAffinity ? { ...placement.affinity, nodeAffinity } : undefined;
  return compact({
    affinity: affinity && compact(affinity),
    topologySpreadConstraints: placement.topologySpreadConstraints,
    tolerations: placement.tolerations,
  });
}

/**
 * The nodes the operator's other pods (pgBackRest's repository host, backup and restore Jobs) may run on: those of the
 * database, whose taints they tolerate. PGO places them nowhere itself, so on nodes reserved for databases they would
 * stay Pending.
 */
export function nodePlacementOf(m: ClusterModel) {
  const nodeAffinity = nodeAffinityOf(m.scheduling.nodeSelector);
  return compact({ affinity: nodeAffinity && { nodeAffinity }, tolerations: m.scheduling.tolerations });
}
