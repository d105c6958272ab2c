// `virtprop upgrade` against the real releases installed here: debian-12 → debian-13 on q35
// on every layer (libvirt 11.3 adds q35's iTCO watchdog: an expected change, nothing else
// moves), debian-13 → debian-unstable on pc, and back from debian-13 to debian-12 on the
// older build's versioned machine (9.0 knows no iTCO watchdog: refused, as predicted).
// Every case is classified one way; bad input ends in exit 2 and leaves nothing behind.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../diff/cliRun.js';

const test = suite('upgrade: guests moving between real releases');

let out: string;
test.before(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'vp-upgrade-test-'));
});
test.after(async () => {
  await rm(out, { recursive: true, force: true });
});

type Json = Record<string, any>;

/** Every case ends exactly one way. */
function assertClassified(j: Json): void {
  const known = Object.values(j.knownIssues as Record<string, number>).reduce((a, b) => a + b, 0);
  const sum = j.stable + j.expectedChanges + j.findings + j.refusedOnTo + j.refusedOnFrom + j.unsupported + known;
  assert.is(sum, j.cases, `classified ${sum} of ${j.cases}: ${JSON.stringify(j)}`);
  assert.is(j.harnessErrors, 0, 'no harness error');
}

test('debian-12 → debian-13, q35, every layer: the iTCO watchdog is the one change, predicted; reports written', async () => {
  const dir = path.join(out, 'q35');
  const r = await runCli(['upgrade', '--from', 'debian-12', '--to', 'debian-13', '--machine', 'q35', '--runs', '6', '--seed', '7', '--workers', '2', '--json', '--no-progress', '--out', dir]);
  assert.is(r.exitCode, 0, r.stdout + r.stderr);
  const j = r.json!;
  for (const key of ['cases', 'stable', 'expectedChanges', 'findings', 'refusedOnTo', 'harnessErrors', 'casesPerSecond', 'from', 'to', 'counterexamples']) assert.ok(key in j, `${key} in --json`);
  assert.is(j.cases, 6);
  assertClassified(j);
  assert.is(j.findings, 0, JSON.stringify(j.counterexamples));
  assert.equal(j.from, { libvirt: '9.0.0', qemu: j.from.qemu, build: 'debian-12' });
  assert.match(j.from.qemu, /^7\.2/);
  assert.is(j.to.libvirt, '11.3.0');
  assert.match(j.to.qemu, /^10\.0/);
  assert.equal(j.machines, { q35: 'q35' });
  assert.ok(j.expectedChanges > 0, JSON.stringify(j));
  assert.ok(Object.keys(j.changes).every((l) => /^\+device watchdog:\d @ none$/.test(l)), JSON.stringify(j.changes));
  for (const f of ['report.json', 'junit.xml', 'report.html', 'summary.md']) assert.ok(existsSync(path.join(dir, f)), f);
});

test('debian-13 → debian-unstable, pc: nothing moves', async () => {
  const r = await runCli(['upgrade', '--from', 'debian-13', '--to', 'debian-unstable', '--machine', 'pc', '--layers', 'xml', '--runs', '40', '--seed', '5', '--workers', '2', '--json', '--no-progress', '--out', path.join(out, 'pc')]);
  assert.is(r.exitCode, 0, r.stdout + r.stderr);
  const j = r.json!;
  assert.is(j.cases, 40);
  assertClassified(j);
  assert.is(j.findings, 0, JSON.stringify(j.counterexamples));
  assert.ok(j.stable > 0, JSON.stringify(j));
  assert.is(j.to.libvirt, '12.8.0');
});

test("back from debian-13 to debian-12: q35 means debian-12's pc-q35-7.2, and 9.0 refuses 11.3's iTCO watchdog as predicted", async () => {
  const r = await runCli(['upgrade', '--from', 'debian-13', '--to', 'debian-12', '--machine', 'q35', '--layers', 'xml', '--runs', '15', '--seed', '5', '--workers', '2', '--json', '--no-progress', '--out', path.join(out, 'back')]);
  assert.is(r.exitCode, 0, r.stdout + r.stderr);
  const j = r.json!;
  assertClassified(j);
  assert.equal(j.machines, { q35: 'pc-q35-7.2' });
  assert.is(j.findings, 0, JSON.stringify(j.counterexamples));
  assert.ok(j.refusedOnTo > 0, JSON.stringify(j));
  assert.ok(Object.keys(j.refusals).some((reason) => /^TO refused it as the model predicts: .*watchdog/.test(reason)), JSON.stringify(j.refusals));
});

test('bad input: exit 2 with one paragraph and what to do, no stack trace, nothing left behind', async () => {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'vp-upgrade-tmp-'));
  try {
    const unknown = await runCli(['upgrade', '--from', 'debian-99', '--to', 'debian-13', '--runs', '1']);
    assert.is(unknown.exitCode, 2);
    assert.match(unknown.stderr, /unknown build "debian-99".*What to do: .*debian-13/s);
    const noTo = await runCli(['upgrade', '--from', 'debian-12']);
    assert.is(noTo.exitCode, 2);
    assert.match(noTo.stderr, /--to/);
    // a versioned machine QEMU 7.2 does not have: found after both builds are set up, which are then taken down
    const missing = await runCli(['upgrade', '--from', 'debian-13', '--to', 'debian-12', '--machine', 'pc-q35-10.0', '--layers', 'xml', '--runs', '1', '--workers', '1', '--no-progress', '--out', path.join(out, 'missing')], { TMPDIR: tmp, VIRTPROP_TMPDIR: tmp });
    assert.is(missing.exitCode, 2, missing.stdout + missing.stderr);
    assert.match(missing.stderr, /pc-q35-10\.0 exists on debian-13 but not on debian-12.*What to do: .*versioned machine both builds list/s);
    for (const r of [unknown, noTo, missing]) assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(await readdir(tmp), [], 'run directories (and the embedded roots with their domains) removed');
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});

test('--help explains every flag', async () => {
  const r = await runCli(['upgrade', '--help']);
  assert.is(r.exitCode, 0);
  for (const flag of ['--from', '--to', '--machine', '--arch', '--runs', '--seed', '--layers', '--json', '--out', '--workers', '--budget', '--max-counterexamples', '--to-virsh', '--tcg', '--timeout']) assert.match(r.stdout, new RegExp(`${flag}\\b`), flag);
});

test.run();
