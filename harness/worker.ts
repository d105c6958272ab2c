// The client (in Jepsen's sense): the operations a property performs against one libvirt
// connection, over one long-lived virsh session. It remembers every domain it defined or
// started so that nothing outlives the run, whatever happens to the run.

import { promises as fs, writeFileSync } from 'node:fs';
import path from 'node:path';
import { VirshSession, type VirshResult } from './virshSession.js';
import { createEmbedRoot, driverEnv, TMPFS, type EmbedRoot } from './embedRoot.js';
import { claimDir } from './orphans.js';
import { subreaper } from './subreaper.js';
import { CaseAbandonedError, isHarnessFault } from './errors.js';
import { domainLogPath, extractLoggedCommandLine } from './argv.js';

/** How a worker connects. `uri` undefined means a private embedded root under runDir. */
export interface WorkerOptions {
  virsh: string;
  uri?: string;
  runDir: string;
  index: number;
  /** Root whose capability cache new embedded roots copy. */
  warmCacheFrom?: string;
  timeoutMs: number;
  /** Run virsh without a subreaper even where one is installed (the bench's before-and-after). */
  noSubreaper?: boolean;
}

/** Result of defining a domain: libvirt's XML, or libvirt's refusal. */
/** The virsh command lines one case sent, in order (its repro script replays them). */
export type Transcript = string[][];

export type DefineOutcome = { kind: 'defined'; xml: string } | { kind: 'rejected'; message: string };

/** A define (and dumpxml) sent to virsh: its outcome to come, and the commands it took. */
export interface DefineSent {
  outcome: Promise<DefineOutcome>;
  commands: string[][];
}

/**
 * The directory for define's input files and libvirt's own copies of the definitions: on
 * tmpfs (/dev/shm) when the host has one. libvirt fsyncs its copy at every define; on a
 * disk that flush costs libvirt time (see createEmbedRoot), and our write of the next
 * case's file queued behind it (0.75 ms a case, measured).
 */
async function inputDirFor(options: WorkerOptions, fallback: string): Promise<string> {
  const dir = path.join(TMPFS, `virtprop-${path.basename(options.runDir)}-w${options.index}`);
  try {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    await claimDir(dir);
    return dir;
  } catch {
    return fallback;
  }
}

/** The least time a destroy gets, whatever --timeout says: QEMU is stopped and its resources released. */
export const DESTROY_MIN_TIMEOUT_MS = 30_000;

/** The least time a paused start gets, whatever --timeout says: QEMU is launched and probed over QMP. */
export const START_MIN_TIMEOUT_MS = 60_000;

/** One worker: a session, a scratch directory, and the domains it is responsible for. */
export class Worker {
  readonly options: WorkerOptions;
  readonly root: EmbedRoot | undefined;
  readonly uri: string;
  readonly scratchDir: string;
  /** Where define's input files are written (see inputDirFor). */
  private readonly inputDir: string;
  private session: VirshSession | undefined;
  private opening: Promise<VirshSession> | undefined;
  private readonly defined = new Set<string>();
  private readonly running = new Set<string>();
  /** Undefines sent per name: a chained redefine must not follow one (see defineAhead). */
  private readonly undefinesSent = new Map<string, number>();
  private killedByUser = false;
  private sessionsOpened = 0;
  private constructor(options: WorkerOptions, root: EmbedRoot | undefined, scratchDir: string, inputDir: string) {
    this.options = options;
    this.root = root;
    this.uri = options.uri ?? root!.uri;
    this.scratchDir = scratchDir;
    this.inputDir = inputDir;
  }

