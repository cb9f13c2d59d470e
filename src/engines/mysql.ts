import { ClusterModel } from '../model';
import { Rule } from '../rules';

/** What any MySQL needs, whichever operator runs it (the operators' own limits are theirs). */
export const MYSQL_RULES: ReadonlyArray<Rule<ClusterModel>> = [];

/** The `[mysqld]` section of my.cnf with the engine parameters. */
export function mysqldSection(parameters: { [key: string]: string }): string {
  return ['[mysqld]', ...Object.entries(parameters).map(([k, v]) => `${k}=${v}`), ''].join('\n');
}
