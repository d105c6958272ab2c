// Runs the built CLI (bin/virtprop.js) as a child process, as a user or CI would, and
// returns its exit code and parsed --json output.

import { execa } from 'execa';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (dist/test/diff → ../../..). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The planted regression wrapper around the real virsh. */
export const misreportSlot = path.join(repoRoot, 'test', 'fixtures', 'planted', 'misreport-slot');

/** Exit code, the --json object (when stdout held one) and stderr of one CLI run. */
export interface CliRun {
  exitCode: number;
  json: Record<string, any> | undefined;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/virtprop.js ARGS` and parses its JSON line when there is one. */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const r = await execa(process.execPath, [path.join(repoRoot, 'bin', 'virtprop.js'), ...args], { cwd: repoRoot, reject: false, env, timeout: 600_000 });
  let json: Record<string, any> | undefined;
  try {
    json = JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
  } catch {
    json = undefined;
  }
  return { exitCode: r.exitCode ?? -1, json, stdout: r.stdout, stderr: r.stderr };
}
