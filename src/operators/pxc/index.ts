import type * as Diff from './diff';
import { PXC_STATUS } from './status';
import { PXC_OPERATOR_VERSION } from './versions';
import { EngineType, Operator } from '../../engine';
import { EngineTarget, OperatorProvider } from '../../provider';

/** Percona XtraDB Cluster operator: MySQL with Galera replication, HAProxy or ProxySQL, xtrabackup. */
export const pxcProvider: OperatorProvider = {
  id: 'pxc',
  name: `Percona XtraDB Cluster operator ${PXC_OPERATOR_VERSION}`,
  operator: Operator.PERCONA,
  engines: [EngineType.MYSQL],
  crdModules: [{ name: 'pxc', group: 'pxc.percona.com', files: ['percona-xtradb-cluster-operator/crd-v1.18.0.yaml'] }],
  apiGroups: ['pxc.percona.com'],
  status: PXC_STATUS,
  diffRules: () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const d = require('./diff') as typeof Diff;
    return [d.PXC_DIFF_RULES];
  },
  // Untyped on purpose: a type import would make every type check of the package read the generated CRD classes.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  target: () => (require('./target') as { pxcTarget: EngineTarget }).pxcTarget,
};
