import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync, statSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic, writeDirAtomic, partialDirName } from '../../reports/atomicWrite.js';

const scratch = (): string => mkdtempSync(path.join(tmpdir(), 'vp-atomic-'));

test('writes the file, replaces an older one, leaves no temp file', async () => {
  const dir = scratch();
  try {
    const file = path.join(dir, 'report.json');
    writeFileSync(file, 'old');
    await writeFileAtomic(file, 'new content');
    assert.is(readFileSync(file, 'utf8'), 'new content');
    assert.equal(readdirSync(dir), ['report.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('mode is applied whatever the umask', async () => {
  const dir = scratch();
  const old = process.umask(0o077);
  try {
    await writeFileAtomic(path.join(dir, 'repro.sh'), '#!/bin/sh\n', { mode: 0o755 });
    assert.is(statSync(path.join(dir, 'repro.sh')).mode & 0o777, 0o755);
  } finally {
    process.umask(old);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a failed write leaves the old file and no temp file', async () => {
  const dir = scratch();
  try {
    const file = path.join(dir, 'missing-dir', 'x.txt');
    let failed = false;
    await writeFileAtomic(file, 'x').catch(() => (failed = true));
    assert.ok(failed);
    assert.equal(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a writer killed at any moment leaves the old file or the whole new one', async () => {
  const dir = scratch();
  const module = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../reports/atomicWrite.js');
  const big = 'y'.repeat(8 << 20);
  try {
    const file = path.join(dir, 'big.txt');
    for (const delayMs of [5, 20, 40, 80, 150]) {
      writeFileSync(file, 'old');
      const child = spawn(process.execPath, ['--input-type=module', '-e',
        `const { writeFileAtomic } = await import(${JSON.stringify(module)}); await writeFileAtomic(${JSON.stringify(file)}, 'y'.repeat(8 << 20));`]);
      const exited = new Promise((r) => child.once('exit', r));
      await new Promise((r) => setTimeout(r, delayMs));
      child.kill('SIGKILL');
      await exited;
      const content = readFileSync(file, 'utf8');
      assert.ok(content === 'old' || content === big, `after ${delayMs} ms: ${content.length} bytes`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a directory appears only when complete, replacing the old one', async () => {
  const root = scratch();
  try {
    const dir = path.join(root, 'bundle');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'stale.txt'), 'stale');
    await writeDirAtomic(dir, async (partial) => {
      assert.is(partial, partialDirName(dir));
      assert.ok(partial.endsWith(`.partial-${process.pid}`));
      writeFileSync(path.join(partial, 'a.txt'), 'a');
      assert.ok(existsSync(path.join(dir, 'stale.txt')), 'old directory intact while building');
    });
    assert.equal(readdirSync(dir), ['a.txt']);
    assert.equal(readdirSync(root), ['bundle']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a failed build leaves neither the directory nor the partial one', async () => {
  const root = scratch();
  try {
    const dir = path.join(root, 'bundle');
    let failed = false;
    await writeDirAtomic(dir, async (partial) => {
      writeFileSync(path.join(partial, 'a.txt'), 'a');
      throw new Error('boom');
    }).catch(() => (failed = true));
    assert.ok(failed);
    assert.equal(readdirSync(root), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();
