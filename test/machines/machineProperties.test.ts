// The machine properties against the real libvirt 9.0 + QEMU 7.2 of this machine, in a
// private embedded root: aliases come back as the target QEMU's own `-machine help` names
// (read here, at test time, from the emulator), and a machine name QEMU does not have is
// refused at define time — with the clear message on aarch64, and on x86_64 with
// libvirt 9.0's "No PCI buses available" (known-issues/libvirt-9.0-unknown-machine-no-pci-buses),
// which virtprop must report as a mismatch explained by that listed issue, not as ok.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { promises as fs } from 'node:fs';
import { emulatorMachineHelp } from '../../harness/capabilities.js';
import { makeRunDir } from '../../harness/embedRoot.js';
import { reapProcessesUnder } from '../../harness/reaper.js';
import { Worker } from '../../harness/worker.js';
import { aliasProperty, minimalDefine, UNKNOWN_MACHINE_NO_PCI, unknownMachineProperty, type Probe } from '../../properties/runner/machineProperties.js';

let runDir = '';
let worker: Worker;
const probe = (): Probe => ({ worker, virtType: 'qemu', domainName: 'vp-mtest' });

test.before(async () => {
  runDir = await makeRunDir('vp-mtest-');
  worker = await Worker.create({ virsh: 'virsh', runDir, index: 0, timeoutMs: 120_000 });
});

test.after(async () => {
  await worker.close();
  await reapProcessesUnder(runDir);
  await fs.rm(runDir, { recursive: true, force: true });
});

for (const [arch, emulator, alias] of [
  ['x86_64', '/usr/bin/qemu-system-x86_64', 'pc'],
  ['x86_64', '/usr/bin/qemu-system-x86_64', 'q35'],
  ['aarch64', '/usr/bin/qemu-system-aarch64', 'virt'],
] as const) {
  test(`${arch} alias ${alias} canonicalises to the target QEMU's -machine help names`, async () => {
    const qemu = await emulatorMachineHelp(arch, emulator);
    const target = qemu?.find((m) => m.name === alias)?.aliasOf;
    assert.ok(target, `QEMU lists no alias ${alias}`);
    const r = await aliasProperty(probe(), arch, alias, target!);
    assert.is(r.verdict, 'ok', r.detail);
    // the same property must fail when told a different target
    const wrong = await aliasProperty(probe(), arch, alias, `${target}-not`);
    assert.is(wrong.verdict, 'mismatch', wrong.detail);
  });
}

test('aarch64: an unknown machine is refused at define time, naming the machine', async () => {
  const r = await unknownMachineProperty(probe(), 'aarch64', 'virtprop-no-such-machine');
  assert.is(r.verdict, 'ok', r.detail);
  assert.match(r.plain, "does not support machine type 'virtprop-no-such-machine'");
  assert.is(r.knownIssue, undefined);
});

test('x86_64: libvirt 9.0 refuses an unknown machine as "No PCI buses available"; virtprop says mismatch, known issue', async () => {
  const r = await unknownMachineProperty(probe(), 'x86_64', 'virtprop-no-such-machine');
  // what libvirt 9.0.0 says here (observed 2026-11-23): the addressing error of the default devices
  assert.match(r.plain, 'No PCI buses available');
  // with nothing that needs PCI, the machine check is reached and names it
  assert.match(r.bare, "does not support machine type 'virtprop-no-such-machine'");
  assert.is(r.verdict, 'mismatch');
  assert.is(r.knownIssue, UNKNOWN_MACHINE_NO_PCI);
  await fs.access(`known-issues/${UNKNOWN_MACHINE_NO_PCI}/repro.sh`);
});

test('a machine QEMU has but libvirt does not model (microvm) is refused for want of PCI, not by name', async () => {
  assert.is(await minimalDefine(probe(), 'x86_64', 'microvm'), 'refused: XML error: No PCI buses available');
  // and accepted once nothing needs PCI: the refusal above is not about the name
  const bare = await worker.define(
    `<domain type='qemu'><name>vp-mtest</name><memory unit='MiB'>64</memory><os><type arch='x86_64' machine='microvm'>hvm</type></os><devices><controller type='usb' model='none'/><memballoon model='none'/></devices></domain>`,
    'vp-mtest',
  );
  await worker.undefine('vp-mtest');
  assert.is(bare.kind, 'defined');
});

test('the probes leave nothing defined', () => {
  assert.equal(worker.leftovers, []);
});

test.run();
