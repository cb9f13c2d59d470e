/**
 * The registry: the one list of operators. The construct layer, the safe-change guard, the status reconciler (and
 * its RBAC), the CRD import script and the test suites read it and nothing else. Adding an operator is adding its
 * folder and one line here (see ARCHITECTURE.md).
 */
import { IConstruct } from 'constructs';
import { DatabaseEngine } from '../engine';
import { invalid } from '../errors';
import { CrdModule, EngineTarget, OperatorProvider } from '../provider';
import { cnpgProvider } from './cnpg';
import { everestProvider } from './everest';
import { mariadbProvider } from './mariadb';
import { perconaPgProvider } from './percona-pg';
import { psmdbProvider } from './psmdb';
import { pxcProvider } from './pxc';
import { OperatorStatusMapping } from '../status-mapping';

const PROVIDERS: ReadonlyArray<OperatorProvider> = [
  pxcProvider,
  psmdbProvider,
  perconaPgProvider,
  cnpgProvider,
  everestProvider,
  mariadbProvider,
];

/**
 * CRDs that no single operator owns: the Prometheus operator's monitoring kinds, which every operator's
 * `Monitoring.prometheus()` emits.
 */
const SHARED_CRD_MODULES: ReadonlyArray<CrdModule> = [{
  name: 'monitoring',
  group: 'monitoring.coreos.com',
  files: ['podmonitors', 'servicemonitors', 'prometheusrules'].map((k) => `prometheus-operator/monitoring.coreos.com_${k}.yaml`),
}];

/** Every registered operator. @internal */
export function providers(): ReadonlyArray<OperatorProvider> {
  return PROVIDERS;
}

/** The CRD modules to generate typed classes for: every operator's and the shared ones. @internal */
export function crdModules(): ReadonlyArray<CrdModule> {
  return [...PROVIDERS.flatMap((p) => p.crdModules), ...SHARED_CRD_MODULES];
}

/** Every operator's status mapping, for the status reconciler. @internal */
export function statusMappings(): ReadonlyArray<OperatorStatusMapping> {
  return PROVIDERS.map((p) => p.status);
}

/** The target that runs `engine`, or a validation error naming the unsupported pair. @internal */
export function targetFor(scope: IConstruct, engine: DatabaseEngine): EngineTarget {
  const provider = PROVIDERS.find((p) => p.operator === engine.operator && p.engines.includes(engine.type));
  if (!provider) {
    const supported = PROVIDERS.filter((p) => p.engines.includes(engine.type)).map((p) => p.operator).join(', ');
    invalid(scope, 'engine.operator', engine.operator, `${engine.type} runs on ${supported || 'no operator'}`);
  }
  return provider.target(engine.type);
}
