/**
 * The loopback API server speaks enough of the Kubernetes protocol for the end-to-end tests to mean something:
 * these pin down each part they rely on.
 */
import { KubeApiServer } from '../support/kube-api-server';

const TOKEN = 'test-token';
const MDB = { apiVersion: 'cdk8s-dbaas.dev/v1alpha1', plural: 'manageddatabases' };
const COLLECTION = '/apis/cdk8s-dbaas.dev/v1alpha1/namespaces/shop/manageddatabases';

let server: KubeApiServer;
beforeEach(async () => {
  server = await KubeApiServer.start({ token: TOKEN, bookmarkIntervalMs: 50 });
});
afterEach(() => server.stop());

async function call(method: string, path: string, body?: unknown, contentType = 'application/json') {
  const res = await fetch(server.url + path, {
    method,
    headers: { 'Authorization': `Bearer ${TOKEN}`, 'Content-Type': contentType },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() as any, headers: res.headers };
}

/** The first `count` events of a watch. */
async function watch(query: string, count: number): Promise<any[]> {
  const res = await fetch(`${server.url}${COLLECTION}?watch=true&${query}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  const reader = res.body!.getReader();
  const events: any[] = [];
  let text = '';
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += Buffer.from(value).toString();
    const lines = text.split('\n');
    text = lines.pop()!;
    events.push(...lines.filter(Boolean).map((l) => JSON.parse(l)));
  }
  await reader.cancel();
  return events.slice(0, count);
}

const orders = { apiVersion: MDB.apiVersion, kind: 'ManagedDatabase', metadata: { name: 'orders' }, spec: { engine: 'mysql' } };

test('create, get and list carry resourceVersions; a duplicate create is 409', async () => {
  const created = await call('POST', COLLECTION, orders);
  expect(created.status).toBe(201);
  expect(created.body.metadata).toMatchObject({ name: 'orders', namespace: 'shop', generation: 1 });
  expect((await call('GET', `${COLLECTION}/orders`)).body.metadata.resourceVersion).toBe(created.body.metadata.resourceVersion);
  const list = await call('GET', COLLECTION);
  expect(list.body).toMatchObject({ kind: 'ManagedDatabaseList', metadata: { resourceVersion: created.body.metadata.resourceVersion } });
  expect((await call('POST', COLLECTION, orders)).status).toBe(409);
  expect((await call('GET', `${COLLECTION}/payments`)).status).toBe(404);
});

test('updates and patches with a stale resourceVersion are 409; status and spec change only through their own endpoints', async () => {
  const created = (await call('POST', COLLECTION, orders)).body;
  const stale = created.metadata.resourceVersion;
  const patched = await call('PATCH', `${COLLECTION}/orders/status`, { status: { phase: 'Ready' }, spec: { engine: 'x' } }, 'application/merge-patch+json');
  expect(patched.body).toMatchObject({ status: { phase: 'Ready' }, spec: { engine: 'mysql' }, metadata: { generation: 1 } });
  expect((await call('PATCH', `${COLLECTION}/orders/status`, { metadata: { resourceVersion: stale }, status: { phase: 'Failed' } }, 'application/merge-patch+json')).status).toBe(409);
  expect((await call('PUT', `${COLLECTION}/orders`, { ...created, spec: { engine: 'mongodb' } })).status).toBe(409);

  const applied = await call('PATCH', `${COLLECTION}/orders/status`, 'status:\n  phase: Degraded\n', 'application/apply-patch+yaml');
  expect(applied.body.status).toEqual({ phase: 'Degraded' });
  const spec = await call('PATCH', `${COLLECTION}/orders`, { spec: { engine: 'mongodb' }, status: { phase: 'x' } }, 'application/merge-patch+json');
  expect(spec.body).toMatchObject({ spec: { engine: 'mongodb' }, status: { phase: 'Degraded' }, metadata: { generation: 2 } });
  expect((await call('PATCH', `${COLLECTION}/orders`, [], 'application/json-patch+json')).status).toBe(415);
});

test('watch: from a resourceVersion, with bookmarks; 410 Gone once that version has expired', async () => {
  const rv = (await call('POST', COLLECTION, orders)).body.metadata.resourceVersion;
  server.setStatus(MDB, 'shop', 'orders', { phase: 'Ready' });
  const events = await watch(`resourceVersion=${rv}&allowWatchBookmarks=true`, 2);
  expect(events[0]).toMatchObject({ type: 'MODIFIED', object: { status: { phase: 'Ready' } } });
  expect(events[1]).toMatchObject({ type: 'BOOKMARK', object: { metadata: { resourceVersion: expect.any(String) } } });
  expect((await watch('', 1))[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'orders' } } });

  server.expireWatches();
  expect((await watch(`resourceVersion=${rv}`, 1))[0]).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } });
});

test('authentication, injected faults, request counts, and a restart on the same port that keeps the data', async () => {
  expect((await fetch(server.url + COLLECTION)).status).toBe(401);
  await call('POST', COLLECTION, orders);
  server.failNext(2, 429, (r) => r.verb === 'get');
  const throttled = await call('GET', `${COLLECTION}/orders`);
  expect(throttled.status).toBe(429);
  expect(throttled.headers.get('retry-after')).toBe('0');
  expect((await call('GET', COLLECTION)).status).toBe(200);
  expect((await call('GET', `${COLLECTION}/orders`)).status).toBe(429);
  expect((await call('GET', `${COLLECTION}/orders`)).status).toBe(200);
  expect(server.count({ verb: 'get', status: 429 })).toBe(2);
  expect(server.count({ verb: 'create' })).toBe(1);

  const port = server.port;
  await server.stop();
  await expect(fetch(server.url + COLLECTION)).rejects.toThrow();
  await server.restart();
  expect(server.port).toBe(port);
  expect((await call('GET', `${COLLECTION}/orders`)).body.spec).toEqual({ engine: 'mysql' });
});

test('lists in pages: limit and continue from one snapshot at the first page\'s resourceVersion; 410 once that version is compacted', async () => {
  for (const name of ['a', 'b', 'c', 'd', 'e']) await call('POST', COLLECTION, { ...orders, metadata: { name } });
  const first = (await call('GET', `${COLLECTION}?limit=2`)).body;
  expect(first.items.map((i: any) => i.metadata.name)).toEqual(['a', 'b']);
  expect(first.metadata).toMatchObject({ continue: expect.any(String), remainingItemCount: 3 });
  // A change between pages does not show: the pages come from the first page's snapshot.
  await call('POST', COLLECTION, { ...orders, metadata: { name: 'c0' } });
  const second = (await call('GET', `${COLLECTION}?limit=2&continue=${encodeURIComponent(first.metadata.continue)}`)).body;
  expect(second.items.map((i: any) => i.metadata.name)).toEqual(['c', 'd']);
  expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
  const last = (await call('GET', `${COLLECTION}?limit=2&continue=${encodeURIComponent(second.metadata.continue)}`)).body;
  expect(last.items.map((i: any) => i.metadata.name)).toEqual(['e']);
  expect(last.metadata.continue).toBeUndefined();
  expect((await call('GET', COLLECTION)).body.items).toHaveLength(6);

  const again = (await call('GET', `${COLLECTION}?limit=2`)).body;
  server.expireWatches();
  const expired = await call('GET', `${COLLECTION}?limit=2&continue=${encodeURIComponent(again.metadata.continue)}`);
  expect(expired.status).toBe(410);
  expect(expired.body).toMatchObject({ kind: 'Status', reason: 'Expired', code: 410 });
  expect(server.count({ verb: 'list', status: 410 })).toBe(1);
  expect(server.requests.filter((r) => r.verb === 'list').map((r) => r.query)).toContain('limit=2');
});

test('delays and the concurrency of requests in progress', async () => {
  await call('POST', COLLECTION, orders);
  server.delay(100, (r) => r.verb === 'get');
  await Promise.all([1, 2, 3].map(() => call('GET', `${COLLECTION}/orders`)));
  expect(server.peakConcurrency({ verb: 'get' })).toBe(3);
  expect(server.peakConcurrency({ verb: 'create' })).toBe(1);
});
