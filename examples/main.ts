/** `npm run example`: synthesizes the example fleet into dist/*.k8s.yaml and prints one line per object. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdk8s';
import * as YAML from 'yaml';
import { buildFleet } from './fleet';

const outdir = path.join(__dirname, '..', 'dist');
const app = new App({ outdir });
buildFleet(app);
app.synth();

for (const file of fs.readdirSync(outdir).filter((f) => f.endsWith('.k8s.yaml')).sort()) {
  for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(outdir, file), 'utf8'))) {
    const o = doc.toJS();
    if (!o) continue;
    const where = o.metadata?.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata?.name;
    console.log(`${o.apiVersion.padEnd(36)} ${o.kind.padEnd(28)} ${where}  (dist/${file})`);
  }
}
