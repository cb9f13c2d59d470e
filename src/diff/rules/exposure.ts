import { risky, safe } from './classifiers';
import { Classifier } from './rule';

// The safe-change guard's view of a Service exposure, as the operators write it (`type`, `loadBalancerSourceRanges`,
// `annotations`, an optional `enabled`): who can connect.

/** A CIDR as a prefix of an address: IPv4 in 32 bits, IPv6 in 128. */
interface Prefix {
  readonly width: 32 | 128;
  readonly address: bigint;
  readonly bits: number;
}

function ipv6Groups(text: string): string[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const [head, tail] = halves.map((h) => (h === '' ? [] : h.split(':')));
  const missing = 8 - head.length - (tail?.length ?? 0);
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  return [...head, ...Array(tail === undefined ? 0 : missing).fill('0'), ...(tail ?? [])];
}

function prefixOf(cidr: string): Prefix | undefined {
  const [address, bits] = cidr.split('/');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) {
    const value = address.split('.').reduce((acc, octet) => acc * 256n + BigInt(octet), 0n);
    return { width: 32, address: value, bits: Number(bits ?? 32) };
  }
  const groups = ipv6Groups(address);
  if (!groups || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return { width: 128, address: groups.reduce((acc, g) => acc * 65536n + BigInt(`0x${g}`), 0n), bits: Number(bits ?? 128) };
}

/** True when every address of `inner` is in `outer`. */
function covers(outer: Prefix, inner: Prefix): boolean {
  const block = 2n ** BigInt(outer.width - outer.bits);
  return outer.width === inner.width && outer.bits <= inner.bits && outer.address / block === inner.address / block;
}

const EVERYWHERE = ['0.0.0.0/0', '::/0'];

/** The client ranges a Service lets in from outside the Kubernetes cluster: a LoadBalancer without ranges takes every address. */
function openTo(expose: any): string[] {
  if (expose?.type !== 'LoadBalancer' || expose?.enabled === false) return [];
  const ranges: string[] = expose.loadBalancerSourceRanges ?? [];
  return ranges.length > 0 ? ranges : EVERYWHERE;
}

/** The ranges of `ranges` that `others` do not cover (an unreadable range counts as uncovered). */
function beyond(ranges: string[], others: string[]): string[] {
  const prefixes = others.map(prefixOf).filter((p): p is Prefix => p !== undefined);
  return ranges.filter((range) => {
    const prefix = prefixOf(range);
    return prefix === undefined || !prefixes.some((other) => covers(other, prefix));
  });
}

/**
 * A Service exposure, judged by who can connect: opened wider (a LoadBalancer, a larger or extra source range, no
 * range at all) is risky and names what was opened; closed is risky for the clients it shuts out; load-balancer
 * annotations can switch a load balancer between internal and internet-facing.
 * @internal
 */
export function exposure(service: string): Classifier {
  return (before, after) => {
    const opened = beyond(openTo(after), openTo(before));
    if (opened.length > 0) return risky(`${service} opened to ${opened.join(', ')}: clients from there can now reach the database`);
    if (beyond(openTo(before), openTo(after)).length > 0) {
      const now = openTo(after).join(', ') || 'clients inside the Kubernetes cluster';
      return risky(`${service} narrowed to ${now}: clients beyond lose the database`);
    }
    if (after?.type === 'LoadBalancer' && JSON.stringify(before?.annotations ?? {}) !== JSON.stringify(after?.annotations ?? {})) {
      return risky(`${service}'s load-balancer annotations changed: they can make the load balancer internal or internet-facing`);
    }
    return safe(`${service} changed, open to the same clients`);
  };
}
