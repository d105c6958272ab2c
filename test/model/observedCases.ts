// Tables of specs and what libvirt 9.0.0 / QEMU 7.2 on Debian 12 did with them. Every row
// was defined with `virsh -c qemu:///embed?root=…` and read back with dumpxml on
// 2026-11-23; `at` lists the addresses read back (a subset of the devices, chosen to show
// the rule named in `rule`), `pciControllers` the number of <controller type='pci'>
// libvirt ended up with, and `reject` the class of the error it printed instead.
// Addresses are "bus:slot.function" in hex, "+mf" where libvirt wrote multifunction='on'.

import type { ControllerState, DomainSpec, RejectClass } from '../../types/domain.js';
import { mac, nics, spec } from './summary.js';

/** One observed row: a spec and what libvirt did with it. */
export interface ObservedCase {
  rule: string;
  spec: DomainSpec;
  /** Canonical machine libvirt wrote. */
  machine?: string;
  pciControllers?: number;
  at?: Record<string, string>;
  /** <target> numbers read back, by controller key. */
  targets?: Record<string, ControllerState['target']>;
  reject?: RejectClass;
}

const pciAt = (slot: number, fn = 0, bus = 0, multifunction?: 'on') => ({ type: 'pci' as const, domain: 0, bus, slot, function: fn, multifunction });

// ---------------------------------------------------------------- i440fx (machine 'pc'), observed 2026-11-23

