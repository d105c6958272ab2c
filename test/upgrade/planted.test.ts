// A planted change on TO is caught: the misreport-slot wrapper stands in for debian-13's
// virsh (it runs the real one and moves the first NIC one slot further in domain XML of a
// guest with three NICs or more). Upgrading from debian-12, the move is a difference the
// model does not predict: a finding, shrunk to at most three devices, whose bundle's
// repro-upgrade.sh shows the move with virsh alone.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { misreportSlot, runCli } from '../diff/cliRun.js';

const test = suite('upgrade: a planted change on TO');

let out: string;
test.before(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'vp-upgrade-planted-'));
});
test.after(async () => {
  await rm(out, { recursive: true, force: true });
});

test('a slot moved by TO is a finding, shrunk to at most three devices, reproduced by repro-upgrade.sh', async () => {
  const r = await runCli([
    'upgrade', '--from', 'debian-12', '--to', 'debian-13', '--to-virsh', misreportSlot, '--machine', 'pc', '--layers', 'xml',
    // seed 14: the first guest that trips the wrapper is a small one. One from the bulk arm
    // (32 devices and more on pc) shrinks only within that arm, never below 32 devices.
    '--runs', '60', '--seed', '14', '--workers', '2', '--max-counterexamples', '1', '--json', '--no-progress', '--out', out,
  ]);
  assert.is(r.exitCode, 1, r.stdout + r.stderr);
  const j = r.json!;
  assert.ok(j.findings > 0);
  assert.is(j.harnessErrors, 0);
  const cx = j.counterexamples[0] as { xml: string; diff: string; bundle: string; property: string; machine: string };
  assert.is(cx.property, 'upgrade-xml');
  assert.is(cx.machine, 'pc-i440fx-7.2');
  const devices = /<devices>([\s\S]*)<\/devices>/.exec(cx.xml)?.[1] ?? '';
  const elements = [...devices.matchAll(/^\s{4}<([a-z]+)\b/gm)].map((m) => m[1]);
  assert.ok(elements.length <= 3, `shrunk to ${elements.join(', ')}`);
  assert.is(elements.filter((e) => e === 'interface').length, 3, cx.xml);
  // one NIC, one slot further on TO than the model expects (FROM's slot)
  const moved = cx.diff.split('\n').filter((l) => /^[-+]device net:/.test(l));
  assert.is(moved.length, 2, cx.diff);

  const bundle = path.join(out, cx.bundle);
  const files = await readdir(bundle);
  for (const f of ['input.xml', 'libvirt.xml', 'libvirt-to.xml', 'from.txt', 'expected.txt', 'observed.txt', 'diff.patch', 'repro.sh', 'repro-from.sh', 'repro-upgrade.sh', 'commands-from.txt', 'commands-to.txt']) {
    assert.ok(files.includes(f), `${f} in ${files}`);
  }
  assert.match(await readFile(path.join(bundle, 'commands-from.txt'), 'utf8'), /^define input\.xml$/m);
  assert.match(await readFile(path.join(bundle, 'commands-to.txt'), 'utf8'), /^define libvirt\.xml$/m);
  const repro = await execa('bash', [path.join(bundle, 'repro-upgrade.sh')], { reject: false });
  assert.is(repro.exitCode, 1, repro.stdout + repro.stderr);
  assert.match(repro.stdout, /^-\s+<address type='pci' [^\n]*\n\+\s+<address type='pci' /m);
});

test.run();
