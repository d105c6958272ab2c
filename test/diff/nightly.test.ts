// ci/nightly.sh end to end against the real libvirt, and its verdict script on crafted
// reports. The nightly must fail on a new mismatch (the planted misreport-slot build as
// build B), pass once that finding is listed in a known-issues file, and, run as CI runs
// it (host set-up included, every machine, short budget), leave every report in one folder
// with an exit code that agrees with its own verdict.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { misreportSlot, repoRoot } from './cliRun.js';

let tmp: string;
test.before(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'vp-nightly-'));
});
test.after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const verdict = (runs: string, known: string, dir: string) =>
  execa(process.execPath, [path.join(repoRoot, 'ci', 'nightly-verdict.mjs'), runs, known, dir], { reject: false });

const nightly = (env: Record<string, string>) => execa('bash', [path.join(repoRoot, 'ci', 'nightly.sh')], { reject: false, env, timeout: 1_200_000 });

test('verdict: known vs new by signature, malformed list and failed runs', async () => {
  const dir = path.join(tmp, 'crafted');
  await mkdir(path.join(dir, 'check-q35'), { recursive: true });
  const cx = { property: 'xml', machine: 'pc-q35-7.2', diff: '--- expected\n+++ observed\n@@ -1 +1 @@\n-device sound:0 @ pci 0000:00:1b.0\n+device sound:0 @ pci 0000:00:02.0\n', bundle: 'bundles/001-xml-pc-q35-7.2' };
  await writeFile(path.join(dir, 'check-q35', 'report.json'), JSON.stringify({ cases: 10, mismatch: 1, harnessErrors: 0, counterexamples: [cx] }));
  const runs = path.join(dir, 'runs.tsv');
  await writeFile(runs, `check\tq35\t1\t${path.join(dir, 'check-q35')}\n`);
  const list = (match: object) => JSON.stringify({ issues: [{ id: 'sound', title: 't', match }] });

  await writeFile(path.join(dir, 'k1.json'), list({ command: 'check', property: 'xml', machine: 'pc-q35-*', diff: '^[-+]device sound:0 @' }));
  let r = await verdict(runs, path.join(dir, 'k1.json'), dir);
  assert.is(r.exitCode, 0, r.stdout + r.stderr);
  const v = JSON.parse(await readFile(path.join(dir, 'nightly.json'), 'utf8'));
  assert.is(v.runs[0].known[0].id, 'sound');
  assert.is(v.runs[0].known[0].bundle, 'check-q35/bundles/001-xml-pc-q35-7.2');

  // Same property, another device moved: a different signature, so new.
  await writeFile(path.join(dir, 'k2.json'), list({ property: 'xml', diff: '^[-+]device net:' }));
  r = await verdict(runs, path.join(dir, 'k2.json'), dir);
  assert.is(r.exitCode, 1);
  assert.match(await readFile(path.join(dir, "nightly.md"), "utf8"), /## NEW xml on pc-q35-7.2, host \(check\)/);
  // Another machine or command: new as well.
  await writeFile(path.join(dir, 'k3.json'), list({ command: 'diff', property: 'xml' }));
  assert.is((await verdict(runs, path.join(dir, 'k3.json'), dir)).exitCode, 1);
  // No list file: everything is new.
  assert.is((await verdict(runs, path.join(dir, 'absent.json'), dir)).exitCode, 1);
  // An entry without a property would hide everything: refused.
  await writeFile(path.join(dir, 'k4.json'), JSON.stringify({ issues: [{ id: 'all', match: {} }] }));
  r = await verdict(runs, path.join(dir, 'k4.json'), dir);
  assert.is(r.exitCode, 2);
  assert.match(r.stderr, /match\.property/);
  // A run that could not start, and nothing new: the nightly is not green.
  await writeFile(runs, `check\tq35\t2\t${path.join(dir, 'check-absent')}\n`);
  assert.is((await verdict(runs, path.join(dir, 'k1.json'), dir)).exitCode, 2);
});

test('nightly fails on a new diff finding and passes once it is a known issue', async () => {
  const reports = path.join(tmp, 'planted');
  const r = await nightly({
    VIRTPROP_SKIP_SETUP: '1',
    VIRTPROP_COMMANDS: 'diff',
    VIRTPROP_VS_VIRSH: misreportSlot,
    VIRTPROP_MACHINES: 'q35',
    VIRTPROP_BUDGET: '10',
    VIRTPROP_LAYERS: 'xml',
    VIRTPROP_REPORTS: reports,
    VIRTPROP_KNOWN_ISSUES: path.join(tmp, 'none.json'),
    VIRTPROP_ARGS: '--max-counterexamples 1 --workers 2',
  });
  assert.is(r.exitCode, 1, r.stdout + r.stderr);
  const v = JSON.parse(await readFile(path.join(reports, 'nightly.json'), 'utf8'));
  assert.is(v.runs.length, 1);
  assert.is(v.runs[0].command, 'diff');
  assert.is(v.runs[0].new[0].property, 'diff-xml');
  for (const f of ['report.json', 'junit.xml', 'report.html', 'summary.md']) assert.ok(existsSync(path.join(reports, 'host', 'diff-q35', f)), f);
  assert.ok(existsSync(path.join(reports, v.runs[0].new[0].bundle, 'repro-ab.sh')));
  assert.ok(existsSync(path.join(reports, 'nightly.md')));

  // The planted bug moves a NIC: list exactly that signature and the same reports pass.
  const known = path.join(tmp, 'planted-known.json');
  await writeFile(known, JSON.stringify({ issues: [{ id: 'planted-misreport-slot', title: 'test wrapper', match: { command: 'diff', property: 'diff-xml', diff: '^-device net:[^\\n]*\\n\\+device net:' } }] }));
  const again = await verdict(path.join(reports, 'runs.tsv'), known, reports);
  assert.is(again.exitCode, 0, again.stdout + again.stderr);
});

test('nightly as CI runs it: set-up, every build and machine, short budget, reports in one folder', async () => {
  const reports = path.join(tmp, 'full');
  const r = await nightly({ VIRTPROP_BUDGET: '5', VIRTPROP_LAYERS: 'xml', VIRTPROP_REPORTS: reports, VIRTPROP_ARGS: '--max-counterexamples 1' });
  assert.ok([0, 1].includes(r.exitCode ?? -1), `exit ${r.exitCode}\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stderr, /no second build configured .*diff skipped/);
  const v = JSON.parse(await readFile(path.join(reports, 'nightly.json'), 'utf8'));
  // The script's exit code is its own verdict: 1 exactly when something is new.
  assert.is(r.exitCode, v.newMismatches > 0 ? 1 : 0);
  const cells = v.runs.map((run: { command: string; build: string; machine: string }) => `${run.command} ${run.build}/${run.machine}`);
  const perBuild = existsSync('/usr/bin/qemu-system-aarch64') ? ['pc', 'q35', 'virt'] : ['pc', 'q35'];
  // check on every build, then upgrade from each release to the next on pc and q35
  const upgrades = ['debian-12-to-debian-13', 'debian-13-to-debian-unstable'].flatMap((b) => ['pc', 'q35'].map((m) => `upgrade ${b}/${m}`));
  assert.equal(cells, [...['debian-12', 'debian-13', 'debian-unstable'].flatMap((b) => perBuild.map((m) => `check ${b}/${m}`)), ...upgrades]);
  for (const run of v.runs) {
    assert.ok([0, 1].includes(run.exitCode), `${run.command} ${run.build} ${run.machine}: exit ${run.exitCode}`);
    assert.ok(run.cases > 0, `${run.command} ${run.build} ${run.machine} ran cases`);
    for (const f of ['report.json', 'junit.xml', 'report.html', 'summary.md']) assert.ok(existsSync(path.join(reports, run.build, `${run.command}-${run.machine}`, f)), `${run.build} ${run.machine} ${f}`);
  }
  // one table of builds × machines
  const md = await readFile(path.join(reports, 'nightly.md'), 'utf8');
  assert.match(md, /\| build \| pc \| q35 /);
  for (const b of ['debian-12', 'debian-13', 'debian-unstable']) assert.match(md, new RegExp(`\\| ${b} \\| (ok|\\d+ new) \\(\\d+ cases\\)`));
});

test.run();
