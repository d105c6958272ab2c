// One long-lived `virsh` process reading commands on stdin. Starting virsh (and, in
// embedded mode, the whole QEMU driver) costs far more than a define, so a worker keeps
// one session and sends it command after command.
//
// virsh's interactive mode has no framing: it echoes each input line after its prompt and
// writes command output unterminated. After each command we therefore send
// `echo MARK` and `echo --err MARK`; the marker is written in the command as two quoted
// halves ('__VP_E''ND_…'), so the echoed input line never contains the marker itself and
// only virsh's output does.

import { execa, type ResultPromise } from 'execa';
import { commandLine } from './shellQuote.js';
import { EnvironmentError, VirshCrashedError, VirshTimeoutError } from './errors.js';

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
}

interface Pending {
  marker: string;
  echoedMarkerCommand: string;
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
  private exitInfo: { code: number | null; signal: string | null } = { code: null, signal: null };
  readonly options: VirshSessionOptions;

  private constructor(options: VirshSessionOptions) {
    this.options = options;
    this.proc = execa(options.virsh, ['-q', '-c', options.uri], {
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
      this.exitInfo = { code: r.exitCode ?? null, signal: r.signal ?? null };
      this.failAll((p) => new VirshCrashedError(p.line, this.exitInfo.code, this.exitInfo.signal, this.stderrBuf));
    });
  }

  /** Starts virsh and checks that the connection works (the first command opens it). */
  static async open(options: VirshSessionOptions): Promise<VirshSession> {
    const session = new VirshSession(options);
    const spawnError = await Promise.race([
      new Promise<Error | undefined>((resolve) => session.proc.once('spawn', () => resolve(undefined))),
      new Promise<Error | undefined>((resolve) => session.proc.once('error', (e) => resolve(e))),
    ]);
    if (spawnError) {
      const code = (spawnError as NodeJS.ErrnoException).code;
      throw new EnvironmentError(
        `cannot run virsh "${options.virsh}": ${code === 'ENOENT' ? 'not found' : code === 'EACCES' ? 'not executable' : spawnError.message}`,
        'install libvirt-clients (apt-get install libvirt-clients) or point --virsh at a working virsh binary',
      );
    }
    return session;
  }

  /** True while the virsh process is alive. */
  get alive(): boolean {
    return !this.exited;
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
    const n = ++this.seq;
    const marker = `__VP_END_${this.id}_${n}__`;
    const quotedMarker = `'__VP_E''ND_${this.id}_${n}__'`;
    return new Promise<VirshResult>((resolve, reject) => {
      this.pending.push({ marker, echoedMarkerCommand: `echo ${quotedMarker}`, line, started: performance.now(), resolve, reject, timer: undefined, timeoutMs });
      this.armHead();
      this.proc.stdin!.write(`${line}\necho ${quotedMarker}\necho --err ${quotedMarker}\n`);
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
      const outAt = this.stdoutBuf.indexOf(p.marker);
      const errMarker = `error: ${p.marker}`;
      const errAt = this.stderrBuf.indexOf(errMarker);
      if (outAt < 0 || errAt < 0) return;
      this.pending.shift();
      if (p.timer) clearTimeout(p.timer);
      const rawOut = this.stdoutBuf.slice(0, outAt);
      const rawErr = this.stderrBuf.slice(0, errAt);
      this.stdoutBuf = this.stdoutBuf.slice(outAt + p.marker.length);
      this.stderrBuf = this.stderrBuf.slice(errAt + errMarker.length);
      const stdout = cleanOutput(rawOut, p.line, p.echoedMarkerCommand);
      const errors = errorMessages(rawErr);
      p.resolve({ ok: errors.length === 0, stdout, error: errors.join('\n'), durationMs: performance.now() - p.started });
      this.armHead();
    }
  }

  /** Kills the virsh process at once. */
  kill(): void {
    if (!this.exited) this.proc.kill('SIGKILL');
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

/** Removes virsh's echo of our own input (prompt + line) from a command's output. */
function cleanOutput(raw: string, line: string, echoedMarkerCommand: string): string {
  let out = raw;
  const markerEcho = out.lastIndexOf(echoedMarkerCommand);
  if (markerEcho >= 0) out = out.slice(0, markerEcho);
  const echoed = out.indexOf(` ${line}\n`);
  if (echoed >= 0 && /virsh [#$]$/.test(out.slice(Math.max(0, echoed - 7), echoed))) {
    out = out.slice(echoed + line.length + 2);
  }
  return out.replace(/virsh [#$] $/, '');
}
