/**
 * Where the reconciler finds the API server and its credentials: the pod's service account in a cluster, or a
 * kubeconfig (files relative to it, token files, the current context) outside one.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { inClusterCredentials, kubeconfigCredentials } from '../../src/reconciler/kube-client';

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

/** Files the tests pretend a pod has; every other path is read from disk. */
const mockPodFiles = new Map<string, () => string>();
jest.mock('node:fs', () => {
  const actual = jest.requireActual('node:fs');
  return { ...actual, readFileSync: (file: string, ...rest: unknown[]) => mockPodFiles.get(file)?.() ?? actual.readFileSync(file, ...rest) };
});

describe('in a cluster', () => {
  const env = { ...process.env };
  afterEach(() => {
    process.env = { ...env };
    mockPodFiles.clear();
  });

  test('the service account token is read on every request, as projected tokens rotate', () => {
    let token = 'first';
    mockPodFiles.set(`${SERVICE_ACCOUNT}/ca.crt`, () => 'CA');
    mockPodFiles.set(`${SERVICE_ACCOUNT}/token`, () => `${token}\n`);
    mockPodFiles.set(`${SERVICE_ACCOUNT}/namespace`, () => 'dbaas-system');
    process.env.KUBERNETES_SERVICE_HOST = '10.96.0.1';
    process.env.KUBERNETES_SERVICE_PORT = '443';
    const config = inClusterCredentials();
    expect(config.server.href).toBe('https://10.96.0.1/');
    expect(config.namespace).toBe('dbaas-system');
    expect(config.token!()).toBe('first');
    token = 'rotated';
    expect(config.token!()).toBe('rotated');

    process.env.KUBERNETES_SERVICE_HOST = 'fd00::1';
    process.env.KUBERNETES_SERVICE_PORT = '6443';
    expect(inClusterCredentials().server.href).toBe('https://[fd00::1]:6443/');
  });

  test('outside a cluster without a kubeconfig it says so', () => {
    delete process.env.KUBERNETES_SERVICE_HOST;
    expect(() => inClusterCredentials()).toThrow(/not in a cluster/);
  });
});

describe('a kubeconfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeconfig-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (doc: object) => {
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, YAML.stringify(doc));
    return file;
  };

  test('the current context: its cluster, user and namespace; files relative to the kubeconfig', () => {
    fs.writeFileSync(path.join(dir, 'ca.pem'), 'CA');
    fs.writeFileSync(path.join(dir, 'token'), 'file-token\n');
    const config = kubeconfigCredentials(write({
      'current-context': 'prod',
      'contexts': [{ name: 'dev', context: { cluster: 'dev', user: 'dev' } }, { name: 'prod', context: { cluster: 'prod', user: 'ops', namespace: 'shop' } }],
      'clusters': [{ name: 'dev', cluster: { server: 'https://dev:6443' } }, { name: 'prod', cluster: { 'server': 'https://prod:6443', 'certificate-authority': 'ca.pem' } }],
      'users': [{ name: 'dev', user: { token: 'dev-token' } }, { name: 'ops', user: { tokenFile: path.join(dir, 'token') } }],
    }));
    expect(config.server.href).toBe('https://prod:6443/');
    expect(config.ca?.toString()).toBe('CA');
    expect(config.token!()).toBe('file-token');
    expect(config.namespace).toBe('shop');
  });

  test('inline certificate data and client certificates', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const config = kubeconfigCredentials(write({
      'current-context': 'c',
      'contexts': [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
      'clusters': [{ name: 'c', cluster: { 'server': 'https://c', 'certificate-authority-data': b64('CA'), 'insecure-skip-tls-verify': false } }],
      'users': [{ name: 'u', user: { 'client-certificate-data': b64('CERT'), 'client-key-data': b64('KEY') } }],
    }));
    expect([config.ca, config.cert, config.key].map(String)).toEqual(['CA', 'CERT', 'KEY']);
    expect(config.insecureSkipTlsVerify).toBe(false);
    expect(config.token!()).toBeUndefined();
  });

  test('a current context that does not exist is named in the error', () => {
    expect(() => kubeconfigCredentials(write({ 'current-context': 'gone', 'contexts': [] }))).toThrow(/no context named "gone"/);
  });
});
