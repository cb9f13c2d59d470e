import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { CASES, FixtureCase } from './cases';
import { ManifestDiff } from '../../src';
import { providers } from '../../src/operators';
import { compileRule } from '../../src/validation/cel';
import { objectId } from '../../src/validation/validator';
import { validator, vendoredRules } from '../support/schema';

/**
 * The CRDs' transition rules (CEL rules that name `oldSelf`) on the guard's fixture pairs: an update that the API
 * server would refuse must never be reported as safe or restart.
 */

const FIXTURES_DIR = path.join(__dirname, 'fixtures');

function objects(dir: string): any[] {
  return fs.readdirSync(dir).flatMap(f => parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf-8')).map(d => d.toJS()).filter(Boolean));
}

/** A refused update: the object, the field path and the rule, as `Kind/ns/name field: rule`. */
interface Refusal {
  readonly object: any;
  readonly path: string;
  readonly rule: string;
}

function refusals(fixture: FixtureCase): Refusal[] {
  const olds = objects(path.join(FIXTURES_DIR, fixture.name, 'old'));
  return objects(path.join(FIXTURES_DIR, fixture.name, 'new')).flatMap(obj => {
    const old = olds.find(o => o.apiVersion === obj.apiVersion && objectId(o) === objectId(obj));
    return old ? validator().transitionProblems(old, obj).map(p => ({ object: obj, path: p.path, rule: p.rule! })) : [];
  });
}

/** `spec.items[0].name` → `spec.items.name`: the guard names list items by their keys, the API server by index. */
const withoutIndices = (field: string) => field.replace(/\[[^\]]*\]/g, '');

const CASES_WITH_REFUSALS = CASES.map(c => [c.name, c, refusals(c)] as const);

describe('transition rules on the fixture pairs', () => {
  /** Fixture objects that show the guard an object the API server refuses, with the start of the refusal. */
  const REFUSED_ON_PURPOSE: Record<string, string> = {
    // An even Galera cluster: the MariaDB CRD's CEL rule refuses it, and the guard must call it destructive.
    'mariadb-galera-even/new MariaDB/shop/fleet-accounts': 'spec: An odd number of MariaDB instances',
  };

  test('every fixture object is one the API server accepts (schema and CEL rules), but those refused on purpose', () => {
    const problems = CASES.flatMap(c => ['old', 'new'].flatMap(side => objects(path.join(FIXTURES_DIR, c.name, side))
      .flatMap(o => validator().validate(o).map(p => [`${c.name}/${side} ${objectId(o)}`, `${p.path}: ${p.message}`]))));
    expect(problems.filter(([at, problem]) => !problem.startsWith(REFUSED_ON_PURPOSE[at] ?? '\0'))).toEqual([]);
    expect(Object.keys(REFUSED_ON_PURPOSE).filter(at => !problems.some(([found]) => found === at))).toEqual([]);
  });

  test.each(CASES_WITH_REFUSALS.filter(([, , found]) => found.length > 0))('%s: the refused update is reported as risky or destructive', (_name, fixture, found) => {
    const report = ManifestDiff.compareDirectories(path.join(FIXTURES_DIR, fixture.name, 'old'), path.join(FIXTURES_DIR, fixture.name, 'new'));
    for (const refusal of found) {
      const field = withoutIndices(refusal.path);
      const verdicts = report.databases.flatMap(d => d.changes)
        .filter(c => c.kind === refusal.object.kind && c.object.endsWith(refusal.object.metadata.name))
        .filter(c => c.field === '(object)' || withoutIndices(c.field).startsWith(field) || field.startsWith(withoutIndices(c.field)))
        .map(c => c.changeClass);
      expect({ refusal: `${objectId(refusal.object)} ${refusal.path}: ${refusal.rule}`, verdicts })
        .toEqual({ refusal: expect.any(String), verdicts: expect.arrayContaining([expect.stringMatching(/^(risky|destructive)$/)]) });
      expect(verdicts.filter(v => v === 'safe' || v === 'restart')).toEqual([]);
    }
  });

  /** Rules the fixture pairs cannot break, with why. */
  const NOT_FROM_MANIFESTS: Record<string, string> = {
    // The API server keeps the stored status on a spec update: manifests never carry the pending CR version.
    'everest.percona.com/v1alpha1/DatabaseCluster ': '!has(self.?status.recommendedCRVersion) || self.spec.engine.version == oldSelf.spec.engine.version',
  };

  test('every transition rule of a kind the guard compares is broken by at least one fixture pair', () => {
    const compared = new Set(providers().flatMap(p => p.diffRules()).map(r => r.kind));
    const rules = vendoredRules()
      .filter(r => compared.has(r.kind.split('/').pop()!) && compileRule(r).usesOldSelf)
      .map(r => `${r.kind} ${withoutIndices(r.at)}: ${r.rule}`);
    const broken = new Set(CASES_WITH_REFUSALS.flatMap(([, , found]) => found.map(r => `${r.object.apiVersion}/${r.object.kind} ${withoutIndices(r.path)}: ${r.rule}`)));
    const notFromManifests = Object.entries(NOT_FROM_MANIFESTS).map(([at, rule]) => `${at}: ${rule}`);
    expect(rules).toEqual(expect.arrayContaining(notFromManifests));
    expect(rules.filter(r => !broken.has(r) && !notFromManifests.includes(r))).toEqual([]);
  });
});
