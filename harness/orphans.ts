// Leftovers of runs that could not clean up after themselves (SIGKILL, the OOM killer, a
// power cut): their run directories, the QEMU processes started from them, and their
// tmpfs input directories. Every directory virtprop makes carries an owner file naming
// the process that made it; a later run removes those whose owner is gone. Directories
// without the file, or whose owner still runs, are never touched.

import { promises as fs, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { reapProcessesUnder } from './reaper.js';

const OWNER_FILE = '.virtprop-owner';
const OWNER_NS_FILE = '.virtprop-owner-ns';

/** "PID STARTTIME": the start time tells a live owner from a new process reusing its PID. */
function identity(pid: number): string | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return `${pid} ${fields[19]}`;
  } catch {
    return undefined;
  }
}

/**
 * Our PID namespace ("pid:[INODE]"). A PID means something only in its namespace: a run
 * in a container that shares /tmp or /dev/shm with the host (or the never-reaping-init
 * test) must not take the host's runs for dead ones, nor be taken for dead by them.
 */
function pidNamespace(): string {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return '';
  }
}

/**
 * Marks dir as this process's own: "PID STARTTIME" in the owner file, our PID namespace in
 * a file beside it (a separate file, so that an older virtprop, which reads the owner file
 * whole, still recognises a live owner).
 */
export async function claimDir(dir: string): Promise<void> {
  await fs.writeFile(path.join(dir, OWNER_NS_FILE), `${pidNamespace()}\n`);
  await fs.writeFile(path.join(dir, OWNER_FILE), `${identity(process.pid) ?? process.pid}\n`);
}

/** True when dir carries an owner file whose process is no longer running. */
export async function isOrphan(dir: string): Promise<boolean> {
  let owner: string;
  try {
    owner = (await fs.readFile(path.join(dir, OWNER_FILE), 'utf8')).trim();
  } catch {
    return false;
  }
  const pid = Number(owner.split(' ')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  // An owner in another PID namespace cannot be looked up from here: never ours to judge.
  const ns = await fs.readFile(path.join(dir, OWNER_NS_FILE), 'utf8').then((t) => t.trim(), () => undefined);
  if (ns !== undefined && ns !== pidNamespace()) return false;
  return identity(pid) !== owner;
}

/**
 * Removes the orphaned directories directly under `base` whose names start with `prefix`,
 * after killing every process started from them. Returns the directories removed.
 */
export async function sweepOrphans(base: string, prefix: string): Promise<string[]> {
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = await fs.readdir(base);
  } catch {
    return removed;
  }
  for (const entry of entries.filter((e) => e.startsWith(prefix))) {
    const dir = path.join(base, entry);
    try {
      if (!(await isOrphan(dir))) continue;
      await reapProcessesUnder(dir);
      await fs.rm(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      /* best effort: a leftover we cannot remove must not stop this run */
    }
  }
  return removed;
}
