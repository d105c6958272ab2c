// Brings up the system under test for a run: a run directory, one worker per requested
// parallel slot (each with its own embedded root, sharing a warm capability cache),
// the machine lists QEMU reports, KVM or TCG, and the libvirt/QEMU versions. Tears it
// all down again, whatever happened. Several URIs (hosts of one build) give one worker
// set per host, merged into a single environment the run loop sees as one.

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { Worker } from '../harness/worker.js';
import type { VirshResult } from '../harness/virshSession.js';
import { embedRootOf, saveCapabilityCache, makeRunDir } from '../harness/embedRoot.js';
import { RUN_TAG } from '../harness/runTag.js';
import os from 'node:os';
import path from 'node:path';
import { EnvironmentError, isHarnessFault } from '../harness/errors.js';
import { bareVersion, emulatorMachineHelp, kvmUsable, mergeMachineLists, parseCapabilities, parseDomainCapabilities, type GuestArch } from '../harness/capabilities.js';
import { reapProcessesUnder } from '../harness/reaper.js';
import { resolveBuild } from '../harness/builds.js';
import { releaseFacts } from '../model/releases.js';
import type { BuildProfile, MachineInfo, QemuOffers } from '../types/domain.js';

/** Connection options common to every command. */
export interface ConnectionOptions {
  virsh: string;
  /** A catalogue build (`virtprop builds`) to drive instead of `virsh`. */
  build?: string;
  /** Runs a program of the build under test (its root's launcher); empty for the host. */
  runPrefix?: string[];
  /** undefined: private embedded roots. */
  uri?: string;
  /** More than one URI: one worker set (of `workers` each) per host; `uri` is then ignored. */
  uris?: string[];
  workers: number;
  timeoutMs: number;
  /** Force TCG even where KVM works. */
  tcg?: boolean;
  /** Ctrl-C during set-up: sessions are killed and set-up gives up at once (it cleans up first). */
  signal?: AbortSignal;
}

/** A ready system under test. */
export interface Environment {
  runDir: string;
  workers: Worker[];
  arches: GuestArch[];
  versions: Record<string, string>;
  /** Milliseconds the first define of a tiny domain took (the capability-trap probe). */
  firstDefineMs: number;
  /** Domain type to use for an arch: kvm when both libvirt and this host allow it. */
  virtType(arch: string): 'kvm' | 'qemu';
  machines(arch: string): MachineInfo[];
  /** Runs a program of the build under test (its root's launcher); empty for the host. */
  runPrefix: string[];
  /** What the build says of itself for an arch: the model's input besides the spec. */
  profile(arch: string): BuildProfile;
  /** Undefines every domain, ends sessions, kills stray QEMUs, removes the run directory. */
  close(): Promise<void>;
}

const PROBE_XML = (name: string, type: string, arch: string): string =>
  `<domain type='${type}'><name>${name}</name><memory unit='MiB'>64</memory><os><type arch='${arch}'>hvm</type></os><devices/></domain>`;

/** Parses `virsh version` into named versions. */
export function parseVersions(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^(Compiled against library|Using library|Using API|Running hypervisor):\s*(.+)$/.exec(line.trim());
    if (m) out[m[1]] = m[2];
  }
  return out;
}

/** Sets up workers and discovers what the connection(s) offer; fails with advice, never hangs. */
export async function setUpEnvironment(opts: ConnectionOptions): Promise<Environment> {
  if (opts.build !== undefined) {
    const build = await resolveBuild(opts.build);
    opts = { ...opts, virsh: build.virsh, runPrefix: build.runPrefix };
  }
  if (!opts.uris || opts.uris.length < 2) return setUpHost(opts);
  return setUpHosts(opts, opts.uris);
}

