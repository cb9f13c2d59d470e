/**
 * Runs before every test file (jest setupFilesAfterEnv). cdk8s's `Testing.app()` makes a new temporary output
 * directory on every call and never removes it (thousands per run): here each test file gets one, removed after it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, AppProps, Testing } from 'cdk8s';

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-dbaas-test-'));
(Testing as { app: (props?: AppProps) => App }).app = (props: AppProps = {}) => new App({ outdir, ...props });

afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
