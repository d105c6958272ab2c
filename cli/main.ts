// virtprop's command line: parses flags, runs a command, and turns every failure into
// one paragraph with advice and a distinct exit code (stack traces only with --debug).

import { Command } from 'commander';
import { EnvironmentError } from '../harness/errors.js';
import { EXIT, EXIT_CODES_HELP } from './exitCodes.js';
import { UsageError } from './usageError.js';
import { commandRegistry } from './commands/registry.js';
import { scrubCredentials } from '../reports/scrub.js';

/** Builds the program (exported so tests can inspect --help). */
export function buildProgram(): Command {
  const program = new Command('virtprop')
    .description("Property-based conformance harness for libvirt's QEMU driver: random guests through a real libvirt + QEMU, compared with a reference model of PCI address assignment.")
    .addHelpText('after', `\n${EXIT_CODES_HELP}`)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of commandRegistry) register(program);
  return program;
}

/** Runs the CLI and exits with the command's code. */
export async function main(argv: string[]): Promise<void> {
  const debug = argv.includes('--debug');
  // `virtprop --help | head` closes our stdout early. That is no reason for a stack trace,
  // nor for dying mid-run with domains defined: drop the output and carry on cleaning up.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
  // Node ends a crash with exit 1, which CI reads as "mismatch found": a bug of ours must
  // say so (exit 3, one paragraph) instead of posing as a finding about libvirt.
  const crash = (err: unknown): void => {
    process.exitCode = reportError(err, debug);
    process.exit();
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  let code: number;
  try {
    const program = buildProgram();
    await program.parseAsync(argv, { from: 'user' });
    code = (program as Command & { exitCodeResult?: number }).exitCodeResult ?? EXIT.OK;
  } catch (err) {
    code = reportError(err, debug);
  }
  process.exitCode = code;
}

/** Error text as it may be shown: credentials of a URI replaced, lines joined into one paragraph. */
export function safeText(text: string): string {
  return scrubCredentials(text)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join('; ');
}

/** Prints an error as one paragraph with advice; returns its exit code. */
export function reportError(err: unknown, debug: boolean): number {
  const e = err as { code?: string; exitCode?: number; message?: string };
  if (typeof e?.code === 'string' && e.code.startsWith('commander.')) {
    // commander already printed its message (and help when asked for).
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.OK;
    return EXIT.USAGE_OR_ENVIRONMENT;
  }
  // A --uri may carry a password and virsh repeats URIs in its errors: scrub all we print.
  const stack = debug && err instanceof Error && err.stack ? scrubCredentials(err.stack) + '\n' : '';
  if (err instanceof UsageError || err instanceof EnvironmentError) {
    process.stderr.write(`virtprop: ${safeText(err.message)}.\n  What to do: ${safeText(err.hint)}.\n${stack}`);
    return EXIT.USAGE_OR_ENVIRONMENT;
  }
  process.stderr.write(`virtprop: internal error: ${safeText(e?.message ?? String(err))}.\n  What to do: run again with --debug and report it with the output.\n${stack}`);
  return EXIT.HARNESS_FAULT;
}
