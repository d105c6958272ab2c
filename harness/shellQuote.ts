// virsh's own command parser (interactive mode) understands POSIX-style single quotes,
// so every argument we send is quoted that way: no argument can split or inject.

/** Quotes one argument for virsh's interactive parser (and for a POSIX shell). */
export function quoteArg(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Joins arguments into one virsh command line. */
export function commandLine(args: readonly string[]): string {
  return args.map(quoteArg).join(' ');
}
