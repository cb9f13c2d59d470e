/**
 * A minimal Kubernetes API client on node's http/https: in-cluster or kubeconfig credentials, JSON requests,
 * and watch streams. Errors carry the HTTP status so callers decide between retrying, relisting and giving up.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as YAML from 'yaml';
import { TokenBucket } from './rate-limiter';
import { KubeObject, ResourceType } from '../status-mapping';

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const REQUEST_TIMEOUT_MS = 15_000;

/** Where the API server is and how to authenticate to it. */
export interface ClusterConfig {
  readonly server: URL;
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly insecureSkipTlsVerify?: boolean;
  /** Read on every request: projected service account tokens rotate. */
  readonly token?: () => string | undefined;
  /** The namespace the credentials belong to. */
  readonly namespace?: string;
}

/** A failed API call: `status` is the HTTP status, or 0 when the server could not be reached. */
export class ApiError extends Error {
  constructor(message: string, public readonly status: number, public readonly retryAfterSeconds?: number) {
    super(message);
  }
}

function fileOrData(data: string | undefined, file: string | undefined, base: string): Buffer | undefined {
  if (data) return Buffer.from(data, 'base64');
  if (file) return fs.readFileSync(file.startsWith('/') ? file : `${base}/${file}`);
  return undefined;
}

/** The credentials of the current context of a kubeconfig file. */
export function kubeconfigCredentials(file: string): ClusterConfig {
  const doc = YAML.parse(fs.readFileSync(file, 'utf8')) ?? {};
  const named = (list: any[] | undefined, name: string | undefined, what: string) => {
    const entry = (list ?? []).find((e) => e.name === name);
    if (!entry) throw new Error(`kubeconfig ${file}: no ${what} named ${JSON.stringify(name)}`);
    return entry;
  };
  const context = named(doc.contexts, doc['current-context'], 'context').context ?? {};
  const cluster = named(doc.clusters, context.cluster, 'cluster').cluster ?? {};
  const user = context.user ? named(doc.users, context.user, 'user').user ?? {} : {};
  const base = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.';
  const staticToken: string | undefined = user.token ?? (user.tokenFile ? fs.readFileSync(user.tokenFile, 'utf8').trim() : undefined);
  return {
    server: new URL(cluster.server),
    ca: fileOrData(cluster['certificate-authority-data'], cluster['certificate-authority'], base),
    cert: fileOrData(user['client-certificate-data'], user['client-certificate'], base),
    key: fileOrData(user['client-key-data'], user['client-key'], base),
    insecureSkipTlsVerify: cluster['insecure-skip-tls-verify'] === true,
    token: () => staticToken,
    namespace: context.namespace,
  };
}

/** The pod's own service account, as every in-cluster client finds it. */
export function inClusterCredentials(): ClusterConfig {
  const host = process.env.KUBERNETES_SERVICE_HOST;
  if (!host) throw new Error('not in a cluster (KUBERNETES_SERVICE_HOST is unset) and KUBECONFIG names no file');
  const port = process.env.KUBERNETES_SERVICE_PORT ?? '443';
  return {
    server: new URL(`https://${host.includes(':') ? `[${host}]` : host}:${port}`),
    ca: fs.readFileSync(`${SERVICE_ACCOUNT_DIR}/ca.crt`),
    token: () => fs.readFileSync(`${SERVICE_ACCOUNT_DIR}/token`, 'utf8').trim(),
    namespace: fs.readFileSync(`${SERVICE_ACCOUNT_DIR}/namespace`, 'utf8').trim(),
  };
}

/** The collection URL path of a resource type, in one namespace or across all of them. */
export function collectionPath(type: ResourceType, namespace?: string): string {
  const prefix = type.group === '' ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
  return `${prefix}${namespace ? `/namespaces/${namespace}` : ''}/${type.plural}`;
}

/** One open watch: `done` settles when the stream ends (resolves) or fails (rejects). */
export interface WatchHandle {
  readonly done: Promise<void>;
  abort(): void;
}

export class KubeClient {
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;