  /** Creates the worker's directories (and embedded root) and opens its session. */
  static async create(options: WorkerOptions): Promise<Worker> {
    const dir = path.join(options.runDir, `w${options.index}`);
    const scratchDir = path.join(dir, 'scratch');
    await fs.mkdir(scratchDir, { recursive: true });
    const inputDir = await inputDirFor(options, scratchDir);
    try {
      // Domain definitions go to tmpfs with the input files (see createEmbedRoot).
      const root = options.uri ? undefined : await createEmbedRoot(dir, options.warmCacheFrom, inputDir === scratchDir ? undefined : path.join(inputDir, 'domains'));
      const worker = new Worker(options, root, scratchDir, inputDir);
      await worker.openSession();
      return worker;
    } catch (err) {
      if (inputDir !== scratchDir) await fs.rm(inputDir, { recursive: true, force: true });
      throw err;
    }
  }

  private async removeInputDir(): Promise<void> {
    if (this.inputDir !== this.scratchDir) await fs.rm(this.inputDir, { recursive: true, force: true });
  }

  private async openSession(): Promise<VirshSession> {
    const session = await VirshSession.open({
      virsh: this.options.virsh,
      uri: this.uri,
      env: driverEnv(this.root),
      timeoutMs: this.options.timeoutMs,
      // Reaps the QEMUs this virsh starts: destroy waits for that (see subreaper.ts).
      subreaper: this.options.noSubreaper ? undefined : subreaper()?.prefix,
    });
    this.session = session;
    this.sessionsOpened++;
    // A fresh session starts from a clean slate: what the last one left behind (domains it
    // defined or started, defines it was sent but never answered) is removed first. The
    // commands queue ahead of anything sent later, so no later case can meet those domains.
    for (const name of new Set([...this.running, ...this.defined])) this.undefineNow(name).catch(() => undefined);
    return session;
  }

  /** How the current session frames virsh's output (see VirshSession). */
  get framing(): string | undefined {
    return this.session?.framing;
  }

  /** Where the disk images of this worker's guests are created. */
  get imageDir(): string {
    return path.join(this.scratchDir, 'images');
  }

  /** A destroy may take its time (DESTROY_MIN_TIMEOUT_MS at least). */
  private get destroyTimeoutMs(): number {
    return Math.max(this.options.timeoutMs, DESTROY_MIN_TIMEOUT_MS);
  }

  /** The process id of the current session's virsh. */
  get sessionPid(): number | undefined {
    return this.session?.pid;
  }

  /** Counts the sessions opened: work sent to an earlier session died with it. */
  get sessionNumber(): number {
    return this.sessionsOpened;
  }

  /** Replaces the session (killed if still alive) by a fresh one with a clean slate. */
  async restartSession(): Promise<void> {
    this.session?.kill();
    await this.liveSession();
  }

  /** The live session, or the one being opened: never two opened at once. */
  private liveSession(): VirshSession | Promise<VirshSession> {
    if (this.session?.alive) return this.session;
    return (this.opening ??= this.openSession().finally(() => (this.opening = undefined)));
  }

  /** Drops a domain from the books once libvirt confirmed it is gone (or never was). */
  private async forget(undefine: Promise<VirshResult>, name: string): Promise<void> {
    const r = await undefine;
    if (r.ok || /failed to get domain|not found/i.test(r.error)) this.defined.delete(name);
  }

  /**
   * Runs one virsh command, opening a fresh session if the last one died. A case passes
   * its own transcript, which gets the command line (repro scripts replay it); commands
   * sent for the worker's own housekeeping go unrecorded.
   */
  async virsh(args: string[], timeoutMs?: number, transcript?: Transcript): Promise<VirshResult> {
    transcript?.push(args);
    // Taken synchronously while the session lives, so pipelined calls keep their order.
    const live = this.liveSession();
    const session = live instanceof VirshSession ? live : await live;
    return session.run(args, timeoutMs);
  }

