// The client (in Jepsen's sense): the operations a property performs against one libvirt
// connection, over one long-lived virsh session. It remembers every domain it defined or
// started so that nothing outlives the run, whatever happens to the run.

import { promises as fs, writeFileSync } from 'node:fs';
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
  async virsh(args: string[], timeoutMs?: number, record = true): Promise<VirshResult> {
    if (record) this.transcript.push(args);
    // Taken synchronously while the session lives, so pipelined calls keep their order.
    const session = this.session?.alive ? this.session : await (this.opening ??= this.openSession().finally(() => (this.opening = undefined)));
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
    return this.sendDefine(xml, name, 'domain.xml', dumpFlags, true).outcome;
  }

  /**
   * Sends define + dumpxml at once and returns without waiting, so that libvirt works on
   * this case while the caller judges an earlier one. The XML goes to its own scratch file
   * (virsh reads it only when it gets to the command); the commands are not recorded in
   * `transcript` (another case owns it meanwhile) but returned.
   */
  defineAhead(xml: string, name: string, slot: number): { outcome: Promise<DefineOutcome>; commands: string[][] } {
    return this.sendDefine(xml, name, `domain-${slot}.xml`, [], false);
  }

  private sendDefine(xml: string, name: string, fileName: string, dumpFlags: string[], record: boolean): { outcome: Promise<DefineOutcome>; commands: string[][] } {
    const file = path.join(this.scratchDir, fileName);
    // Synchronous on purpose: a few kB to a local file is quicker done than handed to
    // libuv's thread pool (three hops, ~0.8 ms per case measured under load).
    writeFileSync(file, xml);
    const commands = [['define', file], ['dumpxml', ...dumpFlags, name]];
    // Pipelined: dumpxml is sent without waiting for define (it just fails when define did).
    const [def, dump] = commands.map((args) => this.virsh(args, undefined, record));
    const outcome = (async (): Promise<DefineOutcome> => {
      const [d, x] = await Promise.all([def, dump]);
      if (!d.ok) return { kind: 'rejected', message: d.error };
      this.defined.add(name);
      if (!x.ok) throw new Error(`dumpxml ${name} failed right after define: ${x.error}`);
      return { kind: 'defined', xml: x.stdout };
    })();
    return { outcome, commands };
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

  /**
   * Queues destroy (when running) and undefine at once and returns without waiting. In a
   * pipeline the next case's define must queue behind them (slots reuse domain names), so
   * nothing may stand between this call and the commands reaching the session.
   */
  undefineNow(name: string, record = true): Promise<void> {
    const destroyed = this.running.has(name) ? this.virsh(['destroy', name], Math.max(this.options.timeoutMs, 30_000), record).then(() => void this.running.delete(name)) : undefined;
    // Sent whether or not the define was answered yet: a define still in flight comes first.
    const removed = this.virsh(['undefine', '--nvram', name], undefined, record).then((r) => {
      if (r.ok || /failed to get domain|not found/i.test(r.error)) this.defined.delete(name);
    });
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
