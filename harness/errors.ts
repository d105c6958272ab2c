// Errors of the harness itself. They carry what a user needs to act on them: the
// command, its exit code, its stderr, and one sentence on what to do.

/** The environment is not usable (virsh missing, URI unreachable, probe failed): exit 2. */
export class EnvironmentError extends Error {
  /** One sentence telling the user what to do about it. */
  readonly hint: string;
  constructor(message: string, hint: string) {
    super(message);
    this.name = 'EnvironmentError';
    this.hint = hint;
  }
}

/** A virsh command did not answer in time; the session it ran in has been killed. */
export class VirshTimeoutError extends Error {
  readonly command: string;
  readonly timeoutMs: number;
  constructor(command: string, timeoutMs: number) {
    super(`virsh did not answer "${command}" within ${timeoutMs} ms; the session was killed`);
    this.name = 'VirshTimeoutError';
    this.command = command;
    this.timeoutMs = timeoutMs;
  }
}

/** The virsh process exited while a command was running (crash, kill, broken pipe). */
export class VirshCrashedError extends Error {
  readonly command: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stderr: string;
  constructor(command: string, exitCode: number | null, signal: string | null, stderr: string) {
    // virsh's last stderr line usually says why; an empty one would only add a dangling colon.
    const last = stderr.trim().split('\n').pop()?.trim();
    super(`virsh exited (${signal ?? `code ${exitCode}`}) while running "${command}"${last ? `: ${last}` : ''}`);
    this.name = 'VirshCrashedError';
    this.command = command;
    this.exitCode = exitCode;
    this.signal = signal;
    this.stderr = stderr;
  }
}

/** A case cut off because the user forced the run to stop (its worker was killed): neither a finding nor a fault. */
export class CaseAbandonedError extends Error {
  constructor(cause: unknown) {
    super(`case abandoned: the run was stopped (${cause instanceof Error ? cause.message : String(cause)})`);
    this.name = 'CaseAbandonedError';
  }
}

/** True for faults of the harness's own plumbing, which are retried and never reported as mismatches. */
export function isHarnessFault(err: unknown): boolean {
  return err instanceof VirshTimeoutError || err instanceof VirshCrashedError;
}
