// Private embedded-driver roots: `qemu:///embed?root=DIR` runs libvirt's QEMU driver
// inside the virsh process with all its state under DIR, so runs and workers never see
// each other's domains and the host's libvirt is never touched.

import { promises as fs, constants as fsc } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EnvironmentError } from './errors.js';
import { claimDir, sweepOrphans } from './orphans.js';

/** One embedded root and the URI that selects it. */
export interface EmbedRoot {
  dir: string;
  uri: string;
  /** Where the driver's warnings go instead of virsh's stderr. */
  logFile: string;
}

/** The URI for an embedded driver rooted at dir. */
export function embedUri(dir: string): string {
  return `qemu:///embed?root=${dir}`;
}

/** The root directory of a `qemu:///embed?root=DIR` URI; undefined for any other URI. */
export function embedRootOf(uri: string): string | undefined {
  if (!uri.startsWith('qemu:///embed')) return undefined;
  try {
    return new URL(uri).searchParams.get('root') ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Creates DIR with an `etc/qemu.conf` that avoids the capability-cache trap: when we run
 * as root, QEMU runs as root too, so the KVM access libvirt probed with is the access
 * QEMU will have (otherwise libvirt re-probes on every lookup, ~75 s per define).
 *
 * `domainsDir`, when given, is where libvirt keeps the domain definitions (DIR/etc/qemu
 * becomes a link to it). libvirt writes and fsyncs a definition at every define and
 * removes it at every undefine; on tmpfs that flush is free, and on a disk it cost a plain
 * virsh a sixth of its define rate and kept two of them from running side by side
 * (measured here: 410–420 defines/s on disk, 460–510 on tmpfs; two processes 1.4–1.55×
 * one on disk, 1.6–1.7× on tmpfs). The rest of the root stays where DIR is: libvirt
 * moves /dev/shm into QEMU's private /dev, so a root inside /dev/shm cannot start QEMU.
 */
export async function createEmbedRoot(dir: string, warmCacheFrom?: string, domainsDir?: string): Promise<EmbedRoot> {
  await fs.mkdir(path.join(dir, 'etc'), { recursive: true });
  if (domainsDir) {
    await fs.mkdir(domainsDir, { recursive: true });
    await fs.symlink(domainsDir, path.join(dir, 'etc', 'qemu'));
  }
  const conf: string[] = ['# written by virtprop: see ARCHITECTURE.md, "The capability cache trap"'];
  if (process.getuid?.() === 0) conf.push('user = "root"', 'group = "root"');
  // No virtlogd runs for an embedded driver: QEMU's stdout/stderr go to a file instead.
  conf.push('stdio_handler = "file"');
  // Each embedded driver allocates VNC ports on its own, so parallel roots would all pick
  // 5900; a UNIX socket per guest cannot clash.
  conf.push('vnc_auto_unix_socket = 1');
  // QEMU runs in the host's mount namespace: a build's root (harness/builds.ts) is a
  // chroot in which libvirt's private /dev for QEMU cannot be built (QEMU 10 then fails
  // with "Could not access KVM kernel module"), and no PCI placement depends on it.
  conf.push('namespaces = []');
  await fs.writeFile(path.join(dir, 'etc', 'qemu.conf'), conf.join('\n') + '\n');
  if (warmCacheFrom) await copyCapabilityCache(warmCacheFrom, dir);
  return { dir, uri: embedUri(dir), logFile: path.join(dir, 'libvirt.log') };
}

/**
 * Copies a probed capability cache so a new root skips QEMU's multi-second probe. The cache
 * is only a shortcut: a copy that fails half-way (another run on the machine replacing the
 * saved cache at that moment) is removed, and libvirt probes QEMU itself.
 */
export async function copyCapabilityCache(fromRoot: string, toRoot: string): Promise<void> {
  const from = path.join(fromRoot, 'cache', 'qemu', 'capabilities');
  const to = path.join(toRoot, 'cache', 'qemu', 'capabilities');
  try {
    await fs.access(from, fsc.R_OK);
  } catch {
    return;
  }
  try {
    await fs.mkdir(to, { recursive: true });
    await fs.cp(from, to, { recursive: true });
  } catch {
    await fs.rm(to, { recursive: true, force: true });
  }
}

/**
 * Saves a root's capability cache as the shared one under `savedRoot`, whole or not at all:
 * written beside it first, then swapped in by renames, so that another run copying the saved
 * cache at that moment sees the old one or the new one (or, for an instant, none).
 */
export async function saveCapabilityCache(fromRoot: string, savedRoot: string): Promise<void> {
  const fresh = `${savedRoot}.new-${process.pid}`;
  const old = `${savedRoot}.old-${process.pid}`;
  try {
    await fs.rm(fresh, { recursive: true, force: true });
    await copyCapabilityCache(fromRoot, fresh);
    await fs.rename(savedRoot, old).catch(() => undefined);
    await fs.rename(fresh, savedRoot);
  } finally {
    await fs.rm(fresh, { recursive: true, force: true });
    await fs.rm(old, { recursive: true, force: true });
  }
}

/**
 * A fresh directory for a run. Kept short on purpose: QEMU's monitor socket lives under
 * the root and UNIX socket paths are limited to 108 bytes.
 */
export async function makeRunDir(prefix = 'vp-'): Promise<string> {
  const base = process.env.VIRTPROP_TMPDIR ?? os.tmpdir();
  // What a run killed outright left behind (its directories, its QEMUs) goes first.
  await sweepOrphans(base, 'vp-');
  await sweepOrphans(TMPFS, 'virtprop-');
  try {
    // A fresh CI workspace may name a VIRTPROP_TMPDIR that does not exist yet.
    await fs.mkdir(base, { recursive: true });
    const dir = await fs.mkdtemp(path.join(base, prefix));
    await claimDir(dir);
    return dir;
  } catch (err) {
    throw new EnvironmentError(
      `cannot create a run directory in ${base}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      'point VIRTPROP_TMPDIR (or TMPDIR) at a writable directory with a short path',
    );
  }
}

/** Where small per-run files go when the host has a tmpfs (see Worker's input files). */
export const TMPFS = '/dev/shm';

/** Environment for virsh so the embedded driver logs to a file, not to our stderr. */
export function driverEnv(root: EmbedRoot | undefined): Record<string, string> {
  return root ? { LIBVIRT_LOG_OUTPUTS: `3:file:${root.logFile}` } : {};
}
