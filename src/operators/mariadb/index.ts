import { MARIADB_DIFF_RULES } from './diff';
import { MARIADB_STATUS } from './status';
import type * as Target from './target';
import { MARIADB_OPERATOR_VERSION } from './versions';
import { EngineType, Operator } from '../../engine';
import { OperatorProvider } from '../../provider';

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
  diffRules: MARIADB_DIFF_RULES,
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  target: () => (require('./target') as typeof Target).mariadbTarget,
};
