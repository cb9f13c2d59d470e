import { IConstruct } from 'constructs';
import { DatabaseEngine } from '../engine';
import { invalid } from '../errors';
import { cnpgTarget } from './cnpg';
import { everestMongodbTarget, everestMysqlTarget, everestPostgresTarget } from './everest';
import { perconaPgTarget } from './percona-pg';
import { psmdbTarget } from './psmdb';
import { pxcTarget } from './pxc';
import { EngineTarget } from './target';

/** Every supported (engine, operator) pair. Adding an operator is adding its module here. */
const TARGETS: ReadonlyArray<EngineTarget> = [
  pxcTarget,
  psmdbTarget,
  perconaPgTarget,
  cnpgTarget,
  everestMysqlTarget,
  everestMongodbTarget,
  everestPostgresTarget,
];

/** The target that runs `engine`, or a validation error naming the unsupported pair. @internal */
export function targetFor(scope: IConstruct, engine: DatabaseEngine): EngineTarget {
  const target = TARGETS.find((t) => t.engine === engine.type && t.operator === engine.operator);
  if (!target) {
    const supported = TARGETS.filter((t) => t.engine === engine.type).map((t) => t.operator).join(', ');
    invalid(scope, 'engine.operator', engine.operator, `${engine.type} runs on ${supported || 'no operator'}`);
  }
  return target;
}
