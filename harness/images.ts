// Makes a domain startable: QEMU opens every file-backed disk at start, so each
// `<disk type='file'><source file=…/>` must exist. Missing ones are created as 1 MiB
// sparse raw files (no blocks are written; a paused guest never reads them). Paths
// outside the allowed directory are refused, so a generated or replayed XML can never
// make the harness create or touch files elsewhere on the host.

import { mkdir, open, realpath } from 'node:fs/promises';
import path from 'node:path';
import { parseXmlTree } from './xmlTreeReader.js';

/** Size of a created image: enough for QEMU to open a raw disk. */
export const IMAGE_BYTES = 1024 * 1024;

/** `<source file=...>` of every file-backed disk in a domain XML, in document order. */
export async function diskSourceFiles(xml: string): Promise<string[]> {
  const doc = (await parseXmlTree(xml)) as {
    domain?: { devices?: { disk?: { $?: { type?: string }; source?: { $?: { file?: string } }[] }[] }[] };
  };
  const files: string[] = [];
  for (const devices of doc.domain?.devices ?? []) {
    for (const disk of devices.disk ?? []) {
      if (disk.$?.type !== 'file') continue;
      const file = disk.source?.[0]?.$?.file;
      if (file !== undefined) files.push(file);
    }
  }
  return files;
}

/** Throws unless `file` is an absolute path strictly inside `dir` (both already resolved). */
function assertInside(file: string, dir: string): void {
  const rel = path.relative(dir, file);
  if (!path.isAbsolute(file) || rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new Error(`refusing disk image ${file}: not inside ${dir}`);
  }
}

/** Creates every missing disk source of `xml` as a sparse 1 MiB file; refuses paths outside `allowedDir`. */
export async function ensureImages(xml: string, allowedDir: string): Promise<void> {
  await mkdir(allowedDir, { recursive: true });
  // Resolve symlinks of the directory itself so "inside" is decided on real paths.
  const dir = await realpath(allowedDir);
  const files = (await diskSourceFiles(xml)).map((f) => path.resolve(f));
  const lexicalDir = path.resolve(allowedDir);
  // Check every path before creating anything, so a refused XML leaves no partial work.
  for (const file of files) assertInside(file, lexicalDir);
  for (const file of files) {
    const parent = path.dirname(file);
    await mkdir(parent, { recursive: true });
    // A symlinked subdirectory could lead out of the allowed tree: check the real parent too.
    assertInside(path.join(await realpath(parent), path.basename(file)), dir);
    let handle;
    try {
      handle = await open(file, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    try {
      await handle.truncate(IMAGE_BYTES);
    } finally {
      await handle.close();
    }
  }
}
