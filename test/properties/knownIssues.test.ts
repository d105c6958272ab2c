// Each known libvirt issue is recognised from the shape a real failing case has, and
// nothing else is: the texts below are the messages and XML fragments libvirt 9.0 and
// QEMU 7.2 produced here for the repros under known-issues/.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { knownIssueOf } from '../../properties/judges/knownIssues.js';
import type { CaseResult, FailedProperty } from '../../properties/judges/caseResult.js';
import { readFileSync } from 'node:fs';

const failed = (property: FailedProperty, observed: string, libvirtXml = ''): CaseResult => ({
  outcome: 'mismatch', failed: { property, layer: 'qemu' }, libvirtRejected: false, inputXml: '', libvirtXml, expected: '', observed, diff: '', commands: [], predictMs: 0,
});

test('QEMU refusals of known shapes map to their issue', () => {
  assert.is(knownIssueOf(failed('qemu-refused', `start failed: …: -device {"driver":"pcie-root-port","port":17,"chassis":2,"id":"pci.2","bus":"pcie.0","addr":"0x2.0x1"}: Can't add chassis slot, error -16`))?.id, 'libvirt-9.0-duplicate-chassis');
  assert.is(knownIssueOf(failed('qemu-refused', `-device {"driver":"usb-storage","bus":"usb.0","port":"1","id":"usb-disk0","removable":false}: drive property not set`))?.id, 'libvirt-9.0-empty-usb-cdrom');
  // known-issues/libvirt-9.0-uhci-companion-without-ehci/repro.sh, seen on 9.0, 11.3 and 12.8
  const masterbus = 'start failed: error: internal error: masterbus not found';
  for (const libvirt of ['9.0.0', '11.3.0', '12.8.0']) assert.is(knownIssueOf({ ...failed('qemu-refused', masterbus), libvirt })?.id, 'libvirt-9.0-uhci-companion-without-ehci');
  // known-issues/libvirt-9.0-transitional-virtio-mmio (QEMU 7.2's words, check on virt)
  const mmio = `-device {"driver":"virtio-rng-device-transitional","rng":"objrng0","id":"rng0"}: 'virtio-rng-device-transitional' is not a valid device model name`;
  assert.is(knownIssueOf(failed('qemu-refused', mmio))?.id, 'libvirt-9.0-transitional-virtio-mmio');
  assert.is(knownIssueOf(failed('qemu-refused', mmio.replace(/-transitional/g, '-non-transitional')))?.id, 'libvirt-9.0-transitional-virtio-mmio');
  assert.is(knownIssueOf(failed('qemu-refused', mmio.replace(/-device-transitional/g, '-pci-transitional'))), undefined);
  // known-issues/libvirt-9.0-pcspk-soundhw: 9.0 only (11.3 and 12.8 start the speaker)
  const soundhw = "start failed: Failed to start domain 'vp-k1'\ninternal error: qemu unexpectedly closed the monitor: qemu-system-x86_64: -soundhw: invalid option";
  assert.is(knownIssueOf(failed('qemu-refused', soundhw))?.id, 'libvirt-9.0-pcspk-soundhw');
  // the same words in another property are not the start failure
  assert.is(knownIssueOf(failed('argv', masterbus)), undefined);
});

// The repro's input and libvirt's XML of it in the defining session (root port 1 appended last).
const gapInput = readFileSync('known-issues/libvirt-9.0-gap-controller-order/input.xml', 'utf8');
const gapSession = readFileSync('test/hotplug/fixtures/gap-order.session.xml', 'utf8');

test('the gap-filler order bug needs a gap in the input and the filler listed after its child', () => {
  const bridgeFirst = `-device {"driver":"pcie-pci-bridge","id":"pci.2","bus":"pci.1","addr":"0x0"}: Bus 'pci.1' not found`;
  assert.is(knownIssueOf({ ...failed('qemu-refused', bridgeFirst, gapSession), inputXml: gapInput })?.id, 'libvirt-9.0-gap-controller-order');
  const order = 'pci.2 on pci.1 comes before pci.1 is created (device 1 vs 3)';
  assert.is(knownIssueOf({ ...failed('argv-order', order, gapSession), inputXml: gapInput })?.id, 'libvirt-9.0-gap-controller-order');
  // without the libvirt XML or the input's gap there is nothing to tell it from any missing bus
  assert.is(knownIssueOf(failed('qemu-refused', bridgeFirst)), undefined);
  // a USB controller put on the command line before its root port (a libvirt mutant, qemu_command.c's
  // controller order) is no gap filler: the input declares no PCI controller at all
  const usbFirst = `-device {"driver":"qemu-xhci","id":"usb","bus":"pci.2","addr":"0x0"}: Bus 'pci.2' not found`;
  const plain = "<domain type='qemu'><name>x</name><devices><controller type='usb' model='qemu-xhci'/></devices></domain>";
  assert.is(knownIssueOf({ ...failed('qemu-refused', usbFirst, gapSession), inputXml: plain }), undefined);
});