  /** `limiter`: every request (a list page, a watch, a write) waits for a token, as with client-go's QPS and burst. */
  constructor(private readonly config: ClusterConfig, private readonly limiter?: TokenBucket) {
    const tls = config.server.protocol === 'https:';
    this.transport = tls ? https : http;
    this.agent = tls
      ? new https.Agent({ keepAlive: true, ca: config.ca, cert: config.cert, key: config.key, rejectUnauthorized: !config.insecureSkipTlsVerify })
      : new http.Agent({ keepAlive: true });
  }

  /** A JSON request; resolves with the response body, rejects with an ApiError. */
  public async request(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<KubeObject> {
    await this.limiter?.take();
    return new Promise((resolve, reject) => {
      const req = this.open(method, path, contentType, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(new ApiError(e.message, 0)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 0) >= 300) return reject(apiErrorOf(method, path, res, text));
          try {
            resolve(text ? JSON.parse(text) : {});
          } catch (e) {
            reject(new ApiError(`${method} ${path}: invalid JSON response`, 0));
          }
        });
      });
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on('error', (e) => reject(new ApiError(`${method} ${path}: ${e.message}`, 0)));
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  }

  /** Opens a watch; `onEvent` gets each decoded event in order. */
  public watch(path: string, onEvent: (event: KubeObject) => void): WatchHandle {
    let req: http.ClientRequest | undefined;
    let aborted = false;
    const done = (this.limiter?.take() ?? Promise.resolve()).then(() => new Promise<void>((resolve, reject) => {
      if (aborted) return resolve();
      req = this.open('GET', path, undefined, (res) => {
        if ((res.statusCode ?? 0) >= 300) {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString('utf8')));
          res.on('end', () => reject(apiErrorOf('WATCH', path, res, text)));
          res.on('error', (e) => reject(new ApiError(e.message, 0)));
          return;
        }
        let buffered = '';
        res.on('data', (chunk: Buffer) => {
          buffered += chunk.toString('utf8');
          let newline: number;
          while ((newline = buffered.indexOf('\n')) >= 0) {
            const line = buffered.slice(0, newline).trim();
            buffered = buffered.slice(newline + 1);
            if (!line) continue;
            try {
              onEvent(JSON.parse(line));
            } catch (e) {
              // An ERROR event (410 Gone, for one) or a garbled line ends this watch with that error.
              reject(e instanceof ApiError ? e : new ApiError(`WATCH ${path}: ${(e as Error).message}`, 0));
              req?.destroy();
              return;
            }
          }
        });
        // A stream the server ended cleanly (its timeout) is complete; anything else lost the connection.
        res.on('close', () => (res.complete ? resolve() : reject(new ApiError(`WATCH ${path}: connection lost`, 0))));
        res.on('error', (e) => reject(new ApiError(`WATCH ${path}: ${e.message}`, 0)));
      });
      req.on('error', (e) => reject(new ApiError(`WATCH ${path}: ${e.message}`, 0)));
      req.on('socket', (s) => s.setKeepAlive(true, 30_000));
      req.end();
    }));
    return {
      done,
      abort: () => {
        aborted = true;
        req?.destroy();
      },
    };
  }

  /** Closes idle connections so that the process can exit. */
  public close(): void {
    this.agent.destroy();
  }

  private open(method: string, path: string, contentType: string | undefined, onResponse: (res: http.IncomingMessage) => void): http.ClientRequest {
    const token = this.config.token?.();
    const url = new URL(path, this.config.server);
    return this.transport.request(url, {
      method,
      agent: this.agent,
      headers: {
        'Accept': 'application/json',
        'User-Agent': 'cdk8s-dbaas-status-reconciler',
        ...(contentType ? { 'Content-Type': contentType } : {}),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
    }, onResponse);
  }
}

function apiErrorOf(method: string, path: string, res: http.IncomingMessage, text: string): ApiError {
  let message = text.slice(0, 300);
  try {
    message = JSON.parse(text).message ?? message;
  } catch {
    // Not a Status object: keep the raw text.
  }
  const retryAfter = Number(res.headers['retry-after']);
  return new ApiError(`${method} ${path}: ${res.statusCode} ${message}`, res.statusCode ?? 0, Number.isFinite(retryAfter) ? retryAfter : undefined);
}
