// A run killed outright (SIGKILL: no handler runs) leaves its run directory, its tmpfs
// input files and the QEMU it had started. The next run removes exactly those: nothing
// of a run that is still alive, nothing without virtprop's owner mark.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readlink, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { claimDir, isOrphan, sweepOrphans } from '../../harness/orphans.js';
import { makeRunDir } from '../../harness/embedRoot.js';
import { Worker } from '../../harness/worker.js';
import { dropScratch, processesMentioning, scratchDir, startCli, waitFor } from './support.js';

test('sweepOrphans removes a dead owner\'s directory only', async () => {
  const base = await scratchDir('orph');
  try {
    const dead = path.join(base, 'vp-dead');
    const live = path.join(base, 'vp-live');
    const foreign = path.join(base, 'vp-foreign');
    const other = path.join(base, 'x-dead');
    for (const d of [dead, live, foreign, other]) await mkdir(d);
    // A PID that certainly ended: a child we waited for.
    const sub = execa('true');
    const gone = sub.pid;
    await sub;
    await writeFile(path.join(dead, '.virtprop-owner'), `${gone} 1\n`);
    await writeFile(path.join(other, '.virtprop-owner'), `${gone} 1\n`);
    await claimDir(live);
    assert.ok(await isOrphan(dead));
    assert.not.ok(await isOrphan(live));
    assert.not.ok(await isOrphan(foreign), 'no owner mark: not ours');
    assert.equal(await sweepOrphans(base, 'vp-'), [dead]);
    assert.equal((await readdir(base)).sort(), ['vp-foreign', 'vp-live', 'x-dead']);
  } finally {
    await dropScratch(base);
  }
});

test('an owner mark from another PID namespace is never taken for a dead run', async () => {
  const base = await scratchDir('orns');
  try {
    const sub = execa('true');
    const gone = sub.pid;
    await sub;
    const elsewhere = path.join(base, 'vp-elsewhere');
    const here = path.join(base, 'vp-here');
    for (const d of [elsewhere, here]) await mkdir(d);
    // The same dead PID: in our namespace it is dead, in another one it means nothing here.
    for (const d of [elsewhere, here]) await writeFile(path.join(d, '.virtprop-owner'), `${gone} 1\n`);
    await writeFile(path.join(elsewhere, '.virtprop-owner-ns'), 'pid:[1]\n');
    await writeFile(path.join(here, '.virtprop-owner-ns'), `${await readlink('/proc/self/ns/pid')}\n`);
    assert.not.ok(await isOrphan(elsewhere));
    assert.ok(await isOrphan(here));
    assert.equal(await sweepOrphans(base, 'vp-'), [here]);
  } finally {
    await dropScratch(base);
  }
});

test("a worker's input files and libvirt's definitions live on tmpfs under the owner mark and go with close()", async () => {
  const runDir = await makeRunDir('vp-shm-');
  const worker = await Worker.create({ virsh: 'virsh', runDir, index: 0, timeoutMs: 60_000 });
  const shm = `/dev/shm/virtprop-${path.basename(runDir)}-w0`;
  try {
    assert.ok(existsSync(path.join(shm, '.virtprop-owner')), 'input directory on tmpfs, marked as ours');
    const defined = await worker.define("<domain type='qemu'><name>vp-shm</name><memory unit='MiB'>64</memory><os><type arch='x86_64' machine='pc'>hvm</type></os><devices/></domain>", 'vp-shm');
    assert.is(defined.kind, 'defined');
    assert.equal((await readdir(shm)).sort(), ['.virtprop-owner', '.virtprop-owner-ns', 'domain.xml', 'domains']);
    // libvirt's own copy of the definition is there too, through the root's etc/qemu link.
    assert.is(await realpath(path.join(runDir, 'w0', 'etc', 'qemu')), path.join(shm, 'domains'));
    assert.equal(await readdir(path.join(shm, 'domains')), ['vp-shm.xml']);
  } finally {
    await worker.close();
    await dropScratch(runDir);
  }
  assert.not.ok(existsSync(shm), 'removed by close()');
});

test('SIGKILL mid-run: the next run stops the QEMU and removes the directories left behind', async () => {
  const dir = await scratchDir('kill9');
  const base = path.join(dir, 'tmp');
  try {
    const child = startCli(['check', '--machine', 'q35', '--runs', '200', '--layers', 'xml,qemu', '--workers', '1', '--out', path.join(dir, 'out'), '--no-progress'], { env: { VIRTPROP_TMPDIR: base } });
    await waitFor('a QEMU of the run', async () => (await processesMentioning(base)).some((p) => /qemu-system/.test(p)), 120_000);
    child.kill('SIGKILL');
    await child;
    const [runDir] = await readdir(base);
    const shm = `/dev/shm/virtprop-${runDir}-w0`;
    assert.ok(existsSync(path.join(base, runDir)), 'the killed run left its directory');

    const previous = process.env.VIRTPROP_TMPDIR;
    process.env.VIRTPROP_TMPDIR = base;
    let next: string;
    try {
      next = await makeRunDir();
    } finally {
      if (previous === undefined) delete process.env.VIRTPROP_TMPDIR;
      else process.env.VIRTPROP_TMPDIR = previous;
    }
    assert.equal(await readdir(base), [path.basename(next)], 'only the new run directory is left');
    assert.not.ok(existsSync(shm), 'the tmpfs input directory is gone');
    await waitFor('the old QEMU to be gone', async () => !(await processesMentioning(path.join(base, runDir))).length, 10_000);
  } finally {
    await dropScratch(dir);
  }
});

test.run();
