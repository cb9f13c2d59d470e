import * as fc from 'fast-check';
import { fleetCase, runFleetCase } from './support/arbitraries';

/**
 * Every public construct with random props either synthesizes manifests that pass their schemas and the suite-wide
 * checks, or throws the library's validation error naming a prop. A fixed seed keeps the suite deterministic;
 * `npm run fuzz` runs the same property 10,000 times on a fresh seed. A failure prints the seed and the case.
 */
describe('random fleets', () => {
  test('synthesize valid manifests or are refused on a named prop', () => {
    fc.assert(fc.property(fleetCase, (c) => { runFleetCase(c); }), { numRuns: 300, seed: 20261121 });
  });
});
