// Environments that cannot run, through the built CLI: each ends with exit 2 within
// seconds, one paragraph that says what to do, no report, no run directory, no process
// left. The faults are real where they can be: a missing or non-executable virsh, a
// port nobody listens on (loopback only), a QEMU that cannot be probed on PATH; virsh
// dying or hanging during set-up comes from the fake-virsh proxy around the real virsh.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { dropScratch, fakeVirsh, halfWritten, messageProblems, processesMentioning, readReport, runCli, scratchDir, startCli, waitFor, type CliRun } from './support.js';

/** Time to fail of each fault, printed at the end so a CI log keeps the numbers. */
const timings: Array<[string, number]> = [];

/**
 * Runs `check` in a fresh scratch directory and checks every promise of an environment
 * error. With `afterFaultMs`, the fake virsh's fault must be followed by the exit within
 * that time: what set-up took before the fault (on a machine without a saved capability
 * cache, libvirt probing every QEMU binary: 7–8 s here) is not the fault's to answer for.
 */
async function expectEnvironmentError(label: string, extra: string[], limitMs: number, env: Record<string, string> = {}, afterFaultMs?: number): Promise<CliRun> {
  const dir = await scratchDir('env');
  try {
    const out = path.join(dir, 'out');
    const base = path.join(dir, 'tmp');
    const started = Date.now();
    const r = await runCli(['check', '--machine', 'q35', '--runs', '5', '--layers', 'xml', '--workers', '1', '--out', out, ...extra], {
      env: { VIRTPROP_TMPDIR: base, FAKE_VIRSH_STATE: dir, ...env },
      limitMs: limitMs + 30_000,
    });
    timings.push([label, r.ms]);
    if (afterFaultMs !== undefined) {
      const faultAt = Number(await readFile(path.join(dir, 'fault-at'), 'utf8').catch(() => 'NaN'));
      assert.ok(Number.isFinite(faultAt), `${label}: the fault never struck`);
      const after = started + r.ms - faultAt;
      timings.push([`${label} (after the fault)`, after]);
      assert.ok(after < afterFaultMs, `${label}: exit came ${after.toFixed(0)} ms after the fault (limit ${afterFaultMs})`);
    }
    assert.is(r.code, 2, `${label}: exit code; stderr: ${r.stderr}`);
    // --debug asks for the stack trace; everything else must read as one paragraph.
    const problems = messageProblems(r.stderr).filter((p) => !(extra.includes('--debug') && p === 'a stack trace'));
    assert.equal(problems, [], `${label}: stderr:\n${r.stderr}`);
    assert.ok(r.ms < limitMs, `${label}: took ${r.ms.toFixed(0)} ms to fail (limit ${limitMs})`);
    assert.not.ok(existsSync(out), `${label}: no report may be written`);
    if (existsSync(base)) assert.equal(await readdir(base), [], `${label}: run directory left behind`);
    assert.equal(await processesMentioning(dir), [], `${label}: processes left running`);
    return r;
  } finally {
    await dropScratch(dir);
  }
}

test('--virsh /nonexistent → exit 2 within 3 s', async () => {
  const r = await expectEnvironmentError('missing virsh', ['--virsh', '/nonexistent/virsh'], 3_000);
  assert.match(r.stderr, /cannot run virsh "\/nonexistent\/virsh": not found[\s\S]*What to do: .*--virsh/);
});

test('a --virsh that is not executable → exit 2 within 3 s', async () => {
  const dir = await scratchDir('noexec');
  try {
    const file = path.join(dir, 'virsh');
    await writeFile(file, '#!/bin/sh\nexec virsh "$@"\n');
    await chmod(file, 0o644);
    const r = await expectEnvironmentError('non-executable virsh', ['--virsh', file], 3_000);
    assert.match(r.stderr, /not executable/);
  } finally {
    await dropScratch(dir);
  }
});

