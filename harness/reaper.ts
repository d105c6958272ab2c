// Last line of defence against leaked QEMU processes: any process whose command line
// mentions one of our run directories is ours (embedded roots live there), so it can be
// killed without touching anybody else's guests.

import { promises as fs } from 'node:fs';

/** PIDs of processes whose command line contains dir. */
export async function processesUnder(dir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = await fs.readFile(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(dir)) pids.push(Number(entry));
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
