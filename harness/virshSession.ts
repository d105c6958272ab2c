// One long-lived `virsh` process reading commands on stdin. Starting virsh (and, in
// embedded mode, the whole QEMU driver) costs far more than a define, so a worker keeps
// one session and sends it command after command.
//
// virsh's interactive mode has no framing: it echoes each input line after its prompt and
// writes command output unterminated. After each command we therefore send
// `echo --err MARK`, and until virsh has shown that it echoes input lines also
// `echo MARK`. stderr ends at the line "error: MARK". stdout ends at the echoed marker
// line when virsh echoes its input (readline builds do), else at the `echo MARK` output;
// in that second framing the marker is written as two quoted halves ('v''p…'), so that
// an echoed input line could never be taken for the marker's output.
//
// Markers are short on purpose: readline reads and echoes its input one byte at a time
// (three system calls a byte), so every byte of a marker line costs virsh CPU; a 40-byte
// marker after each command cost a tenth of its throughput, a short one a twenty-fifth.

import { execa, type ResultPromise } from 'execa';
import { accessSync, constants as fsc, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { commandLine } from './shellQuote.js';
import { EnvironmentError, VirshCrashedError, VirshTimeoutError } from './errors.js';
import { childPids, unwrapExit } from './subreaper.js';

/** What one virsh command produced. `ok` is false when virsh reported an error. */
export interface VirshResult {
  ok: boolean;
  stdout: string;
  /** virsh's `error: …` lines, prefix removed, joined by newlines. */
  error: string;
  durationMs: number;
}

/** How to start a session. */
export interface VirshSessionOptions {
  /** virsh binary (a path or a name on PATH). */
  virsh: string;
  uri: string;
  /** Environment additions (e.g. LIBVIRT_LOG_OUTPUTS). */
  env?: Record<string, string>;
  /** Default per-command timeout. */
  timeoutMs: number;
  /**
   * Runs virsh under this argv prefix, a child subreaper (harness/subreaper.ts) that reaps
   * the QEMUs virsh starts; undefined: virsh is spawned directly.
   */
  subreaper?: string[];
}

interface Pending {
  marker: string;
  echoedMarkerCommand: string;
  /** How stdout ends: at `echo MARK`'s output, or at virsh's echo of the marker line. */
  stdoutEnd: 'marker-output' | 'echoed-line';
  line: string;
  started: number;
  resolve: (r: VirshResult) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout | undefined;
  timeoutMs: number;
}

let sessionCounter = 0;

/** A virsh process and the commands queued on it; one command runs at a time. */
export class VirshSession {
  private readonly proc: ResultPromise;
  private stdoutBuf = '';
  private stderrBuf = '';
  private pending: Pending[] = [];
  private seq = 0;
  private readonly id = `${process.pid}x${++sessionCounter}`;
  private exited = false;
  /** Set by kill(): the process may take a moment to exit, but is done for at once. */
  private killed = false;
  /** Set once virsh echoed an input line after its prompt: one marker command then suffices. */
  private echoesInput = false;
  private exitInfo: { code: number | null; signal: string | null } = { code: null, signal: null };
  /** virsh's own pid when it runs under a subreaper (found once it has been forked). */
  private wrappedPid: number | undefined;
  readonly options: VirshSessionOptions;

  private constructor(options: VirshSessionOptions) {
    this.options = options;
    const [program, ...prefix] = [...(options.subreaper ?? []), options.virsh];
    this.proc = execa(program, [...prefix, '-q', '-c', options.uri], {
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
      buffer: false,
      reject: false,
      env: { ...options.env, LC_ALL: 'C' },
      // virsh must not outlive us if we are killed hard.
      cleanup: true,
    });
    this.proc.stdout!.setEncoding('utf8');
    this.proc.stderr!.setEncoding('utf8');
    this.proc.stdout!.on('data', (d: string) => {
      this.stdoutBuf += d;
      this.settle();
    });
    this.proc.stderr!.on('data', (d: string) => {
      this.stderrBuf += d;
      this.settle();
    });
    this.proc.stdin!.on('error', () => undefined);
    void this.proc.then((r) => {
      this.exited = true;
      // Under a subreaper, virsh's own end is told by the subreaper's exit code.
      const exit = { code: r.exitCode ?? null, signal: r.signal ?? null };
      this.exitInfo = options.subreaper ? unwrapExit(exit.code, exit.signal) : exit;
      this.failAll((p) => new VirshCrashedError(p.line, this.exitInfo.code, this.exitInfo.signal, this.stderrBuf));
    });
  }

  /** Starts virsh and checks that the connection works (the first command opens it). */
  static async open(options: VirshSessionOptions): Promise<VirshSession> {
    // A subreaper spawns fine whatever virsh is; it would only fail to exec it later.
    const missing = options.subreaper ? programProblem(options.virsh) : undefined;
    if (missing) throw cannotRun(options.virsh, Object.assign(new Error(missing), { code: missing }));
    const session = new VirshSession(options);
    const spawnError = await Promise.race([
      new Promise<Error | undefined>((resolve) => session.proc.once('spawn', () => resolve(undefined))),
      new Promise<Error | undefined>((resolve) => session.proc.once('error', (e) => resolve(e))),
    ]);
    if (spawnError) throw cannotRun(options.virsh, spawnError);
    return session;
  }

  /** How output is framed now: by virsh's echo of the marker line once seen, else by `echo MARK`. */
  get framing(): Pending['stdoutEnd'] {
    return this.echoesInput ? 'echoed-line' : 'marker-output';
  }

  /** The virsh process id (for accounting its CPU time), under a subreaper too. */
  get pid(): number | undefined {
    if (!this.options.subreaper || this.proc.pid === undefined) return this.proc.pid;
    return (this.wrappedPid ??= firstChild(this.proc.pid));
  }

  /** True while the virsh process is alive. */
  get alive(): boolean {
    return !this.exited && !this.killed;
  }

  /**
   * Runs one virsh command (arguments are quoted, never interpreted by a shell). Commands
   * are written at once and answered in order, so callers may pipeline several without
   * waiting: a round trip to virsh costs more than most commands themselves.
   */
  run(args: readonly string[], timeoutMs = this.options.timeoutMs): Promise<VirshResult> {
    // virsh reads one command per line through readline: a newline inside an argument (a
    // domain name from a user's file, say) would start a second command, and readline
    // acts on other control characters too (a tab completes, ^U erases the line).
    const unsafe = args.find((a) => /[\x00-\x1f\x7f]/.test(a));
    if (unsafe !== undefined) return Promise.reject(new Error(`refusing to send virsh an argument with a control character (line break, tab, …): ${JSON.stringify(unsafe.slice(0, 80))}`));
    const line = commandLine(args);
    if (this.exited) {
      return Promise.reject(new VirshCrashedError(line, this.exitInfo.code, this.exitInfo.signal, this.stderrBuf));
    }
    if (this.killed) return Promise.reject(new VirshCrashedError(line, null, 'SIGKILL', 'session killed'));
    const stdoutEnd = this.framing;
    const n = (++this.seq).toString(36);
    // Unique within the session, which is all it needs (each session has its own pipes),
    // and matched as a whole line. Where stdout must be searched for the marker's output,
    // command output could hold a short marker: there it is long and names the session.
    const marker = stdoutEnd === 'echoed-line' ? `vp${n}` : `__VP_END_${this.id}_${n}__`;
    const quoted = `'${marker.slice(0, 4)}''${marker.slice(4)}'`;
    // The first marker line is the one whose echo (or output) ends stdout.
    const markerLines = stdoutEnd === 'echoed-line' ? [`echo --err ${marker}`] : [`echo ${quoted}`, `echo --err ${quoted}`];
    return new Promise<VirshResult>((resolve, reject) => {
      this.pending.push({ marker, echoedMarkerCommand: markerLines[0], stdoutEnd, line, started: performance.now(), resolve, reject, timer: undefined, timeoutMs });
      this.armHead();
      this.proc.stdin!.write(`${[line, ...markerLines].join('\n')}\n`);
    });
  }

  /** Starts the timeout of the command virsh is working on now (the head of the queue). */
  private armHead(): void {
    const head = this.pending[0];
    if (!head || head.timer) return;
    head.started = performance.now();
    head.timer = setTimeout(() => {
      if (this.pending[0] !== head) return;
      this.kill();
      this.failAll((p) => (p === head ? new VirshTimeoutError(p.line, p.timeoutMs) : new VirshCrashedError(p.line, null, 'SIGKILL', 'session killed after a timeout')));
    }, head.timeoutMs);
  }

  /** Rejects every queued command (the process died or was killed). */
  private failAll(error: (p: Pending) => Error): void {
    const all = this.pending;
    this.pending = [];
    for (const p of all) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(error(p));
    }
  }

  private settle(): void {
    for (;;) {
      const p = this.pending[0];
      if (!p) return;
      const out = stdoutEndOf(this.stdoutBuf, p);
      const errMarker = `error: ${p.marker}\n`;
      const errAt = lineIndex(this.stderrBuf, errMarker);
      if (!out || errAt < 0) return;
      this.pending.shift();
      if (p.timer) clearTimeout(p.timer);
      const rawOut = this.stdoutBuf.slice(0, out.end);
      const rawErr = this.stderrBuf.slice(0, errAt);
      this.stdoutBuf = this.stdoutBuf.slice(out.next);
      this.stderrBuf = this.stderrBuf.slice(errAt + errMarker.length);
      const cleaned = cleanOutput(rawOut, p);
      if (cleaned.echoed) this.echoesInput = true;
      const errors = errorMessages(rawErr);
      p.resolve({ ok: errors.length === 0, stdout: cleaned.stdout, error: errors.join('\n'), durationMs: performance.now() - p.started });
      this.armHead();
    }
  }

  /**
   * Kills the virsh process at once. Under a subreaper the kill goes to everything the
   * subreaper holds: virsh and the QEMUs it adopted (a hung virsh's guests go with it);
   * the subreaper reaps them and exits with virsh. Killing the subreaper first would hand
   * them to PID 1, which may never reap them.
   */
  kill(): void {
    this.killed = true;
    if (this.exited) return;
    const holder = this.proc.pid;
    if (!this.options.subreaper || holder === undefined) {
      this.proc.kill('SIGKILL');
      return;
    }
    const virsh = this.pid;
    const adopted = childPids(holder).filter((pid) => pid !== virsh);
    for (const pid of [...adopted, ...(virsh === undefined ? [] : [virsh])]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    // Not forked yet, or a subreaper that does not exit with its child: end it too.
    if (virsh === undefined) this.proc.kill('SIGKILL');
    else setTimeout(() => this.exited || this.proc.kill('SIGKILL'), 2000).unref();
  }

  /** Ends the session politely, then firmly. */
  async close(): Promise<void> {
    if (this.exited) return;
    this.proc.stdin!.end('quit\n');
    const timer = setTimeout(() => this.kill(), 2000);
    await this.proc;
    clearTimeout(timer);
  }
}

/** The set-up error for a virsh that cannot be run. */
function cannotRun(virsh: string, err: Error): EnvironmentError {
  const code = (err as NodeJS.ErrnoException).code;
  return new EnvironmentError(
    `cannot run virsh "${virsh}": ${code === 'ENOENT' ? 'not found' : code === 'EACCES' ? 'not executable' : err.message}`,
    'install libvirt-clients (apt-get install libvirt-clients) or point --virsh at a working virsh binary',
  );
}

/** Why a program (a path, or a name looked up on PATH) cannot be run: ENOENT, EACCES, or undefined when it can. */
function programProblem(program: string): 'ENOENT' | 'EACCES' | undefined {
  const files = program.includes('/') ? [program] : (process.env.PATH ?? '').split(':').map((dir) => path.join(dir || '.', program));
  let found = false;
  for (const file of files) {
    try {
      if (!statSync(file).isFile()) continue;
      found = true;
      accessSync(file, fsc.X_OK);
      return undefined;
    } catch {
      /* absent, or not executable: the next one */
    }
  }
  return found ? 'EACCES' : 'ENOENT';
}

/** The child a process started first (by start time): virsh under its subreaper, not a QEMU it adopted later. */
function firstChild(pid: number): number | undefined {
  let best: { pid: number; start: number } | undefined;
  for (const child of childPids(pid)) {
    try {
      const stat = readFileSync(`/proc/${child}/stat`, 'utf8');
      const start = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
      if (!best || start < best.start) best = { pid: child, start };
    } catch {
      /* ended meanwhile */
    }
  }
  return best?.pid;
}

/**
 * virsh's error messages from its stderr: each starts with "error: " and runs on over
 * the following lines (QEMU's own message is often the second line of libvirt's error).
 */
export function errorMessages(stderr: string): string[] {
  const messages: string[] = [];
  for (const line of stderr.split('\n')) {
    if (line.startsWith('error: ')) messages.push(line.slice('error: '.length));
    else if (messages.length > 0 && line.trim() !== '') messages[messages.length - 1] += `\n${line}`;
  }
  return messages;
}

/** Where `line` (ending in a newline) starts a line of buf, or -1. */
function lineIndex(buf: string, line: string): number {
  for (let at = buf.indexOf(line); at >= 0; at = buf.indexOf(line, at + 1)) if (at === 0 || buf[at - 1] === '\n') return at;
  return -1;
}

/** Where a command's stdout ends in the buffer (`end`) and the next one's begins (`next`). */
function stdoutEndOf(buf: string, p: Pending): { end: number; next: number } | undefined {
  if (p.stdoutEnd === 'marker-output') {
    const at = buf.indexOf(p.marker);
    return at < 0 ? undefined : { end: at, next: at + p.marker.length };
  }
  // The marker line as virsh echoes it after its prompt: the output ends with that prompt.
  const echo = ` ${p.echoedMarkerCommand}\n`;
  const at = buf.indexOf(echo);
  return at < 0 ? undefined : { end: at + 1, next: at + echo.length };
}

/**
 * A command's stdout without virsh's echo of our own input (prompt + line) and without
 * the prompt (and echoed marker command) that follow it. `echoed` tells whether virsh
 * echoed the command line, which is what the cheaper framing relies on.
 */
function cleanOutput(raw: string, p: Pending): { stdout: string; echoed: boolean } {
  let out = raw;
  if (p.stdoutEnd === 'marker-output') {
    const markerEcho = out.lastIndexOf(p.echoedMarkerCommand);
    if (markerEcho >= 0) out = out.slice(0, markerEcho);
  }
  const echoedAt = out.indexOf(` ${p.line}\n`);
  const echoed = echoedAt >= 0 && /virsh [#$]$/.test(out.slice(Math.max(0, echoedAt - 7), echoedAt));
  // Without the echo (a virsh built without readline) only prompts precede the output: the
  // command's own and that of the previous command's `echo --err` marker, which prints nothing.
  out = echoed ? out.slice(echoedAt + p.line.length + 2) : out.replace(/^(virsh [#$] )+/, '');
  return { stdout: out.replace(/virsh [#$] $/, ''), echoed };
}
