import * as fs from 'fs';
import * as path from 'path';
import { CASES, FixtureCase, renderSide } from './cases';
import { ManifestDiff } from '../../src';

const FIXTURES_DIR = path.join(__dirname, 'fixtures');

/** `[database ]field: class` rows of a report, sorted. */
function rows(fixture: FixtureCase): string[] {
  const report = ManifestDiff.compareDirectories(path.join(FIXTURES_DIR, fixture.name, 'old'), path.join(FIXTURES_DIR, fixture.name, 'new'));
  return report.databases.flatMap(d => d.changes.map(c => `${d.database === fixture.database ? '' : `${d.database} `}${c.field}: ${c.changeClass}`)).sort();
}

function reasons(fixture: FixtureCase): string {
  const report = ManifestDiff.compareDirectories(path.join(FIXTURES_DIR, fixture.name, 'old'), path.join(FIXTURES_DIR, fixture.name, 'new'));
  return report.databases.flatMap(d => d.changes.map(c => c.reason)).join('\n');
}

describe('fixture pairs', () => {
  test.each(CASES.map(c => [c.name, c] as const))('%s is classified as expected', (_name, fixture) => {
    expect(rows(fixture)).toEqual([...fixture.expected].sort());
    for (const text of fixture.mentions ?? []) expect(reasons(fixture)).toContain(text);
  });

  test('the committed fixtures match cases.ts (regenerate with test/diff/generate-fixtures.ts)', () => {
    for (const fixture of CASES) {
      for (const side of ['old', 'new'] as const) {
        for (const [file, text] of renderSide(fixture, side)) {
          expect(`${fixture.name}/${side}/${file}:\n${fs.readFileSync(path.join(FIXTURES_DIR, fixture.name, side, file), 'utf-8')}`)
            .toEqual(`${fixture.name}/${side}/${file}:\n${text}`);
        }
      }
    }
    expect(fs.readdirSync(FIXTURES_DIR).sort()).toEqual(CASES.map(c => c.name).sort());
  });

  test('every target and every change class has fixtures', () => {
    const kinds = new Set<string>();
    const classes = new Set<string>();
    for (const fixture of CASES) {
      const report = ManifestDiff.compareDirectories(path.join(FIXTURES_DIR, fixture.name, 'old'), path.join(FIXTURES_DIR, fixture.name, 'new'));
      report.databases.forEach(d => { kinds.add(d.kind); d.changes.forEach(c => classes.add(c.changeClass)); });
    }
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['Cluster', 'DatabaseCluster', 'MariaDB', 'PerconaPGCluster', 'PerconaServerMongoDB', 'PerconaXtraDBCluster']));
    expect([...classes].sort()).toEqual(['destructive', 'restart', 'risky', 'safe']);
  });
});
