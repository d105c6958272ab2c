// Last line of defence against leaked QEMU processes: any process whose command line
// mentions one of our run directories is ours (embedded roots live there), so it can be
// killed without touching anybody else's guests.

import { promises as fs } from 'node:fs';

/**
 * True when a NUL-separated command line names dir or a path below it. A bare substring
 * test would also match a sibling such as DIR2 (another run's directory) and kill its QEMUs.
 */
export function mentionsDir(cmdline: string, dir: string): boolean {
  const base = dir.replace(/\/+$/, '');
  for (let at = cmdline.indexOf(base); at >= 0; at = cmdline.indexOf(base, at + 1)) {
    const next = cmdline[at + base.length];
    if (next === undefined || next === '/' || next === '\0' || next === ',' || next === ' ') return true;
  }
  return false;
}

/** PIDs of processes whose command line names dir or a path below it. */
export async function processesUnder(dir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = await fs.readFile(`/proc/${entry}/cmdline`, 'utf8');
      if (mentionsDir(cmdline, dir)) pids.push(Number(entry));
    } catch {
      /* the process ended meanwhile */
    }
  }
  return pids;
}

/** Kills every process started under dir; returns how many there were. */
export async function reapProcessesUnder(dir: string): Promise<number> {
  const pids = await processesUnder(dir);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  return pids.length;
}