  /** Runs fn; on a harness fault (hang, crash) restarts the session and tries once more. */
  async withRetry<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      // After kill() the user wants out: retrying would start the case (and its QEMU) again.
      if (this.killedByUser) throw new CaseAbandonedError(err);
      if (!isHarnessFault(err)) throw err;
      await this.restartSession();
      return fn();
    }
  }

  /** Writes the XML to the worker's scratch file and defines it; on success returns dumpxml. */
  async define(xml: string, name: string, transcript?: Transcript, dumpFlags: string[] = []): Promise<DefineOutcome> {
    return this.sendDefine(xml, name, 'domain.xml', dumpFlags, transcript).outcome;
  }

  /**
   * Sends define + dumpxml at once and returns without waiting, so that libvirt works on
   * this case while the caller judges an earlier one. The XML goes to its own scratch file
   * (virsh reads it only when it gets to the command); the commands are returned for the
   * case's transcript, not recorded anywhere.
   */
  defineAhead(xml: string, name: string, slot: number, redefine = false): DefineSent & { again?: Promise<DefineSent | undefined> } {
    const first = this.sendDefine(xml, name, `domain-${slot}.xml`, []);
    if (!redefine) return first;
    // With `redefine`, libvirt's answer is defined again (and dumped) the moment it comes,
    // so that virsh has that work queued too instead of waiting for the judge to ask.
    // Registered before anyone can await `outcome`, so it is sent before the case's judge
    // goes on (and before its undefine). Not for a refused define, nor once the case was
    // given up: its domain is being removed, and a redefine would bring it back.
    const generation = this.undefinesSent.get(name) ?? 0;
    const again = first.outcome.then((o) =>
      o.kind === 'defined' && (this.undefinesSent.get(name) ?? 0) === generation ? this.sendDefine(o.xml, name, `domain-${slot}-again.xml`, []) : undefined,
    );
    return { ...first, again };
  }

  private sendDefine(xml: string, name: string, fileName: string, dumpFlags: string[], transcript?: Transcript): DefineSent {
    const file = path.join(this.inputDir, fileName);
    // Synchronous on purpose: a few kB to a local file is quicker done than handed to
    // libuv's thread pool (three hops, ~0.8 ms per case measured under load).
    writeFileSync(file, xml);
    const commands = [['define', file], ['dumpxml', ...dumpFlags, name]];
    // Booked before sending: if the session dies before answering, libvirt may still have
    // defined it, and the next session's clean slate must remove it.
    const bookedBefore = this.defined.has(name);
    this.defined.add(name);
    const generation = this.undefinesSent.get(name) ?? 0;
    // Pipelined: dumpxml is sent without waiting for define (it just fails when define did).
    const [def, dump] = commands.map((args) => this.virsh(args, undefined, transcript));
    const outcome = (async (): Promise<DefineOutcome> => {
      const [d, x] = await Promise.all([def, dump]);
      if (!d.ok) {
        if (!bookedBefore) this.defined.delete(name);
        return { kind: 'rejected', message: d.error };
      }
      // Again: an undefine of the name's previous domain may have been answered meanwhile.
      // Not when an undefine was sent after this define (a case given up): it removes this
      // very domain, and may have been answered before this continuation ran.
      if ((this.undefinesSent.get(name) ?? 0) === generation) this.defined.add(name);
      if (!x.ok) throw new Error(`dumpxml ${name} failed right after define: ${x.error}`);
      return { kind: 'defined', xml: x.stdout };
    })();
    return { outcome, commands };
  }

  /** The QEMU command line libvirt would run for a defined domain. */
  async nativeArgv(name: string, transcript?: Transcript): Promise<VirshResult> {
    return this.virsh(['domxml-to-native', 'qemu-argv', '--domain', name], undefined, transcript);
  }

  /** Starts a defined domain with its CPUs paused (no guest OS needed). */
  async startPaused(name: string, transcript?: Transcript): Promise<VirshResult> {
    // libvirt appends to the domain's log at every start; starting from an empty log keeps
    // reading the command line of this start cheap however many cases reuse the name.
    const log = domainLogPath(this.uri, name);
    if (log) await fs.rm(log, { force: true });
    const r = await this.virsh(['start', '--paused', name], Math.max(this.options.timeoutMs, START_MIN_TIMEOUT_MS), transcript);
    if (r.ok) this.running.add(name);
    return r;
  }

  /**
   * The QEMU command line of the domain's last start (also of a start QEMU refused), from
   * the domain log where this host can read it, else from domxml-to-native — which
   * re-addresses NICs, so it is only a fallback (remote URIs).
   */
  async startedArgv(name: string, transcript?: Transcript): Promise<VirshResult & { source: 'log' | 'domxml-to-native' }> {
    const log = domainLogPath(this.uri, name);
    if (log) {
      try {
        const text = extractLoggedCommandLine(await fs.readFile(log, 'utf8'));
        return { ok: true, stdout: text, error: '', durationMs: 0, source: 'log' };
      } catch {
        /* no log (yet): fall back */
      }
    }
    return { ...(await this.nativeArgv(name, transcript)), source: 'domxml-to-native' };
  }

  /** QEMU's device tree of a running domain. */
  async qtree(name: string, transcript?: Transcript): Promise<VirshResult> {
    return this.virsh(['qemu-monitor-command', name, '--hmp', 'info qtree'], undefined, transcript);
  }

  /** Live XML of a running domain (with aliases). */
  async liveXml(name: string, transcript?: Transcript): Promise<VirshResult> {
    return this.virsh(['dumpxml', name], undefined, transcript);
  }

  /** Stops a running domain at once. */
  async destroy(name: string, transcript?: Transcript): Promise<void> {
    if (!this.running.has(name)) return;
    await this.virsh(['destroy', name], this.destroyTimeoutMs, transcript);
    this.running.delete(name);
  }

  /** Removes a domain definition (and any nvram file it has). */
  async undefine(name: string, transcript?: Transcript): Promise<void> {
    // A running domain is a defined one: nothing to do for a name neither started nor booked.
    if (!this.running.has(name) && !this.defined.has(name)) return;
    await this.undefineNow(name, transcript);
  }

  /**
   * Queues destroy (when running) and undefine at once and returns without waiting. In a
   * pipeline the next case's define must queue behind them (slots reuse domain names), so
   * nothing may stand between this call and the commands reaching the session.
   */
  undefineNow(name: string, transcript?: Transcript): Promise<void> {
    this.undefinesSent.set(name, (this.undefinesSent.get(name) ?? 0) + 1);
    const destroyed = this.running.has(name) ? this.virsh(['destroy', name], this.destroyTimeoutMs, transcript).then(() => void this.running.delete(name)) : undefined;
    // Sent whether or not the define was answered yet: a define still in flight comes first.
    const removed = this.forget(this.virsh(['undefine', '--nvram', name], undefined, transcript), name);
    return Promise.all([destroyed, removed]).then(() => undefined);
  }

  /** Domains this worker still has defined. */
  get leftovers(): string[] {
    return [...this.defined];
  }

  /** Destroys and undefines every domain this worker created; best effort, never throws. */
  async cleanupDomains(): Promise<void> {
    for (const name of [...this.running]) {
      try {
        await this.virsh(['destroy', name], DESTROY_MIN_TIMEOUT_MS);
      } catch {
        /* a dead session: the QEMU process dies with its embedded driver or is reaped below */
      }
      this.running.delete(name);
    }
    for (const name of [...this.defined]) {
      try {
        await this.undefine(name);
      } catch {
        /* reported by leftovers */
      }
    }
  }

  /** Cleans up and ends the session. */
  async close(): Promise<void> {
    await this.cleanupDomains();
    await this.session?.close();
    await this.removeInputDir();
  }

  /**
   * Kills the session without cleanup (for signal handlers that have no time left). The
   * case in flight then fails without a retry; close() still cleans up in a fresh session.
   */
  kill(): void {
    this.killedByUser = true;
    this.session?.kill();
  }

  /** True once kill() was called: a harness fault after it is the user's doing, not virsh's. */
  get killed(): boolean {
    return this.killedByUser;
  }
}
