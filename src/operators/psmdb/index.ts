import { PSMDB_DIFF_RULES } from './diff';
import { PSMDB_STATUS } from './status';
import type * as Target from './target';
import { PSMDB_OPERATOR_VERSION } from './versions';
import { EngineType, Operator } from '../../engine';
import { OperatorProvider } from '../../provider';

/** Percona Server for MongoDB operator: replica sets or sharded clusters, backed up by PBM. */
export const psmdbProvider: OperatorProvider = {
  id: 'psmdb',
  name: `Percona Server for MongoDB operator ${PSMDB_OPERATOR_VERSION}`,
  operator: Operator.PERCONA,
  engines: [EngineType.MONGODB],
  crdModules: [{ name: 'psmdb', group: 'psmdb.percona.com', files: ['percona-server-mongodb-operator/crd-v1.21.2.yaml'] }],
  apiGroups: ['psmdb.percona.com'],
  status: PSMDB_STATUS,
  diffRules: [PSMDB_DIFF_RULES],
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  target: () => (require('./target') as typeof Target).psmdbTarget,
};
