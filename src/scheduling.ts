import { k8s } from 'cdk8s-plus-28';
import { isLabelKey, isLabelValue } from './names';

/** How strictly pods of one database avoid sharing a topology domain (a node, by default). */
export enum AntiAffinity {
  /** Never co-locate: a pod stays Pending rather than share a domain. */
  REQUIRED = 'required',
  /** Avoid co-locating when the scheduler can. */
  PREFERRED = 'preferred',
  /** No anti-affinity. */
  NONE = 'none',
}

/** Where the pods of a database (and of its proxies and config servers) may run. */
export interface SchedulingOptions {
  /**
   * Anti-affinity between the pods of one component.
   * @default AntiAffinity.PREFERRED
   */
  readonly antiAffinity?: AntiAffinity;
  /**
   * The topology domain anti-affinity applies to.
   * @default 'kubernetes.io/hostname'
   */
  readonly topologyKey?: string;
  /**
   * Spread each component evenly across zones (`topology.kubernetes.io/zone`, max skew 1, DoNotSchedule).
   * @default false
   */
  readonly spreadAcrossZones?: boolean;
  /**
   * Only schedule onto nodes with these labels.
   * @default - any node
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Taints the pods tolerate.
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];
}

/** @internal */
export const HOSTNAME_TOPOLOGY_KEY = 'kubernetes.io/hostname';
/** @internal */
export const ZONE_TOPOLOGY_KEY = 'topology.kubernetes.io/zone';

/** Scheduling with every default filled in. @internal */
export interface ResolvedScheduling {
  readonly antiAffinity: AntiAffinity;
  readonly topologyKey: string;
  readonly spreadAcrossZones: boolean;
  readonly nodeSelector?: { [key: string]: string };
  readonly tolerations?: k8s.Toleration[];
}

/** @internal */
export function resolveScheduling(options: SchedulingOptions = {}): ResolvedScheduling {
  return {
    antiAffinity: options.antiAffinity ?? AntiAffinity.PREFERRED,
    topologyKey: options.topologyKey ?? HOSTNAME_TOPOLOGY_KEY,
    spreadAcrossZones: options.spreadAcrossZones ?? false,
    nodeSelector: options.nodeSelector && Object.keys(options.nodeSelector).length > 0 ? options.nodeSelector : undefined,
    tolerations: options.tolerations && options.tolerations.length > 0 ? options.tolerations : undefined,
  };
}

/** The scheduling fields of one pod template, in plain Kubernetes shape. @internal */
export interface PodPlacement {
  readonly affinity?: k8s.Affinity;
  readonly topologySpreadConstraints?: k8s.TopologySpreadConstraint[];
  readonly nodeSelector?: { [key: string]: string };
  readonly tolerations?: k8s.Toleration[];
}

/**
 * Anti-affinity and zone spread for the pods that `selector` matches (one component of one database).
 * @internal
 */
export function podPlacement(scheduling: ResolvedScheduling, selector: { [key: string]: string }): PodPlacement {
  return {
    affinity: antiAffinity(scheduling, selector),
    topologySpreadConstraints: scheduling.spreadAcrossZones ? [zoneSpread(selector)] : undefined,
    nodeSelector: scheduling.nodeSelector,
    tolerations: scheduling.tolerations,
  };
}

/** @internal */
export function antiAffinity(scheduling: ResolvedScheduling, selector: { [key: string]: string }): k8s.Affinity | undefined {
  const term: k8s.PodAffinityTerm = { labelSelector: { matchLabels: selector }, topologyKey: scheduling.topologyKey };
  switch (scheduling.antiAffinity) {
    case AntiAffinity.REQUIRED:
      return { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } };
    case AntiAffinity.PREFERRED:
      return { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] } };
    default:
      return undefined;
  }
}

/** @internal */
export function zoneSpread(selector: { [key: string]: string }): k8s.TopologySpreadConstraint {
  return { maxSkew: 1, topologyKey: ZONE_TOPOLOGY_KEY, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: selector } };
}

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/**
 * Why the API server refuses a toleration in a pod (k8s.io/kubernetes pkg/apis/core/validation/validation.go:
 * ValidateTolerations), or undefined. Operators copy tolerations into StatefulSets, whose pods the StatefulSet
 * controller then fails to create (the pods stay Pending), or into Deployments and Jobs, which are refused.
 * @internal
 */
export function tolerationProblem(t: k8s.Toleration): string | undefined {
  const operator = t.operator ?? 'Equal';
  if (t.key !== undefined && t.key !== '' && !isLabelKey(t.key)) return `key "${t.key}" is not a qualified name such as example.com/dedicated`;
  if ((t.key === undefined || t.key === '') && operator !== 'Exists') return 'an empty key needs operator Exists (it matches every taint)';
  if (operator !== 'Equal' && operator !== 'Exists') return `operator "${operator}" is neither Equal nor Exists`;
  if (operator === 'Exists' && t.value !== undefined && t.value !== '') return 'operator Exists takes no value';
  if (operator === 'Equal' && t.value !== undefined && !isLabelValue(t.value)) return `value "${t.value}" is not a label value`;
  if (t.effect !== undefined && t.effect !== '' && !TAINT_EFFECTS.includes(t.effect)) return `effect "${t.effect}" is not one of ${TAINT_EFFECTS.join(', ')}`;
  if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') return 'tolerationSeconds applies to effect NoExecute only';
  if (t.tolerationSeconds !== undefined && !Number.isSafeInteger(t.tolerationSeconds)) return 'tolerationSeconds is a whole number';
  return undefined;
}
