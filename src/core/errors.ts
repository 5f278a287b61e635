// One error type for everything a user can get wrong: it names the file and the place inside it.

export class InputError extends Error {
  constructor(
    readonly file: string,
    /** Where in the file: a JSON path such as `$.W_hh[3][2]`, a tensor name, or a byte offset. */
    readonly location: string,
    readonly problem: string,
  ) {
    super(`${file}${location ? `: ${location}` : ''}: ${problem}`);
    this.name = 'InputError';
  }
}

/** Thrown when a long computation is stopped on request. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof Error && e.name === 'InputError';
}
