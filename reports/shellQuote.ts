// POSIX shell quoting for generated scripts. Single quotes keep every byte literal
// ($, `, \, ", spaces, newlines); a single quote itself is closed, escaped, reopened.

/** Quotes one argument for a POSIX shell: 'it'\''s' for it's; '' for the empty string. */
export function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Quotes and joins a whole argument vector into one shell command line. */
export function shellJoin(args: readonly string[]): string {
  return args.map(shellQuote).join(' ');
}
