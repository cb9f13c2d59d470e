import type * as Diff from './diff';
import { PERCONA_PG_STATUS } from './status';
import { PG_OPERATOR_VERSION } from './versions';
import { EngineType, Operator } from '../../engine';
import { EngineTarget, OperatorProvider } from '../../provider';

/** Percona Operator for PostgreSQL: Crunchy PGO underneath, Patroni, PgBouncer, pgBackRest. */
export const perconaPgProvider: OperatorProvider = {
  id: 'percona-pg',
  name: `Percona Operator for PostgreSQL ${PG_OPERATOR_VERSION}`,
  operator: Operator.PERCONA,
  engines: [EngineType.POSTGRES],
  crdModules: [{ name: 'pgv2', group: 'pgv2.percona.com', files: ['percona-postgresql-operator/crd-v2.8.2.yaml'] }],
  apiGroups: ['pgv2.percona.com', 'postgres-operator.crunchydata.com'],
  status: PERCONA_PG_STATUS,
  diffRules: () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const d = require('./diff') as typeof Diff;
    return [d.PERCONA_PG_DIFF_RULES];
  },
  // Untyped on purpose: a type import would make every type check of the package read the generated CRD classes.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  target: () => (require('./target') as { perconaPgTarget: EngineTarget }).perconaPgTarget,
};
