// virsh going wrong in the middle of a run, through the built CLI against the real
// libvirt: the fake-virsh proxy forwards every command to the real virsh and hangs or
// dies on chosen occurrences of one command (counted across sessions). A hang must cost
// one killed session and one retry, then count as a harness error — never a mismatch —
// and the run ends with exit 3; a crash must cost only a fresh session. Either way
// nothing may be left running.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { dropScratch, fakeVirsh, processesMentioning, readReport, runCli, scratchDir } from './support.js';

// Seed 2 on q35 gives 10 cases that libvirt accepts and the model predicts (checked
// here with the plain virsh): a fault then changes nothing but what the fault explains.
const RUN = ['check', '--machine', 'q35', '--runs', '10', '--seed', '2', '--workers', '1', '--no-progress'];

/** The proxy's log: one entry per session, with the pid and what happened in it. */
async function sessions(stateDir: string): Promise<Array<{ pid: string; lines: string[] }>> {
  const out: Array<{ pid: string; lines: string[] }> = [];
  for (const line of (await readFile(path.join(stateDir, 'log'), 'utf8')).trim().split('\n')) {
    const [pid, ...rest] = line.split(' ');
    const text = rest.join(' ');
    if (text.startsWith('session ')) out.push({ pid, lines: [] });
    else out.find((s) => s.pid === pid)?.lines.push(text);
  }
  return out;
}

/** Runs check in a scratch dir with the given fake virsh and fault; checks nothing is left. */
async function runWithFault(virsh: string, args: string[], env: Record<string, string>, limitMs: number) {
  const dir = await scratchDir('sess');
  const out = path.join(dir, 'out');
  const base = path.join(dir, 'tmp');
  try {
    const r = await runCli([...RUN, ...args, '--virsh', virsh, '--out', out], { env: { VIRTPROP_TMPDIR: base, FAKE_VIRSH_STATE: dir, ...env }, limitMs });
    const report = await readReport(out);
    const junit = await readFile(path.join(out, 'junit.xml'), 'utf8');
    const log = await sessions(dir);
    assert.equal(await processesMentioning(dir), [], 'virsh or QEMU left running');
    if (existsSync(base)) assert.equal(await readdir(base), [], 'run directory left behind');
    return { r, report, log, junit };
  } finally {
    await dropScratch(dir);
  }
}

test('virsh hangs on a define and on its retry → session killed twice, one harness error, exit 3', async () => {
  const { r, report, log, junit } = await runWithFault(fakeVirsh('hang-on-define.sh'), ['--layers', 'xml', '--timeout', '2'], {}, 60_000);
  console.log(`  hang on define, --timeout 2: run took ${(r.ms / 1000).toFixed(1)} s`);
  assert.is(report.mismatch, 0, `no mismatch may come of a hang: ${JSON.stringify(report.counterexamples)}`);
  assert.equal(report.counterexamples, []);
  assert.is(report.harnessErrors, 1, 'the hung case (tried twice) is one harness error');
  assert.is(report.cases, 9, 'every other case was judged');
  assert.is(r.code, 3, `exit code; stderr: ${r.stderr}`);
  assert.match(r.stdout, /harness errors 1/);
  assert.match(r.stdout, /last harness error: virsh did not answer "define .*domain\.xml" within 2000 ms/);
  // The hung session, the hung retry's session, and a fresh one for the rest of the run.
  const hung = log.filter((s) => s.lines.includes('hang'));
  assert.is(hung.length, 2, `two sessions hung: ${JSON.stringify(log)}`);
  const last = log[log.length - 1];
  assert.not.ok(last.lines.includes('hang'));
  assert.ok(last.lines.some((l) => /^#\d+ define /.test(l)), 'the run went on defining in a fresh session');
  assert.ok(r.ms < 40_000, `took ${r.ms} ms`);
  // CI sees it as an error of the harness, not as a failed property.
  assert.match(junit, /<testsuites [^>]*failures="0" errors="1"/);
  assert.not.match(junit, /<failure/);
});

test('virsh dies on a define → the worker opens a fresh session and the case is still judged', async () => {
  const { r, report, log } = await runWithFault(fakeVirsh('crash-on-define.sh'), ['--layers', 'xml'], {}, 60_000);
  console.log(`  crash on define: run took ${(r.ms / 1000).toFixed(1)} s`);
  assert.is(report.harnessErrors, 0, 'a crash retried in a fresh session is no harness error');
  assert.is(report.cases, 10);
  assert.is(report.mismatch, 0);
  assert.is(r.code, 0, `exit code; stderr: ${r.stderr}`);
  const crashed = log.findIndex((s) => s.lines.includes('crash'));
  assert.ok(crashed >= 0, `the fault happened: ${JSON.stringify(log)}`);
  const after = log.slice(crashed + 1);
  assert.ok(after.length >= 1, 'a new session after the crash');
  assert.ok(after.some((s) => s.lines.some((l) => /^#\d+ define /.test(l))), 'defines went on in a new session');
});

test('virsh hangs on the QEMU monitor with a guest running → QEMU stopped, harness error, exit 3', async () => {
  const { r, report, log } = await runWithFault(fakeVirsh('proxy.sh'), ['--layers', 'xml,qemu', '--runs', '4', '--timeout', '3'], {
    FAKE_VIRSH_MATCH: '^qemu-monitor-command ',
    FAKE_VIRSH_FROM: '2',
    FAKE_VIRSH_TO: '3',
    FAKE_VIRSH_FAULT: 'hang',
  }, 120_000);
  console.log(`  hang on qemu-monitor-command, --timeout 3: run took ${(r.ms / 1000).toFixed(1)} s`);
  assert.is(log.filter((s) => s.lines.includes('hang')).length, 2, JSON.stringify(log));
  assert.is(report.harnessErrors, 1);
  assert.is(report.mismatch, 0);
  assert.is(report.cases, 3);
  assert.is(r.code, 3, `exit code; stderr: ${r.stderr}`);
});

test.run();
