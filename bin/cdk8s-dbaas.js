#!/usr/bin/env node
// The `cdk8s-dbaas` command. The published package runs the compiled CLI (lib/); a clone that has not been compiled
// yet runs the TypeScript sources through ts-node (a devDependency), so `npx cdk8s-dbaas diff` works right after
// `npm install` (npx runs the current project's own bin).
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const compiled = path.join(root, 'lib', 'cli', 'main.js');
let cli;
if (fs.existsSync(compiled)) {
  cli = require(compiled);
} else {
  require('ts-node').register({ transpileOnly: true, project: path.join(root, 'test', 'tsconfig.json') });
  cli = require(path.join(root, 'src', 'cli', 'main.ts'));
}
process.exitCode = cli.main(process.argv.slice(2));