test('an unreachable URI carrying a password → exit 2 within 5 s, password nowhere', async () => {
  // Port 1 on loopback: refused at once, and no packet leaves the machine.
  const uri = 'qemu+tcp://admin:s3cr3t-pw@127.0.0.1:1/system';
  for (const debug of [[], ['--debug']]) {
    const r = await expectEnvironmentError(`unreachable URI${debug.length ? ' (--debug)' : ''}`, ['--uri', uri, ...debug], 5_000);
    if (debug.length) assert.match(r.stderr, /\n\s+at /, '--debug shows the stack trace (scrubbed)');
    assert.match(r.stderr, /127\.0\.0\.1:1/);
    assert.match(r.stderr, /What to do: check that the URI is right/);
    assert.not.match(r.stderr + r.stdout, /s3cr3t/, 'the password must not be shown');
    assert.match(r.stderr, /admin:\*\*\*@127\.0\.0\.1/);
  }
});

test('the brief\'s qemu+ssh://user:secret@… URI (loopback port 1) → exit 2 within 5 s, password nowhere', async () => {
  // ssh is refused at once on port 1 (and without an ssh client virsh fails at once too).
  const r = await expectEnvironmentError('unreachable ssh URI', ['--uri', 'qemu+ssh://user:secret@127.0.0.1:1/system'], 5_000);
  assert.not.match(r.stderr + r.stdout, /secret/);
  assert.match(r.stderr, /qemu\+ssh:\/\/user:\*\*\*@127\.0\.0\.1:1\/system/);
});

