// Writes test/diff/fixtures/<case>/{old,new}/*.k8s.yaml from the table in cases.ts.
// Run: npx ts-node --transpile-only -P test/tsconfig.json test/diff/generate-fixtures.ts
import * as fs from 'fs';
import * as path from 'path';
import { CASES, renderSide } from './cases';

export const FIXTURES_DIR = path.join(__dirname, 'fixtures');

function write(): void {
  fs.rmSync(FIXTURES_DIR, { recursive: true, force: true });
  for (const fixture of CASES) {
    for (const side of ['old', 'new'] as const) {
      const dir = path.join(FIXTURES_DIR, fixture.name, side);
      fs.mkdirSync(dir, { recursive: true });
      for (const [file, text] of renderSide(fixture, side)) fs.writeFileSync(path.join(dir, file), text);
    }
  }
  process.stdout.write(`${CASES.length} fixture pairs in ${FIXTURES_DIR}\n`);
}

if (require.main === module) write();
