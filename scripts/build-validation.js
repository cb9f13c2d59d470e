#!/usr/bin/env node
// Writes what the manifest validator (src/validation/) reads at run time, into assets/validation/ (not committed):
//   schemas.json.gz  every version of the vendored CRDs (imports/) and the Kubernetes 1.28 core definitions, reduced
//                    to their validation keywords by src/validation/schema.ts (no descriptions), shared subtrees once;
//   cel.js           the CEL evaluator (@marcbachmann/cel-js, an ES module) bundled as one CommonJS file.
// Skips when both are newer than their inputs; fails when they outgrow their share of the package.
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const YAML = require('yaml');

const root = path.join(__dirname, '..');
const imports = path.join(root, 'imports');
const outDir = path.join(root, 'assets', 'validation');
const schemasFile = path.join(outDir, 'schemas.json.gz');
const celFile = path.join(outDir, 'cel.js');
/** The validator's share of the installed package (whose whole target is 8 MB unpacked). */
const MAX_BYTES = 256 * 1024;

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function newestInput() {
  const inputs = [__filename, path.join(root, 'package-lock.json'), path.join(root, 'src', 'validation', 'schema.ts'), ...walk(imports)];
  return Math.max(...inputs.filter((f) => fs.existsSync(f)).map((f) => fs.statSync(f).mtimeMs));
}

const outputs = [schemasFile, celFile];
if (outputs.every((f) => fs.existsSync(f) && fs.statSync(f).mtimeMs >= newestInput())) {
  console.log(`validation assets are up to date (${outputs.map((f) => `${path.basename(f)} ${fs.statSync(f).size} bytes`).join(', ')})`);
  process.exit(0);
}

/** src/validation/schema.ts, bundled on the fly (it is TypeScript and imports nothing else). */
async function schemaModule(esbuild) {
  const { outputFiles } = await esbuild.build({
    entryPoints: [path.join(root, 'src', 'validation', 'schema.ts')],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    logLevel: 'error',
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', outputFiles[0].text)(module, module.exports, require);
  return module.exports;
}

async function main() {
  const esbuild = require('esbuild');
  fs.mkdirSync(outDir, { recursive: true });

  const { compactSchemas } = await schemaModule(esbuild);
  const crds = walk(imports).filter((f) => /\.ya?ml$/.test(f))
    .flatMap((f) => YAML.parseAllDocuments(fs.readFileSync(f, 'utf8')).map((d) => d.toJS()))
    .filter((doc) => doc && doc.kind === 'CustomResourceDefinition');
  const { definitions } = JSON.parse(fs.readFileSync(path.join(imports, 'kubernetes-v1.28.0', '_definitions.json'), 'utf8'));
  const json = JSON.stringify(compactSchemas(crds, definitions));
  fs.writeFileSync(schemasFile, zlib.gzipSync(json, { level: 9 }));

  const license = fs.readFileSync(path.join(root, 'node_modules', '@marcbachmann', 'cel-js', 'LICENSE'), 'utf8');
  await esbuild.build({
    stdin: { contents: 'module.exports = require("@marcbachmann/cel-js");', resolveDir: root },
    outfile: celFile,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    banner: { js: `// @marcbachmann/cel-js, bundled by scripts/build-validation.js; do not edit.\n/*\n${license.trim()}\n*/` },
    logLevel: 'warning',
  });

  const sizes = outputs.map((f) => fs.statSync(f).size);
  const total = sizes.reduce((a, b) => a + b, 0);
  console.log(`validation assets: ${crds.length} CRDs and ${Object.keys(definitions).length} core definitions in ${sizes[0]} bytes `
    + `(${json.length} uncompressed), CEL evaluator ${sizes[1]} bytes`);
  if (total > MAX_BYTES) {
    outputs.forEach((f) => fs.rmSync(f));
    throw new Error(`the validation assets take ${total} bytes, over their ${MAX_BYTES}-byte share of the package`);
  }
}

main().catch((e) => {
  console.error(e.message ?? e);
  process.exit(1);
});