/** One environment per host, merged: workers concatenated (so case domain names stay unique per run). */
async function setUpHosts(opts: ConnectionOptions, uris: string[]): Promise<Environment> {
  const dup = uris.find((u, i) => uris.indexOf(u) !== i);
  if (dup) throw new EnvironmentError(`--uri ${dup} is given twice`, 'give each host once; use --workers for more parallel sessions on one host');
  const settled = await Promise.allSettled(uris.map((uri) => setUpHost({ ...opts, uri, uris: undefined })));
  const hosts = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const closeAll = async (): Promise<void> => {
    await Promise.all(hosts.map((h) => h.close()));
  };
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await closeAll();
    throw failed.reason;
  }
  // Merged results are only meaningful for one build: different builds are `diff`'s job.
  const lib = (e: Environment): string => `${e.versions['Using library'] ?? '?'} / ${e.versions['Running hypervisor'] ?? '?'}`;
  const odd = hosts.findIndex((h) => lib(h) !== lib(hosts[0]));
  if (odd > 0) {
    await closeAll();
    throw new EnvironmentError(`hosts run different builds: ${uris[0]} has ${lib(hosts[0])}, ${uris[odd]} has ${lib(hosts[odd])}`, 'give --uri only for hosts of the same libvirt/QEMU build, or compare builds with `virtprop diff`');
  }
  const [first] = hosts;
  return {
    runDir: first.runDir,
    workers: hosts.flatMap((h) => h.workers),
    arches: first.arches,
    versions: { ...first.versions, Hosts: String(hosts.length) },
    firstDefineMs: Math.max(...hosts.map((h) => h.firstDefineMs)),
    // A guest must be definable on every host: KVM only where all of them have it.
    virtType: (arch) => (hosts.every((h) => h.virtType(arch) === 'kvm') ? 'kvm' : 'qemu'),
    machines: (arch) => first.machines(arch),
    profile: (arch) => first.profile(arch),
    runPrefix: first.runPrefix,
    close: closeAll,
  };
}

/** Above this, one define is re-probing QEMU (the capability-cache trap): set-up stops and says why. */
const SLOW_DEFINE_MS = 10_000;

/** How long the first `virsh version` may take: a remote libvirt answers at once, an embedded one first probes QEMU. */
const CONNECT_TIMEOUT_MS = { remote: 15_000, embedded: 120_000 };

/**
 * Where the user's saved capability cache of a build lives (the first worker of a run
 * starts from it): one per build, so that runs alternating between releases do not make
 * each other's libvirt re-probe QEMU (libvirt drops a cache written by another version).
 */
export function savedCapabilityCache(opts: ConnectionOptions): string {
  const key = opts.build ?? (opts.virsh === 'virsh' ? 'host' : `virsh-${createHash('sha256').update(path.resolve(opts.virsh)).digest('hex').slice(0, 12)}`);
  return path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'virtprop', 'embed-cache', key);
}

/** Sets up the workers of one connection (one host). */
async function setUpHost(opts: ConnectionOptions): Promise<Environment> {
  const runDir = await makeRunDir();
  const workers: Worker[] = [];
  const close = closeHost(opts, runDir, workers);
  // QEMU's probe alone can take seconds: on Ctrl-C kill the sessions so the command in
  // flight fails now, and check before every further step (a killed worker would reopen).
  const abort = (): void => workers.forEach((w) => w.kill());
  const stopIfAborted = (): void => opts.signal?.throwIfAborted();
  opts.signal?.addEventListener('abort', abort, { once: true });
  try {
    // The first worker starts from the user's saved capability cache (libvirt re-probes
    // by itself when QEMU or libvirt changed); the other workers copy the first one's.
    const first = await Worker.create({ virsh: opts.virsh, uri: opts.uri, runDir, index: 0, timeoutMs: opts.timeoutMs, warmCacheFrom: opts.uri ? undefined : savedCapabilityCache(opts) });
    workers.push(first);
    stopIfAborted();
    const version = await askVersion(first, opts);
    stopIfAborted();
    const { arches, offers } = await readEmulators(first, opts, stopIfAborted);
    const canKvm = !opts.tcg && (opts.uri !== undefined || (await kvmUsable()));
    const virtType = (arch: string): 'kvm' | 'qemu' => (canKvm && arches.find((a) => a.arch === arch)?.domainTypes.includes('kvm') ? 'kvm' : 'qemu');
    const firstDefineMs = await timeOneDefine(first, arches, virtType, stopIfAborted, savedCapabilityCache(opts));
    await openMoreWorkers(opts, runDir, first, workers);
    stopIfAborted();
    const versions = hostVersions(version.stdout, opts);
    const profile = (arch: string): BuildProfile => ({
      arch,
      libvirt: bareVersion(versions['Using library']),
      qemu: bareVersion(versions['Running hypervisor']),
      machines: arches.find((a) => a.arch === arch)?.machines ?? [],
      offers: offers.get(arch),
    });
    const machines = (arch: string): MachineInfo[] => arches.find((a) => a.arch === arch)?.machines ?? [];
    return { runDir, workers, arches, versions, profile, runPrefix: opts.runPrefix ?? [], firstDefineMs, virtType, machines, close };
  } catch (err) {
    await close();
    throw setUpFailure(err, opts);
  } finally {
    opts.signal?.removeEventListener('abort', abort);
  }
}

