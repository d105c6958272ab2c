// virtprop's command line: parses flags, runs a command, and turns every failure into
// one paragraph with advice and a distinct exit code (stack traces only with --debug).

import { Command } from 'commander';
import { EnvironmentError } from '../harness/errors.js';
import { EXIT, EXIT_CODES_HELP } from './exitCodes.js';
import { UsageError } from './usageError.js';
import { commandRegistry } from './commands/registry.js';

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

/** Prints an error as one paragraph with advice; returns its exit code. */
export function reportError(err: unknown, debug: boolean): number {
  const e = err as { code?: string; exitCode?: number; message?: string };
  if (typeof e?.code === 'string' && e.code.startsWith('commander.')) {
    // commander already printed its message (and help when asked for).
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.OK;
    return EXIT.USAGE_OR_ENVIRONMENT;
  }
  if (err instanceof UsageError || err instanceof EnvironmentError) {
    process.stderr.write(`virtprop: ${err.message}.\n  What to do: ${err.hint}.\n`);
    if (debug && err.stack) process.stderr.write(err.stack + '\n');
    return EXIT.USAGE_OR_ENVIRONMENT;
  }
  process.stderr.write(`virtprop: internal error: ${e?.message ?? String(err)}.\n  What to do: run again with --debug and report it with the output.\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
  return EXIT.HARNESS_FAULT;
}
