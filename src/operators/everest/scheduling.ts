import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { EverestEngine, Labels } from './engines';
import * as everest from '../../imports/everest-everest.percona.com';
import { ClusterModel } from '../../model';
import { clusterScoped, clusterScopedName, compact } from '../../objects';
import { antiAffinity, ResolvedScheduling, ZONE_TOPOLOGY_KEY } from '../../scheduling';

// Scheduling: one PodSchedulingPolicy per database.

/**
 * The affinity of one component. Everest has no nodeSelector and no topology spread: a node selector becomes a
 * required node-affinity term, and zone spreading a *preferred* anti-affinity on the zone, which (unlike a
 * DoNotSchedule spread constraint) lets pods share a zone when the scheduler finds no better node.
 */
function componentAffinity(scheduling: ResolvedScheduling, selector: Labels): k8s.Affinity | undefined {
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
  return Object.keys(affinity).length > 0 ? affinity : undefined;
}

export function podSchedulingPolicy(scope: Construct, flavour: EverestEngine, model: ClusterModel): ApiObject {
  const selectors = flavour.selectors(model);
  const affinityOf = (selector: Labels | undefined) => selector && componentAffinity(model.scheduling, selector);
  const spec = flavour.schedulingPolicy({
    engine: affinityOf(selectors.engine),
    proxy: affinityOf(selectors.proxy),
    configServer: affinityOf(selectors.configServer),
  });
  const policy = new ApiObject(scope, 'PodSchedulingPolicy', {
    ...everest.PodSchedulingPolicy.GVK,
    metadata: { name: clusterScopedName(model.name, model.namespace) },
    spec: everest.toJson_PodSchedulingPolicySpec(spec),
  });
  clusterScoped(policy);
  return policy;
}

