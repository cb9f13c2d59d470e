import { ClusterModel } from '../model';
import { Rule } from '../rules';

/** What any PostgreSQL needs, whichever operator runs it. */
export const POSTGRES_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  {
    prop: 'engine.version',
    value: (m) => m.engine.version,
    valid: (m) => /^\d{2}\.\d+$/.test(m.engine.version),
    reason: 'a PostgreSQL version is major.minor, such as 17.7 (17.7-2 names a distribution build)',
  },
];

/** postgresql.conf lines (`name = value`). */
export function postgresqlConf(parameters: { [key: string]: string }): string {
  return Object.entries(parameters).map(([k, v]) => `${k} = ${v}\n`).join('');
}
