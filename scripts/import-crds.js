#!/usr/bin/env node
// Generates typed classes (src/imports/*.ts) from the vendored CRDs in imports/, offline.
// Only the storage version of each CRD is imported: the served legacy versions (v1-10-0, ...) would triple the
// generated code without being used. Skips the work when the inputs have not changed since the last run.
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const YAML = require('yaml');

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'src', 'imports');
const stampFile = path.join(outDir, '.inputs-sha256');

/**
 * The CRD modules to generate, read from the operator registry (src/operators/index.ts): one generated module per
 * API group; `group` filters bundles that carry other groups' CRDs. The registry is TypeScript, and the generated
 * classes it lazily loads do not exist yet, so it is bundled on the fly with the operators' rendering modules
 * (`./target`) left out.
 */
async function registryModules() {
  const esbuild = require('esbuild');
  const { outputFiles } = await esbuild.build({
    entryPoints: [path.join(root, 'src', 'operators', 'index.ts')],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    plugins: [renderingModulesExternal],
    logLevel: 'error',
  });
  const module = { exports: {} };
  const registry = path.join(root, 'src', 'operators', 'index.ts');
  new Function('module', 'exports', 'require', '__filename', '__dirname', outputFiles[0].text)(
    module, module.exports, require, registry, path.dirname(registry));
  return module.exports.crdModules();
}

/** Leaves each operator's rendering module (`./target`, which imports the generated classes) out of a bundle. */
const renderingModulesExternal = {
  name: 'rendering-modules-external',
  setup(build) {
    build.onResolve({ filter: /^\.\/target$/ }, (args) => (args.resolveDir.includes(`${path.sep}operators${path.sep}`)
      ? { path: args.path, external: true } : undefined));
  },
};

function inputsHash(modules) {
  const hash = crypto.createHash('sha256');
  hash.update(fs.readFileSync(__filename));
  for (const mod of modules) for (const file of mod.files) hash.update(fs.readFileSync(path.join(root, 'imports', file)));
  return hash.digest('hex');
}

function storageVersionOnly(crd) {
  return { ...crd, spec: { ...crd.spec, versions: crd.spec.versions.filter((v) => v.storage) } };
}

async function main() {
  const modules = await registryModules();
  const hash = inputsHash(modules);
  const upToDate = fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === hash
    && modules.every((m) => fs.existsSync(path.join(outDir, `${m.name}-${m.group}.ts`)));
  if (upToDate) {
    console.log('imports: up to date');
    return;
  }
  fs.mkdirSync(outDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-dbaas-crds-'));
  const cli = path.join(root, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
  for (const mod of modules) {
    const crds = mod.files
      .flatMap((file) => YAML.parseAllDocuments(fs.readFileSync(path.join(root, 'imports', file), 'utf8')).map((d) => d.toJS()))
      .filter((doc) => doc && doc.kind === 'CustomResourceDefinition' && doc.spec.group === mod.group)
      .map(storageVersionOnly);
    const input = path.join(tmp, `${mod.name}.yaml`);
    fs.writeFileSync(input, crds.map((c) => YAML.stringify(c)).join('---\n'));
    // stdio is captured: the CLI's update check fails loudly without network. execFileSync throws on a real failure.
    execFileSync(process.execPath, [cli, 'import', `${mod.name}:=${input}`, '-l', 'typescript', '-o', outDir, '--no-save'], {
      stdio: 'pipe',
      cwd: tmp,
    });
    console.log(`imports: ${mod.name}-${mod.group}.ts (${crds.map((c) => c.spec.names.kind).join(', ')})`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.writeFileSync(stampFile, hash);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
