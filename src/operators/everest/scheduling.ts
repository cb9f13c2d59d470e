import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { clusterScopedObject } from './cluster';
import { EverestEngine, Labels } from './engines';
import * as everest from '../../imports/everest-everest.percona.com';
import { ClusterModel } from '../../model';
import { compact } from '../../objects';
import { antiAffinity, ResolvedScheduling, ZONE_TOPOLOGY_KEY } from '../../scheduling';

// Scheduling: one PodSchedulingPolicy per database.

/**
 * The affinity of one component. Everest has no nodeSelector and no topology spread: a node selector becomes a
 * required node-affinity term, and zone spreading a *preferred* anti-affinity on the zone, which (unlike a
 * DoNotSchedule spread constraint) lets pods share a zone when the scheduler finds no better node.
 *
 * Never absent, `{}` at least: a policy without a component's affinity leaves that component to the Percona
 * operator's default, a *required* anti-affinity on the host for PXC and PSMDB (pxc_types.go:PodSpec.reconcileAffinityOpts,
 * psmdb_defaults.go:MultiAZ.reconcileAffinityOpts), and one without any makes Everest apply none at all (PodSchedulingPolicy
 * HasRules; pxc|psmdb|pg/applier.go:PodSchedulingPolicy) while its API server refuses to save the cluster
 * (validation/database_cluster.go:validatePodSchedulingPolicy). An empty affinity becomes `affinity.advanced`, which
 * the Percona operators apply as it is (pkg/pxc/statefulset.go:PodAffinity, pkg/psmdb/statefulset.go:PodAffinity).
 */
function componentAffinity(scheduling: ResolvedScheduling, selector: Labels): k8s.Affinity {
  const podAntiAffinity = antiAffinity(scheduling, selector)?.podAntiAffinity ?? {};
  const zoneTerms: k8s.WeightedPodAffinityTerm[] = scheduling.spreadAcrossZones
    ? [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: selector }, topologyKey: ZONE_TOPOLOGY_KEY } }]
    : [];
  const preferred = [...podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution ?? [], ...zoneTerms];
  const nodeSelector = scheduling.nodeSelector;
  const affinity = compact({
    nodeAffinity: nodeSelector && {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: Object.entries(nodeSelector).map(([key, value]) => ({ key, operator: 'In', values: [value] })) }],
      },
    },
    podAntiAffinity: podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution || preferred.length > 0
      ? compact({
        requiredDuringSchedulingIgnoredDuringExecution: podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution,
        preferredDuringSchedulingIgnoredDuringExecution: preferred.length > 0 ? preferred : undefined,
      })
      : undefined,
  });
  return affinity;
}

export function podSchedulingPolicy(scope: Construct, flavour: EverestEngine, model: ClusterModel): ApiObject {
  const selectors = flavour.selectors(model);
  const affinityOf = (selector: Labels | undefined) => selector && componentAffinity(model.scheduling, selector);
  const spec = flavour.schedulingPolicy({
    engine: affinityOf(selectors.engine),
    proxy: affinityOf(selectors.proxy),
    configServer: affinityOf(selectors.configServer),
  });
  return clusterScopedObject(scope, model, 'PodSchedulingPolicy', everest.PodSchedulingPolicy.GVK, everest.toJson_PodSchedulingPolicySpec(spec));
}

