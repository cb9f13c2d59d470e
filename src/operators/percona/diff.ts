import { AntiAffinityStrength, kubernetesAntiAffinity } from '../../diff/rules/classifiers';

/**
 * Strength of a Percona `affinity` (PXC, PSMDB): `advanced` is plain Kubernetes affinity; otherwise the operator
 * requires anti-affinity on `antiAffinityTopologyKey` (hostname by default) unless that is `none`.
 * @internal
 */
export function perconaAntiAffinity(affinity: any): AntiAffinityStrength {
  if (affinity?.advanced) return kubernetesAntiAffinity(affinity.advanced);
  return affinity?.antiAffinityTopologyKey === 'none' ? AntiAffinityStrength.NONE : AntiAffinityStrength.REQUIRED;
}
