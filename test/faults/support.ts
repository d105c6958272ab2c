// Shared by the fault tests: run the built CLI as a user would (a child process, its exit
// code, stdout and stderr, how long it took), find the fake-virsh fixtures, and look for
// what a run may have left behind (processes, directories, half-written files).

import { execa, type ResultPromise } from 'execa';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { processesUnder } from '../../harness/reaper.js';

/** dist/ the tests were compiled into (dist/test/faults/support.js is two levels below it). */
export const distRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Repository root: the parent of dist/, where bin/ and test/fixtures/ live. */
export const repoRoot = path.resolve(distRoot, '..');

/** The CLI entry users run. */
export const cliEntry = path.join(repoRoot, 'bin', 'virtprop.js');

/** Absolute path of a script in test/fixtures/fake-virsh. */
export function fakeVirsh(name: string): string {
  const p = path.join(repoRoot, 'test', 'fixtures', 'fake-virsh', name);
  if (!existsSync(p)) throw new Error(`fixture ${p} is missing`);
  return p;
}

/** What one CLI run produced. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Options of a CLI run: extra environment, a hard limit after which the test fails. */
export interface CliOptions {
  env?: Record<string, string>;
  limitMs?: number;
}

/** Starts the CLI without waiting (for tests that send signals); stdout/stderr are buffered. */
export function startCli(args: string[], opts: CliOptions = {}): ResultPromise<{ reject: false; all: false }> {
  return execa(process.execPath, [cliEntry, ...args], {
    cwd: repoRoot,
    env: { ...opts.env, LC_ALL: 'C' },
    reject: false,
    // A run that outlives its limit is a failure of the test, never a wait for ever.
    timeout: opts.limitMs ?? 180_000,
    stdin: 'ignore',
  }) as ResultPromise<{ reject: false; all: false }>;
}

/** Runs the CLI to the end. */
export async function runCli(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  const t0 = performance.now();
  const r = await startCli(args, opts);
  if (r.timedOut) throw new Error(`virtprop ${args.join(' ')} still ran after ${opts.limitMs ?? 180_000} ms\n${String(r.stderr)}`);
  return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr), ms: performance.now() - t0 };
}

/**
 * Problems with an error message a user reads: more than one paragraph, a stack trace,
 * no advice. Empty when the message is fine.
 */
export function messageProblems(stderr: string): string[] {
  const problems: string[] = [];
  const text = stderr.trim();
  if (!text) problems.push('nothing on stderr');
  if (/\n\s*\n/.test(text)) problems.push('more than one paragraph');
  if (/^\s+at .+\(?.*:\d+:\d+\)?$/m.test(text) || /\bError: .*\n\s+at /.test(text)) problems.push('a stack trace');
  if (!/What to do:|--help/.test(text)) problems.push('no advice (neither "What to do:" nor --help)');
  return problems;
}

/** A short scratch directory for one test (QEMU socket paths must stay under 108 bytes). */
export async function scratchDir(tag: string): Promise<string> {
  return mkdtemp(path.join('/tmp', `vpf-${tag}-`));
}

/** Removes a scratch directory after killing anything still running from it. */
export async function dropScratch(dir: string): Promise<void> {
  for (const pid of await processesUnder(dir)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  await rm(dir, { recursive: true, force: true });
}

/** Processes (pid and command, shortened) whose command line names dir or a path below it. */
export async function processesMentioning(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const pid of await processesUnder(dir)) {
    const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    // A zombie has an empty command line and holds nothing: it only waits for its parent.
    if (cmd) out.push(`${pid} ${cmd.replace(/\0/g, ' ').slice(0, 120)}`);
  }
  return out;
}

/** Files below dir whose names mark an interrupted atomic write. */
export async function halfWritten(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((e) => /\.tmp-|\.partial-|\.old-/.test(path.basename(e)) || /\.partial-|\.old-/.test(e));
}

/** Parsed report.json of an output directory. */
export async function readReport(outDir: string): Promise<Record<string, unknown> & { partial: boolean; cases: number; mismatch: number; harnessErrors: number }> {
  return JSON.parse(await readFile(path.join(outDir, 'report.json'), 'utf8'));
}

/** Waits until cond() is true, polling; throws after limitMs. */
export async function waitFor(what: string, cond: () => Promise<boolean> | boolean, limitMs = 60_000, everyMs = 100): Promise<number> {
  const t0 = performance.now();
  while (!(await cond())) {
    if (performance.now() - t0 > limitMs) throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return performance.now() - t0;
}
