import type * as Diff from './diff';
import { CNPG_STATUS } from './status';
import { BARMAN_CLOUD_PLUGIN_VERSION, CNPG_OPERATOR_VERSION } from './versions';
import { EngineType, Operator } from '../../engine';
import { EngineTarget, OperatorProvider } from '../../provider';

/** CloudNativePG, backed up by the Barman Cloud plugin. */
export const cnpgProvider: OperatorProvider = {
  id: 'cnpg',
  name: `CloudNativePG ${CNPG_OPERATOR_VERSION} with the Barman Cloud plugin ${BARMAN_CLOUD_PLUGIN_VERSION}`,
  operator: Operator.CLOUDNATIVE_PG,
  engines: [EngineType.POSTGRES],
  crdModules: [
    {
      name: 'cnpg',
      group: 'postgresql.cnpg.io',
      files: ['clusters', 'poolers', 'scheduledbackups', 'backups'].map((k) => `cloudnative-pg/postgresql.cnpg.io_${k}.yaml`),
    },
    { name: 'barmancloud', group: 'barmancloud.cnpg.io', files: ['plugin-barman-cloud/barmancloud.cnpg.io_objectstores.yaml'] },
  ],
  apiGroups: ['postgresql.cnpg.io', 'barmancloud.cnpg.io'],
  status: CNPG_STATUS,
  diffRules: () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const d = require('./diff') as typeof Diff;
    return [d.CNPG_CLUSTER_RULES, d.CNPG_POOLER_RULES, d.CNPG_SCHEDULED_BACKUP_RULES, d.CNPG_BACKUP_RULES, d.CNPG_OBJECT_STORE_RULES];
  },
  // Untyped on purpose: a type import would make every type check of the package read the generated CRD classes.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  target: () => (require('./target') as { cnpgTarget: EngineTarget }).cnpgTarget,
};