test('a URI whose host accepts but never answers (loopback) → exit 2 after the 15 s connect limit', async () => {
  // A listener on 127.0.0.1 that takes the connection and says nothing, like a stuck libvirtd.
  const sockets: net.Socket[] = [];
  const server = net.createServer((s) => {
    sockets.push(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const port = (server.address() as net.AddressInfo).port;
    const r = await expectEnvironmentError('silent URI', ['--uri', `qemu+tcp://127.0.0.1:${port}/system`], 20_000);
    assert.match(r.stderr, /did not answer "version" within 15000 ms/);
    assert.ok(sockets.length >= 1, 'virsh never connected: the test tested nothing');
  } finally {
    sockets.forEach((s) => s.destroy());
    await new Promise((resolve) => server.close(resolve));
  }
});

test('a QEMU that cannot be probed (broken emulator first on PATH) → exit 2 with advice', async () => {
  const r = await expectEnvironmentError('broken emulator', ['--virsh', fakeVirsh('broken-emulator.sh')], 30_000);
  assert.match(r.stderr, /Cannot find suitable emulator for x86_64|no QEMU emulator|capabilities/);
  assert.match(r.stderr, /What to do: .*(qemu-system|doctor)/);
});

test('virsh dying on `capabilities` during set-up → exit 2 within 2 s of the crash, not an internal error', async () => {
  const r = await expectEnvironmentError('virsh crash in set-up', ['--virsh', fakeVirsh('proxy.sh')], 30_000, {
    FAKE_VIRSH_MATCH: '^capabilities',
    FAKE_VIRSH_FAULT: 'crash',
  }, 2_000);
  assert.match(r.stderr, /virsh exited \(SIGKILL\) while running "capabilities"/);
  assert.not.match(r.stderr, /internal error/);
});

// --timeout bounds each command, not set-up as a whole: before `capabilities` is sent, the
// first command opens the embedded driver, which without a saved capability cache (a
// fresh clone, a new QEMU) probes every QEMU binary first. That probe is what made this
// run take 10 s on a fresh clone; there is no second timeout.
test('virsh hanging on `capabilities` during set-up with --timeout 2 → exit 2 within 4 s of the hang', async () => {
  const r = await expectEnvironmentError('virsh hang in set-up', ['--virsh', fakeVirsh('proxy.sh'), '--timeout', '2'], 30_000, {
    FAKE_VIRSH_MATCH: '^capabilities',
    FAKE_VIRSH_FAULT: 'hang',
  }, 4_000);
  assert.match(r.stderr, /did not answer "capabilities" within 2000 ms[\s\S]*raise --timeout \(now 2 s\)/);
});

test('a VIRTPROP_TMPDIR that cannot be created → exit 2 naming it', async () => {
  const dir = await scratchDir('tmpf');
  try {
    const file = path.join(dir, 'a-file');
    await writeFile(file, '');
    const r = await expectEnvironmentError('unusable VIRTPROP_TMPDIR', [], 3_000, { VIRTPROP_TMPDIR: path.join(file, 'sub') });
    assert.match(r.stderr, /cannot create a run directory in .*a-file\/sub: ENOTDIR[\s\S]*VIRTPROP_TMPDIR/);
  } finally {
    await dropScratch(dir);
  }
});

test('a password in an embedded URI reaches no report, no stdout, no stderr', async () => {
  const dir = await scratchDir('pw');
  try {
    const root = path.join(dir, 'root');
    await mkdir(path.join(root, 'etc'), { recursive: true });
    await writeFile(path.join(root, 'etc', 'qemu.conf'), 'user = "root"\ngroup = "root"\n');
    // libvirt ignores a password parameter on the embedded driver, so the run really happens.
    const uri = `qemu:///embed?root=${root}&password=hunter3-pw`;
    const out = path.join(dir, 'out');
    const r = await runCli(['check', '--machine', 'pc', '--runs', '15', '--layers', 'xml', '--workers', '1', '--uri', uri, '--out', out], { env: { VIRTPROP_TMPDIR: path.join(dir, 'tmp') } });
    assert.ok(r.code === 0 || r.code === 1, `a run, not an error: ${r.code} ${r.stderr}`);
    assert.is((await readReport(out)).cases, 15);
    assert.not.match(r.stdout + r.stderr, /hunter3-pw/);
    const files = (await readdir(out, { recursive: true })).map((f) => path.join(out, f));
    for (const f of files) {
      const text = await readFile(f, 'utf8').catch(() => '');
      assert.not.match(text, /hunter3-pw/, `${f} shows the password`);
    }
    // The URI (scrubbed) is in the report's argv: the scrub must have had something to scrub.
    assert.match(await readFile(path.join(out, 'report.json'), 'utf8'), /embed\?root=.*&password=\*\*\*/);
  } finally {
    await dropScratch(dir);
  }
});

test('reports that cannot be written at the end: findings still printed, exit 2, nothing left', async () => {
  const dir = await scratchDir('lateout');
  try {
    const out = path.join(dir, 'out');
    const base = path.join(dir, 'tmp');
    const child = startCli(['check', '--machine', 'q35', '--runs', '150', '--layers', 'xml', '--workers', '1', '--out', out, '--no-progress'], { env: { VIRTPROP_TMPDIR: base } });
    // Once set-up has begun, --out has passed its check: now a file takes the directory's place.
    await waitFor('set-up to begin', () => existsSync(base) && readdirSync(base).length > 0);
    await writeFile(out, 'not a directory\n');
    const r = await child;
    assert.is(r.exitCode, 2, `exit code; stderr: ${String(r.stderr)}`);
    assert.match(String(r.stdout), /cases 150: agree \d+, mismatch \d+/, 'the summary with the findings is printed anyway');
    assert.match(String(r.stderr), /the run finished but its reports could not be written to .*out[\s\S]*What to do: free space or fix permissions there; the findings are in the summary above/);
    assert.equal(messageProblems(String(r.stderr)), []);
    assert.equal(await halfWritten(dir), [], 'temp files of the failed report writes');
    assert.equal(await processesMentioning(dir), []);
    assert.equal(readdirSync(base), []);
  } finally {
    await dropScratch(dir);
  }
});

test.after(() => {
  // Measured times to fail, for the record (CI log).
  for (const [label, ms] of timings) console.log(`  time to fail: ${label}: ${(ms / 1000).toFixed(2)} s`);
});

test.run();