export const I440FX_CASES: ObservedCase[] = [
  {
    rule: 'defaults: PIIX3 USB at 1.2, balloon on the first free slot (2), ps2 inputs without address',
    spec: spec('pc'),
    machine: 'pc-i440fx-7.2',
    pciControllers: 1,
    at: { 'controller:usb:0': 'piix3-uhci@00:01.2', 'controller:pci:0': 'pci-root@none', memballoon: '00:02.0', 'input:ps2:0': 'none', 'input:ps2:1': 'none' },
  },
  {
    rule: 'graphics without <video> add a cirrus primary video, pinned to slot 2',
    spec: spec('pc', { graphics: true }),
    at: { 'video:0': '00:02.0', memballoon: '00:03.0' },
  },
  {
    rule: "libvirt's fixed order from slot 3: nets, sounds, controllers, virtio disks, balloon, rng, watchdog, other videos, virtio inputs",
    spec: spec('pc', {
      videos: [{ model: 'qxl' }, { model: 'qxl' }],
      inputs: [{ type: 'keyboard', bus: 'virtio' }],
      watchdogs: [{ model: 'i6300esb' }],
      rngs: [{ model: 'virtio' }],
      memballoon: { model: 'virtio' },
      disks: [{ device: 'disk', bus: 'virtio', target: 'vda' }],
      controllers: [{ type: 'scsi', index: 0, model: 'virtio-scsi' }],
      sounds: [{ model: 'ich6' }],
      nets: nics(1),
    }),
    pciControllers: 1,
    at: {
      'video:0': '00:02.0',
      [`net:${mac(0)}`]: '00:03.0',
      'sound:0': '00:04.0',
      'controller:scsi:0': 'virtio-scsi@00:05.0',
      'disk:vda': '00:06.0',
      memballoon: '00:07.0',
      'rng:0': '00:08.0',
      'watchdog:0': '00:09.0',
      'video:1': '00:0a.0',
      'input:virtio:0': '00:0b.0',
    },
  },
  {
    rule: 'virtio disks are walked in target order (vdb before vdc), not in XML order',
    spec: spec('pc', { disks: [{ device: 'disk', bus: 'virtio', target: 'vdc' }, { device: 'disk', bus: 'virtio', target: 'vdb' }] }),
    at: { 'disk:vdb': '00:02.0', 'disk:vdc': '00:03.0', memballoon: '00:04.0' },
  },
  {
    rule: 'a sata disk adds an AHCI controller (plain PCI device), an ide cdrom uses the PIIX3 IDE at 1.1, scsi adds lsilogic',
    spec: spec('pc', {
      disks: [
        { device: 'disk', bus: 'sata', target: 'sda' },
        { device: 'cdrom', bus: 'ide', target: 'hdc' },
        { device: 'disk', bus: 'scsi', target: 'sdb' },
      ],
    }),
    at: {
      'controller:ide:0': '@00:01.1',
      'controller:scsi:0': 'lsilogic@00:02.0',
      'controller:sata:0': '@00:03.0',
      'disk:sda': 'drive',
      'disk:hdc': 'drive',
      'disk:sdb': 'drive',
      memballoon: '00:04.0',
    },
  },
  {
    rule: '28 NICs fit: the dry run keeps one slot for a bridge, the real pass then uses slots 2..29 and the balloon 30',
    spec: spec('pc', { nets: nics(28) }),
    pciControllers: 1,
    at: { [`net:${mac(0)}`]: '00:02.0', [`net:${mac(27)}`]: '00:1d.0', memballoon: '00:1e.0' },
  },
  {
    rule: '29 NICs: the reserved bridge slot pushes the balloon past slot 31, so a pci-bridge is added and takes slot 2',
    spec: spec('pc', { nets: nics(29) }),
    pciControllers: 2,
    at: { 'controller:pci:1': 'pci-bridge@00:02.0', [`net:${mac(0)}`]: '00:03.0', [`net:${mac(28)}`]: '00:1f.0', memballoon: '01:01.0' },
    targets: { 'controller:pci:1': { chassisNr: 1 } },
  },
  {
    rule: '33 NICs: NICs 3..31 on pci-root, the rest and the balloon behind the auto-added bridge',
    spec: spec('pc', { nets: nics(33) }),
    pciControllers: 2,
    at: { 'controller:pci:1': 'pci-bridge@00:02.0', [`net:${mac(28)}`]: '00:1f.0', [`net:${mac(29)}`]: '01:01.0', [`net:${mac(32)}`]: '01:04.0', memballoon: '01:05.0' },
  },
  {
    rule: 'a user address is reserved first; automatic placement flows around it',
    spec: spec('pc', { nets: [{ model: 'virtio', mac: mac(0) }, { model: 'e1000', mac: mac(1), address: { type: 'pci', slot: 2 } }] }),
    at: { [`net:${mac(1)}`]: '00:02.0', [`net:${mac(0)}`]: '00:03.0', memballoon: '00:04.0' },
  },
  {
    rule: 'a bus-only address of bus 0 is all zeros, which libvirt treats as "no address"',
    spec: spec('pc', { nets: [{ model: 'virtio', mac: mac(0), address: { type: 'pci', bus: 0 } }] }),
    at: { [`net:${mac(0)}`]: '00:02.0' },
  },
  {
    rule: 'two functions of one slot: function 0 gets multifunction=on',
    spec: spec('pc', {
      nets: [
        { model: 'virtio', mac: mac(0), address: pciAt(5, 0) },
        { model: 'virtio', mac: mac(1), address: pciAt(5, 1) },
      ],
    }),
    at: { [`net:${mac(0)}`]: '00:05.0+mf', [`net:${mac(1)}`]: '00:05.1', memballoon: '00:02.0' },
  },
  {
    rule: 'an address on a bus that does not exist yet makes the dry run add pci-bridges up to it',
    spec: spec('pc', { nets: [{ model: 'virtio', mac: mac(0), address: { type: 'pci', bus: 1, slot: 3 } }] }),
    pciControllers: 2,
    at: { 'controller:pci:1': 'pci-bridge@00:02.0', [`net:${mac(0)}`]: '01:03.0', memballoon: '00:03.0' },
  },
  {
    rule: 'an EHCI set shares one slot: ehci1 on function 7, uhci1 on 0 (multifunction), uhci2 on 1',
    spec: spec('pc', {
      controllers: [
        { type: 'usb', index: 0, model: 'ich9-ehci1' },
        { type: 'usb', index: 0, model: 'ich9-uhci1', masterStartport: 0 },
        { type: 'usb', index: 0, model: 'ich9-uhci2', masterStartport: 2 },
      ],
    }),
    at: { 'controller:usb:0': 'ich9-ehci1@00:02.7 ich9-uhci1@00:02.0+mf ich9-uhci2@00:02.1', memballoon: '00:03.0' },
  },
  // observed 2026-12-05 (libvirt 9.0, all three layers): companions written without <master>
  {
    rule: 'an EHCI and a UHCI1 without <master>: the same set, UHCI1 on function 0 (multifunction)',
    spec: spec('pc', {
      controllers: [
        { type: 'usb', index: 0, model: 'ich9-ehci1' },
        { type: 'usb', index: 0, model: 'ich9-uhci1' },
      ],
      nets: [{ model: 'e1000', mac: mac(0) }],
      inputs: [{ type: 'tablet', bus: 'usb' }],
    }),
    at: { 'controller:usb:0': 'ich9-ehci1@00:03.7 ich9-uhci1@00:03.0+mf', [`net:${mac(0)}`]: '00:02.0', memballoon: '00:04.0' },
  },
  { rule: 'UHCI1 and UHCI2 without <master> and without their EHCI', spec: spec('q35', { controllers: [{ type: 'usb', index: 0, model: 'ich9-uhci1' }, { type: 'usb', index: 0, model: 'ich9-uhci2' }] }), reject: 'other' },
  {
    rule: 'three USB devices on the two ports of PIIX3 UHCI: libvirt adds one USB hub',
    spec: spec('pc', { inputs: [{ type: 'tablet', bus: 'usb' }, { type: 'mouse', bus: 'usb' }], disks: [{ device: 'disk', bus: 'usb', target: 'sda' }] }),
    at: { 'hub:0': 'usb', 'input:usb:1': 'usb', 'disk:sda': 'usb' },
  },
  {
    rule: 'nine USB devices on two ports: (9 - 2 + 1) / 7 rounded up = two hubs',
    spec: spec('pc', { inputs: Array.from({ length: 9 }, () => ({ type: 'tablet' as const, bus: 'usb' as const })) }),
    at: { 'hub:0': 'usb', 'hub:1': 'usb', 'input:usb:8': 'usb' },
  },
  {
    rule: 'an EHCI set counts only the EHCI\'s 6 ports (its companions add none): 7 USB devices need one hub',
    spec: spec('pc', {
      controllers: [
        { type: 'usb', index: 0, model: 'ich9-ehci1' },
        { type: 'usb', index: 0, model: 'ich9-uhci1', masterStartport: 0 },
      ],
      inputs: Array.from({ length: 7 }, () => ({ type: 'tablet' as const, bus: 'usb' as const })),
    }),
    at: { 'hub:0': 'usb', 'input:usb:6': 'usb' },
  },
  { rule: 'two devices on one address', spec: spec('pc', { nets: [{ model: 'virtio', mac: mac(0), address: pciAt(5) }, { model: 'e1000', mac: mac(1), address: pciAt(5) }] }), reject: 'address-in-use' },
  { rule: 'a device on the PIIX3 ISA bridge function 1.0', spec: spec('pc', { nets: [{ model: 'virtio', mac: mac(0), address: pciAt(1) }] }), reject: 'address-in-use' },
  {
    rule: 'slot 0 of a pci-bridge (its slots start at 1)',
    spec: spec('pc', { controllers: [{ type: 'pci', index: 1, model: 'pci-bridge' }], nets: [{ model: 'virtio', mac: mac(0), address: { type: 'pci', bus: 1, slot: 0 } }] }),
    reject: 'invalid-address',
  },
  { rule: 'PIIX3 USB moved off 1.2', spec: spec('pc', { controllers: [{ type: 'usb', index: 0, model: 'piix3-uhci', address: pciAt(5) }] }), reject: 'invalid-address' },
  { rule: 'pcie-root at index 0 of a pc', spec: spec('pc', { controllers: [{ type: 'pci', index: 0, model: 'pcie-root' }] }), reject: 'wrong-controller' },
  { rule: 'a PCI controller without index becomes index 0', spec: spec('pc', { controllers: [{ type: 'pci', model: 'pci-bridge' }] }), reject: 'wrong-controller' },
  { rule: 'a pcie-root-port has nowhere to plug in on pc', spec: spec('pc', { controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port' }] }), reject: 'no-free-slot' },
  { rule: 'an IDE disk past the 4 units of the one IDE controller', spec: spec('pc', { disks: [{ device: 'cdrom', bus: 'ide', target: 'hde' }] }), reject: 'unsupported-by-machine' },
  {
    rule: 'an address conflict is reported before validation errors (here: a second IDE controller)',
    spec: spec('pc', { disks: [{ device: 'cdrom', bus: 'ide', target: 'hde' }], nets: [{ model: 'virtio', mac: mac(0), address: pciAt(5) }, { model: 'virtio', mac: mac(1), address: pciAt(5) }] }),
    reject: 'address-in-use',
  },
  {
    rule: "the parser's USB checks come first: a lone UHCI companion is refused before the bad root model is noticed",
    spec: spec('pc', { controllers: [{ type: 'pci', model: 'pci-bridge' }, { type: 'usb', index: 1, model: 'ich9-uhci1' }] }),
    reject: 'other',
  },
  {
    rule: 'a UHCI companion is fine next to any other user USB controller (here PIIX3 UHCI at index 2)',
    spec: spec('pc', { controllers: [{ type: 'usb', index: 1, model: 'ich9-uhci1' }, { type: 'usb', index: 2, model: 'piix3-uhci' }] }),
    at: { 'controller:usb:0': 'piix3-uhci@00:01.2', 'controller:usb:1': 'ich9-uhci1@00:02.0+mf', 'controller:usb:2': 'piix3-uhci@00:03.0' },
  },
  { rule: "USB model 'none' mixed with another USB controller", spec: spec('pc', { controllers: [{ type: 'usb', index: 1, model: 'qemu-xhci' }, { type: 'usb', index: 0, model: 'none' }] }), reject: 'other' },
  {
    rule: "a pci-bridge takes no 'chassis' (libvirt writes its own chassisNr); refused at validation, after the one-IDE-controller check",
    spec: spec('pc', { controllers: [{ type: 'pci', index: 1, model: 'pci-bridge', target: { chassis: 3 } }] }),
    reject: 'other',
  },
  {
    rule: 'the one-IDE-controller check comes before controller option validation',
    spec: spec('pc', { controllers: [{ type: 'pci', index: 1, model: 'pci-bridge', target: { chassis: 3 } }], disks: [{ device: 'cdrom', bus: 'ide', target: 'hde' }] }),
    reject: 'unsupported-by-machine',
  },
  { rule: 'vga only as the primary video', spec: spec('pc', { videos: [{ model: 'qxl' }, { model: 'vga' }] }), reject: 'other' },
  { rule: 'two watchdogs', spec: spec('pc', { watchdogs: [{ model: 'i6300esb' }, { model: 'ib700' }] }), reject: 'other' },
];

// ---------------------------------------------------------------- q35, observed 2026-11-23

export const Q35_CASES: ObservedCase[] = [
  {
    rule: 'defaults: SATA at 1f.2, xHCI and balloon each behind a root port packed on slot 1, plus one spare port',
    spec: spec('q35'),
    machine: 'pc-q35-7.2',
    pciControllers: 4,
    at: {
      'controller:pci:0': 'pcie-root@none',
      'controller:sata:0': '@00:1f.2',
      'controller:pci:1': 'pcie-root-port@00:01.0+mf',
      'controller:pci:2': 'pcie-root-port@00:01.1',
      'controller:pci:3': 'pcie-root-port@00:01.2',
      'controller:usb:0': 'qemu-xhci@01:00.0',
      memballoon: '02:00.0',
    },
  },
  {
    rule: 'the primary video is pinned to slot 1, so root ports start on slot 2',
    spec: spec('q35', { graphics: true }),
    at: { 'video:0': '00:01.0', 'controller:pci:1': 'pcie-root-port@00:02.0+mf', memballoon: '02:00.0' },
  },
  {
    rule: 'a conventional PCI NIC (e1000) gets a pcie-to-pci-bridge behind its own root port, and sits on slot 1 of the bridge',
    spec: spec('q35', { nets: nics(1, 'e1000') }),
    pciControllers: 6,
    at: {
      'controller:pci:1': 'pcie-root-port@00:01.0+mf',
      'controller:pci:2': 'pcie-to-pci-bridge@01:00.0',
      [`net:${mac(0)}`]: '02:01.0',
      'controller:usb:0': 'qemu-xhci@03:00.0',
      memballoon: '04:00.0',
      'controller:pci:5': 'pcie-root-port@00:01.3',
    },
  },
  {
    rule: '8 NICs + xHCI + balloon + spare = 11 root ports: 8 functions of slot 1, then slot 2',
    spec: spec('q35', { nets: nics(8) }),
    pciControllers: 12,
    at: { 'controller:pci:8': 'pcie-root-port@00:01.7', 'controller:pci:9': 'pcie-root-port@00:02.0+mf', 'controller:pci:11': 'pcie-root-port@00:02.2', [`net:${mac(0)}`]: '01:00.0', 'controller:usb:0': 'qemu-xhci@09:00.0', memballoon: '0a:00.0' },
  },
  {
    rule: '16 NICs: 19 root ports, the third slot is opened',
    spec: spec('q35', { nets: nics(16) }),
    pciControllers: 20,
    at: { 'controller:pci:16': 'pcie-root-port@00:02.7', 'controller:pci:17': 'pcie-root-port@00:03.0+mf', 'controller:pci:19': 'pcie-root-port@00:03.2', [`net:${mac(15)}`]: '10:00.0', memballoon: '12:00.0' },
  },
  {
    rule: 'ICH9 audio is pinned to 1b.0; ich6 needs the PCI bridge',
    spec: spec('q35', { sounds: [{ model: 'ich6' }, { model: 'ich9' }] }),
    at: { 'sound:1': '00:1b.0', 'controller:pci:2': 'pcie-to-pci-bridge@01:00.0', 'sound:0': '02:01.0' },
  },
  {
    rule: 'user-given PCI controllers: no spare root port is added, and PCI controllers are placed before any device',
    spec: spec('q35', { controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port' }], nets: nics(1) }),
    pciControllers: 4,
    at: { 'controller:pci:1': 'pcie-root-port@00:01.0+mf', [`net:${mac(0)}`]: '01:00.0', 'controller:usb:0': 'qemu-xhci@02:00.0', memballoon: '03:00.0' },
  },
  {
    rule: 'a user may put an endpoint straight on pcie.0',
    spec: spec('q35', { nets: [{ model: 'virtio', mac: mac(0), address: pciAt(5) }] }),
    at: { [`net:${mac(0)}`]: '00:05.0', 'controller:usb:0': 'qemu-xhci@01:00.0', memballoon: '02:00.0' },
  },
  {
    rule: 'an e1000 addressed to bus 1 with no controllers: the dry run adds root port + pcie-to-pci-bridge and bumps the address to bus 2',
    spec: spec('q35', { nets: [{ model: 'e1000', mac: mac(0), address: { type: 'pci', bus: 1, slot: 3 } }] }),
    pciControllers: 6,
    at: { 'controller:pci:2': 'pcie-to-pci-bridge@01:00.0', [`net:${mac(0)}`]: '02:03.0' },
  },
  {
    rule: 'five USB devices on the 4 ports of qemu-xhci: one hub',
    spec: spec('q35', { inputs: Array.from({ length: 5 }, () => ({ type: 'tablet' as const, bus: 'usb' as const })) }),
    at: { 'hub:0': 'usb', 'controller:usb:0': 'qemu-xhci@01:00.0' },
  },
  {
    rule: "user chassis/port on a root port are kept; the balloon's auto-added port gets chassis=index, port=slot*8+function (no spare: the user gave a PCI controller)",
    spec: spec('q35', { controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port', target: { chassis: 9, port: 40 } }] }),
    at: { 'controller:pci:1': 'pcie-root-port@00:01.0+mf', 'controller:usb:0': 'qemu-xhci@01:00.0' },
    pciControllers: 3,
    targets: { 'controller:pci:1': { chassis: 9, port: 40 }, 'controller:pci:2': { chassis: 2, port: 9 } },
  },
  {
    rule: 'controller option validation (chassis on a pcie-to-pci-bridge) is reported before "IDE unsupported"',
    spec: spec('q35', { controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port' }, { type: 'pci', index: 2, model: 'pcie-to-pci-bridge', target: { chassis: 4 } }], disks: [{ device: 'cdrom', bus: 'ide', target: 'hdc' }] }),
    reject: 'other',
  },
  {
    rule: "a user's <controller type='usb'/> without model is PIIX3 UHCI even on q35 (only the implicit one is an xHCI), so it needs the PCI bridge",
    spec: spec('q35', { controllers: [{ type: 'usb' }] }),
    pciControllers: 5,
    at: { 'controller:usb:0': 'piix3-uhci@02:01.0', 'controller:pci:2': 'pcie-to-pci-bridge@01:00.0', memballoon: '03:00.0' },
  },
  { rule: 'IDE on q35', spec: spec('q35', { disks: [{ device: 'cdrom', bus: 'ide', target: 'hdc' }] }), reject: 'unsupported-by-machine' },
  { rule: 'SATA 0 moved off 1f.2', spec: spec('q35', { controllers: [{ type: 'sata', index: 0, address: pciAt(5) }] }), reject: 'invalid-address' },
  { rule: 'a device on the LPC bridge 1f.0', spec: spec('q35', { nets: [{ model: 'virtio', mac: mac(0), address: pciAt(0x1f) }] }), reject: 'address-in-use' },
  { rule: 'pci-root at index 0 of a q35', spec: spec('q35', { controllers: [{ type: 'pci', index: 0, model: 'pci-root' }] }), reject: 'wrong-controller' },
  {
    rule: 'a root port has a single slot 0',
    spec: spec('q35', { controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port' }], nets: [{ model: 'virtio', mac: mac(0), address: { type: 'pci', bus: 1, slot: 3 } }] }),
    reject: 'invalid-address',
  },
  { rule: 'a lone UHCI companion without its EHCI', spec: spec('q35', { controllers: [{ type: 'usb', index: 1, model: 'ich9-uhci2', masterStartport: 2 }] }), reject: 'other' },
];
