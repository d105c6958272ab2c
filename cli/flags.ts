// Flag parsing shared by every subcommand: value parsers with clear messages and the
// connection options all libvirt-facing commands take.

import { Command, InvalidArgumentError } from 'commander';
import os from 'node:os';
import type { Arch, Layer } from '../types/domain.js';
import { UsageError } from './usageError.js';

export const LAYERS: Layer[] = ['xml', 'argv', 'qemu'];

/** Parses a positive integer flag value. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

/** Parses a seed (any 32-bit integer). */
export function seedValue(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected an integer');
  return n | 0;
}

/** Parses --layers xml,argv,qemu. */
export function layerList(value: string): Layer[] {
  const layers = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const l of layers) if (!LAYERS.includes(l as Layer)) throw new InvalidArgumentError(`unknown layer "${l}" (known: ${LAYERS.join(', ')})`);
  if (layers.length === 0) throw new InvalidArgumentError('give at least one layer');
  return layers as Layer[];
}

/** Collects a repeatable flag. */
const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Options shared by every command that talks to libvirt. */
export function withConnectionOptions(cmd: Command): Command {
  return withRunOptions(
    cmd
      .option('--uri <uri>', 'libvirt URI to test (qemu:///system, qemu+ssh://host/system, …); repeat it to spread the run over several hosts of the same build; default: a private embedded QEMU driver per worker, no daemon needed', collect)
      .option('--virsh <path>', 'virsh binary to drive (a self-built libvirt, a wrapper)', 'virsh')
      .option('--build <name>', 'drive an installed libvirt release instead of the host\'s virsh: debian-12, debian-13, debian-unstable, or a libvirt built from Debian\'s source package (`virtprop builds` lists them, `virtprop builds install NAME` installs a release, `bash ci/build-libvirt.sh --debian --name NAME [--patch FILE…]` builds one from source)'),
  );
}

/** Options of every run besides which libvirt it drives (commands that name their builds otherwise, like `upgrade`). */
export function withRunOptions(cmd: Command): Command {
  return cmd
    .option('--workers <n>', `parallel workers, each with its own virsh session (and embedded root); default: one per core (${os.availableParallelism()} here), and where cases start QEMU (layers argv, qemu; hotplug) ${STARTED_WORKERS_PER_CORE} per core, fewer if memory is short`, positiveInt)
    .option('--timeout <seconds>', 'per virsh command; a command that takes longer kills and restarts the session', positiveInt, 60)
    .option('--tcg', 'use TCG (domain type qemu) even where KVM is available')
    .option('--out <dir>', 'where reports and repro bundles go', 'virtprop-out')
    .option('--json', 'print one JSON object on stdout instead of the text summary')
    .option('--no-progress', 'no progress bar or progress lines on stderr')
    .option('--debug', 'show stack traces of internal errors');
}

/** Shared flag parsing helpers for command modules. */
export const flagParsers = { positiveInt, seedValue, layerList, collect };

/**
 * Workers a started case keeps busy per core. A started case is mostly waits (QEMU
 * starting, libvirt polling a dying QEMU every 200 ms), so one session per core leaves the
 * cores idle; with more sessions than cores the cores become the limit (measured on 2
 * cores, plain virsh start/qtree/destroy cycles: 2 sessions 3.9/s, 4 6.6/s, 8 7.75/s).
 */
export const STARTED_WORKERS_PER_CORE = 4;

/** Memory set aside per started worker: its virsh with an embedded driver and one paused QEMU. */
export const STARTED_WORKER_BYTES = 512 * 2 ** 20;

/**
 * The workers a run gets when --workers is not given: one per core for the xml layer (its
 * virsh keeps a core busy), STARTED_WORKERS_PER_CORE per core where cases start QEMU, as
 * many as the free memory holds (never fewer than one per core). `sessionsPerWorker` is
 * 2 for diff (each worker drives one session per build).
 */
export function defaultWorkers(startsDomains: boolean, sessionsPerWorker = 1, cores = os.availableParallelism(), freeBytes = os.freemem()): number {
  const perCore = Math.max(1, cores);
  if (!startsDomains) return perCore;
  const byMemory = Math.floor(freeBytes / (STARTED_WORKER_BYTES * sessionsPerWorker));
  return Math.max(perCore, Math.min(Math.ceil((perCore * STARTED_WORKERS_PER_CORE) / sessionsPerWorker), byMemory));
}

/** True when a case on these layers starts its domain (argv and qemu read a started QEMU). */
export const layersStartDomains = (layers: readonly Layer[]): boolean => layers.includes('argv') || layers.includes('qemu');

/**
 * Connection options from parsed flags; `uris` is set only when --uri was given more than
 * once. Without --workers the count comes from defaultWorkers: cases start domains when
 * `o.layers` says so, or always with `startsDomains` (hotplug).
 */
export function connectionFrom(o: Record<string, unknown>, defaults: { startsDomains?: boolean; sessionsPerWorker?: number } = {}): { virsh: string; build?: string; uri?: string; uris?: string[]; workers: number; timeoutMs: number; tcg: boolean } {
  const uris = o.uri === undefined ? [] : ([] as string[]).concat(o.uri as string | string[]);
  if (o.build !== undefined && o.virsh !== undefined && o.virsh !== 'virsh') throw new UsageError('--build and --virsh both name the libvirt to drive', 'give one of them');
  return {
    virsh: String(o.virsh ?? 'virsh'),
    ...(o.build !== undefined ? { build: String(o.build) } : {}),
    uri: uris[0],
    ...(uris.length > 1 ? { uris } : {}),
    workers: o.workers !== undefined ? Number(o.workers) : defaultWorkers(defaults.startsDomains ?? (Array.isArray(o.layers) && layersStartDomains(o.layers as Layer[])), defaults.sessionsPerWorker),
    timeoutMs: Number(o.timeout ?? 60) * 1000,
    tcg: Boolean(o.tcg),
  };
}

/** Default arch of the machine virtprop runs on. */
export const hostArch = (): Arch => (process.arch === 'arm64' ? 'aarch64' : 'x86_64');