test('the switch cycle is told apart from the ordering bug by libvirt XML', () => {
  const cycleXml = `<controller type='pci' index='1' model='pcie-switch-upstream-port'>\n      <model name='x3130-upstream'/>\n      <address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>`;
  assert.is(knownIssueOf(failed('invariant-bus', 'controller pci#1 sits on bus 2, not below its own index', cycleXml))?.id, 'libvirt-9.0-switch-upstream-cycle');
  assert.is(knownIssueOf(failed('qemu-refused', `Bus 'pci.2' not found`, cycleXml))?.id, 'libvirt-9.0-switch-upstream-cycle');
  // libvirt 11.3 and 12.8 (check --build, 2026-12-05) write a user alias between the model name and the address
  const aliased = `<controller type='pci' index='1' model='pcie-switch-upstream-port'>\n      <model name='x3130-upstream'/>\n      <alias name='ua-Ctl_0'/>\n      <address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>`;
  assert.is(knownIssueOf(failed('invariant-bus', 'controller pci#1 sits on bus 2, not below its own index', aliased))?.id, 'libvirt-9.0-switch-upstream-cycle');
  assert.is(knownIssueOf(failed('invariant-bus', 'controller pci#1 sits on bus 0, not below its own index', aliased.replace("bus='0x02'", "bus='0x00'"))), undefined);
  // both ports index-less, the downstream one written first (an independent generator, 2026-12-06, all three releases):
  // libvirt gives the downstream port index 1 on the upstream port's bus 2, the upstream port index 2 on bus 1
  const mirrored = `<controller type='pci' index='1' model='pcie-switch-downstream-port'>\n      <model name='xio3130-downstream'/>\n      <target chassis='1' port='0x0'/>\n      <address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>`;
  assert.is(knownIssueOf(failed('invariant-bus', 'controller pci#1 sits on bus 2, not below its own index', mirrored))?.id, 'libvirt-9.0-switch-upstream-cycle');
});

test('lsilogic on virtio-mmio (aarch64) is recognised from libvirt XML', () => {
  const xml = `<controller type='scsi' index='0' model='lsilogic'>\n      <address type='virtio-mmio'/>\n    </controller>`;
  assert.is(knownIssueOf(failed('qemu', '-lsi on pcie.0', xml))?.id, 'libvirt-9.0-virt-scsi-controller-on-virtio-mmio');
  // Shape of the start failure seen on aarch64 when the user gave slot 1 to another device.
  assert.is(knownIssueOf(failed('qemu-refused', 'PCI: slot 1 function 0 not available for virtio-net-pci, in use by lsi53c895a', xml))?.id, 'libvirt-9.0-virt-scsi-controller-on-virtio-mmio');
  assert.is(knownIssueOf(failed('qemu-refused', 'PCI: slot 1 function 0 not available for virtio-net-pci, in use by lsi53c895a', '')), undefined);
});

test('a 33rd virtio-mmio device refused by QEMU is the transport-count issue', () => {
  // QEMU's message for known-issues/libvirt-9.0-virtio-mmio-over-32/input.xml, seen here.
  assert.is(knownIssueOf(failed('qemu-refused', `-device {"driver":"virtio-net-device","netdev":"hostnet32","id":"net32"}: No 'virtio-bus' bus found for device 'virtio-net-device'`))?.id, 'libvirt-9.0-virtio-mmio-over-32');
  // QEMU 11.1's wording, seen by check --build debian-unstable on virt (seed 9)
  const qemu11 = `-device {"driver":"virtio-blk-device","drive":"libvirt-8-storage","id":"virtio-disk32"}: A 'virtio-bus' bus was found but is full`;
  assert.is(knownIssueOf({ ...failed('qemu-refused', qemu11), libvirt: '12.8.0' })?.id, 'libvirt-9.0-virtio-mmio-over-32');
});

