/**
 * `npm run fuzz`: 10,000 random fleets (test/support/arbitraries.ts) through the same property as
 * test/property.test.ts. Prints how many synthesized valid manifests, how many were refused on each prop (with an
 * example message), and every crash: anything but the library's validation error naming a prop, or manifests that
 * fail their schemas or the suite-wide checks. Exits non-zero on any crash.
 *
 * FUZZ_RUNS and FUZZ_SEED set the run count and the seed; FUZZ_CASE=n reruns case n of that seed alone and
 * throws its error with the full stack.
 */
import * as fc from 'fast-check';
import { fleetCase, runFleetCase } from '../test/support/arbitraries';

const runs = Number(process.env.FUZZ_RUNS ?? 10_000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
// The same seed gives the same cases, so that a crash is reproduced by its seed and index.
const cases = fc.sample(fleetCase, { seed, numRuns: runs });

if (process.env.FUZZ_CASE !== undefined) {
  const index = Number(process.env.FUZZ_CASE);
  console.log(fc.stringify(cases[index]));
  console.log(runFleetCase(cases[index]).kind);
} else {
  fuzz();
}

function fuzz(): void {
  const refusals = new Map<string, { count: number; example: string }>();
  const crashes: string[] = [];
  let valid = 0;
  const started = Date.now();
  cases.forEach((c, index) => {
    try {
      const outcome = runFleetCase(c);
      if (outcome.kind === 'valid') {
        valid++;
      } else {
        const seen = refusals.get(outcome.refusedBy);
        refusals.set(outcome.refusedBy, { count: (seen?.count ?? 0) + 1, example: seen?.example ?? outcome.message });
      }
    } catch (e) {
      crashes.push(`case ${index} (FUZZ_SEED=${seed} FUZZ_CASE=${index}): ${(e as Error).message}`);
    }
  });

  const refused = [...refusals.values()].reduce((sum, r) => sum + r.count, 0);
  console.log(`fuzz: ${runs} cases in ${((Date.now() - started) / 1000).toFixed(1)} s (FUZZ_SEED=${seed})`);
  console.log(`  synthesized valid manifests: ${valid}`);
  console.log(`  refused with a validation error: ${refused}`);
  for (const [prop, { count, example }] of [...refusals].sort((a, b) => b[1].count - a[1].count)) {
    console.log(`    ${String(count).padStart(6)}  ${prop.padEnd(44)} e.g. ${example.slice(0, 120)}`);
  }
  console.log(`  crashes: ${crashes.length}`);
  for (const crash of crashes.slice(0, 20)) console.log(`    ${crash.replace(/\n/g, '\n    ')}`);
  if (crashes.length > 20) console.log(`    ... and ${crashes.length - 20} more`);
  process.exitCode = crashes.length > 0 ? 1 : 0;
}
