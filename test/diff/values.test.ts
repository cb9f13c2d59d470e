import { compareVersions, expandPath, parseVersion, splitImage } from '../../src/diff/values';
import { quantityBytes } from '../../src/quantity';

test.each([
  ['20Gi', 20 * 2 ** 30], ['500M', 5e8], ['1.5Ti', 1.5 * 2 ** 40], ['1073741824', 2 ** 30], [42, 42], ['20 GB', NaN], [undefined, NaN],
])('quantity %j is %d bytes', (quantity, bytes) => {
  expect(quantityBytes(quantity)).toBe(bytes);
});

test.each([
  ['8.0.42-33.1', { release: [8, 0, 42], build: [33, 1] }],
  ['17.7-2', { release: [17, 7], build: [2] }],
  ['17.7-system-trixie', { release: [17, 7], build: [] }],
  ['v1.2.3', { release: [1, 2, 3], build: [] }],
  [17, { release: [17], build: [] }],
  ['latest', undefined],
])('version %j', (text, version) => {
  expect(parseVersion(text)).toEqual(version);
});

test('versions order by release, then build', () => {
  const order = (a: string, b: string) => Math.sign(compareVersions(parseVersion(a)!, parseVersion(b)!));
  expect(order('8.0.42-33.1', '8.0.42-34.1')).toBe(-1);
  expect(order('8.0.42-33.1', '8.0.41-40.1')).toBe(1);
  expect(order('17.7', '17.7.0')).toBe(0);
});

test.each([
  ['percona/percona-xtradb-cluster:8.0.42-33.1', { repository: 'percona/percona-xtradb-cluster', tag: '8.0.42-33.1' }],
  ['registry.local:5000/pg', { repository: 'registry.local:5000/pg' }],
  ['ghcr.io/cloudnative-pg/postgresql@sha256:abc', { repository: 'ghcr.io/cloudnative-pg/postgresql' }],
])('image %s', (image, parts) => {
  expect(splitImage(image)).toEqual(parts);
});

test('paths expand over map keys and named list items on both sides', () => {
  const before = { spec: { replsets: [{ name: 'rs0', size: 3 }], storages: { a: 1 } } };
  const after = { spec: { replsets: [{ name: 'rs0', size: 5 }, { name: 'rs1', size: 3 }], storages: { b: 2 } } };
  expect(expandPath('spec.replsets[].size', before, after).map(m => [m.path, m.oldValue, m.newValue]))
    .toEqual([['spec.replsets[rs0].size', 3, 5], ['spec.replsets[rs1].size', undefined, 3]]);
  expect(expandPath('spec.storages.*', before, after).map(m => [m.path, m.keys]))
    .toEqual([['spec.storages.a', ['a']], ['spec.storages.b', ['b']]]);
});
