// Each virsh session runs under a child subreaper (tini -s), so the QEMUs it starts are
// reaped by it, not by whatever PID 1 the host has: a PID 1 that reaps late makes every
// destroy wait (libvirt polls QEMU's PID until it is gone, and a zombie is not gone), one
// that never reaps makes destroy give up and leaves zombies. The kill of a hung session
// must reach virsh and the QEMUs under it, and with no subreaper at all a run still works.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { VirshSession } from '../../harness/virshSession.js';
import { findSubreaper, subreaper, unwrapExit } from '../../harness/subreaper.js';
import { cliEntry, dropScratch, fakeVirsh, readReport, repoRoot, runCli, scratchDir, waitFor } from './support.js';

/** Parent pid of a process, undefined once it is gone (a zombie still has one). */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

test('the subreaper is tini from PATH unless VIRTPROP_SUBREAPER names another or none; a missing one is no subreaper', () => {
  const tini = findSubreaper({ PATH: process.env.PATH });
  assert.ok(tini, 'tini is installed (ci/setup-host.sh installs it)');
  assert.equal(tini!.prefix.slice(1), ['-s', '--']);
  assert.is(findSubreaper({ PATH: process.env.PATH, VIRTPROP_SUBREAPER: 'none' }), undefined);
  assert.is(findSubreaper({ PATH: process.env.PATH, VIRTPROP_SUBREAPER: '/nonexistent/tini' }), undefined);
  assert.is(findSubreaper({ PATH: '/nonexistent' }), undefined);
  // tini reports a child killed by signal N as exit 128 + N: read back as the signal.
  assert.equal(unwrapExit(137, null), { code: null, signal: 'SIGKILL' });
  assert.equal(unwrapExit(1, null), { code: 1, signal: null });
});

test('a hung session is killed with the daemon it started: the subreaper adopted it, and reaps both', async () => {
  const dir = await scratchDir('reap');
  const prefix = subreaper()?.prefix;
  assert.ok(prefix, 'a subreaper is installed');
  const session = await VirshSession.open({ virsh: fakeVirsh('daemonizes.sh'), uri: 'qemu:///embed?root=/nonexistent', env: { FAKE_VIRSH_STATE: dir }, timeoutMs: 60_000, subreaper: prefix });
  try {
    let failed: unknown;
    const pending = session.run(['version']).catch((err: unknown) => (failed = err));
    await waitFor('the daemon to start', () => existsSync(path.join(dir, 'daemon.pid')), 10_000);
    const daemon = Number(await readFile(path.join(dir, 'daemon.pid'), 'utf8'));
    const virsh = session.pid!;
    const holder = parentOf(virsh);
    assert.ok(holder !== undefined && holder !== process.pid, 'virsh runs under the subreaper, not as our child');
    assert.is(parentOf(daemon), holder, 'the daemon was adopted by the subreaper, not by PID 1');
    session.kill();
    await pending;
    assert.ok(failed instanceof Error, 'the hung command fails once its session is killed');
    await waitFor('virsh and the daemon to be killed and reaped', () => parentOf(daemon) === undefined && parentOf(virsh) === undefined && parentOf(holder!) === undefined, 10_000);
  } finally {
    session.kill();
    await dropScratch(dir);
  }
});

test('a started case under a PID 1 that never reaps: the run agrees and leaves no zombie and no QEMU', async () => {
  const dir = await scratchDir('init');
  const tmp = path.join(dir, 'tmp');
  await mkdir(tmp);
  try {
    // Seed 6 on q35: three cases libvirt accepts (with the generators of 2026-12-07), so each is started and destroyed.
    const run = ['check', '--machine', 'q35', '--runs', '3', '--seed', '6', '--layers', 'xml,argv,qemu', '--workers', '1', '--no-progress', '--json', '--out', path.join(dir, 'out')];
    // The namespace gets a /dev/shm of its own: PIDs in the owner marks of the host's runs
    // there mean nothing inside, and the run's own must not be judged from outside.
    const init = ['sh', '-c', 'mount -t tmpfs -o mode=1777 tmpfs /dev/shm && exec "$@"', 'sh', process.execPath, path.join(repoRoot, 'test/fixtures/subreaper/never-reaping-init.mjs')];
    const r = await execa('unshare', ['--pid', '--fork', '--mount-proc', '--kill-child', ...init, process.execPath, cliEntry, ...run], {
      cwd: repoRoot,
      env: { VIRTPROP_TMPDIR: tmp, LC_ALL: 'C' },
      reject: false,
      timeout: 170_000,
      stdin: 'ignore',
    });
    assert.not.ok(r.timedOut, 'the run ended');
    const out = JSON.parse(String(r.stdout).trim().split('\n').pop() ?? '{}') as { code: number; zombies: string[]; qemus: string[]; stdout: string; stderr: string; error?: string };
    assert.is(out.error, undefined);
    assert.is(out.code, 0, out.stderr);
    const summary = JSON.parse(out.stdout) as { cases: number; agree: number; libvirtErrors: number; harnessErrors?: number };
    assert.is(summary.cases, 3);
    assert.is(summary.libvirtErrors, 0, 'every case was started (none refused at define)');
    assert.is(summary.agree, 3);
    assert.equal(out.zombies, [], 'QEMUs left as zombies: nothing reaped them');
    assert.equal(out.qemus, [], 'QEMUs left running');
    const report = await readReport(path.join(dir, 'out'));
    assert.is(report.harnessErrors, 0);
  } finally {
    await dropScratch(dir);
  }
});

test('no subreaper to be had (VIRTPROP_SUBREAPER=none): a started run still works', async () => {
  const dir = await scratchDir('nosr');
  try {
    const r = await runCli(['check', '--machine', 'q35', '--runs', '2', '--seed', '2', '--layers', 'xml,argv', '--workers', '1', '--no-progress', '--json', '--out', path.join(dir, 'out')], {
      env: { VIRTPROP_SUBREAPER: 'none', VIRTPROP_TMPDIR: path.join(dir, 'tmp') },
      limitMs: 120_000,
    });
    assert.is(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout) as { cases: number; agree: number };
    assert.is(summary.cases, 2);
    assert.is(summary.agree, 2);
  } finally {
    await dropScratch(dir);
  }
});

test.run();
