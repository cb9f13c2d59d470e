import { IConstruct } from 'constructs';

/** The library's own code: its frames say nothing to a user reading why synthesis failed. */
const LIBRARY_DIR = __dirname;

const VALIDATION_ERROR_SYMBOL = Symbol.for('cdk8s-dbaas.ValidationError');

/** One broken rule: the prop, the value it has, and why the value is refused. @internal */
export interface Problem {
  readonly prop: string;
  readonly value: unknown;
  readonly reason: string;
}

/**
 * Thrown at synthesis for props that an operator, Everest or the Kubernetes API server would refuse.
 *
 * The message names the construct path, the prop and the offending value, one line per broken rule. Not exported as
 * a class (jsii cannot model subclasses of `Error`); use `Errors.isValidationError()` to recognise it.
 */
class DbaasValidationError extends Error {
  public readonly [VALIDATION_ERROR_SYMBOL] = true;
  /** The first broken rule's prop and value; `problems` has every one. */
  public readonly prop: string;
  public readonly value: unknown;
  constructor(public readonly path: string, public readonly problems: ReadonlyArray<Problem>) {
    super(problems.map((p) => `[${path}] ${p.prop}: ${p.reason} (got ${describeValue(p.value)})`).join('\n'));
    this.name = 'DbaasValidationError';
    this.prop = problems[0].prop;
    this.value = problems[0].value;
    // `cdk8s synth` prints the stack: one readable block, then only the frames of the user's code that led here.
    const userFrames = (this.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line) && !line.includes(LIBRARY_DIR));
    this.stack = [`${this.name}: ${this.message}`, ...userFrames].join('\n');
  }
}

/** Helpers to recognise the library's own errors. */
export class Errors {
  /** True for an error that cdk8s-dbaas raised because of invalid props. */
  public static isValidationError(x: any): boolean {
    return x !== null && typeof x === 'object' && VALIDATION_ERROR_SYMBOL in x;
  }

  /** The prop that a validation error names first, or undefined for any other error. */
  public static propOf(x: any): string | undefined {
    return Errors.isValidationError(x) ? (x as DbaasValidationError).prop : undefined;
  }

  /** Every prop that a validation error names, one per broken rule (empty for any other error). */
  public static propsOf(x: any): string[] {
    return Errors.isValidationError(x) ? (x as DbaasValidationError).problems.map((p) => p.prop) : [];
  }

  private constructor() {}
}

/** Throws the library's validation error for `prop` of the construct at `scope`. */
export function invalid(scope: IConstruct, prop: string, value: unknown, reason: string): never {
  throw new DbaasValidationError(scope.node.path, [{ prop, value, reason }]);
}

/** Throws the library's validation error with every problem found on the construct at `scope`. @internal */
export function invalidAll(scope: IConstruct, problems: ReadonlyArray<Problem>): never {
  throw new DbaasValidationError(scope.node.path, problems);
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null) {
    if ('amount' in value) return String((value as any).amount);
    if (typeof (value as any).asString === 'function') return (value as any).asString();
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}