/** Closes a host's workers, stops what still runs from its directories and removes the run directory. */
function closeHost(opts: ConnectionOptions, runDir: string, workers: Worker[]): () => Promise<void> {
  return async () => {
    await Promise.all(workers.map((w) => w.close().catch(() => undefined)));
    await reapProcessesUnder(runDir);
    // A given embedded root is driven by our virsh alone while we run (the driver locks it),
    // so what still runs from it (a QEMU probe cut short by a kill) is ours to stop too.
    const givenRoot = opts.uri === undefined ? undefined : embedRootOf(opts.uri);
    if (givenRoot) await reapProcessesUnder(givenRoot);
    await fs.rm(runDir, { recursive: true, force: true });
  };
}

/** `virsh version` through the first worker: the first contact, worded as advice when it fails. */
async function askVersion(first: Worker, opts: ConnectionOptions): Promise<VirshResult> {
  const connectTimeout = opts.uri && !opts.uri.startsWith('qemu:///embed') ? CONNECT_TIMEOUT_MS.remote : CONNECT_TIMEOUT_MS.embedded;
  const version = await first.virsh(['version'], connectTimeout).catch((err: Error) => {
    throw new EnvironmentError(
      `libvirt at ${opts.uri ?? 'the embedded driver'} did not answer: ${err.message}`,
      opts.uri
        ? 'check that the URI is right and the host reachable (virsh -c URI version), or leave out --uri to use a private embedded libvirt'
        : `check that --virsh ${opts.virsh} is a working virsh (\`${opts.virsh} -c 'qemu:///embed?root=/tmp/x' version\`), or run \`virtprop doctor\``,
    );
  });
  if (!version.ok) {
    throw new EnvironmentError(`cannot connect to ${opts.uri ?? 'the embedded QEMU driver'}: ${version.error}`,
      opts.uri ? 'check the URI with `virsh -c URI version`; for a local daemon make sure libvirtd/virtqemud runs' : 'install the QEMU driver (apt-get install libvirt-daemon-driver-qemu libvirt-daemon-system qemu-system-x86) or run `virtprop doctor`');
  }
  return version;
}

/** The emulators libvirt reports, their machines (with QEMU's own list where it runs here) and what QEMU offers per arch. */
async function readEmulators(first: Worker, opts: ConnectionOptions, stopIfAborted: () => void): Promise<{ arches: GuestArch[]; offers: Map<string, QemuOffers> }> {
  const caps = await first.virsh(['capabilities']);
  stopIfAborted();
  if (!caps.ok) throw new EnvironmentError(`libvirt could not report capabilities (QEMU probe failed?): ${caps.error}`, 'run `virtprop doctor`; check that qemu-system-* is installed and runs');
  const arches = await parseCapabilities(caps.stdout);
  if (arches.length === 0) throw new EnvironmentError('libvirt reports no QEMU emulator', 'install qemu-system-x86 (and qemu-system-arm for aarch64)');
  const local = !opts.uri || opts.uri.startsWith('qemu:///');
  for (const a of arches) if (local) a.machines = mergeMachineLists(a.machines, await emulatorMachineHelp(a.arch, a.emulator, opts.runPrefix));
  stopIfAborted();
  const offers = new Map<string, QemuOffers>();
  // the arches the generators and the model know; QEMU's others (armv6l, i686, …) are never asked for
  for (const a of arches.filter((x) => x.arch === 'x86_64' || x.arch === 'aarch64')) {
    const dc = await first.virsh(['domcapabilities', '--arch', a.arch, '--virttype', 'qemu']);
    if (dc.ok) offers.set(a.arch, await parseDomainCapabilities(dc.stdout));
  }
  stopIfAborted();
  return { arches, offers };
}

