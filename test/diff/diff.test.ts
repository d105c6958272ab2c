// `virtprop diff` end to end against the real libvirt: the real virsh against the
// planted misreport-slot regression is found and shrunk to exactly three NICs (the
// regression's trigger), its bundle reproduces it without virtprop, and two identical
// builds agree on every case.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { misreportSlot, runCli } from './cliRun.js';

let out: string;
test.before(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'vp-diff-test-'));
});
test.after(async () => {
  await rm(out, { recursive: true, force: true });
});

test('diff finds the planted slot misreport and shrinks it to exactly three NICs', async () => {
  const dir = path.join(out, 'planted');
  const r = await runCli(['diff', '--vs-virsh', misreportSlot, '--machine', 'q35', '--runs', '100', '--seed', '42', '--workers', '2', '--layers', 'xml', '--max-counterexamples', '1', '--json', '--out', dir]);
  assert.is(r.exitCode, 1, r.stderr);
  const cxs = r.json!.counterexamples as Array<{ xml: string; diff: string; bundle: string; property: string }>;
  assert.ok(cxs.length >= 1, 'at least one counterexample');
  const cx = cxs[0];
  assert.is(cx.property, 'diff-xml');
  assert.is(cx.xml.match(/<interface\b/g)?.length, 3, cx.xml);
  // Exactly one line moved on each side, and it is a NIC one slot further on B.
  const removed = cx.diff.split('\n').filter((l) => l.startsWith('-device') || l.startsWith('-controller'));
  const added = cx.diff.split('\n').filter((l) => l.startsWith('+device') || l.startsWith('+controller'));
  assert.is(removed.length, 1, cx.diff);
  assert.is(added.length, 1, cx.diff);
  const at = (line: string): RegExpExecArray => /^.device (net:\S+) @ pci ([0-9a-f]{4}):([0-9a-f]{2}):([0-9a-f]{2})\.(\d)$/.exec(line)!;
  const [a, b] = [at(removed[0]), at(added[0])];
  assert.ok(a && b, `${removed[0]} / ${added[0]}`);
  assert.is(b[1], a[1], 'same NIC');
  assert.is(b[3], a[3], 'same bus');
  assert.is(parseInt(b[4], 16), (parseInt(a[4], 16) + 1) & 0x1f, 'slot one further on B');
  assert.is(r.json!.unsupported, 0);

  // The bundle reproduces it with virsh alone: repro-ab.sh diffs A's and B's output.
  const bundle = path.join(dir, cx.bundle);
  const files = await readdir(bundle);
  for (const f of ['input.xml', 'libvirt.xml', 'libvirt-b.xml', 'commands-a.txt', 'commands-b.txt', 'repro.sh', 'repro-ab.sh', 'diff.patch']) assert.ok(files.includes(f), `${f} in ${files}`);
  assert.match(await readFile(path.join(bundle, 'commands-b.txt'), 'utf8'), /^define input\.xml$/m);
  const ab = await execa('bash', [path.join(bundle, 'repro-ab.sh')], { reject: false });
  assert.is(ab.exitCode, 1, ab.stderr);
  assert.match(ab.stdout, /^-\s+<address type='pci' [^\n]*\n\+\s+<address type='pci' /m);
});

test('a difference that does not repeat is a harness error, never a finding', async () => {
  const r = await runCli(['diff', '--vs-virsh', misreportSlot, '--machine', 'q35', '--runs', '60', '--seed', '42', '--workers', '2', '--layers', 'xml', '--json', '--out', path.join(out, 'flaky')], { VIRTPROP_PLANT_FLAKY: '1' });
  assert.equal(r.json!.counterexamples, [], r.stdout);
  assert.is(r.json!.mismatch, 0);
  assert.ok(r.json!.harnessErrors > 0, 'the flaky cases are counted as harness errors');
  assert.is(r.exitCode, 3, r.stderr);
});

test('diff of a build with itself finds nothing over 200 cases', async () => {
  const r = await runCli(['diff', '--vs-virsh', 'virsh', '--machine', 'pc', '--machine', 'q35', '--runs', '100', '--workers', '2', '--layers', 'xml', '--json', '--out', path.join(out, 'same')]);
  assert.is(r.exitCode, 0, r.stdout + r.stderr);
  assert.is(r.json!.cases, 200);
  assert.is(r.json!.agree, 200);
  assert.is(r.json!.mismatch, 0);
  assert.is(r.json!.harnessErrors, 0);
  assert.equal(r.json!.counterexamples, []);
});

test('diff between two explicit embedded roots; one root for both sides is refused', async () => {
  const uris: string[] = [];
  for (const side of ['ra', 'rb']) {
    await mkdir(path.join(out, side, 'etc'), { recursive: true });
    // As root, QEMU runs as root: avoids libvirt's re-probe on every call (ARCHITECTURE.md, "The capability cache trap").
    await writeFile(path.join(out, side, 'etc', 'qemu.conf'), 'user = "root"\ngroup = "root"\n');
    uris.push(`qemu:///embed?root=${path.join(out, side)}`);
  }
  const r = await runCli(['diff', '--uri', uris[0], '--vs-uri', uris[1], '--machine', 'q35', '--runs', '20', '--layers', 'xml', '--json', '--out', path.join(out, 'roots')]);
  assert.is(r.exitCode, 0, r.stdout + r.stderr);
  assert.is(r.json!.cases, 20);
  assert.is(r.json!.agree, 20);
  const shared = await runCli(['diff', '--uri', uris[0], '--vs-virsh', misreportSlot, '--runs', '1', '--out', path.join(out, 'shared')]);
  assert.is(shared.exitCode, 2);
  assert.match(shared.stderr, /share the embedded root/);
});

test('diff without a build B is a usage error', async () => {
  const r = await runCli(['diff', '--runs', '1', '--out', path.join(out, 'none')]);
  assert.is(r.exitCode, 2);
  assert.match(r.stderr, /--vs-virsh/);
});

test.run();
