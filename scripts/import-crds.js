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

/** One generated module per API group; `group` filters bundles that carry other groups' CRDs. */
const MODULES = [
  { name: 'pxc', group: 'pxc.percona.com', files: ['percona-xtradb-cluster-operator/crd-v1.18.0.yaml'] },
  { name: 'psmdb', group: 'psmdb.percona.com', files: ['percona-server-mongodb-operator/crd-v1.21.2.yaml'] },
  { name: 'pgv2', group: 'pgv2.percona.com', files: ['percona-postgresql-operator/crd-v2.8.2.yaml'] },
  {
    name: 'cnpg',
    group: 'postgresql.cnpg.io',
    files: ['clusters', 'poolers', 'scheduledbackups', 'backups'].map((k) => `cloudnative-pg/postgresql.cnpg.io_${k}.yaml`),
  },
  { name: 'barmancloud', group: 'barmancloud.cnpg.io', files: ['plugin-barman-cloud/barmancloud.cnpg.io_objectstores.yaml'] },
  {
    name: 'everest',
    group: 'everest.percona.com',
    files: ['databaseclusters', 'backupstorages', 'monitoringconfigs', 'podschedulingpolicies', 'loadbalancerconfigs',
      'databaseclusterbackups', 'databaseclusterrestores'].map((k) => `everest-operator/everest.percona.com_${k}.yaml`),
  },
  {
    name: 'monitoring',
    group: 'monitoring.coreos.com',
    files: ['podmonitors', 'servicemonitors', 'prometheusrules'].map((k) => `prometheus-operator/monitoring.coreos.com_${k}.yaml`),
  },
];

function inputsHash() {
  const hash = crypto.createHash('sha256');
  hash.update(fs.readFileSync(__filename));
  for (const mod of MODULES) for (const file of mod.files) hash.update(fs.readFileSync(path.join(root, 'imports', file)));
  return hash.digest('hex');
}

function storageVersionOnly(crd) {
  return { ...crd, spec: { ...crd.spec, versions: crd.spec.versions.filter((v) => v.storage) } };
}

function main() {
  const hash = inputsHash();
  const upToDate = fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === hash
    && MODULES.every((m) => fs.existsSync(path.join(outDir, `${m.name}-${m.group}.ts`)));
  if (upToDate) {
    console.log('imports: up to date');
    return;
  }
  fs.mkdirSync(outDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-dbaas-crds-'));
  const cli = path.join(root, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
  for (const mod of MODULES) {
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

main();
