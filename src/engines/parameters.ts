import { ClusterModel } from '../model';
import { quantityBytes } from '../quantity';
import { Rule } from '../rules';

/** One kind of parameter value, as an engine reads it: `problem` says why a value is not one. @internal */
export interface ParameterType {
  problem(value: string): string | undefined;
  /** Bytes of a memory amount, for the memory checks. */
  bytes?(value: string): number;
}

/** A parameter value's unit table: suffix to multiplier. */
type Units = { readonly [suffix: string]: number };

function numberIn(text: string, integer: boolean): number | undefined {
  const pattern = integer ? /^[+-]?\d+$/ : /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  return pattern.test(text) ? Number(text) : undefined;
}

/** Value types and how each engine spells them. @internal */
export const ParameterTypes = {
  /** A boolean among the spellings the engine takes (compared without case). */
  boolean(spellings: ReadonlyArray<string>): ParameterType {
    return { problem: (v) => (spellings.includes(v.toLowerCase()) ? undefined : `a boolean (${spellings.join(', ')})`) };
  },

  /**
   * A whole number within bounds. `rounding` takes what PostgreSQL takes for an integer setting (guc.c:parse_int):
   * blanks around it and a real number, rounded.
   */
  integer(min: number, max: number, rounding = false): ParameterType {
    return {
      problem: (v) => {
        const n = rounding ? numberIn(v.trim(), false) : numberIn(v, true);
        const whole = n === undefined ? undefined : Math.round(n);
        return whole !== undefined && whole >= min && whole <= max ? undefined : `a whole number from ${min} to ${max}`;
      },
    };
  },

  /** A real number within bounds. */
  real(min: number, max: number): ParameterType {
    return {
      problem: (v) => {
        const n = numberIn(v, false);
        return n !== undefined && n >= min && n <= max ? undefined : `a number from ${min} to ${max}`;
      },
    };
  },

  /** One of a list of values. */
  oneOf(values: ReadonlyArray<string>, caseSensitive = false): ParameterType {
    const known = caseSensitive ? values : values.map((v) => v.toLowerCase());
    return { problem: (v) => (known.includes(caseSensitive ? v : v.toLowerCase()) ? undefined : `one of ${values.join(', ')}`) };
  },

  /**
   * An amount with an optional unit from `units` (a whole number before it); a bare number counts `bareUnit` each.
   * `minBytes`/`maxBytes` bound the result, and `special` lists values with a meaning of their own (-1: the default).
   */
  amount(units: Units, bareUnit: number, minBytes: number, maxBytes: number, example: string, special: ReadonlyArray<string> = []): ParameterType {
    const parse = (v: string): number => {
      const m = /^(\d+)\s*([A-Za-z]*)$/.exec(v);
      if (!m) return NaN;
      const multiplier = m[2] === '' ? bareUnit : units[m[2]];
      return multiplier === undefined ? NaN : Number(m[1]) * multiplier;
    };
    return {
      problem: (v) => {
        if (special.includes(v)) return undefined;
        const amount = parse(v);
        return Number.isFinite(amount) && amount >= minBytes && amount <= maxBytes
          ? undefined
          : `an amount such as ${example} (units ${Object.keys(units).join(', ')})${special.length > 0 ? ` or ${special.join(', ')}` : ''}`;
      },
      bytes: parse,
    };
  },

  /** Any string on one line (the engine's own checks apply). */
  text(): ParameterType {
    return { problem: () => undefined };
  },
};

/** What the library knows about one engine's parameters. @internal */
export interface EngineParameters {
  /** The engine's name for messages ("PostgreSQL"). */
  readonly engine: string;
  /** A valid parameter name (after `normalize`). */
  readonly namePattern: RegExp;
  /** How names are written, for the message. */
  readonly nameForm: string;
  /** The name the engine means (case, dashes); the catalogue is keyed by it. */
  readonly normalize: (name: string) => string;
  /** Value types of the parameters whose values the library checks; others are only checked for their name. */
  readonly known: { readonly [name: string]: ParameterType };
  /** The parameter that sizes the engine's main memory cache: it must fit in the pod's memory limit. */
  readonly cacheParameter?: string;
  /** The source of the names and types (documentation or code). */
  readonly source: string;
}

/** The `config` entries that break a check, as `key=value` text. */
function offending(model: ClusterModel, broken: (key: string, value: string) => boolean): string[] {
  return Object.entries(model.config).filter(([k, v]) => broken(k, v)).map(([k, v]) => `${k}=${v}`);
}

/**
 * The rules of one engine's `config`: parameter names in the engine's syntax, typed values for the parameters it
 * knows, and a memory cache that fits the pod (a cache as large as the memory limit gets the database OOM-killed).
 * @internal
 */
export function parameterRules(p: EngineParameters): Rule<ClusterModel>[] {
  const typeOf = (key: string) => p.known[p.normalize(key)];
  const cache = (m: ClusterModel) => Object.entries(m.config).find(([k]) => p.normalize(k) === p.cacheParameter);
  return [
    {
      prop: 'config',
      value: (m) => Object.keys(m.config).filter((k) => !p.namePattern.test(p.normalize(k))),
      valid: (m) => Object.keys(m.config).every((k) => p.namePattern.test(p.normalize(k))),
      reason: `${p.engine} parameter names are ${p.nameForm}`,
    },
    {
      prop: 'config',
      value: (m) => offending(m, (k, v) => typeOf(k)?.problem(v) !== undefined),
      valid: (m) => offending(m, (k, v) => typeOf(k)?.problem(v) !== undefined).length === 0,
      reason: (m) => Object.entries(m.config).filter(([k, v]) => typeOf(k)?.problem(v) !== undefined)
        .map(([k, v]) => `${k} takes ${typeOf(k)!.problem(v)}`).join('; ') + ` (${p.source})`,
    },
    {
      prop: 'config',
      value: (m) => cache(m)!.join('='),
      when: (m) => cache(m) !== undefined && typeOf(cache(m)![0])?.problem(cache(m)![1]) === undefined,
      valid: (m) => typeOf(cache(m)![0])!.bytes!(cache(m)![1]) < quantityBytes(m.resources.memory),
      reason: (m) => `${cache(m)![0]} is not below the pod's memory limit ${m.resources.memory}: ${p.engine} would be killed for its memory`,
    },
  ];
}
