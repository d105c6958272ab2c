// A subreaper around every virsh session. libvirt daemonizes QEMU, so a QEMU's parent
// dies at once and the kernel hands it to the nearest ancestor marked as a child
// subreaper, or else to PID 1. `virsh destroy` then polls QEMU's PID until it is gone, and
// a zombie is not gone: it waits until whoever adopted QEMU reaps it. A container's or CI
// job's PID 1 may do that late (here 1.2–1.8 s per destroy) or never (destroy then fails
// after ~15 s and the zombie stays). `tini -s -- virsh …` registers tini as the subreaper
// of virsh's whole tree and reaps at once: destroy takes 0.2 s. tini execs nothing of
// ours, passes stdin/stdout/stderr through, forwards signals to virsh and exits with
// virsh's status (128 + N when a signal N ended it). Without tini the run still works, at
// the cost `virtprop doctor` measures.

import { readdirSync, readFileSync, accessSync, constants as fsc } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where a subreaper comes from, for doctor and the run's versions. */
export interface Subreaper {
  /** The argv prefix that runs a command under it, e.g. ['/usr/bin/tini', '-s', '--']. */
  prefix: string[];
  /** What to show the user. */
  name: string;
}

/**
 * The subreaper to wrap virsh in: tini from PATH (Debian's package `tini`, or its static
 * build), or the program VIRTPROP_SUBREAPER names; none when VIRTPROP_SUBREAPER=none or
 * nothing is installed. Looked up once per process.
 */
export function subreaper(): Subreaper | undefined {
  if (cached === undefined) cached = { value: findSubreaper() };
  return cached.value;
}
let cached: { value: Subreaper | undefined } | undefined;

/** subreaper()'s look-up, uncached, in the given environment. */
export function findSubreaper(env: NodeJS.ProcessEnv = process.env): Subreaper | undefined {
  const wanted = env.VIRTPROP_SUBREAPER;
  if (wanted === 'none') return undefined;
  const candidates = wanted ? [wanted] : ['tini', 'tini-static'];
  for (const name of candidates) {
    const file = name.includes('/') ? name : onPath(name, env.PATH);
    if (file && executable(file)) return { prefix: [file, '-s', '--'], name: file };
  }
  return undefined;
}

function onPath(name: string, searchPath = '/usr/sbin:/usr/bin:/sbin:/bin'): string | undefined {
  for (const dir of searchPath.split(':')) {
    const file = path.join(dir || '.', name);
    if (executable(file)) return file;
  }
  return undefined;
}

function executable(file: string): boolean {
  try {
    accessSync(file, fsc.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** What the Debian package is called, for advice. */
export const SUBREAPER_ADVICE = 'install tini (apt-get install tini; dnf install tini), or set VIRTPROP_SUBREAPER to a program that runs `PROGRAM -s -- COMMAND…` as a child subreaper';

/** Direct children of a process (Linux /proc; empty where unreadable). */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text) out.push(...text.split(/\s+/).map(Number));
    }
  } catch {
    /* gone, or no children file: fall through to the scan */
  }
  if (out.length > 0) return out;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    }
  } catch {
    /* best effort */
  }
  return out;
}

/**
 * The exit of a program run under the subreaper, as if it had been run directly: tini
 * exits with 128 + N when signal N ended its child.
 */
export function unwrapExit(code: number | null, signal: string | null): { code: number | null; signal: string | null } {
  if (signal !== null || code === null || code <= 128) return { code, signal };
  const name = Object.entries(os.constants.signals).find(([, n]) => n === code - 128)?.[0];
  return name ? { code: null, signal: name } : { code, signal };
}
