// A mistake in how virtprop was called or in the input it was given: exit 2.

/** Bad flags, a missing file, malformed input XML. */
export class UsageError extends Error {
  readonly hint: string;
  constructor(message: string, hint: string) {
    super(message);
    this.name = 'UsageError';
    this.hint = hint;
  }
}
