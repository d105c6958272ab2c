// --out is checked before a run starts: finding out only at the end, after an hour of
// cases, that the reports cannot be written would throw away every finding of the run.

import { constants as fsc, promises as fs } from 'node:fs';
import path from 'node:path';
import { UsageError } from './usageError.js';

/** Throws a UsageError unless dir exists as a writable directory or can be created; creates nothing. */
export async function checkOutDir(dir: string): Promise<void> {
  const abs = path.resolve(dir);
  // The nearest part of the path that exists decides: it must be a writable directory.
  for (let p = abs; ; p = path.dirname(p)) {
    // ENOTDIR: a file sits higher up; going on upwards finds it and names it.
    const st = await fs.stat(p).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' || err.code === 'ENOTDIR' ? undefined : err));
    if (st instanceof Error) throw new UsageError(`cannot write reports to ${dir}: ${(st as NodeJS.ErrnoException).code ?? st.message} at ${p}`, 'give --out a directory you can write to');
    if (st === undefined) {
      if (p === path.dirname(p)) break;
      continue;
    }
    if (!st.isDirectory()) throw new UsageError(`cannot write reports to ${dir}: ${p} is not a directory`, 'give --out a directory you can write to');
    try {
      await fs.access(p, fsc.W_OK | fsc.X_OK);
    } catch {
      throw new UsageError(`cannot write reports to ${dir}: ${p} is not writable`, 'give --out a directory you can write to');
    }
    return;
  }
}
