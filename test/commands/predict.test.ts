// `virtprop predict FILE`: the model's answer without libvirt. The expected lines follow
// from i440fx's fixed layout (PIIX3 USB at 1.2; IDE at 1.1 only listed when a disk needs
// it; the first free slot 2 going to the first NIC when there is no video), not from a
// run of the command.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { promises as fs } from 'node:fs';
import { json, pcDomain, tempDir, virtprop, writeIn } from './cli.js';

let dir = '';
test.before(async () => {
  dir = await tempDir();
});
test.after(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

test('pc with one NIC and no video: canonical state text with the NIC on slot 2', async () => {
  const file = await writeIn(dir, 'p.xml', pcDomain('pred', [{ mac: '52:54:00:00:04:01' }], "<memballoon model='none'/>"));
  const run = await virtprop(['predict', file]);
  assert.is(run.code, 0, run.stderr);
  const lines = run.stdout.split('\n');
  assert.is(lines[0], 'machine pc-i440fx-7.2');
  assert.not.ok(lines.some((l) => l.startsWith('controller ide')), 'no IDE disk, so no IDE controller in the state');
  for (const want of [
    'controller usb index=0 model=piix3-uhci @ pci 0000:00:01.2',
    'controller pci index=0 model=pci-root @ none',
    'device net:52:54:00:00:04:01 @ pci 0000:00:02.0',
  ]) assert.ok(lines.includes(want), `missing "${want}" in:\n${run.stdout}`);
});

test('--json: prediction ok with the canonical machine and the same state text', async () => {
  const file = await writeIn(dir, 'p.xml', pcDomain('pred', [{ mac: '52:54:00:00:04:01' }], "<memballoon model='none'/>"));
  const out = json(await virtprop(['predict', file, '--json']));
  assert.is(out.prediction, 'ok');
  assert.is(out.machine, 'pc-i440fx-7.2');
  assert.match(String(out.state), /device net:52:54:00:00:04:01 @ pci 0000:00:02\.0/);
});

test('a predicted refusal is printed as such', async () => {
  const file = await writeIn(dir, 'r.xml', pcDomain('pred', [{ mac: '52:54:00:00:05:01', slot: 5 }, { mac: '52:54:00:00:05:02', slot: 5 }]));
  const out = json(await virtprop(['predict', file, '--json']));
  assert.is(out.prediction, 'reject');
  assert.is(out.errorClass, 'address-in-use');
});

test('outside coverage: "unsupported: <reason>", exit 0', async () => {
  const file = await writeIn(dir, 'u.xml', pcDomain('pred', [], "<disk type='file' device='disk'><source file='/tmp/x.img'/><target dev='sdz' bus='sata'/><address type='drive' controller='0' bus='0' target='0' unit='7'/></disk>"));
  const run = await virtprop(['predict', file]);
  assert.is(run.code, 0);
  assert.is(run.stdout, 'unsupported: disk sdz: drive address past unit 5'); // execa strips the final newline
});

test('bad --arch and a missing file are usage errors (exit 2)', async () => {
  const file = await writeIn(dir, 'p.xml', pcDomain('pred', []));
  const arch = await virtprop(['predict', file, '--arch', 'sparc']);
  assert.is(arch.code, 2);
  assert.match(arch.stderr, /unknown --arch "sparc"/);
  const missing = await virtprop(['predict', `${dir}/missing.xml`]);
  assert.is(missing.code, 2);
  assert.match(missing.stderr, /no such file/);
});

test.run();
