// The capability cache every run of a build shares (embed-cache/<build>): saved whole or not
// at all, and a copy that meets a cache being replaced under it leaves no half cache behind
// (a corpus run once failed a file with ENOENT while another run saved the cache).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyCapabilityCache, saveCapabilityCache } from '../../harness/embedRoot.js';

async function rootWith(files: Record<string, string>): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'vp-capcache-'));
  const dir = path.join(root, 'cache', 'qemu', 'capabilities');
  await fs.mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(dir, name), text);
  return root;
}

const cached = async (root: string): Promise<string[]> => (await fs.readdir(path.join(root, 'cache', 'qemu', 'capabilities'))).sort();

test('saving replaces the shared cache whole, leaving nothing beside it', async () => {
  const a = await rootWith({ 'one.xml': '1', 'two.xml': '2' });
  const b = await rootWith({ 'three.xml': '3' });
  const parent = await fs.mkdtemp(path.join(os.tmpdir(), 'vp-saved-'));
  const saved = path.join(parent, 'debian-13');
  try {
    await saveCapabilityCache(a, saved);
    assert.equal(await cached(saved), ['one.xml', 'two.xml']);
    await saveCapabilityCache(b, saved);
    assert.equal(await cached(saved), ['three.xml']);
    assert.equal(await fs.readdir(parent), ['debian-13']);
  } finally {
    for (const d of [a, b, parent]) await fs.rm(d, { recursive: true, force: true });
  }
});

test('a copy that cannot be made leaves the new root without a cache, and does not throw', async () => {
  const a = await rootWith({ 'one.xml': '1' });
  const target = await fs.mkdtemp(path.join(os.tmpdir(), 'vp-target-'));
  try {
    // the place the cache would go is a file: the copy fails half-way
    await fs.mkdir(path.join(target, 'cache', 'qemu'), { recursive: true });
    await fs.writeFile(path.join(target, 'cache', 'qemu', 'capabilities'), 'not a directory');
    await copyCapabilityCache(a, target);
    const exists = (p: string): Promise<boolean> => fs.access(p).then(() => true, () => false);
    assert.is(await exists(path.join(target, 'cache', 'qemu', 'capabilities')), false, 'the half copy is removed');
    // a missing source is no cache at all
    await copyCapabilityCache(path.join(target, 'nowhere'), path.join(target, 'other'));
    assert.is(await exists(path.join(target, 'other')), false);
  } finally {
    for (const d of [a, target]) await fs.rm(d, { recursive: true, force: true });
  }
});

test.run();
