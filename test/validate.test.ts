import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import * as YAML from 'yaml';
import { buildFleet } from '../examples/fleet';
import { ManifestValidation } from '../src';
import { main } from '../src/cli/main';

const ROOT = path.join(__dirname, '..');

/** Runs the command line in-process and captures what it writes. */
function run(...argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { write: (t: string) => { stdout += t; } }, { write: (t: string) => { stderr += t; } });
  return { code, stdout, stderr };
}

/** The bundled example fleet, synthesized into a directory as `npm run example` writes dist/. */
const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-dbaas-validate-'));
const app = new App({ outdir: dist });
buildFleet(app);
app.synth();
const distFile = path.join(dist, fs.readdirSync(dist).find((f) => f.endsWith('.k8s.yaml'))!);

/** A copy of the example with one object changed by `edit`, as a file in its own directory. */
function broken(kind: string, edit: (o: any) => void): string {
  const docs = YAML.parseAllDocuments(fs.readFileSync(distFile, 'utf8')).map((d) => d.toJS());
  edit(docs.find((d) => d.kind === kind));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-dbaas-broken-'));
  fs.writeFileSync(path.join(dir, 'fleet.k8s.yaml'), docs.map((d) => YAML.stringify(d)).join('---\n'));
  return dir;
}

afterAll(() => fs.rmSync(dist, { recursive: true, force: true }));

describe('cdk8s-dbaas validate', () => {
  test('passes on the bundled example and lists every object (exit 0)', () => {
    const { code, stdout, stderr } = run('validate', dist);
    const count = YAML.parseAllDocuments(fs.readFileSync(distFile, 'utf8')).filter((d) => d.toJS()).length;
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(new RegExp(`^valid +${distFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+ PerconaXtraDBCluster shop/fleet-orders$`, 'm'));
    expect(stdout).toContain(`${count} object(s) checked: ${count} valid, 0 invalid.`);
  });

  test('reports a broken manifest with its file, line, object and field (exit 1)', () => {
    const dir = broken('PerconaXtraDBCluster', (o) => {
      o.spec.pxc.size = 'three';
      o.spec.pxc.sise = 3;
    });
    const { code, stdout } = run('validate', dir);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^INVALID +\S+fleet\.k8s\.yaml:\d+ PerconaXtraDBCluster shop\/fleet-orders$/m);
    expect(stdout).toMatch(/^ +spec\.pxc\.size: must be an integer \(got "three"\)$/m);
    expect(stdout).toMatch(/^ +spec\.pxc\.sise: unknown field/m);
    expect(stdout).toMatch(/object\(s\) checked: \d+ valid, 1 invalid\.$/m);
  });

  test('reports a CEL rule of the CRD, with the rule (exit 1, --json)', () => {
    const dir = broken('Cluster', (o) => {
      o.spec.imageCatalogRef = { apiGroup: 'postgresql.cnpg.io', kind: 'ImageCatalog', name: 'pg', major: 17 };
    });
    const { code, stdout } = run('validate', dir, '--json');
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ valid: false, exitCode: 1 });
    expect(report.objects.filter((o: any) => o.problems.length > 0)).toEqual([expect.objectContaining({
      kind: 'Cluster',
      namespace: 'shop',
      source: expect.stringMatching(/fleet\.k8s\.yaml:\d+$/),
      problems: [{ path: 'spec', message: expect.stringContaining('imageName and imageCatalogRef are mutually exclusive'), rule: '!(has(self.imageCatalogRef) && has(self.imageName))' }],
    })]);
  });

  test.each<[string, string[], string]>([
    ['a location that does not exist', [path.join(dist, 'missing')], 'cannot read'],
    ['a document that is not a Kubernetes object', [path.join(__dirname, 'diff', 'bad-input', 'not-kubernetes')], 'is not a Kubernetes object'],
    ['a file that is not YAML', [path.join(__dirname, 'diff', 'bad-input', 'not-yaml')], 'not valid YAML or JSON'],
    ['no objects at all', [path.join(__dirname, 'diff', 'bad-input', 'empty')], 'no Kubernetes objects'],
    ['no location', [], 'validate needs at least one location'],
    ['an unknown option', [dist, '--strict'], 'unknown option --strict'],
  ])('exits 2 on bad input: %s', (_name, args, message) => {
    const { code, stdout, stderr } = run('validate', ...args);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toContain(message);
  });

  test('the executable runs it and sets the exit code', () => {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'cdk8s-dbaas.js'), 'validate', dist], { cwd: ROOT, encoding: 'utf-8' });
    expect(result.stdout).toContain('0 invalid');
    expect(result.status).toBe(0);
  });
});

describe('ManifestValidation', () => {
  test('reads locations and gives objects in order, each with its problems', () => {
    const report = ManifestValidation.validateLocations([dist]);
    expect(report.valid).toBe(true);
    expect(report.objects.length).toBeGreaterThan(10);
    expect(report.objects[0]).toMatchObject({ problems: [], source: `${distFile}:1` });
  });

  test('validates objects given in code, and says what bad input is', () => {
    const report = ManifestValidation.validateObjects([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 1 } }]);
    expect(report.valid).toBe(false);
    expect(report.problemLines()).toEqual(['ConfigMap c: data.a: must be a string (got 1)']);
    let thrown: unknown;
    try {
      ManifestValidation.validateLocations([path.join(dist, 'missing')]);
    } catch (e) {
      thrown = e;
    }
    expect(ManifestValidation.isInputError(thrown)).toBe(true);
  });
});
