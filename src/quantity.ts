// Types only: the status reconciler's bundle reads the quantity parsers below without loading cdk8s.
import type { Size } from 'cdk8s';
import type { Cpu } from 'cdk8s-plus-28';

/** CPU and memory of one database or proxy pod (requests equal limits: Guaranteed QoS). */
export interface DatabaseResources {
  /**
   * CPU.
   * @default - the component's default (1 CPU for databases)
   */
  readonly cpu?: Cpu;
  /**
   * Memory.
   * @default - the component's default (2 GiB for databases)
   */
  readonly memory?: Size;
}

/** Resources as Kubernetes quantity strings. @internal */
export interface Quantities {
  readonly cpu: string;
  readonly memory: string;
}

/** @internal */
export function quantities(resources: DatabaseResources | undefined, defaults: { cpu: Cpu; memory: Size }): Quantities {
  return { cpu: (resources?.cpu ?? defaults.cpu).amount, memory: (resources?.memory ?? defaults.memory).asString() };
}

/**
 * True for a Kubernetes quantity string ("1.5Gi", "600m", "2"). A Size of NaN, Infinity or an amount JavaScript
 * writes in exponent form ("1e+21Gi") gives none. @internal
 */
export function isQuantity(amount: string): boolean {
  return /^(\d+(\.\d*)?|\.\d+)([KMGTPE]i|[numkMGTPE])?$/.test(amount);
}

/** CPU cores of a quantity string ("600m" → 0.6, "2" → 2); NaN when unparseable. @internal */
export function cpuCores(amount: string): number {
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(amount);
  if (!m) return NaN;
  return m[2] === 'm' ? Number(m[1]) / 1000 : Number(m[1]);
}

/** The `fromString` factory of one of the quantity classes `cdk8s import` generates (each CRD field has its own). @internal */
export interface QuantityClass<T> {
  fromString(value: string): T;
}

/**
 * Limits and requests in the generated quantity classes of one CRD field; requests equal limits (Guaranteed QoS)
 * unless given.
 * @internal
 */
export function requirements<L, R>(limit: QuantityClass<L>, request: QuantityClass<R>, limits: Quantities, requests: Quantities = limits) {
  return {
    limits: { cpu: limit.fromString(limits.cpu), memory: limit.fromString(limits.memory) },
    requests: { cpu: request.fromString(requests.cpu), memory: request.fromString(requests.memory) },
  };
}

const BINARY_SUFFIXES: { [suffix: string]: number } = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL_SUFFIXES: { [suffix: string]: number } = { '': 1, 'k': 1e3, 'K': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18 };

/** Bytes of a Kubernetes quantity ("20Gi", "500M", 1073741824); NaN when it is not one. @internal */
export function quantityBytes(value: unknown): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+(?:\.\d+)?)([KMGTPE]i|[kKMGTPE]?)$/.exec(String(value ?? '').trim());
  if (!m) return NaN;
  return Number(m[1]) * (BINARY_SUFFIXES[m[2]] ?? DECIMAL_SUFFIXES[m[2]]);
}
