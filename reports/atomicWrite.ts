// Atomic file and directory writes: a report is either the old one or the complete new
// one, never half of one, even when the run is killed or interrupted with Ctrl-C.

import { randomBytes } from 'node:crypto';
import { open, rename, rm, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Options for {@link writeFileAtomic}. */
export interface AtomicFileOptions {
  /** File mode of the new file (e.g. 0o755 for a script); default 0o644. */
  mode?: number;
}

/** Writes `data` to `file` through a temp file in the same directory and a rename. */
export async function writeFileAtomic(file: string, data: string | Uint8Array, opts: AtomicFileOptions = {}): Promise<void> {
  const dir = path.dirname(file);
  // Same directory, so the rename never crosses a file system and stays atomic.
  const temp = path.join(dir, `.${path.basename(file)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const mode = opts.mode ?? 0o644;
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(data);
      // The umask may have narrowed the mode given to open(); scripts must stay executable.
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** Path of the directory {@link writeDirAtomic} builds in before renaming it to `dir`. */
export const partialDirName = (dir: string): string => `${dir}.partial-${process.pid}`;

/**
 * Builds a directory in `DIR.partial-<pid>` with `build`, then renames it to `dir`,
 * replacing an older `dir`; returns `dir`. On failure the partial directory is removed.
 */
export async function writeDirAtomic(dir: string, build: (partialDir: string) => Promise<void>): Promise<string> {
  const partial = partialDirName(dir);
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  try {
    await build(partial);
  } catch (err) {
    await rm(partial, { recursive: true, force: true });
    throw err;
  }
  if (await exists(dir)) {
    // rename(2) will not replace a non-empty directory: move the old one aside first.
    const old = `${dir}.old-${process.pid}`;
    await rm(old, { recursive: true, force: true });
    await rename(dir, old);
    await rename(partial, dir);
    await rm(old, { recursive: true, force: true });
  } else {
    await rename(partial, dir);
  }
  return dir;
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
