// The client (in Jepsen's sense): the operations a property performs against one libvirt
// connection, over one long-lived virsh session. It remembers every domain it defined or
// started so that nothing outlives the run, whatever happens to the run.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { VirshSession, type VirshResult } from './virshSession.js';
import { createEmbedRoot, driverEnv, type EmbedRoot } from './embedRoot.js';
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
}

/** Result of defining a domain: libvirt's XML, or libvirt's refusal. */
export type DefineOutcome = { kind: 'defined'; xml: string } | { kind: 'rejected'; message: string };

/** One worker: a session, a scratch directory, and the domains it is responsible for. */
export class Worker {
  readonly options: WorkerOptions;
  readonly root: EmbedRoot | undefined;
  readonly uri: string;
  readonly scratchDir: string;
  private session: VirshSession | undefined;
  private opening: Promise<VirshSession> | undefined;
  private readonly defined = new Set<string>();
  private readonly running = new Set<string>();
  private killedByUser = false;
  /** Every virsh command line sent, for repro scripts (cleared per case by the caller). */
  transcript: string[][] = [];

  private constructor(options: WorkerOptions, root: EmbedRoot | undefined, scratchDir: string) {
    this.options = options;
    this.root = root;
    this.uri = options.uri ?? root!.uri;
    this.scratchDir = scratchDir;
  }

  /** Creates the worker's directories (and embedded root) and opens its session. */
  static async create(options: WorkerOptions): Promise<Worker> {
    const dir = path.join(options.runDir, `w${options.index}`);
    const root = options.uri ? undefined : await createEmbedRoot(dir, options.warmCacheFrom);
    const scratchDir = path.join(dir, 'scratch');
    await fs.mkdir(scratchDir, { recursive: true });
    const worker = new Worker(options, root, scratchDir);
    await worker.openSession();
    return worker;
  }

  private async openSession(): Promise<VirshSession> {
    this.session = await VirshSession.open({
      virsh: this.options.virsh,
      uri: this.uri,
      env: driverEnv(this.root),
      timeoutMs: this.options.timeoutMs,
    });
    return this.session;
  }

  /** Runs one virsh command, opening a fresh session if the last one died. */
  async virsh(args: string[], timeoutMs?: number): Promise<VirshResult> {
    // Taken synchronously while the session lives, so pipelined calls keep their order.
    const session = this.session?.alive ? this.session : await (this.opening ??= this.openSession().finally(() => (this.opening = undefined)));
    this.transcript.push(args);
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
      this.session?.kill();
      await this.openSession();
      await this.cleanupDomains();
      return fn();
    }
  }

  /** Writes the XML to the worker's scratch file and defines it; on success returns dumpxml. */
  async define(xml: string, name: string, dumpFlags: string[] = []): Promise<DefineOutcome> {
    const file = path.join(this.scratchDir, 'domain.xml');
    await fs.writeFile(file, xml);
    // Pipelined: dumpxml is sent without waiting for define (it just fails when define did).
    const [def, dump] = await Promise.all([this.virsh(['define', file]), this.virsh(['dumpxml', ...dumpFlags, name])]);
    if (!def.ok) return { kind: 'rejected', message: def.error };
    this.defined.add(name);
    if (!dump.ok) throw new Error(`dumpxml ${name} failed right after define: ${dump.error}`);
    return { kind: 'defined', xml: dump.stdout };
  }

  /** The QEMU command line libvirt would run for a defined domain. */
  async nativeArgv(name: string): Promise<VirshResult> {
    return this.virsh(['domxml-to-native', 'qemu-argv', '--domain', name]);
  }

  /** Starts a defined domain with its CPUs paused (no guest OS needed). */
  async startPaused(name: string): Promise<VirshResult> {
    // libvirt appends to the domain's log at every start; starting from an empty log keeps
    // reading the command line of this start cheap however many cases reuse the name.
    const log = domainLogPath(this.uri, name);
    if (log) await fs.rm(log, { force: true });
    const r = await this.virsh(['start', '--paused', name], Math.max(this.options.timeoutMs, 60_000));
    if (r.ok) this.running.add(name);
    return r;
  }

  /**
   * The QEMU command line of the domain's last start (also of a start QEMU refused), from
   * the domain log where this host can read it, else from domxml-to-native — which
   * re-addresses NICs, so it is only a fallback (remote URIs).
   */
  async startedArgv(name: string): Promise<VirshResult & { source: 'log' | 'domxml-to-native' }> {
    const log = domainLogPath(this.uri, name);
    if (log) {
      try {
        const text = extractLoggedCommandLine(await fs.readFile(log, 'utf8'));
        return { ok: true, stdout: text, error: '', durationMs: 0, source: 'log' };
      } catch {
        /* no log (yet): fall back */
      }
    }
    return { ...(await this.nativeArgv(name)), source: 'domxml-to-native' };
  }

  /** QEMU's device tree of a running domain. */
  async qtree(name: string): Promise<VirshResult> {
    return this.virsh(['qemu-monitor-command', name, '--hmp', 'info qtree']);
  }

  /** Live XML of a running domain (with aliases). */
  async liveXml(name: string): Promise<VirshResult> {
    return this.virsh(['dumpxml', name]);
  }

  /** Stops a running domain at once. */
  async destroy(name: string): Promise<void> {
    if (!this.running.has(name)) return;
    await this.virsh(['destroy', name], Math.max(this.options.timeoutMs, 30_000));
    this.running.delete(name);
  }

  /** Removes a domain definition (and any nvram file it has). */
  async undefine(name: string): Promise<void> {
    await this.destroy(name);
    if (!this.defined.has(name)) return;
    const r = await this.virsh(['undefine', '--nvram', name]);
    if (r.ok || /failed to get domain|not found/i.test(r.error)) this.defined.delete(name);
  }

  /** Domains this worker still has defined. */
  get leftovers(): string[] {
    return [...this.defined];
  }

  /** Destroys and undefines every domain this worker created; best effort, never throws. */
  async cleanupDomains(): Promise<void> {
    for (const name of [...this.running]) {
      try {
        await this.virsh(['destroy', name], 30_000);
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
