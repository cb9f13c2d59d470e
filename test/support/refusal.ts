import { Errors } from '../../src';

/** The library's validation error, as tests read it. */
export type ValidationErrorLike = Error & { readonly prop: string; readonly path: string; readonly value: unknown };

/** Runs `act`, which must throw the library's validation error (not any other error), and returns that error. */
export function refusal(act: () => unknown): ValidationErrorLike {
  try {
    act();
  } catch (e) {
    if (!Errors.isValidationError(e)) throw e;
    return e as ValidationErrorLike;
  }
  throw new Error('expected a validation error, but nothing was thrown');
}
