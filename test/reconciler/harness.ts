/**
 * Runs the bundled reconciler exactly as its pod does (`node` on the single file, no node_modules, a temporary
 * working directory) against the loopback API server, and waits on its results with deadlines.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeApiServer } from '../support/kube-api-server';

export const BUNDLE = path.join(__dirname, '..', '..', 'assets', 'reconciler', 'reconciler.js');
/** Bound on the first status after a start (process start, eleven lists, one write): generous for loaded CI machines. */
export const STARTUP_MS = 5_000;

export class ReconcilerProcess {
  /** Starts the bundle and resolves once it serves metrics. */
  public static async start(server: KubeApiServer, env: Record<string, string> = {}): Promise<ReconcilerProcess> {
    // A copy outside the repository, so that no node_modules above it could satisfy a require().
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'reconciler-'));
    const program = path.join(cwd, 'reconciler.js');
    fs.copyFileSync(BUNDLE, program);
    const child = spawn(process.execPath, [program], {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_PATH: '',
        KUBECONFIG: server.writeKubeconfig(cwd),
        METRICS_PORT: '0',
        METRICS_HOST: '127.0.0.1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const reconciler = new ReconcilerProcess(child, cwd);
    RUNNING.add(reconciler);
    await reconciler.ready;
    return reconciler;
  }

  /** Every log line, parsed. */
  public readonly logs: Array<{ [key: string]: any }> = [];
  public metricsPort = 0;
  public readonly exited: Promise<number | null>;
  private readonly ready: Promise<void>;

  private constructor(private readonly child: ChildProcess, private readonly cwd: string) {
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    this.ready = new Promise((resolve, reject) => {
      let buffered = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) {
          const entry = JSON.parse(line);
          this.logs.push(entry);
          if (entry.msg === 'serving metrics') {
            this.metricsPort = entry.port;
            resolve();
          }
        }
      });
      void this.exited.then((code) => reject(new Error(`reconciler exited with ${code}: ${stderr}`)));
    });
  }

  /** The process id, for measuring the reconciler's own resources. */
  public get pid(): number | undefined {
    return this.child.pid;
  }

  /** GET on the metrics port. */
  public async http(pathname: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: this.metricsPort, path: pathname }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      }).on('error', reject);
    });
  }

  /** The value of one sample in /metrics (the first line that starts with `prefix`). */
  public async metric(prefix: string): Promise<number | undefined> {
    const line = (await this.http('/metrics')).body.split('\n').find((l) => l.startsWith(prefix));
    return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
  }

  /** Sends a signal and resolves with the exit code. */
  public async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    const code = await this.exited;
    RUNNING.delete(this);
    fs.rmSync(this.cwd, { recursive: true, force: true });
    return code;
  }
}

const RUNNING = new Set<ReconcilerProcess>();

/** Kills whatever a test left running (call from afterEach). */
export async function stopAll(): Promise<void> {
  await Promise.all([...RUNNING].map((r) => r.stop('SIGKILL')));
}

/** Retries `check` (which throws until satisfied) until it passes or `timeoutMs` elapses; returns its result. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 2_000, intervalMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() >= deadline) throw e;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

/** Resolves after `ms`: only to show that something does NOT happen in that time. */
export function quietPeriod(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
