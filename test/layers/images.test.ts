// harness/images.ts: disk images for startable guests, and never a file outside the
// allowed directory.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { diskSourceFiles, ensureImages, IMAGE_BYTES } from '../../harness/images.js';

const domainWith = (...disks: string[]) => `<domain type='kvm'><name>x</name><devices>${disks.join('')}</devices></domain>`;
const fileDisk = (file: string) => `<disk type='file' device='disk'><source file='${file}'/><target dev='vda' bus='virtio'/></disk>`;

/** Asserts that a promise rejects, and with a message matching `pattern` when one is given. */
async function rejects(promise: Promise<unknown>, pattern?: RegExp): Promise<void> {
  let error: unknown;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  if (error === undefined) assert.unreachable('expected a rejection');
  if (pattern !== undefined) assert.match(String((error as Error).message), pattern);
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'vp-img-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('diskSourceFiles: file-backed disks only, cdroms without source and block disks skipped', async () => {
  const xml = domainWith(
    fileDisk('/a/vda.img'),
    `<disk type='file' device='cdrom'><target dev='hdc' bus='ide'/></disk>`,
    `<disk type='block' device='disk'><source dev='/dev/sdz'/><target dev='vdb' bus='virtio'/></disk>`,
    fileDisk('/a/sub/vdc.img'),
  );
  assert.equal(await diskSourceFiles(xml), ['/a/vda.img', '/a/sub/vdc.img']);
});

test('creates missing images as sparse 1 MiB files, in subdirectories too', () =>
  withDir(async (dir) => {
    const a = path.join(dir, 'vda.img');
    const b = path.join(dir, 'deep', 'er', 'vdb.img');
    await ensureImages(domainWith(fileDisk(a), fileDisk(b)), dir);
    for (const f of [a, b]) {
      const s = await stat(f);
      assert.is(s.size, IMAGE_BYTES);
      // Sparse: far fewer 512-byte blocks allocated than the size would need.
      assert.ok(s.blocks * 512 < IMAGE_BYTES, `${f} is not sparse (${s.blocks} blocks)`);
    }
  }));

test('leaves an existing image alone', () =>
  withDir(async (dir) => {
    const a = path.join(dir, 'vda.img');
    await writeFile(a, 'keep me');
    await ensureImages(domainWith(fileDisk(a)), dir);
    assert.is(await readFile(a, 'utf8'), 'keep me');
  }));

test('refuses a path outside the allowed directory and creates nothing at all', () =>
  withDir(async (dir) => {
    const inside = path.join(dir, 'in', 'vda.img');
    const outside = path.join(dir, 'in', '..', '..', 'escape.img');
    await mkdir(path.join(dir, 'in'));
    await rejects(ensureImages(domainWith(fileDisk(inside), fileDisk(outside)), path.join(dir, 'in')), /not inside/);
    await rejects(stat(inside));
    await rejects(ensureImages(domainWith(fileDisk('relative.img')), dir), /not inside/);
  }));

test('refuses a path that leaves the directory through a symlink', () =>
  withDir(async (dir) => {
    const allowed = path.join(dir, 'allowed');
    const elsewhere = path.join(dir, 'elsewhere');
    await mkdir(allowed);
    await mkdir(elsewhere);
    await symlink(elsewhere, path.join(allowed, 'link'));
    await rejects(ensureImages(domainWith(fileDisk(path.join(allowed, 'link', 'vda.img'))), allowed), /not inside/);
    await rejects(stat(path.join(elsewhere, 'vda.img')));
  }));

test.run();
