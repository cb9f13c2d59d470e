import type * as Diff from './diff';
import { MARIADB_STATUS } from './status';
import { MARIADB_OPERATOR_VERSION } from './versions';
import { EngineType, Operator } from '../../engine';
import { EngineTarget, OperatorProvider } from '../../provider';

const GROUP = 'k8s.mariadb.com';
/** The kinds it renders; Database, User and Grant join them with applications' databases. */
const KINDS = ['mariadbs', 'maxscales', 'backups', 'physicalbackups', 'pointintimerecoveries', 'restores'];

/** The MariaDB operator: MariaDB with Galera or replication, MaxScale, logical and physical backups, binlog archives. */
export const mariadbProvider: OperatorProvider = {
  id: 'mariadb',
  name: `MariaDB operator ${MARIADB_OPERATOR_VERSION}`,
  operator: Operator.MARIADB,
  engines: [EngineType.MARIADB],
  crdModules: [{ name: 'mariadb', group: GROUP, files: KINDS.map((k) => `mariadb-operator/${GROUP}_${k}.yaml`) }],
  apiGroups: [GROUP],
  status: MARIADB_STATUS,
  diffRules: () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const d = require('./diff') as typeof Diff;
    return d.MARIADB_DIFF_RULES;
  },
  // Untyped on purpose: a type import would make every type check of the package read the generated CRD classes.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  target: () => (require('./target') as { mariadbTarget: EngineTarget }).mariadbTarget,
};
