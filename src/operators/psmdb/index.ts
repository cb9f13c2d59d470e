import type * as Diff from './diff';
import { PSMDB_STATUS } from './status';
import { PSMDB_OPERATOR_VERSION } from './versions';
import { EngineType, Operator } from '../../engine';
import { EngineTarget, OperatorProvider } from '../../provider';

/** Percona Server for MongoDB operator: replica sets or sharded clusters, backed up by PBM. */
export const psmdbProvider: OperatorProvider = {
  id: 'psmdb',
  name: `Percona Server for MongoDB operator ${PSMDB_OPERATOR_VERSION}`,
  operator: Operator.PERCONA,
  engines: [EngineType.MONGODB],
  crdModules: [{ name: 'psmdb', group: 'psmdb.percona.com', files: ['percona-server-mongodb-operator/crd-v1.21.2.yaml'] }],
  apiGroups: ['psmdb.percona.com'],
  status: PSMDB_STATUS,
  diffRules: () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const d = require('./diff') as typeof Diff;
    return [d.PSMDB_DIFF_RULES];
  },
  // Untyped on purpose: a type import would make every type check of the package read the generated CRD classes.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  target: () => (require('./target') as { psmdbTarget: EngineTarget }).psmdbTarget,
};