test('a pcie-to-pci-bridge on a later root port: 12.8 adds the port for it, 9.0 and 11.3 fill an index gap with it', () => {
  // libvirt's XML of known-issues/libvirt-12.8-bridge-on-later-root-port's gap form, defined on 9.0 (2026-12-06)
  const xml = `<controller type='pci' index='1' model='pcie-to-pci-bridge'>\n      <model name='pcie-pci-bridge'/>\n      <address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n    </controller>`;
  for (const libvirt of ['9.0.0', '11.3.0', '12.8.0']) {
    assert.is(knownIssueOf({ ...failed('invariant-bus', 'controller pci#1 sits on bus 2, not below its own index', xml), libvirt })?.id, 'libvirt-12.8-bridge-on-later-root-port', libvirt);
  }
  assert.is(knownIssueOf({ ...failed('invariant-bus', 'controller pci#1 sits on bus 0', xml.replace("bus='0x02'", "bus='0x00'")), libvirt: '9.0.0' }), undefined);
});

test('a redefine refused over an alias libvirt accepted at the first define is the alias-clash issue', () => {
  // known-issues/libvirt-9.0-alias-clash-redefine/repro.sh, seen on 9.0, 11.3 and 12.8 (compare's invariant layer)
  const refused = 'rejected (redefine): Failed to define domain from /dev/shm/virtprop-vp-x-w0/domain.xml\nunsupported configuration: non unique alias detected: ua-vser1\n';
  assert.is(knownIssueOf(failed('invariant-stable', refused))?.id, 'libvirt-9.0-alias-clash-redefine');
  assert.is(knownIssueOf(failed('xml', refused)), undefined);
  assert.is(knownIssueOf(failed('invariant-stable', 'controller pci#1 sits on bus 0')), undefined);
});

test('a redefine refused over a fifth ISA serial port libvirt typed itself is the ISA-serial issue', () => {
  // known-issues/libvirt-isa-serial-default-type-redefine/repro.sh, seen on 9.0, 11.3 and 12.8 (compare's invariant layer on its input.xml)
  const refused = "rejected (redefine): Failed to define domain from /dev/shm/virtprop-vp-x-w0/domain.xml\ninternal error: Maximum supported number of ISA serial ports is '4'\n";
  assert.is(knownIssueOf(failed('invariant-stable', refused))?.id, 'libvirt-isa-serial-default-type-redefine');
  // refused at the first define (the type written), it is the model's to predict
  assert.is(knownIssueOf(failed('xml', refused)), undefined);
});

test("QEMU's refusal of a LUN past 0 (pvscsi) is the pvscsi issue", () => {
  // known-issues/libvirt-pvscsi-lun-past-0/repro.sh, QEMU 7.2's words (10.0 and 11.1 the same)
  const refused = 'start failed: Failed to start domain \'vp-x\'\ninternal error: qemu unexpectedly closed the monitor: qemu-system-x86_64: -device {"driver":"scsi-hd","bus":"scsi0.0","channel":0,"scsi-id":0,"lun":1,"device_id":"drive-scsi0-0-0-1","drive":"libvirt-1-format","id":"scsi0-0-0-1"}: bad scsi device lun: 1\n';
  assert.is(knownIssueOf(failed('qemu-refused', refused))?.id, 'libvirt-pvscsi-lun-past-0');
  assert.is(knownIssueOf(failed('xml', refused)), undefined);
  // a cdrom there too (the suite's check on pc, 2026-12-07)
  assert.is(knownIssueOf(failed('qemu-refused', refused.replace('scsi-hd', 'scsi-cd')))?.id, 'libvirt-pvscsi-lun-past-0');
});

test('other failures are not explained away', () => {
  assert.is(knownIssueOf(failed('qemu-refused', 'Address already in use')), undefined);
  assert.is(knownIssueOf(failed('xml', '-device net:52:54:00:00:00:01 @ pci 0000:00:03.0')), undefined);
  assert.is(knownIssueOf({ ...failed('qemu-refused', "Can't add chassis slot"), outcome: 'agree' }), undefined);
});

test.run();
