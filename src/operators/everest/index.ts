import type * as Diff from './diff';
import { EVEREST_STATUS } from './status';
import { EVEREST_OPERATOR_VERSION } from './versions';
import { EngineType, Operator } from '../../engine';
import { EngineTarget, OperatorProvider } from '../../provider';

/** OpenEverest: its own DatabaseCluster, which it translates into the Percona operators' resources. */
export const everestProvider: OperatorProvider = {
  id: 'everest',
  name: `OpenEverest operator ${EVEREST_OPERATOR_VERSION}`,
  operator: Operator.EVEREST,
  engines: [EngineType.MYSQL, EngineType.MONGODB, EngineType.POSTGRES],
  crdModules: [{
    name: 'everest',
    group: 'everest.percona.com',
    files: ['databaseclusters', 'backupstorages', 'monitoringconfigs', 'podschedulingpolicies', 'loadbalancerconfigs',
      'databaseclusterbackups', 'databaseclusterrestores'].map((k) => `everest-operator/everest.percona.com_${k}.yaml`),
  }],
  apiGroups: ['everest.percona.com'],
  status: EVEREST_STATUS,
  diffRules: () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const d = require('./diff') as typeof Diff;
    return [
      d.EVEREST_CLUSTER_RULES, d.EVEREST_BACKUP_STORAGE_RULES, d.EVEREST_SCHEDULING_POLICY_RULES, d.EVEREST_LOAD_BALANCER_CONFIG_RULES,
      d.EVEREST_BACKUP_RULES, d.EVEREST_RESTORE_RULES,
    ];
  },
  target: (engine) => {
    // Untyped on purpose: a type import would make every type check of the package read the generated CRD classes.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const targets = require('./target') as Record<'everestMysqlTarget' | 'everestMongodbTarget' | 'everestPostgresTarget', EngineTarget>;
    const byEngine: { readonly [E in EngineType]?: EngineTarget } = {
      [EngineType.MYSQL]: targets.everestMysqlTarget,
      [EngineType.MONGODB]: targets.everestMongodbTarget,
      [EngineType.POSTGRES]: targets.everestPostgresTarget,
    };
    // The registry asks only for the engines listed above.
    return byEngine[engine]!;
  },
};
