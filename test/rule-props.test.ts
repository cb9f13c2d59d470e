/**
 * A rule's `prop` names a prop the user wrote: every prop that a rule table or a validation error names in src/ must
 * be a path through the public props interfaces (DatabaseClusterProps, BackupStorageProps, ...). Read from the
 * sources with TypeScript's parser, so a renamed prop or a typo in a rule fails here, not in a user's error message.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const SRC = path.join(__dirname, '..', 'src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'imports' ? [] : sources(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

const FILES = sources(SRC);
/** Marks a map prop among the type names of a property. */
const MAP = '[map]';

/** Every interface of src/ with its properties' names and declared type names. */
function interfaces(): Map<string, Map<string, string[]>> {
  const found = new Map<string, Map<string, string[]>>();
  for (const file of FILES) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    source.forEachChild((node) => {
      if (!ts.isInterfaceDeclaration(node)) return;
      const props = new Map<string, string[]>();
      for (const member of node.members) {
        if (!ts.isPropertySignature(member) || !member.name) continue;
        const typeText = member.type?.getText(source) ?? '';
        const typeNames = typeText.match(/[A-Z][A-Za-z0-9]+/g) ?? [];
        // A map prop (`{ [key: string]: string }`): rules may name one of its keys.
        props.set(member.name.getText(source), /\[key: string\]/.test(typeText) ? [...typeNames, MAP] : typeNames);
      }
      const heritage = node.heritageClauses?.flatMap((h) => h.types.map((t) => t.expression.getText(source))) ?? [];
      for (const parent of heritage) props.set(`...${parent}`, [parent]);
      found.set(node.name.text, props);
    });
  }
  return found;
}

/** Classes users build with factories: their factories' option interfaces hold the props users write. */
const FACTORY_OPTIONS: Record<string, string[]> = {
  DatabaseEngine: ['MysqlEngineProps', 'MongodbEngineProps', 'PostgresEngineProps', 'MariadbEngineProps'],
  Expose: ['LoadBalancerOptions'],
  Monitoring: ['PmmOptions', 'PrometheusOptions'],
  RestoreSource: ['BackupRestoreOptions', 'PointInTimeRestoreOptions'],
  BackupStorage: ['BackupStorageProps'],
  DatabaseStorageClass: ['DatabaseStorageClassProps'],
};

/** Every dotted prop path below the props interfaces of constructs (`...Props`) and their nested option types. */
function propPaths(): Set<string> {
  const all = interfaces();
  const paths = new Set<string>();
  const walk = (typeName: string, prefix: string, seen: Set<string>) => {
    for (const name of [typeName, ...FACTORY_OPTIONS[typeName] ?? []]) {
      const props = all.get(name);
      if (!props || seen.has(name)) continue;
      for (const [prop, types] of props) {
        if (prop.startsWith('...')) {
          walk(types[0], prefix, new Set([...seen, name]));
          continue;
        }
        const full = prefix ? `${prefix}.${prop}` : prop;
        paths.add(full);
        if (types.includes(MAP)) paths.add(`${full}.*`);
        for (const t of types) walk(t, full, new Set([...seen, name]));
      }
    }
  };
  for (const name of all.keys()) if (name.endsWith('Props')) walk(name, '', new Set());
  return paths;
}

/** Props that rules and validation errors name in src/: literal, or a `${prop}.suffix` template. */
function namedProps(): Array<{ file: string; prop: string }> {
  const patterns = [
    /prop:\s*'([^']+)'/g,
    /prop:\s*`([^`]+)`/g,
    /invalid\(\s*[\w.]+\s*,\s*'([^']+)'/g,
    /invalid\(\s*[\w.]+\s*,\s*`([^`]+)`/g,
    /\w+Rules?(?:<[^>]*>)?\(\s*'([a-zA-Z][\w.]*)'/g,
  ];
  return FILES.flatMap((file) => {
    const text = fs.readFileSync(file, 'utf8');
    return patterns.flatMap((p) => [...text.matchAll(p)].map((m) => ({ file: path.relative(SRC, file), prop: m[1] })));
  });
}

test('every prop a rule or a validation error names is a prop users write', () => {
  const paths = propPaths();
  expect(paths).toContain('scheduling.tolerations');
  expect(paths).toContain('restoreFrom.storage.storageAccount');
  const named = namedProps();
  expect(named.length).toBeGreaterThan(100);
  const unknown = named.filter(({ prop }) => {
    // `${prop}.storage`: the suffix must end some prop path.
    const template = /^\$\{[^}]+\}\.(.+)$/.exec(prop);
    if (template) return ![...paths].some((p) => p.endsWith(`.${template[1]}`));
    // A key of a map prop, named or computed (`config.max_connections`, `config.${name}`).
    const computedKey = /^(.+)\.\$\{[^}]+\}$/.exec(prop);
    if (computedKey) return !paths.has(`${computedKey[1]}.*`);
    const mapKey = /^(.+)\.[^.]+$/.exec(prop);
    if (mapKey && paths.has(`${mapKey[1]}.*`)) return false;
    // An app has one StatusReconciler: that error names the construct's scope, a constructor argument.
    return prop !== 'scope' && !paths.has(prop);
  });
  expect(unknown.map(({ file, prop }) => `${file}: ${prop}`)).toEqual([]);
});
