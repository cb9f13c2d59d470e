import { EngineType } from '../engine';
import { ClusterModel } from '../model';
import { Rule } from '../rules';
import { MARIADB_RULES } from './mariadb';
import { MONGODB_RULES } from './mongodb';
import { MYSQL_RULES } from './mysql';
import { POSTGRES_RULES } from './postgres';

/** The rules of each engine, checked after the engine-neutral ones and before the operator's. @internal */
export const ENGINE_RULES: { readonly [E in EngineType]: ReadonlyArray<Rule<ClusterModel>> } = {
  [EngineType.MYSQL]: MYSQL_RULES,
  [EngineType.MONGODB]: MONGODB_RULES,
  [EngineType.POSTGRES]: POSTGRES_RULES,
  [EngineType.MARIADB]: MARIADB_RULES,
};
