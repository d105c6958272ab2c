// With --json, compare, predict, replay and corpus print exactly one JSON object on stdout
// whatever happens, so a tool reading them never has to parse an error paragraph: a
// missing or malformed file, a bad flag, a set-up failure or an interrupt each come out as
// `{"verdict":"error"|"interrupted","reason",…}`. The paragraph for humans still goes to
// stderr and the exit code stays what it is without --json (cli/main.ts decides both).

import type { Command } from 'commander';
import { scrubCredentials } from '../../reports/scrub.js';

/** Prints a value as the command's one JSON object. */
export function printJson(value: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}

/** The JSON object of an error that ends a command (credentials in URIs scrubbed). */
export function errorJson(err: unknown): Record<string, unknown> {
  const e = err as { message?: unknown; hint?: unknown; code?: unknown };
  const text = (s: string): string => scrubCredentials(s).replace(/^error: /, '').split('\n').map((l) => l.trim()).filter(Boolean).join('; ');
  const reason = text(typeof e?.message === 'string' ? e.message : String(err));
  // commander's own errors (bad flag, missing argument) are usage errors, told on stderr with --help
  const hint = typeof e?.hint === 'string' ? text(e.hint) : typeof e?.code === 'string' && e.code.startsWith('commander.') ? 'see --help' : null;
  return { verdict: 'error', reason, hint };
}

/** The JSON object of a command cut short by a signal before it had a verdict. */
export function interruptedJson(signal: string): Record<string, unknown> {
  return { verdict: 'interrupted', reason: `interrupted by ${signal}: cleaned up, no verdict` };
}

/**
 * Runs a command's body; with --json an error that ends it is also printed as one JSON
 * object (with `extra`, the command's own key for it, e.g. predict's "prediction"), then
 * passed on.
 */
export async function printingErrors<T>(json: boolean, body: () => Promise<T>, extra: Record<string, unknown> = {}): Promise<T> {
  try {
    return await body();
  } catch (err) {
    if (json) printJson({ ...errorJson(err), ...extra });
    throw err;
  }
}

/**
 * Makes commander's own refusals of this command (an unknown flag, a bad value, a missing
 * argument) print their JSON object too when --json is among the arguments.
 */
export function jsonOnUsageErrors(cmd: Command, extra: Record<string, unknown> = {}, argv: readonly string[] = process.argv.slice(2)): Command {
  return cmd.exitOverride((err) => {
    if (err.exitCode !== 0 && argv.includes('--json')) printJson({ ...errorJson(err), ...extra });
    throw err;
  });
}
