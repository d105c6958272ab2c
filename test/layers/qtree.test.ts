// harness/qtree.ts on `info qtree` captured here (CR LF line ends kept as QEMU sent them).
// Expected devices were written by reading the fixture outline.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseQtree } from '../../harness/qtree.js';
import type { QemuPciDevice } from '../../types/qemu.js';
import { readFixture } from './fixtures.js';

/** Devices ordered by bus and slot, so the expectation does not depend on QEMU's list order. */
const byLocation = (devices: QemuPciDevice[]) =>
  [...devices].sort((a, b) => `${a.parentBus} ${a.addr}`.localeCompare(`${b.parentBus} ${b.addr}`, 'en', { numeric: true }));

const dev = (driver: string, id: string | undefined, parentBus: string, addr: string, childBuses: string[] = []): QemuPciDevice => ({
  driver,
  ...(id === undefined ? {} : { id }),
  parentBus,
  addr,
  childBuses,
});

test('q35 with a switch, a DMI bridge and a pci-bridge: every PCI function and its parent bus', () => {
  const tree = parseQtree(readFixture('q35b.qtree.txt'));
  assert.equal(byLocation(tree), byLocation([
    dev('mch', undefined, 'pcie.0', '00.0'),
    dev('bochs-display', 'video0', 'pcie.0', '01.0'),
    dev('pcie-root-port', 'pci.1', 'pcie.0', '02.0', ['pci.1']),
    dev('pcie-root-port', 'pci.7', 'pcie.0', '02.1', ['pci.7']),
    dev('pcie-root-port', 'pci.8', 'pcie.0', '02.2', ['pci.8']),
    dev('pcie-root-port', 'pci.9', 'pcie.0', '02.3', ['pci.9']),
    dev('ich9-usb-uhci1', undefined, 'pcie.0', '1d.0'),
    dev('ich9-usb-ehci1', 'usb', 'pcie.0', '1d.7'),
    dev('i82801b11-bridge', 'pci.5', 'pcie.0', '1e.0', ['pci.5']),
    dev('ICH9-LPC', undefined, 'pcie.0', '1f.0'),
    dev('ich9-ahci', undefined, 'pcie.0', '1f.2'),
    dev('ICH9-SMB', undefined, 'pcie.0', '1f.3'),
    dev('x3130-upstream', 'pci.2', 'pci.1', '00.0', ['pci.2']),
    dev('xio3130-downstream', 'pci.3', 'pci.2', '00.0', ['pci.3']),
    dev('xio3130-downstream', 'pci.4', 'pci.2', '01.0', ['pci.4']),
    dev('e1000e', 'net0', 'pci.3', '00.0'),
    dev('virtio-scsi-pci', 'scsi0', 'pci.4', '00.0'),
    dev('pci-bridge', 'pci.6', 'pci.5', '00.0', ['pci.6']),
    dev('rtl8139', 'net1', 'pci.6', '01.0'),
    dev('intel-hda', 'sound0', 'pci.6', '02.0'),
    dev('virtio-gpu-pci', 'video1', 'pci.7', '00.0'),
    dev('virtio-tablet-pci', 'input0', 'pci.8', '00.0'),
    dev('virtio-mouse-pci', 'input1', 'pci.9', '00.0'),
  ]));
});

test('pc: built-in PIIX functions, companions without ids, USB/HDA/virtio child buses are not PCI buses', () => {
  const tree = parseQtree(readFixture('pcb.qtree.txt'));
  assert.equal(byLocation(tree), byLocation([
    dev('i440FX', undefined, 'pci.0', '00.0'),
    dev('PIIX3', undefined, 'pci.0', '01.0'),
    dev('piix3-ide', undefined, 'pci.0', '01.1'),
    dev('VGA', 'video0', 'pci.0', '02.0'),
    dev('ich9-intel-hda', 'sound0', 'pci.0', '03.0'),
    dev('ich9-usb-uhci1', undefined, 'pci.0', '04.0'),
    dev('ich9-usb-uhci2', undefined, 'pci.0', '04.1'),
    dev('ich9-usb-ehci1', 'usb', 'pci.0', '04.7'),
    dev('virtio-serial-pci', 'virtio-serial0', 'pci.0', '05.0'),
    dev('virtio-blk-pci', 'virtio-disk1', 'pci.0', '06.0'),
    dev('virtio-balloon-pci', 'balloon0', 'pci.0', '07.0'),
    dev('virtio-gpu-pci', 'video1', 'pci.0', '08.0'),
    dev('virtio-tablet-pci', 'input1', 'pci.0', '09.0'),
  ]));
});

test("expanders: pxb's bus hangs off pxb-host (behind QEMU's internal bridge) and is credited to the pxb", () => {
  // pcx: pxb "pci.1" at pci.0 02.0; QEMU's internal pci-bridge on pxb-internal is not a
  // function libvirt knows (its bus type is pxb-bus) and is left out.
  const pc = parseQtree(readFixture('pcx.qtree.txt'));
  assert.equal(pc.find((d) => d.driver === 'pxb'), dev('pxb', 'pci.1', 'pci.0', '02.0', ['pci.1']));
  assert.equal(pc.filter((d) => d.parentBus === 'pxb-internal'), []);
  assert.equal(pc.find((d) => d.id === 'net0'), dev('e1000', 'net0', 'pci.1', '02.0'));
  assert.equal(pc.find((d) => d.id === 'pci.2'), dev('pci-bridge', 'pci.2', 'pci.1', '01.0', ['pci.2']));
  // q35x: pxb-pcie "pci.1" at pcie.0 01.0, its root bus (type pxb-pcie-bus) holds root port pci.2.
  const q35 = parseQtree(readFixture('q35x.qtree.txt'));
  assert.equal(q35.find((d) => d.driver === 'pxb-pcie'), dev('pxb-pcie', 'pci.1', 'pcie.0', '01.0', ['pci.1']));
  assert.equal(q35.find((d) => d.id === 'pci.2'), dev('pcie-root-port', 'pci.2', 'pci.1', '00.0', ['pci.2']));
  assert.equal(q35.find((d) => d.id === 'net0'), dev('virtio-net-pci', 'net0', 'pci.2', '00.0'));
});

test('addr is read from the device itself, not from a nested device or the "class … addr" line', () => {
  const text = [
    'bus: main-system-bus',
    '  type System',
    '  dev: i440FX-pcihost, id ""',
    '    bus: pci.0',
    '      type PCI',
    '      dev: virtio-blk-pci, id "virtio-disk0"',
    '        class = 0 (0x0)',
    '        addr = 0a.0',
    '        class SCSI controller, addr 00:0b.0, pci id 1af4:1001 (sub 1af4:0002)',
    '        bus: virtio-bus',
    '          type virtio-pci-bus',
    '          dev: virtio-blk-device, id ""',
    '            addr = 1f.7',
    '',
  ].join('\r\n');
  assert.equal(parseQtree(text), [dev('virtio-blk-pci', 'virtio-disk0', 'pci.0', '0a.0')]);
});

test('a PCI function without addr is an error, not a silent skip', () => {
  const text = 'bus: main-system-bus\n  type System\n  dev: h, id ""\n    bus: pci.0\n      type PCI\n      dev: e1000, id "net0"\n';
  assert.throws(() => parseQtree(text), /no addr/);
});

test.run();
