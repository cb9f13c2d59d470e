/**
 * The layering of docs/ARCHITECTURE.md, checked on the sources: the core names no operator's API group or kind,
 * imports the operator layer only through the registry, and no import runs in a circle.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { crdModules, providers } from '../src/operators';

const SRC = path.join(__dirname, '..', 'src');
const OPERATORS = path.join(SRC, 'operators');
const IMPORTS = path.join(__dirname, '..', 'imports');
/** Kinds that are also our own public names or plain words: only a `kind` compared or set to one counts as naming it. */
const WORD_KINDS = new Set(['Backup', 'BackupStorage', 'Cluster', 'Connection', 'Database', 'DatabaseCluster', 'Grant', 'MariaDB', 'MaxScale', 'Restore', 'User']);

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'imports' ? [] : sources(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

const coreFiles = sources(SRC).filter((f) => !f.startsWith(`${OPERATORS}${path.sep}`));
const operatorFiles = sources(OPERATORS);

/** API groups and kinds of every operator's CRDs (the shared monitoring CRDs are nobody's operator). */
function operatorVocabulary(): { groups: Set<string>; kinds: Set<string> } {
  const groups = new Set(providers().flatMap((p) => [...p.apiGroups, ...p.crdModules.map((m) => m.group)]));
  const kinds = new Set<string>();
  for (const module of providers().flatMap((p) => p.crdModules)) {
    for (const file of module.files) {
      for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(IMPORTS, file), 'utf8'))) {
        const crd = doc.toJS();
        if (crd?.kind === 'CustomResourceDefinition' && crd.spec.group === module.group) kinds.add(crd.spec.names.kind);
      }
    }
  }
  return { groups, kinds };
}

/** Relative imports of a file, resolved to files (`./x` → `x.ts` or `x/index.ts`). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|require\()\s*'(\.[^']+)'/g)].map((m) => m[1]);
  return specifiers.map((s) => path.resolve(path.dirname(file), s))
    .map((p) => [`${p}.ts`, path.join(p, 'index.ts')].find((candidate) => fs.existsSync(candidate)))
    .filter((p): p is string => p !== undefined && !p.includes(`${path.sep}imports${path.sep}`));
}

describe('one folder per operator', () => {
  test('the registry lists one provider per folder of src/operators (percona holds what the Percona operators share)', () => {
    const folders = fs.readdirSync(OPERATORS, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(folders).toEqual([...providers().map((p) => p.id), 'percona'].sort());
    expect(crdModules().length).toBeGreaterThan(providers().length);
  });

  test('no core file names an operator\'s API group or kind', () => {
    const { groups, kinds } = operatorVocabulary();
    expect(groups.size).toBeGreaterThan(4);
    expect(kinds.has('PerconaXtraDBCluster')).toBe(true);
    const found: string[] = [];
    for (const file of coreFiles) {
      const text = fs.readFileSync(file, 'utf8');
      for (const group of groups) if (text.includes(group)) found.push(`${path.relative(SRC, file)}: ${group}`);
      for (const kind of kinds) {
        const pattern = WORD_KINDS.has(kind) ? new RegExp(`kind\\W{1,6}['"]${kind}['"]`) : new RegExp(`\\b${kind}\\b`);
        if (pattern.test(text)) found.push(`${path.relative(SRC, file)}: ${kind}`);
      }
    }
    expect(found).toEqual([]);
  });

  test('the core reaches the operators only through the registry, and operators never through it', () => {
    const registry = path.join(OPERATORS, 'index.ts');
    const intoFolders = coreFiles.flatMap((f) => importsOf(f).filter((i) => i.startsWith(`${OPERATORS}${path.sep}`) && i !== registry)
      .map((i) => `${path.relative(SRC, f)} -> ${path.relative(SRC, i)}`));
    expect(intoFolders).toEqual([]);
    const backToRegistry = operatorFiles.filter((f) => f !== registry && importsOf(f).includes(registry));
    expect(backToRegistry).toEqual([]);
  });

  test('no import cycle', () => {
    const graph = new Map([...coreFiles, ...operatorFiles].map((f) => [f, importsOf(f)]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(SRC, f)).join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