/**
 * The time of one define of a tiny domain: the capability-cache trap makes every define
 * re-probe QEMU, and set-up stops and says so. A define that was quick saves the cache.
 */
async function timeOneDefine(first: Worker, arches: GuestArch[], virtType: (arch: string) => 'kvm' | 'qemu', stopIfAborted: () => void, savedCache: string): Promise<number> {
  const hostArch = arches.find((a) => a.domainTypes.includes('kvm'))?.arch ?? arches[0].arch;
  const probeName = `vp-probe-${RUN_TAG}`;
  const t0 = performance.now();
  const probe = await first.define(PROBE_XML(probeName, virtType(hostArch), hostArch), probeName);
  const firstDefineMs = performance.now() - t0;
  if (probe.kind === 'defined') await first.undefine(probeName);
  stopIfAborted();
  if (first.root) await saveCapabilityCache(first.root.dir, savedCache).catch(() => undefined);
  if (firstDefineMs > SLOW_DEFINE_MS) {
    throw new EnvironmentError(
      `one define took ${(firstDefineMs / 1000).toFixed(0)} s: libvirt is re-probing QEMU on every call (KVM usable by the probing process but not by the configured QEMU user)`,
      'run as root with the embedded driver (virtprop writes user/group root into its qemu.conf), give the QEMU user access to /dev/kvm, or pass --tcg',
    );
  }
  return firstDefineMs;
}

/** Opens the run's other workers side by side (a run that starts QEMU has several per core), each from the first one's cache. */
async function openMoreWorkers(opts: ConnectionOptions, runDir: string, first: Worker, workers: Worker[]): Promise<void> {
  // An embedded root is locked by the one virsh process that runs its driver
  // (run/qemu/driver.pid): an explicit qemu:///embed URI takes a single worker.
  const workerCount = opts.uri?.startsWith('qemu:///embed') ? 1 : opts.workers;
  const more = await Promise.allSettled(Array.from({ length: workerCount - 1 }, (_, i) => Worker.create({ virsh: opts.virsh, uri: opts.uri, runDir, index: i + 1, timeoutMs: opts.timeoutMs, warmCacheFrom: first.root?.dir })));
  for (const r of more) if (r.status === 'fulfilled') workers.push(r.value);
  const failed = more.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** The versions virsh reports, the build's name, and a line when the model has no facts for this libvirt. */
function hostVersions(versionText: string, opts: ConnectionOptions): Record<string, string> {
  const versions = parseVersions(versionText);
  if (opts.build) versions.Build = opts.build;
  const facts = releaseFacts({ libvirt: bareVersion(versions['Using library']) });
  if (facts.unknownVersion) {
    versions['Model facts'] = `the model has no facts for libvirt ${facts.unknownVersion}: it predicts with those of ${facts.libvirt}, the nearest release it knows; expect mismatches where the two differ`;
  }
  return versions;
}

/**
 * virsh hanging or dying before the first case is the environment's fault, not a finding
 * and not a bug of ours: say so with exit 2 and what to try. Other errors pass unchanged.
 */
function setUpFailure(err: unknown, opts: ConnectionOptions): unknown {
  if (!isHarnessFault(err)) return err;
  return new EnvironmentError(
    `virsh failed while virtprop was setting up ${opts.uri ?? 'the embedded QEMU driver'}: ${(err as Error).message}`,
    `try \`${opts.virsh} -c '${opts.uri ?? 'qemu:///embed?root=/tmp/x'}' capabilities\` by hand or run \`virtprop doctor\`; on a slow or loaded host raise --timeout (now ${opts.timeoutMs / 1000} s)`,
  );
}
