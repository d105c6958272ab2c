// Rows observed while widening the model to libvirt's own test inputs : each was
// defined with `virsh -c qemu:///embed?root=…` against libvirt 9.0.0 / QEMU 7.2 (Debian 12)
// and read back with dumpxml on 2026-11-23. Same row shape as observedCases.ts.

import type { DomainSpec, HostdevSpec, NetSpec, PciHostdevSpec } from '../../types/domain.js';
import type { ObservedCase } from './observedCases.js';
import { mac, nics, spec } from './summary.js';

/** Virtio channels and consoles: the virtio-serial controllers libvirt adds for them, and where. */
export const VIRTIO_PORT_CASES: ObservedCase[] = [
  {
    // observed 2026-12-06 on 9.0, 11.3 and 12.8, all three layers (an independent generator's file wrote it)
    rule: "model='virtio' written on a virtio-serial controller is kept, unlike no model",
    spec: spec('pc', { controllers: [{ type: 'virtio-serial', index: 0, model: 'virtio' }, { type: 'virtio-serial', index: 1 }] }),
    at: { 'controller:virtio-serial:0': 'virtio@00:02.0', 'controller:virtio-serial:1': '@00:03.0' },
  },
  {
    rule: 'a virtio channel without address adds virtio-serial 0, on the first free slot',
    spec: spec('pc', { virtioPorts: [{ kind: 'channel' }] }),
    pciControllers: 1,
    at: { 'controller:virtio-serial:0': '@00:02.0', memballoon: '00:03.0' },
  },
  {
    rule: "a channel's address names the controller added; channels' controllers are appended before consoles', after the user's",
    spec: spec('pc', {
      nets: [{ model: 'virtio', mac: mac(0) }],
      controllers: [{ type: 'scsi', model: 'virtio-scsi' }],
      virtioPorts: [{ kind: 'channel', controller: 2 }, { kind: 'console' }],
    }),
    at: { [`net:${mac(0)}`]: '00:02.0', 'controller:scsi:0': 'virtio-scsi@00:03.0', 'controller:virtio-serial:2': '@00:04.0', 'controller:virtio-serial:0': '@00:05.0', memballoon: '00:06.0' },
  },
  {
    rule: 'the order is by kind, not by document order; disk controllers libvirt adds come first',
    spec: spec('pc', {
      virtioPorts: [{ kind: 'console' }, { kind: 'channel', controller: 2 }],
      disks: [{ device: 'cdrom', bus: 'scsi', target: 'sda' }],
    }),
    at: { 'controller:scsi:0': 'lsilogic@00:02.0', 'controller:virtio-serial:2': '@00:03.0', 'controller:virtio-serial:0': '@00:04.0' },
  },
  {
    rule: "q35: the added virtio-serial 0 comes after the user's virtio-serial 1 and the implicit xHCI, each on its own root port",
    spec: spec('q35', { controllers: [{ type: 'virtio-serial', index: 1 }], virtioPorts: [{ kind: 'channel' }] }),
    at: { 'controller:virtio-serial:1': '@01:00.0', 'controller:usb:0': 'qemu-xhci@02:00.0', 'controller:virtio-serial:0': '@03:00.0', memballoon: '04:00.0' },
  },
  {
    rule: 'a channel naming an existing controller adds none',
    spec: spec('pc', { controllers: [{ type: 'virtio-serial', index: 0 }], nets: nics(1), virtioPorts: [{ kind: 'channel', controller: 0 }] }),
    pciControllers: 1,
    at: { [`net:${mac(0)}`]: '00:02.0', 'controller:virtio-serial:0': '@00:03.0' },
  },
];

const nicAt = (i: number, address: NonNullable<NetSpec['address']>): NetSpec => ({ model: 'rtl8139', mac: mac(i), address });
const twoWatchdogs: DomainSpec['watchdogs'] = [{ model: 'i6300esb' }, { model: 'i6300esb' }];
const rootAt7: DomainSpec['controllers'][number] = { type: 'pci', index: 7, model: 'pci-root' };

/** What the parser refuses before the machine is looked up, in the order libvirt reports it. */
export const PARSE_CASES: ObservedCase[] = [
  // observed 2026-12-05 on libvirt 9.0, 11.3 and 12.8 with a q35 guest of virtio-scsi disks and a NIC
  { rule: "a device's <boot order> beside <os><boot dev>", spec: spec('q35', { bootOrderWithOsBoot: true, controllers: [{ type: 'scsi', model: 'virtio-scsi' }], disks: [{ device: 'disk', bus: 'scsi', target: 'sda' }], nets: [{ model: 'virtio', mac: mac(0) }] }), reject: 'other' },
  { rule: "bus='0x100' is refused by the parser", spec: spec('pc', { nets: [nicAt(0, { type: 'pci', bus: 0x100 })] }), reject: 'invalid-address' },
  { rule: "bus='0x100' is refused before an unknown machine", spec: spec('pc-1.2', { nets: [nicAt(0, { type: 'pci', bus: 0x100 })] }), reject: 'invalid-address' },
  { rule: "slot='0x20' is refused before an unknown machine", spec: spec('pc-1.2', { nets: [nicAt(0, { type: 'pci', slot: 0x20 })] }), reject: 'invalid-address' },
  { rule: 'function 8 with slot 3 is refused before an unknown machine', spec: spec('pc-1.2', { nets: [nicAt(0, { type: 'pci', slot: 3, function: 8 })] }), reject: 'invalid-address' },
  {
    rule: 'an address giving only a function (even 8) reads as no address',
    spec: spec('pc', { nets: [nicAt(0, { type: 'pci', function: 8 }), nicAt(1, { type: 'pci', function: 3 })] }),
    at: { [`net:${mac(0)}`]: '00:02.0', [`net:${mac(1)}`]: '00:03.0' },
  },
  { rule: 'domain 1 with a function is checked later, against the buses', spec: spec('pc', { nets: [nicAt(0, { type: 'pci', domain: 1, function: 3 })] }), reject: 'invalid-address' },
  { rule: 'a pci-root at index 7', spec: spec('pc', { controllers: [rootAt7] }), reject: 'other' },
  { rule: 'a pcie-root at index 3 on q35', spec: spec('q35', { controllers: [{ type: 'pci', index: 3, model: 'pcie-root' }] }), reject: 'other' },
  { rule: 'a pci-root at index 7 is reported before an unknown machine', spec: spec('pc-1.2', { controllers: [rootAt7] }), reject: 'other' },
  { rule: 'the wrong root at index 0 is reported before a root at index 7', spec: spec('pc', { controllers: [rootAt7, { type: 'pci', index: 0, model: 'pcie-root' }] }), reject: 'wrong-controller' },
  {
    rule: 'a root at index 7 is reported before two NICs on one address',
    spec: spec('pc', { controllers: [rootAt7], nets: [nicAt(0, { type: 'pci', slot: 5 }), nicAt(1, { type: 'pci', slot: 5 })] }),
    reject: 'other',
  },
  { rule: 'two NICs on one address are reported before an unknown machine', spec: spec('pc-1.2', { nets: [nicAt(0, { type: 'pci', slot: 5 }), nicAt(1, { type: 'pci', slot: 5 })] }), reject: 'address-in-use' },
  { rule: 'an unknown machine is reported before "Only 1 IDE controller"', spec: spec('pc-1.2', { controllers: [{ type: 'ide', index: 1 }] }), reject: 'unknown-machine' },
  {
    rule: "USB 'none' then another USB controller is refused before a NIC's bad slot",
    spec: spec('pc', { controllers: [{ type: 'usb', model: 'none' }, { type: 'usb', index: 1 }], nets: [nicAt(0, { type: 'pci', slot: 0x20 })] }),
    reject: 'other',
  },
  {
    rule: 'a controller with a bad slot parsed before the USB clash is refused first',
    spec: spec('pc', { controllers: [{ type: 'scsi', index: 0, address: { type: 'pci', slot: 0x20 } }, { type: 'usb', model: 'none' }, { type: 'usb', index: 1 }] }),
    reject: 'invalid-address',
  },
  {
    rule: '"No master USB controller" comes after every controller has been parsed',
    spec: spec('pc', { controllers: [{ type: 'usb', index: 1, model: 'ich9-uhci2', masterStartport: 2 }, { type: 'scsi', index: 0, address: { type: 'pci', slot: 0x20 } }] }),
    reject: 'invalid-address',
  },
  { rule: 'two watchdogs are refused before an RNG with a bad slot', spec: spec('pc', { watchdogs: twoWatchdogs, rngs: [{ model: 'virtio', address: { type: 'pci', slot: 0x20 } }] }), reject: 'other' },
  { rule: 'a video with a bad slot is refused before two watchdogs', spec: spec('pc', { watchdogs: twoWatchdogs, videos: [{ model: 'qxl', address: { type: 'pci', slot: 0x20 } }] }), reject: 'invalid-address' },
];

const bridge = (index: number, chassisNr?: number): DomainSpec['controllers'][number] =>
  chassisNr === undefined ? { type: 'pci', index, model: 'pci-bridge' } : { type: 'pci', index, model: 'pci-bridge', target: { chassisNr } };
const twoScsi: DomainSpec['controllers'] = [{ type: 'scsi', index: 0 }, { type: 'scsi', index: 0 }];

/** A pci-bridge's chassisNr, duplicate controller indexes, and the explicit second IDE controller. */
export const CONTROLLER_CASES: ObservedCase[] = [
  { rule: "a pci-bridge keeps the user's chassisNr", spec: spec('pc', { controllers: [bridge(1, 56)] }), at: { 'controller:pci:1': 'pci-bridge@00:02.0' }, targets: { 'controller:pci:1': { chassisNr: 56 } } },
  { rule: 'two pci-bridges may share a chassisNr', spec: spec('pc', { controllers: [bridge(1, 5), bridge(2, 5)] }), pciControllers: 3 },
  { rule: 'chassisNr 0 is out of range', spec: spec('pc', { controllers: [bridge(1, 0)] }), reject: 'other' },
  { rule: 'chassisNr 256 is out of range', spec: spec('pc', { controllers: [bridge(1, 256)] }), reject: 'other' },
  { rule: 'chassisNr is refused on a pcie-root-port', spec: spec('q35', { controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port', target: { chassisNr: 5 } }] }), reject: 'other' },
  { rule: 'chassisNr is refused on a dmi-to-pci-bridge', spec: spec('q35', { controllers: [{ type: 'pci', index: 1, model: 'dmi-to-pci-bridge', target: { chassisNr: 5 } }] }), reject: 'other' },
  { rule: 'two SCSI controllers with index 0', spec: spec('pc', { controllers: twoScsi }), reject: 'other' },
  { rule: 'two controllers with one index are reported before an unknown machine', spec: spec('pc-1.2', { controllers: twoScsi }), reject: 'other' },
  {
    rule: 'two controllers with one index are reported before two NICs on one address',
    spec: spec('pc', { controllers: twoScsi, nets: [nicAt(0, { type: 'pci', slot: 5 }), nicAt(1, { type: 'pci', slot: 5 })] }),
    reject: 'other',
  },
  { rule: "an explicit IDE controller 1 is refused by validation ('Only a single IDE controller')", spec: spec('pc', { controllers: [{ type: 'ide', index: 1 }] }), reject: 'other' },
  {
    rule: 'a disk on IDE controller 1 is refused first, while drive addresses are assigned',
    spec: spec('pc', { controllers: [{ type: 'ide', index: 1 }], disks: [{ device: 'cdrom', bus: 'ide', target: 'hde' }] }),
    reject: 'unsupported-by-machine',
  },
];

const hostdev = (fn: number, address?: PciHostdevSpec['address']): PciHostdevSpec => ({ source: { domain: 0, bus: 6, slot: 0x12, function: fn }, ...(address ? { address } : {}) });

/** PCI host devices absent from the host (libvirt assumes PCI Express): where they go, and the duplicate check. */
export const HOSTDEV_CASES: ObservedCase[] = [
  // observed 2026-12-06 on 9.0, 11.3 and 12.8 (libvirt's hostdev-pci-address-unassigned input)
  { rule: 'an unassigned host device takes no guest address; the next one takes the slot it would have had', spec: spec('pc', { hostdevs: [{ ...hostdev(0), unassigned: true }, hostdev(1)] }), at: { 'hostdev:0': 'unassigned', 'hostdev:1': '00:02.0' } },
  {
    rule: 'a host device goes after the controllers',
    spec: spec('pc', { nets: [{ model: 'rtl8139', mac: mac(0) }], hostdevs: [hostdev(5)], sounds: [{ model: 'ich6' }], controllers: [{ type: 'scsi', model: 'virtio-scsi' }] }),
    at: { [`net:${mac(0)}`]: '00:02.0', 'sound:0': '00:03.0', 'controller:scsi:0': 'virtio-scsi@00:04.0', 'hostdev:0': '00:05.0', memballoon: '00:06.0' },
  },
  {
    rule: 'host devices go after virtio disks, before the balloon, RNGs, watchdog, secondary videos and virtio inputs',
    spec: spec('pc', {
      hostdevs: [hostdev(5), hostdev(6)],
      disks: [{ device: 'disk', bus: 'virtio', target: 'vda' }],
      rngs: [{ model: 'virtio' }],
      watchdogs: [{ model: 'i6300esb' }],
      inputs: [{ type: 'keyboard', bus: 'virtio' }],
      videos: [{ model: 'qxl' }, { model: 'qxl' }],
    }),
    at: { 'video:0': '00:02.0', 'disk:vda': '00:03.0', 'hostdev:0': '00:04.0', 'hostdev:1': '00:05.0', memballoon: '00:06.0', 'rng:0': '00:07.0', 'watchdog:0': '00:08.0', 'video:1': '00:09.0', 'input:virtio:0': '00:0a.0' },
  },
  {
    rule: 'q35: an absent host device is taken as PCI Express and gets a root port',
    spec: spec('q35', { hostdevs: [hostdev(5)], nets: [{ model: 'e1000', mac: mac(0) }] }),
    pciControllers: 7,
    at: { [`net:${mac(0)}`]: '02:01.0', 'controller:usb:0': 'qemu-xhci@03:00.0', 'hostdev:0': '04:00.0', memballoon: '05:00.0' },
  },
  {
    rule: "an interface of type hostdev is placed with the host devices, before the <hostdev> ones; its line is the NIC's (q35)",
    spec: spec('q35', { disks: [{ device: 'disk', bus: 'virtio', target: 'vda' }], nets: [{ model: 'virtio', mac: mac(1) }, { model: 'e1000', mac: mac(3) }], hostdevNets: [{ mac: mac(2), source: { domain: 0, bus: 0x7f, slot: 0x1e, function: 3 } }], hostdevs: [hostdev(7)] }),
    at: { [`net:${mac(1)}`]: '02:00.0', [`net:${mac(3)}`]: '03:01.0', 'controller:usb:0': 'qemu-xhci@04:00.0', 'disk:vda': '05:00.0', [`net:${mac(2)}`]: '06:00.0', 'hostdev:0': '07:00.0', memballoon: '08:00.0' },
  },
  { rule: 'the same host device twice', spec: spec('pc', { hostdevs: [hostdev(5), hostdev(5)] }), reject: 'other' },
  { rule: 'the same host device twice is reported after a disk on IDE controller 1', spec: spec('pc', { hostdevs: [hostdev(5), hostdev(5)], disks: [{ device: 'cdrom', bus: 'ide', target: 'hde' }] }), reject: 'unsupported-by-machine' },
  { rule: 'the same host device twice is reported after two NICs on one address', spec: spec('pc', { hostdevs: [hostdev(5), hostdev(5)], nets: [nicAt(0, { type: 'pci', slot: 5 }), nicAt(1, { type: 'pci', slot: 5 })] }), reject: 'address-in-use' },
  { rule: 'the same host device twice is reported after an unknown machine', spec: spec('pc-1.2', { hostdevs: [hostdev(5), hostdev(5)] }), reject: 'unknown-machine' },
  { rule: "a host device's bad slot is a parse error, before two watchdogs", spec: spec('pc', { hostdevs: [hostdev(5, { type: 'pci', slot: 0x20 })], watchdogs: twoWatchdogs }), reject: 'invalid-address' },
];

const usbHostdev = (product: string): HostdevSpec => ({ subsystem: 'usb', source: { vendor: '0x046d', product } });

/**
 * Host USB devices, smartcards, usb-serial ports and the PC speaker, observed 2026-12-06 with `compare` of hand-made files on
 * 9.0, 11.3 and 12.8 (the same on each): USB devices (a smartcard's on the CCID controller
 * libvirt adds), refused where USB is off.
 */
export const USB_DEVICE_CASES: ObservedCase[] = [
  {
    rule: 'host USB devices take USB addresses and count among the hostdevs; a PCI one after them keeps its place',
    spec: spec('pc', { nets: [{ model: 'virtio', mac: mac(1) }], hostdevs: [usbHostdev('0xc52b'), { subsystem: 'usb', source: { bus: 1, device: 5 }, usbPort: 2 }, hostdev(7)] }),
    at: { [`net:${mac(1)}`]: '00:02.0', 'hostdev:0': 'usb', 'hostdev:1': 'usb', 'hostdev:2': '00:03.0', memballoon: '00:04.0' },
  },
  { rule: 'a host USB device beside a USB controller of model none is refused by the parser', spec: spec('pc', { controllers: [{ type: 'usb', model: 'none' }], hostdevs: [usbHostdev('0xc52b')] }), reject: 'other' },
  {
    rule: 'a smartcard gets a CCID controller, itself on USB',
    spec: spec('q35', { nets: [{ model: 'virtio', mac: mac(1) }], smartcards: [{ mode: 'host' }] }),
    at: { [`net:${mac(1)}`]: '01:00.0', 'controller:ccid:0': '@usb', 'smartcard:0': 'ccid', 'controller:usb:0': 'qemu-xhci@02:00.0', memballoon: '03:00.0' },
  },
  { rule: 'a smartcard where USB is off is refused', spec: spec('pc', { controllers: [{ type: 'usb', model: 'none' }], smartcards: [{ mode: 'host' }] }), reject: 'other' },
  { rule: 'usb-serial ports are USB devices', spec: spec('pc', { nets: [{ model: 'virtio', mac: mac(1) }], serials: [{ targetType: 'usb-serial' }, { targetType: 'usb-serial', usb: { usbPort: 2 } }] }), at: { [`net:${mac(1)}`]: '00:02.0', 'controller:usb:0': 'piix3-uhci@00:01.2', memballoon: '00:03.0' } },
  { rule: 'a usb-serial port where USB is off is refused', spec: spec('pc', { controllers: [{ type: 'usb', model: 'none' }], serials: [{ targetType: 'usb-serial' }] }), reject: 'other' },
  { rule: 'the PC speaker takes no address on pc', spec: spec('pc', { nets: [{ model: 'virtio', mac: mac(1) }], sounds: [{ model: 'pcspk' }, { model: 'ich6' }] }), at: { 'sound:0': 'none', 'sound:1': '00:03.0', memballoon: '00:04.0' } },
  { rule: 'the PC speaker takes no address on q35', spec: spec('q35', { nets: [{ model: 'virtio', mac: mac(1) }], sounds: [{ model: 'ich9' }, { model: 'pcspk' }] }), at: { 'sound:0': '00:1b.0', 'sound:1': 'none', memballoon: '03:00.0' } },
  {
    rule: "devices on the ports of the user's hub (port='1.1', '1.2') and redirected devices beside them",
    spec: spec('pc', { graphics: true, nets: [{ model: 'virtio', mac: mac(1) }], usbHubs: [{ usbPort: 1 }], inputs: [{ type: 'tablet', bus: 'usb', usbPort: 1, usbHubPort: 1 }], disks: [{ device: 'disk', bus: 'usb', target: 'sda', usbPort: 1, usbHubPort: 2 }], usbRedirdevs: [{ usbPort: 2 }, {}] }),
    at: { 'video:0': '00:02.0', [`net:${mac(1)}`]: '00:03.0', 'input:usb:0': 'usb', 'disk:sda': 'usb' },
  },
  { rule: 'a redirected device where USB is off is refused', spec: spec('pc', { controllers: [{ type: 'usb', model: 'none' }], usbRedirdevs: [{}] }), reject: 'other' },
  { rule: "the user's hub where USB is off is refused by the parser", spec: spec('pc', { controllers: [{ type: 'usb', model: 'none' }], usbHubs: [{}] }), reject: 'other' },
  { rule: 'a spicevmc redirected device without SPICE graphics is refused', spec: spec('pc', { usbRedirdevs: [{}], spiceWithoutGraphics: 'spicevmc' }), reject: 'other' },
  {
    rule: 'evdev inputs take nothing on the guest (keys input:none:N), the implicit ps2 pair stays',
    spec: spec('q35', { nets: [{ model: 'virtio', mac: mac(1) }], inputs: [{ type: 'evdev', bus: 'none', evdev: '/dev/input/by-id/usb-mouse-event-mouse' }, { type: 'evdev', bus: 'none', evdev: '/dev/input/by-id/usb-kbd-event-kbd' }, { type: 'tablet', bus: 'usb' }] }),
    at: { 'input:none:0': 'none', 'input:none:1': 'none', 'input:ps2:0': 'none', 'input:ps2:1': 'none', 'input:usb:0': 'usb', [`net:${mac(1)}`]: '01:00.0', 'controller:usb:0': 'qemu-xhci@02:00.0', memballoon: '03:00.0' },
  },
  {
    rule: 'virtio memory devices go after the vsock, each on a root port; a DIMM in a memory slot (q35)',
    spec: spec('q35', { nets: [{ model: 'virtio', mac: mac(1) }], maxMemory: true, numaCells: 1, memoryDevices: [{ model: 'virtio-mem' }, { model: 'dimm' }, { model: 'virtio-pmem' }], vsock: {}, rngs: [{ model: 'virtio' }] }),
    at: { [`net:${mac(1)}`]: '01:00.0', 'controller:usb:0': 'qemu-xhci@02:00.0', memballoon: '03:00.0', 'rng:0': '04:00.0', 'vsock:0': '05:00.0', 'memory:0': '06:00.0', 'memory:1': 'dimm', 'memory:2': '07:00.0' },
  },
  {
    rule: 'the same on pc, slot after slot',
    spec: spec('pc', { nets: [{ model: 'virtio', mac: mac(1) }], maxMemory: true, numaCells: 1, memoryDevices: [{ model: 'virtio-mem' }, { model: 'dimm' }, { model: 'virtio-pmem' }], vsock: {}, rngs: [{ model: 'virtio' }] }),
    at: { [`net:${mac(1)}`]: '00:02.0', memballoon: '00:03.0', 'rng:0': '00:04.0', 'vsock:0': '00:05.0', 'memory:0': '00:06.0', 'memory:1': 'dimm', 'memory:2': '00:07.0' },
  },
  {
    rule: 'an ivshmem-plain shared memory is conventional PCI after the videos: behind a pcie-to-pci-bridge on q35, before the vsock',
    spec: spec('q35', { nets: [{ model: 'virtio', mac: mac(1) }], shmems: [{ model: 'ivshmem-plain' }], vsock: {}, rngs: [{ model: 'virtio' }] }),
    at: { 'controller:pci:6': 'pcie-to-pci-bridge@01:00.0', [`net:${mac(1)}`]: '02:00.0', 'controller:usb:0': 'qemu-xhci@03:00.0', memballoon: '04:00.0', 'rng:0': '05:00.0', 'shmem:0': '06:01.0', 'vsock:0': '07:00.0' },
  },
  // USB ports libvirt refuses while it reserves them (observed on 9.0, 11.3 and 12.8; messages in the model)
  { rule: 'a USB port on a bus no USB controller has', spec: spec('pc', { inputs: [{ type: 'tablet', bus: 'usb', usbPort: 1, usbBus: 1 }] }), reject: 'other' },
  { rule: "a USB port past the controller's ports", spec: spec('pc', { inputs: [{ type: 'tablet', bus: 'usb', usbPort: 3 }] }), reject: 'other' },
  { rule: 'one USB port named by an input and a redirected device', spec: spec('pc', { graphics: true, inputs: [{ type: 'tablet', bus: 'usb', usbPort: 1 }], usbRedirdevs: [{ usbPort: 1 }] }), reject: 'other' },
  { rule: "a port behind a hub the user did not put there ('1.1')", spec: spec('pc', { inputs: [{ type: 'tablet', bus: 'usb', usbPort: 1, usbHubPort: 1 }] }), reject: 'other' },
  { rule: "a port past the user's hub's eight ('1.9')", spec: spec('pc', { usbHubs: [{ usbPort: 1 }], inputs: [{ type: 'tablet', bus: 'usb', usbPort: 1, usbHubPort: 9 }] }), reject: 'other' },
  {
    rule: "an index-less xHCI's ports='6' counts: port 6 is there (an independent generator's virt file; the same on pc, 11.3 and 12.8)",
    spec: spec('pc', { controllers: [{ type: 'usb', model: 'qemu-xhci', ports: 6 }], inputs: [{ type: 'keyboard', bus: 'usb', usbPort: 6 }] }),
    at: { 'input:usb:0': 'usb', 'controller:usb:0': 'qemu-xhci@00:02.0' },
  },
  { rule: 'a USB sound card is a USB device on its port', spec: spec('q35', { nets: [{ model: 'virtio', mac: mac(1) }], sounds: [{ model: 'usb', usb: { usbPort: 2 } }] }), at: { 'sound:0': 'usb', [`net:${mac(1)}`]: '01:00.0' } },
  { rule: 'a smartcard on CCID controller 1 is refused as a second one', spec: spec('pc', { ccidControllers: 2, smartcards: [{ mode: 'host', ccidController: 1 }] }), reject: 'other' },
  { rule: 'two CCID controllers and no smartcard take two USB ports', spec: spec('pc', { ccidControllers: 2, inputs: [{ type: 'tablet', bus: 'usb' }] }), at: { 'controller:usb:0': 'piix3-uhci@00:01.2', memballoon: '00:02.0' } },
  { rule: 'two smartcards are refused', spec: spec('q35', { ccidControllers: 1, smartcards: [{ mode: 'host' }, { mode: 'passthrough' }] }), reject: 'other' },
];

/** Panic devices and negative controller indexes: parse refusals, in libvirt's order. */
export const PANIC_AND_INDEX_CASES: ObservedCase[] = [
  { rule: "libvirt 9.0 does not know panic model 'pvpanic'", spec: spec('pc', { panics: [{ model: 'pvpanic' }] }), reject: 'other' },
  { rule: 'an unknown panic model is refused before an unknown machine', spec: spec('pc-1.2', { panics: [{ model: 'pvpanic' }] }), reject: 'other' },
  { rule: 'panics are read after the RNGs', spec: spec('pc', { panics: [{ model: 'pvpanic' }], rngs: [{ model: 'virtio', address: { type: 'pci', slot: 0x20 } }] }), reject: 'invalid-address' },
  { rule: 'isa and hyperv panics take no PCI address', spec: spec('pc', { panics: [{ model: 'isa' }, { model: 'hyperv' }] }), pciControllers: 1, at: { memballoon: '00:02.0' } },
  { rule: 'a negative controller index', spec: spec('pc', { controllers: [{ type: 'scsi', index: -2 }] }), reject: 'other' },
  { rule: "a negative index is refused before the same controller's bad slot", spec: spec('pc', { controllers: [{ type: 'pci', index: -1, model: 'pci-bridge', address: { type: 'pci', slot: 0x20 } }] }), reject: 'other' },
  { rule: 'a negative index is refused before an unknown machine', spec: spec('pc-1.2', { controllers: [{ type: 'pci', index: 0, model: 'pci-root' }, { type: 'pci', index: -1, model: 'pci-bridge' }] }), reject: 'other' },
];

/** `<target hotplug>` (accepted on pci-root, root and downstream ports, moving nothing) and the ioh3420 root port. */
export const HOTPLUG_AND_NAME_CASES: ObservedCase[] = [
  {
    rule: 'hotplug off on a root port does not keep devices off it',
    spec: spec('q35', { controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port', hotplug: 'off' }], nets: [{ model: 'virtio', mac: mac(0) }], memballoon: { model: 'none' } }),
    at: { [`net:${mac(0)}`]: '01:00.0', 'controller:usb:0': 'qemu-xhci@02:00.0' },
  },
  { rule: 'hotplug on a root port', spec: spec('q35', { controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port', hotplug: 'on' }] }), at: { 'controller:pci:1': 'pcie-root-port@00:01.0+mf' } },
  { rule: 'hotplug off on pc\'s pci-root', spec: spec('pc', { controllers: [{ type: 'pci', index: 0, model: 'pci-root', hotplug: 'off' }] }), at: { memballoon: '00:02.0' } },
  { rule: 'hotplug off on pcie-root', spec: spec('q35', { controllers: [{ type: 'pci', index: 0, model: 'pcie-root', hotplug: 'off' }] }), reject: 'other' },
  { rule: 'hotplug off on a pci-bridge', spec: spec('pc', { controllers: [{ type: 'pci', index: 1, model: 'pci-bridge', hotplug: 'off' }] }), reject: 'other' },
  { rule: 'hotplug off on a dmi-to-pci-bridge', spec: spec('q35', { controllers: [{ type: 'pci', index: 1, model: 'dmi-to-pci-bridge', hotplug: 'off' }] }), reject: 'other' },
  {
    rule: 'hotplug off on a pcie-to-pci-bridge',
    spec: spec('q35', { controllers: [{ type: 'pci', index: 1, model: 'pcie-to-pci-bridge', hotplug: 'off' }, { type: 'pci', index: 2, model: 'pcie-root-port' }] }),
    reject: 'other',
  },
  {
    rule: 'hotplug off on a switch upstream port',
    spec: spec('q35', { controllers: [{ type: 'pci', index: 1, model: 'pcie-switch-upstream-port', hotplug: 'off' }, { type: 'pci', index: 2, model: 'pcie-root-port' }] }),
    reject: 'other',
  },
  {
    rule: 'hotplug off on a switch downstream port',
    spec: spec('q35', { controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port' }, { type: 'pci', index: 2, model: 'pcie-switch-upstream-port' }, { type: 'pci', index: 3, model: 'pcie-switch-downstream-port', hotplug: 'off' }] }),
    pciControllers: 5,
  },
  {
    rule: 'a pcie-root-port named ioh3420 is placed like any root port',
    spec: spec('q35', { controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port', modelName: 'ioh3420' }], nets: [{ model: 'virtio', mac: mac(0) }] }),
    at: { 'controller:pci:1': 'pcie-root-port@00:01.0+mf', [`net:${mac(0)}`]: '01:00.0' },
  },
];

/** SCSI drive addresses of the user's, and the video model libvirt picks when none is written. */
export const DRIVE_AND_VIDEO_CASES: ObservedCase[] = [
  {
    rule: "a SCSI disk's drive address names its controller; libvirt adds every controller up to it",
    spec: spec('pc', { disks: [{ device: 'cdrom', bus: 'scsi', target: 'sdb', drive: { controller: 2, bus: 0, target: 0, unit: 3 } }] }),
    at: { 'controller:scsi:0': 'lsilogic@00:02.0', 'controller:scsi:1': 'lsilogic@00:03.0', 'controller:scsi:2': 'lsilogic@00:04.0' },
  },
];

/** pci-serial ports: conventional PCI devices placed after everything else, keyed among all serials. */
export const SERIAL_CASES: ObservedCase[] = [
  {
    rule: 'pci-serial ports come last, after the virtio inputs; an ISA serial takes no PCI address',
    spec: spec('pc', {
      serials: [{ targetType: 'pci-serial' }, { targetType: 'pci-serial' }, {}],
      disks: [{ device: 'disk', bus: 'virtio', target: 'vda' }],
      rngs: [{ model: 'virtio' }],
      watchdogs: [{ model: 'i6300esb' }],
      inputs: [{ type: 'keyboard', bus: 'virtio' }],
      videos: [{ model: 'qxl' }, { model: 'qxl' }],
      hostdevs: [hostdev(5)],
    }),
    at: { 'disk:vda': '00:03.0', 'hostdev:0': '00:04.0', memballoon: '00:05.0', 'rng:0': '00:06.0', 'watchdog:0': '00:07.0', 'video:1': '00:08.0', 'input:virtio:0': '00:09.0', 'serial:0': '00:0a.0', 'serial:1': '00:0b.0' },
  },
  {
    rule: 'q35: a pci-serial port needs the pcie-to-pci-bridge; its key counts the ISA serial before it',
    spec: spec('q35', { serials: [{}, { targetType: 'pci-serial' }] }),
    pciControllers: 6,
    at: { 'controller:pci:4': 'pcie-to-pci-bridge@01:00.0', 'serial:1': '04:01.0' },
  },
];

const dupNics = (): NetSpec[] => [nicAt(0, { type: 'pci', slot: 5 }), nicAt(1, { type: 'pci', slot: 5 })];

/** The IOMMU: intel off PCI, virtio integrated on the root bus, and where its refusals come. */
export const IOMMU_CASES: ObservedCase[] = [
  { rule: 'q35: an intel IOMMU takes no PCI address', spec: spec('q35', { iommu: { model: 'intel' }, nets: [{ model: 'virtio', mac: mac(0) }] }), at: { 'iommu:0': 'none', [`net:${mac(0)}`]: '01:00.0' } },
  {
    rule: 'q35: a virtio IOMMU is integrated: the first free slot of pcie.0 after the root ports',
    spec: spec('q35', { acpi: true, iommu: { model: 'virtio' }, nets: [{ model: 'virtio', mac: mac(0) }] }),
    at: { 'iommu:0': '00:02.0', [`net:${mac(0)}`]: '01:00.0', 'controller:pci:1': 'pcie-root-port@00:01.0+mf' },
  },
  { rule: "q35: a virtio IOMMU's own slot on pcie.0", spec: spec('q35', { acpi: true, iommu: { model: 'virtio', address: { type: 'pci', slot: 5 } } }), at: { 'iommu:0': '00:05.0' } },
  { rule: 'a virtio IOMMU requires ACPI (reported after the device checks)', spec: spec('q35', { iommu: { model: 'virtio' } }), reject: 'other' },
  { rule: 'two NICs on one address come before a virtio IOMMU without ACPI', spec: spec('q35', { iommu: { model: 'virtio' }, nets: dupNics() }), reject: 'address-in-use' },
  { rule: 'an intel IOMMU does without ACPI', spec: spec('q35', { iommu: { model: 'intel' } }), at: { 'iommu:0': 'none' } },
  { rule: 'a virtio IOMMU off bus 0', spec: spec('q35', { iommu: { model: 'virtio', address: { type: 'pci', bus: 1 } } }), reject: 'other' },
  { rule: 'a virtio IOMMU off bus 0 is reported before pc refuses virtio IOMMUs', spec: spec('pc', { iommu: { model: 'virtio', address: { type: 'pci', bus: 1 } } }), reject: 'other' },
  { rule: 'a virtio IOMMU off bus 0 is reported before an unknown machine', spec: spec('pc-1.2', { iommu: { model: 'virtio', address: { type: 'pci', bus: 1 } } }), reject: 'other' },
  { rule: 'two NICs on one address come before a virtio IOMMU off bus 0', spec: spec('q35', { iommu: { model: 'virtio', address: { type: 'pci', bus: 1 } }, nets: dupNics() }), reject: 'address-in-use' },
  { rule: 'driver attributes on a virtio IOMMU', spec: spec('q35', { iommu: { model: 'virtio', driverAttributes: ['aw_bits'] } }), reject: 'other' },
  { rule: 'two NICs on one address come before driver attributes on a virtio IOMMU', spec: spec('q35', { iommu: { model: 'virtio', driverAttributes: ['aw_bits'] }, nets: dupNics() }), reject: 'address-in-use' },
  { rule: 'an unknown machine comes before driver attributes on a virtio IOMMU', spec: spec('pc-1.2', { iommu: { model: 'virtio', driverAttributes: ['aw_bits'] } }), reject: 'unknown-machine' },
  { rule: 'an intel IOMMU on pc', spec: spec('pc', { iommu: { model: 'intel' } }), reject: 'other' },
  { rule: 'two NICs on one address come before an intel IOMMU on pc', spec: spec('pc', { iommu: { model: 'intel' }, nets: dupNics() }), reject: 'address-in-use' },
  { rule: 'an unknown machine comes before an intel IOMMU on it', spec: spec('pc-1.2', { iommu: { model: 'intel' } }), reject: 'unknown-machine' },
  { rule: 'a virtio IOMMU on pc', spec: spec('pc', { iommu: { model: 'virtio' } }), reject: 'other' },
  { rule: 'an smmuv3 IOMMU on q35', spec: spec('q35', { iommu: { model: 'smmuv3' } }), reject: 'other' },
];

/** The vsock: a virtio device placed after everything else, pci-serial ports included. */
export const VSOCK_CASES: ObservedCase[] = [
  {
    rule: 'the vsock comes after the pci-serial ports',
    spec: spec('pc', {
      vsock: {},
      serials: [{ targetType: 'pci-serial' }],
      disks: [{ device: 'disk', bus: 'virtio', target: 'vda' }],
      rngs: [{ model: 'virtio' }],
      watchdogs: [{ model: 'i6300esb' }],
      inputs: [{ type: 'keyboard', bus: 'virtio' }],
      videos: [{ model: 'qxl' }, { model: 'qxl' }],
    }),
    at: { 'disk:vda': '00:03.0', memballoon: '00:04.0', 'rng:0': '00:05.0', 'watchdog:0': '00:06.0', 'video:1': '00:07.0', 'input:virtio:0': '00:08.0', 'serial:0': '00:09.0', 'vsock:0': '00:0a.0' },
  },
  { rule: 'pc: the vsock after the balloon', spec: spec('pc', { vsock: {} }), at: { memballoon: '00:02.0', 'vsock:0': '00:03.0' } },
  { rule: 'q35: the vsock gets a root port of its own', spec: spec('q35', { vsock: {} }), at: { 'controller:usb:0': 'qemu-xhci@01:00.0', memballoon: '02:00.0', 'vsock:0': '03:00.0' } },
  // an independent generator's files; observed 2026-12-06 on 9.0, 11.3 and 12.8 (dumpxml, and compare agreeing)
  { rule: 'pc: a transitional vsock is conventional PCI, after the balloon', spec: spec('pc', { vsock: { model: 'virtio-transitional' } }), at: { memballoon: '00:02.0', 'vsock:0': '00:03.0' } },
  { rule: 'q35: a transitional vsock goes behind the pcie-to-pci-bridge', spec: spec('q35', { vsock: { model: 'virtio-transitional' } }), at: { 'vsock:0': '04:01.0' } },
  { rule: 'q35: a non-transitional vsock gets a root port, as plain virtio', spec: spec('q35', { vsock: { model: 'virtio-non-transitional' } }), at: { 'vsock:0': '03:00.0' } },
  { rule: 'a guest CID below 3 is refused', spec: spec('q35', { vsock: { cid: 2 } }), reject: 'other' },
  { rule: 'a guest CID below 3 is refused after an address clash', spec: spec('q35', { vsock: { cid: 2 }, nets: [{ model: 'e1000', mac: mac(0), address: { type: 'pci', bus: 0, slot: 3 } }, { model: 'e1000', mac: mac(1), address: { type: 'pci', bus: 0, slot: 3 } }] }), reject: 'address-in-use' },
];

/** 9p filesystems, observed 2026-12-05 (libvirt 9.0.0 / QEMU 7.2, dumpxml after a paused start). */
export const FILESYSTEM_CASES: ObservedCase[] = [
  {
    rule: 'pc: filesystems take slots right after the PCI controllers, before the NICs',
    spec: spec('pc', {
      nets: [{ model: 'virtio', mac: mac(1) }],
      filesystems: [{ source: '/tmp', target: 'share0', readonly: true }, { source: '/tmp', target: 'share1', model: 'virtio-transitional', accessmode: 'passthrough' }],
    }),
    at: { 'filesystem:0': '00:02.0', 'filesystem:1': '00:03.0', [`net:${mac(1)}`]: '00:04.0', memballoon: '00:05.0' },
  },
  {
    rule: 'q35: a filesystem gets a root port before the NIC; a transitional one goes behind the pcie-to-pci-bridge',
    spec: spec('q35', {
      controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port' }, { type: 'pci', index: 2, model: 'pcie-to-pci-bridge' }],
      nets: [{ model: 'virtio', mac: mac(1) }],
      filesystems: [{ source: '/tmp', target: 'share0', readonly: true }, { source: '/tmp', target: 'share1', model: 'virtio-transitional', accessmode: 'passthrough' }],
    }),
    at: { 'controller:pci:2': 'pcie-to-pci-bridge@01:00.0', 'filesystem:0': '03:00.0', 'filesystem:1': '02:01.0', [`net:${mac(1)}`]: '04:00.0', 'controller:usb:0': 'qemu-xhci@05:00.0', memballoon: '06:00.0' },
  },
];

const pciRoot: DomainSpec['controllers'][number] = { type: 'pci', index: 0, model: 'pci-root' };

/** x86 machines without PCI (isapc, microvm): no implicit root, no chipset slots; a user's pci-root is accepted. */
export const NO_PCI_CASES: ObservedCase[] = [
  { rule: 'isapc adds no USB and no PCI root: nothing needs PCI without a balloon', spec: spec('isapc', { memballoon: { model: 'none' } }), pciControllers: 0 },
  { rule: "isapc's default balloon finds no PCI bus", spec: spec('isapc'), reject: 'unknown-machine' },
  { rule: "isapc: a user's model-less USB controller is a PIIX3 UHCI, which needs PCI", spec: spec('isapc', { controllers: [{ type: 'usb', index: 0 }], memballoon: { model: 'none' } }), reject: 'unknown-machine' },
  { rule: "isapc: USB 'none' without a balloon", spec: spec('isapc', { controllers: [{ type: 'usb', model: 'none' }], memballoon: { model: 'none' } }), pciControllers: 0 },
  { rule: "isapc: a user's pci-root is accepted and the balloon takes slot 1 (no chipset slots)", spec: spec('isapc', { controllers: [pciRoot] }), at: { memballoon: '00:01.0' } },
  {
    rule: "isapc with a pci-root: the usual device order from slot 1",
    spec: spec('isapc', { controllers: [pciRoot, { type: 'usb', index: 0, model: 'piix3-uhci' }], nets: [{ model: 'virtio', mac: mac(0) }], sounds: [{ model: 'ich6' }] }),
    at: { [`net:${mac(0)}`]: '00:01.0', 'controller:usb:0': 'piix3-uhci@00:03.0', memballoon: '00:04.0' },
  },
  {
    rule: "isapc with a pci-root: a model-less USB controller is a PIIX3 UHCI on slot 1",
    spec: spec('isapc', { controllers: [{ type: 'usb', index: 0 }, pciRoot], memballoon: { model: 'none' } }),
    at: { 'controller:usb:0': 'piix3-uhci@00:01.0' },
  },
  { rule: "microvm adds a PIIX3 UHCI, which finds no PCI bus", spec: spec('microvm', { memballoon: { model: 'none' } }), reject: 'unknown-machine' },
  { rule: "microvm: USB 'none' without a balloon", spec: spec('microvm', { controllers: [{ type: 'usb', model: 'none' }], memballoon: { model: 'none' } }), pciControllers: 0 },
  { rule: "microvm with a pci-root: its UHCI on slot 1, the balloon on 2", spec: spec('microvm', { controllers: [pciRoot] }), at: { 'controller:usb:0': 'piix3-uhci@00:01.0', memballoon: '00:02.0' } },
];

const pxb = (index: number, target?: NonNullable<DomainSpec['controllers'][number]['target']>): DomainSpec['controllers'][number] =>
  target === undefined ? { type: 'pci', index, model: 'pci-expander-bus' } : { type: 'pci', index, model: 'pci-expander-bus', target };

/** Expander buses: their chipset, NUMA node and default bus number; all checked before any address. */
export const EXPANDER_CASES: ObservedCase[] = [
  {
    rule: 'a pci-expander-bus without busNr takes 2 below the lowest one in use (256 at first), in index order',
    spec: spec('pc', { numaCells: 2, controllers: [pxb(1), pxb(2, { busNr: 100 }), pxb(3)], nets: [{ model: 'e1000', mac: mac(0) }] }),
    at: { 'controller:pci:1': 'pci-expander-bus@00:02.0', 'controller:pci:2': 'pci-expander-bus@00:03.0', 'controller:pci:3': 'pci-expander-bus@00:04.0', [`net:${mac(0)}`]: '00:05.0', memballoon: '00:06.0' },
    targets: { 'controller:pci:1': { busNr: 98 }, 'controller:pci:2': { busNr: 100 }, 'controller:pci:3': { busNr: 96 } },
  },
  { rule: 'a pci-expander-bus needs no NUMA node', spec: spec('pc', { controllers: [pxb(1)] }), targets: { 'controller:pci:1': { busNr: 254 } } },
  { rule: 'a pcie-expander-bus on pc', spec: spec('pc', { numaCells: 2, controllers: [{ type: 'pci', index: 1, model: 'pcie-expander-bus' }] }), reject: 'other' },
  { rule: 'a pci-expander-bus on q35', spec: spec('q35', { numaCells: 2, controllers: [pxb(1)] }), reject: 'other' },
  { rule: 'a NUMA node the domain does not have', spec: spec('pc', { numaCells: 1, controllers: [pxb(1, { node: 1 })] }), reject: 'other' },
  { rule: 'a NUMA node without any <numa>', spec: spec('pc', { controllers: [pxb(1, { node: 0 })] }), reject: 'other' },
  { rule: 'numaNode on a root port', spec: spec('q35', { numaCells: 2, controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port', target: { node: 1 } }] }), reject: 'other' },
  { rule: 'a missing NUMA node is reported before two NICs on one address', spec: spec('pc', { numaCells: 1, controllers: [pxb(1, { node: 1 })], nets: dupNics() }), reject: 'other' },
  { rule: 'a pcie-expander-bus on pc is reported before two NICs on one address', spec: spec('pc', { numaCells: 1, controllers: [{ type: 'pci', index: 1, model: 'pcie-expander-bus' }], nets: dupNics() }), reject: 'other' },
  { rule: 'a missing NUMA node is reported before a bad option on another controller', spec: spec('pc', { numaCells: 1, controllers: [pxb(1, { node: 1 }), { type: 'pci', index: 2, model: 'pci-bridge', target: { chassis: 3 } }] }), reject: 'other' },
];

const usbDiskAt = (address: NonNullable<DomainSpec['disks'][number]['address']>): DomainSpec['disks'][number] => ({ device: 'disk', bus: 'usb', target: 'sda', address });
const ramfbAt = (address: NonNullable<DomainSpec['videos'][number]['address']>): DomainSpec['videos'][number] => ({ model: 'ramfb', address });

/** A PCI address on a USB disk or a ramfb: reserved all the same, then refused at a fixed point. */
export const NON_PCI_ADDRESS_CASES: ObservedCase[] = [
  { rule: 'a USB disk with a PCI address', spec: spec('pc', { disks: [usbDiskAt({ type: 'pci', slot: 6 })] }), reject: 'other' },
  { rule: 'a USB disk with only a function still has a PCI address type', spec: spec('pc', { disks: [usbDiskAt({ type: 'pci', function: 3 })] }), reject: 'other' },
  { rule: "a USB disk's PCI address is reserved: a clash with PIIX3 USB at 1.2 comes first", spec: spec('pc', { disks: [usbDiskAt({ type: 'pci', slot: 1, function: 2 })] }), reject: 'address-in-use' },
  {
    rule: 'drive and USB addresses are refused in disk order: IDE controller 1 first when its disk comes first',
    spec: spec('pc', { disks: [{ device: 'cdrom', bus: 'ide', target: 'hde' }, usbDiskAt({ type: 'pci', slot: 6 })] }),
    reject: 'unsupported-by-machine',
  },
  { rule: 'drive and USB addresses are refused in disk order: the USB disk first', spec: spec('pc', { disks: [usbDiskAt({ type: 'pci', slot: 6 }), { device: 'cdrom', bus: 'ide', target: 'hde' }] }), reject: 'other' },
  { rule: "USB 'none' is reported before a USB disk's PCI address", spec: spec('pc', { controllers: [{ type: 'usb', model: 'none' }], disks: [usbDiskAt({ type: 'pci', slot: 6 })] }), reject: 'other' },
  { rule: 'a ramfb with a PCI address', spec: spec('pc', { videos: [ramfbAt({ type: 'pci', slot: 2 })] }), reject: 'other' },
  { rule: "a ramfb's PCI address is reserved: a clash comes first", spec: spec('pc', { videos: [ramfbAt({ type: 'pci', slot: 1, function: 2 })] }), reject: 'address-in-use' },
  { rule: "a ramfb's address is refused after a disk on IDE controller 1", spec: spec('pc', { videos: [ramfbAt({ type: 'pci', slot: 2 })], disks: [{ device: 'cdrom', bus: 'ide', target: 'hde' }] }), reject: 'unsupported-by-machine' },
  { rule: "an unknown machine is reported before a ramfb's address", spec: spec('pc-1.2', { videos: [ramfbAt({ type: 'pci', slot: 2 })] }), reject: 'unknown-machine' },
];

/** Index-less ICH9 USB controllers: each joins the set of the USB controller before it, if it can. */
export const USB_AUTOINDEX_CASES: ObservedCase[] = [
  {
    rule: 'an index-less ICH9 USB controller joins the previous one\'s index unless that set has its model or the previous is no ICH9 controller',
    spec: spec('q35', {
      controllers: (['ich9-ehci1', 'ich9-uhci1', 'ich9-uhci1', 'ich9-ehci1', 'nec-xhci', 'ich9-uhci2', 'ich9-ehci1'] as const).map((model) => ({ type: 'usb' as const, model })),
    }),
    at: {
      'controller:usb:0': 'ich9-ehci1@00:1d.7 ich9-uhci1@00:1d.0+mf',
      'controller:usb:1': 'ich9-ehci1@00:1a.7 ich9-uhci1@00:1a.0+mf',
      'controller:usb:2': 'nec-xhci@02:00.0',
      'controller:usb:3': 'ich9-ehci1@03:01.7 ich9-uhci2@03:01.1',
    },
  },
];

/** A USB input on a port of its own (observed accepted; the refusals for taken or missing ports are not modelled). */
export const USB_PORT_CASES: ObservedCase[] = [
  {
    rule: "a USB tablet on port 3 of the first controller takes no PCI address and moves nothing",
    spec: spec('q35', { controllers: [{ type: 'usb', model: 'nec-xhci' }], inputs: [{ type: 'tablet', bus: 'usb', usbPort: 3 }], nets: [{ model: 'virtio', mac: mac(0) }] }),
    at: { 'controller:usb:0': 'nec-xhci@02:00.0', [`net:${mac(0)}`]: '01:00.0', 'input:usb:0': 'usb' },
  },
  // observed 2026-12-05: the keyboard without an address got bus 0 port 1
  {
    rule: 'inputs on ports of the second USB controller are accepted and move no PCI device',
    spec: spec('pc', {
      controllers: [{ type: 'usb', index: 0, model: 'qemu-xhci' }, { type: 'usb', index: 1, model: 'qemu-xhci' }],
      inputs: [{ type: 'tablet', bus: 'usb', usbPort: 1, usbBus: 1 }, { type: 'mouse', bus: 'usb', usbPort: 2, usbBus: 1 }, { type: 'keyboard', bus: 'usb' }],
    }),
    at: { 'controller:usb:0': 'qemu-xhci@00:02.0', 'controller:usb:1': 'qemu-xhci@00:03.0', memballoon: '00:04.0', 'input:usb:0': 'usb', 'input:usb:2': 'usb' },
  },
  // observed 2026-12-05 (libvirt 9.0, all three layers agree): an EHCI set is one bus with the EHCI's ports
  {
    rule: 'a USB tablet on port 1 of an EHCI set whose companion has no <master>',
    spec: spec('q35', {
      controllers: [{ type: 'usb', index: 0, model: 'ich9-ehci1' }, { type: 'usb', index: 0, model: 'ich9-uhci1' }],
      inputs: [{ type: 'tablet', bus: 'usb', usbPort: 1 }],
      nets: [{ model: 'e1000', mac: mac(0) }],
    }),
    at: { 'controller:usb:0': 'ich9-ehci1@00:1d.7 ich9-uhci1@00:1d.0+mf', 'input:usb:0': 'usb', [`net:${mac(0)}`]: '02:01.0' },
  },
  // observed 2026-12-05 (libvirt 9.0, all three layers agree): USB disks on ports of their own
  {
    rule: 'a USB disk on port 3 of the implicit xHCI takes no PCI address and moves nothing',
    spec: spec('q35', { disks: [{ device: 'disk', bus: 'usb', target: 'sda', usbPort: 3 }], nets: [{ model: 'virtio', mac: mac(0) }] }),
    at: { 'controller:usb:0': 'qemu-xhci@02:00.0', [`net:${mac(0)}`]: '01:00.0', 'disk:sda': 'usb', memballoon: '03:00.0' },
  },
  {
    rule: 'a USB disk on port 2 of the second controller, beside an input on port 1 there',
    spec: spec('pc', {
      controllers: [{ type: 'usb', index: 0, model: 'qemu-xhci' }, { type: 'usb', index: 1, model: 'nec-xhci' }],
      disks: [{ device: 'disk', bus: 'usb', target: 'sdc', usbPort: 2, usbBus: 1 }, { device: 'disk', bus: 'virtio', target: 'vda' }],
      inputs: [{ type: 'tablet', bus: 'usb', usbPort: 1, usbBus: 1 }],
    }),
    at: { 'controller:usb:0': 'qemu-xhci@00:02.0', 'controller:usb:1': 'nec-xhci@00:03.0', 'disk:sdc': 'usb', 'disk:vda': '00:04.0', memballoon: '00:05.0' },
  },
];

/**
 * UEFI and ACPI: observed 2026-12-06 on libvirt 9.0, 11.3 and 12.8 alike ("UEFI requires
 * ACPI on this architecture"), with `<os firmware='efi'>` and with a pflash loader; a
 * loader of type rom is no UEFI. And the SMM TSEG size, checked right after.
 */
export const FIRMWARE_CASES: ObservedCase[] = [
  { rule: 'q35: UEFI without ACPI is refused', spec: spec('q35', { uefi: true }), reject: 'other' },
  { rule: 'q35: UEFI with ACPI is taken', spec: spec('q35', { uefi: true, acpi: true }), at: { 'controller:usb:0': 'qemu-xhci@01:00.0', memballoon: '02:00.0' } },
  { rule: 'pc: UEFI without ACPI is reported before IDE controller 1', spec: spec('pc', { uefi: true, disks: [{ device: 'cdrom', bus: 'ide', target: 'hde' }] }), reject: 'other' },
  { rule: 'pc: an SMM TSEG size is refused (q35 only), before IDE controller 1', spec: spec('pc', { acpi: true, smmTseg: true, disks: [{ device: 'cdrom', bus: 'ide', target: 'hde' }] }), reject: 'other' },
  { rule: 'q35: an SMM TSEG size is taken', spec: spec('q35', { acpi: true, smmTseg: true }), at: { memballoon: '02:00.0' } },
  {
    rule: 'pc: UEFI without ACPI is reported after a PCI address clash',
    spec: spec('pc', { uefi: true, nets: [{ model: 'e1000', mac: mac(0), address: { type: 'pci', slot: 1, function: 2 } }] }),
    reject: 'address-in-use',
  },
];

/**
 * The driver's domain and NIC checks users' files meet: observed 2026-12-06 on libvirt 9.0,
 * 11.3 and 12.8 alike (/tmp probes of one element each, on pc): "need at least one serial port
 * to use BIOS serial output", "Parameter 'min_guarantee' not supported by QEMU.", "setting MTU
 * on interface type user is not supported yet", "coalesce settings on interface type direct
 * are not supported".
 */
export const DOMAIN_CHECK_CASES: ObservedCase[] = [
  { rule: 'the BIOS on the serial console without a serial port is refused', spec: spec('pc', { biosSerial: true }), reject: 'other' },
  { rule: 'the BIOS on the serial console with a serial port is taken', spec: spec('pc', { biosSerial: true, serials: [{}] }), at: { memballoon: '00:02.0' } },
  { rule: 'a serial console (target serial or none) counts as the serial port', spec: spec('pc', { biosSerial: true, serialConsole: true }), at: { memballoon: '00:02.0' } },
  { rule: 'a memory minimum guarantee is refused', spec: spec('pc', { minGuarantee: true }), reject: 'other' },
  { rule: 'an MTU on user networking is refused', spec: spec('pc', { nets: [{ model: 'virtio', mac: mac(0), type: 'user', tuning: ['mtu'] }] }), reject: 'other' },
  { rule: 'an MTU on a direct (macvtap) NIC is refused', spec: spec('pc', { nets: [{ model: 'virtio', mac: mac(0), type: 'direct', tuning: ['mtu'] }] }), reject: 'other' },
  { rule: 'an MTU on an ethernet NIC is taken', spec: spec('pc', { nets: [{ model: 'virtio', mac: mac(0), type: 'ethernet', tuning: ['mtu'] }] }), at: { [`net:${mac(0)}`]: '00:02.0', memballoon: '00:03.0' } },
  { rule: 'coalescing on a direct NIC is refused', spec: spec('pc', { nets: [{ model: 'virtio', mac: mac(0), type: 'direct', tuning: ['coalesce'] }] }), reject: 'other' },
  // "virtio (non-)transitional models are not supported for input type=keyboard", on pc and q35
  { rule: 'a transitional virtio keyboard is refused', spec: spec('pc', { inputs: [{ type: 'keyboard', bus: 'virtio', model: 'virtio-transitional' }] }), reject: 'other' },
  { rule: 'a non-transitional virtio tablet is refused', spec: spec('q35', { inputs: [{ type: 'tablet', bus: 'virtio', model: 'virtio-non-transitional' }] }), reject: 'other' },
  // realistic files' memory checks: "UUID is not supported for NVDIMM device" (11.3, 12.8), "hugepages are not allowed with memory allocation ondemand" (9.0, 11.3, 12.8)
  { rule: 'an NVDIMM with a UUID is refused off pSeries', spec: spec('q35', { numaCells: 1, maxMemory: true, memoryDevices: [{ model: 'nvdimm', uuid: true }] }), reject: 'other' },
  { rule: 'hugepages allocated on demand are refused', spec: spec('q35', { hugepagesOnDemand: true }), reject: 'other' },
  // an independent generator's files (corpus on 9.0 and 12.8): "shmem model 'ivshmem-doorbell' does not support size setting", "PCI controller index 256 too high, maximum is 255"
  { rule: 'a doorbell shared memory with a size is refused', spec: spec('pc', { shmems: [{ model: 'ivshmem-doorbell', size: true }] }), reject: 'other' },
  { rule: 'q35: a device on bus 255 needs bridges past index 255: refused', spec: spec('q35', { nets: [{ model: 'e1000', mac: mac(0), address: { type: 'pci', bus: 255, slot: 1 } }] }), reject: 'other' },
  // a vDPA NIC: a virtio-net device ("invalid model for interface of type 'vdpa': 'e1000e'"), observed on q35 with 9.0, 11.3 and 12.8
  { rule: 'q35: a vDPA NIC is placed as a virtio one', spec: spec('q35', { nets: [{ model: 'virtio', mac: mac(2), vdpa: true }, { model: 'e1000', mac: mac(4) }] }), at: { [`net:${mac(2)}`]: '02:00.0', [`net:${mac(4)}`]: '03:01.0' } },
  { rule: 'a vDPA NIC of another model is refused', spec: spec('q35', { nets: [{ model: 'e1000e', mac: mac(2), vdpa: true }] }), reject: 'other' },
  { rule: 'coalescing on a network NIC is taken', spec: spec('pc', { nets: [{ model: 'virtio', mac: mac(0), type: 'network', tuning: ['coalesce'] }] }), at: { [`net:${mac(0)}`]: '00:02.0', memballoon: '00:03.0' } },
];

/**
 * An OHCI (pci-ohci, 3 ports): a conventional PCI device, and a hub for the fourth USB device.
 * Observed 2026-12-06 on libvirt 9.0, 11.3 and 12.8 alike (compare of a pc and a q35 probe,
 * all three layers agreeing).
 */
const OHCI_PARTS = {
  controllers: [{ type: 'usb' as const, index: 0, model: 'pci-ohci' as const }],
  inputs: [{ type: 'tablet' as const, bus: 'usb' as const }, { type: 'keyboard' as const, bus: 'usb' as const }, { type: 'mouse' as const, bus: 'usb' as const }],
  disks: [{ device: 'disk' as const, bus: 'usb' as const, target: 'sda' }],
  nets: [{ model: 'e1000' as const, mac: mac(9) }],
};
export const OHCI_CASES: ObservedCase[] = [
  { rule: 'pc: the OHCI is no chipset function: it takes the first free slot after the NIC', spec: spec('pc', OHCI_PARTS), at: { 'controller:usb:0': 'pci-ohci@00:03.0', [`net:${mac(9)}`]: '00:02.0', memballoon: '00:04.0' } },
  { rule: 'q35: the OHCI goes behind the pcie-to-pci-bridge, after the NIC', spec: spec('q35', OHCI_PARTS), pciControllers: 5, at: { 'controller:usb:0': 'pci-ohci@02:02.0', [`net:${mac(9)}`]: '02:01.0', memballoon: '03:00.0' } },
];

/**
 * A standalone EHCI (ehci, QEMU's usb-ehci, 6 ports): a conventional PCI device; seven USB
 * devices bring a hub (its usb-hub at port 1 read off QEMU's command line). Observed
 * 2026-12-07 on libvirt 9.0, 11.3 and 12.8 alike (compare of a pc and a q35 probe from an
 * independent generator's files; without USB devices all three layers agree).
 */
const EHCI_PARTS = {
  controllers: [{ type: 'usb' as const, index: 0, model: 'ehci' as const }],
  inputs: [{ type: 'tablet' as const, bus: 'usb' as const }, { type: 'keyboard' as const, bus: 'usb' as const }, { type: 'mouse' as const, bus: 'usb' as const }],
  disks: ['sda', 'sdb', 'sdc', 'sdd'].map((target) => ({ device: 'disk' as const, bus: 'usb' as const, target })),
  nets: [{ model: 'e1000' as const, mac: mac(9) }],
};
export const EHCI_CASES: ObservedCase[] = [
  { rule: 'pc: the EHCI takes the first free slot after the NIC', spec: spec('pc', EHCI_PARTS), at: { 'controller:usb:0': 'ehci@00:03.0', [`net:${mac(9)}`]: '00:02.0', memballoon: '00:04.0', 'hub:0': 'usb' } },
  { rule: 'q35: the EHCI goes behind the pcie-to-pci-bridge, after the NIC', spec: spec('q35', EHCI_PARTS), pciControllers: 5, at: { 'controller:usb:0': 'ehci@02:02.0', [`net:${mac(9)}`]: '02:01.0', memballoon: '03:00.0', 'hub:0': 'usb' } },
];

/**
 * Host devices of the other kinds users' files carry, in one list with the PCI ones: a vhost-scsi
 * host (virtio), a vGPU mdev (PCI Express), a host SCSI LUN at its drive address. Observed
 * 2026-12-06 on libvirt 9.0, 11.3 and 12.8 alike (compare of one q35 and one pc probe).
 */
const HOSTDEV_KIND_PARTS: Partial<DomainSpec> = {
  nets: [{ model: 'virtio', mac: mac(7) }],
  hostdevs: [
    { subsystem: 'scsi_host', source: { wwpn: 'naa.5001405df3e54061' } },
    { subsystem: 'mdev', source: { uuid: 'c2177883-f1bb-47f0-914d-32a22e3a8804' } },
    { source: { domain: 0, bus: 0x7f, slot: 0, function: 0 } },
    { subsystem: 'scsi', source: { adapter: 'scsi_host7', bus: 0, target: 3, unit: 0 }, drive: { controller: 0, bus: 0, target: 0, unit: 2 } },
  ],
  controllers: [{ type: 'scsi', index: 0, model: 'virtio-scsi' }],
  disks: [{ device: 'disk', bus: 'scsi', target: 'sda' }],
};
export const HOSTDEV_KIND_CASES: ObservedCase[] = [
  {
    rule: 'q35: the host devices follow the NIC and the controllers, each on a root port, in document order',
    spec: spec('q35', HOSTDEV_KIND_PARTS),
    at: { [`net:${mac(7)}`]: '01:00.0', 'controller:scsi:0': 'virtio-scsi@02:00.0', 'hostdev:0': '04:00.0', 'hostdev:1': '05:00.0', 'hostdev:2': '06:00.0', 'hostdev:3': 'drive', memballoon: '07:00.0' },
  },
];

/** xHCI port counts (`ports=`): observed 2026-12-06 on libvirt 9.0, 11.3 and 12.8 alike. */
export const XHCI_PORTS_CASES: ObservedCase[] = [
  { rule: 'a qemu-xhci with 16 ports is refused', spec: spec('q35', { controllers: [{ type: 'usb', index: 0, model: 'qemu-xhci', ports: 16 }] }), reject: 'other' },
  { rule: 'a nec-xhci with 16 ports is refused', spec: spec('pc', { controllers: [{ type: 'usb', index: 0, model: 'nec-xhci', ports: 16 }] }), reject: 'other' },
  {
    rule: 'the 16 ports are refused before a PCI address clash (post-parse, before the addresses)',
    spec: spec('pc', { controllers: [{ type: 'usb', index: 0, model: 'qemu-xhci', ports: 16 }], nets: [{ model: 'e1000', mac: mac(0), address: { type: 'pci', slot: 3 } }, { model: 'e1000', mac: mac(1), address: { type: 'pci', slot: 3 } }] }),
    reject: 'other',
  },
  {
    rule: 'a qemu-xhci with 2 ports and three USB tablets gets a hub, nothing moves on PCI',
    spec: spec('pc', { controllers: [{ type: 'usb', index: 0, model: 'qemu-xhci', ports: 2 }], inputs: [{ type: 'tablet', bus: 'usb' }, { type: 'tablet', bus: 'usb' }, { type: 'tablet', bus: 'usb' }] }),
    at: { 'controller:usb:0': 'qemu-xhci@00:02.0', memballoon: '00:03.0' },
  },
];

/** Read-only hard disks: observed 2026-12-06 on libvirt 9.0, 11.3 and 12.8 alike ("readonly sata disks are not supported"). */
export const READONLY_DISK_CASES: ObservedCase[] = [
  { rule: 'q35: a read-only SATA disk is refused', spec: spec('q35', { disks: [{ device: 'disk', bus: 'sata', target: 'sda', readonly: true }] }), reject: 'other' },
  { rule: 'q35: a read-only virtio disk is placed as any other', spec: spec('q35', { disks: [{ device: 'disk', bus: 'virtio', target: 'vda', readonly: true }] }), at: { 'disk:vda': '02:00.0' } },
];

/** SCSI drive addresses beyond target 0 (LUN layouts): observed 2026-12-06 on libvirt 9.0, 11.3 and 12.8 alike. */
const scsiAt = (target: string, controller: number, bus: number, t: number, unit: number): DomainSpec['disks'][number] => ({ device: 'disk', bus: 'scsi', target, drive: { controller, bus, target: t, unit } });
export const SCSI_LUN_CASES: ObservedCase[] = [
  {
    rule: "q35: controller 1, which libvirt adds as lsilogic for a disk naming it, refuses that disk's target 5",
    spec: spec('q35', { controllers: [{ type: 'scsi', index: 0, model: 'virtio-scsi' }], disks: [scsiAt('sda', 0, 0, 2, 3), scsiAt('sdc', 0, 0, 0, 20), scsiAt('sdd', 1, 0, 5, 0)] }),
    reject: 'other',
  },
  {
    rule: 'pc: two virtio-scsi controllers take targets 2 and 5 and unit 20, nothing else moves',
    spec: spec('pc', {
      controllers: [{ type: 'scsi', index: 0, model: 'virtio-scsi' }, { type: 'scsi', index: 1, model: 'virtio-scsi' }],
      disks: [scsiAt('sda', 0, 0, 2, 3), scsiAt('sdc', 0, 0, 0, 20), scsiAt('sdd', 1, 0, 5, 0)],
      nets: [{ model: 'virtio' }],
    }),
    at: { 'controller:scsi:0': 'virtio-scsi@00:03.0', 'controller:scsi:1': 'virtio-scsi@00:04.0' },
  },
  { rule: 'pc: an lsilogic controller refuses target 1', spec: spec('pc', { controllers: [{ type: 'scsi', index: 0, model: 'lsilogic' }], disks: [scsiAt('sda', 0, 0, 1, 0)] }), reject: 'other' },
  { rule: 'pc: an lsilogic controller takes unit 9 of target 0', spec: spec('pc', { controllers: [{ type: 'scsi', index: 0, model: 'lsilogic' }], disks: [scsiAt('sda', 0, 0, 0, 9)] }), at: { 'controller:scsi:0': 'lsilogic@00:02.0' } },
  { rule: 'pc: a SCSI drive address on bus 2 is refused', spec: spec('pc', { controllers: [{ type: 'scsi', index: 0, model: 'lsilogic' }], disks: [scsiAt('sda', 0, 2, 0, 1)] }), reject: 'other' },
  { rule: 'q35: one drive address twice is refused', spec: spec('q35', { controllers: [{ type: 'scsi', index: 0, model: 'virtio-scsi' }], disks: [scsiAt('sda', 0, 0, 2, 3), scsiAt('sdb', 0, 0, 2, 3)] }), reject: 'other' },
  // passthrough LUNs (an independent generator's files): observed 2026-12-06 on 9.0, 11.3 and 12.8,
  // "disk device='lun' is only valid for block type disk source", "… not supported for protocol='rbd'", "… for bus='sata'"
  { rule: 'a LUN on a file is refused', spec: spec('q35', { disks: [{ device: 'disk', bus: 'scsi', target: 'sda', lun: { sourceType: 'file' } }] }), reject: 'other' },
  { rule: 'a LUN on a file is refused after an address clash', spec: spec('q35', { disks: [{ device: 'disk', bus: 'scsi', target: 'sda', lun: { sourceType: 'file' } }], nets: [{ model: 'e1000', mac: mac(0), address: { type: 'pci', bus: 0, slot: 3 } }, { model: 'e1000', mac: mac(1), address: { type: 'pci', bus: 0, slot: 3 } }] }), reject: 'address-in-use' },
  { rule: 'a LUN on an rbd source is refused', spec: spec('pc', { disks: [{ device: 'disk', bus: 'scsi', target: 'sda', lun: { sourceType: 'network', protocol: 'rbd' } }] }), reject: 'other' },
  { rule: 'a LUN on SATA is refused', spec: spec('q35', { disks: [{ device: 'disk', bus: 'sata', target: 'sda', lun: { sourceType: 'block' } }] }), reject: 'other' },
  { rule: 'pc: a LUN on an iSCSI source is a SCSI disk', spec: spec('pc', { disks: [{ device: 'disk', bus: 'scsi', target: 'sda', lun: { sourceType: 'network', protocol: 'iscsi' } }] }), at: { 'controller:scsi:0': 'lsilogic@00:02.0', memballoon: '00:03.0' } },
  { rule: 'pc: a LUN on a storage volume is taken at define', spec: spec('pc', { disks: [{ device: 'disk', bus: 'scsi', target: 'sda', lun: { sourceType: 'volume' } }] }), at: { 'controller:scsi:0': 'lsilogic@00:02.0' } },
  {
    rule: 'pc: a disk on IDE controller 1 is reported before a duplicate drive address',
    spec: spec('pc', { controllers: [{ type: 'scsi', index: 0, model: 'virtio-scsi' }], disks: [scsiAt('sda', 0, 0, 2, 3), scsiAt('sdb', 0, 0, 2, 3), { device: 'cdrom', bus: 'ide', target: 'hde' }] }),
    reject: 'unsupported-by-machine',
  },
];

/** Floppy drives: observed 2026-12-06 on libvirt 9.0, 11.3 and 12.8 alike (an fdc controller is added, nothing on PCI). */
export const FLOPPY_CASES: ObservedCase[] = [
  {
    rule: 'pc: two floppies on the added floppy controller, off PCI',
    spec: spec('pc', { disks: [{ device: 'floppy', bus: 'fdc', target: 'fda', media: true }, { device: 'floppy', bus: 'fdc', target: 'fdb' }] }),
    at: { 'controller:fdc:0': '@none', 'disk:fda': 'drive', 'disk:fdb': 'drive', memballoon: '00:02.0' },
  },
  { rule: 'q35: a floppy leaves the PCI layout as it was', spec: spec('q35', { disks: [{ device: 'floppy', bus: 'fdc', target: 'fda', media: true }] }), at: { 'controller:fdc:0': '@none', 'disk:fda': 'drive', 'controller:usb:0': 'qemu-xhci@01:00.0', memballoon: '02:00.0' } },
];

/** An ISA Sound Blaster: observed 2026-12-06 on libvirt 9.0, 11.3 and 12.8 alike (no address; the next sound card keeps its slot). */
export const SB16_CASES: ObservedCase[] = [
  { rule: 'pc: sb16 takes no slot, ich6 after the NIC', spec: spec('pc', { sounds: [{ model: 'sb16' }, { model: 'ich6' }], nets: [{ model: 'e1000', mac: mac(9) }] }), at: { 'sound:0': 'none', 'sound:1': '00:03.0' } },
  { rule: 'q35: sb16 takes no slot, ich6 behind the pcie-to-pci-bridge', spec: spec('q35', { sounds: [{ model: 'sb16' }, { model: 'ich6' }], nets: [{ model: 'e1000', mac: mac(9) }] }), at: { 'sound:0': 'none', 'sound:1': '02:02.0' } },
];

/** Older NIC models on q35: observed 2026-12-06 on libvirt 9.0, 11.3 and 12.8 alike (libvirt knows vmxnet3; ne2k_pci, pcnet … it takes for PCIe). */
export const LEGACY_NIC_CASES: ObservedCase[] = [
  // a QEMU device name as the model (a forum-style file; probes on q35 and pc, 9.0, 11.3 and 12.8, 2026-12-06)
  {
    rule: 'q35: a model libvirt does not know by name (virtio-net-pci) sits on a root port, the e1000 behind the bridge',
    spec: spec('q35', { nets: [{ model: 'other', modelName: 'virtio-net-pci', mac: mac(0x31) }, { model: 'e1000', mac: mac(0x32) }] }),
    at: { [`net:${mac(0x31)}`]: '02:00.0', [`net:${mac(0x32)}`]: '03:01.0' },
  },
  { rule: 'q35: a vmxnet3 NIC is conventional PCI, behind an added pcie-to-pci-bridge', spec: spec('q35', { nets: [{ model: 'vmxnet3', mac: mac(2) }] }), at: { [`net:${mac(2)}`]: '02:01.0' } },
  { rule: 'q35: an ne2k_pci NIC sits on a root port', spec: spec('q35', { nets: [{ model: 'ne2k_pci', mac: mac(2) }] }), at: { [`net:${mac(2)}`]: '01:00.0' } },
  { rule: 'q35: a pcnet NIC sits on a root port', spec: spec('q35', { nets: [{ model: 'pcnet', mac: mac(2) }] }), at: { [`net:${mac(2)}`]: '01:00.0' } },
];

/** Passthrough inputs (a host evdev on virtio): observed 2026-12-06 on libvirt 9.0 and 12.8 alike. */
export const PASSTHROUGH_INPUT_CASES: ObservedCase[] = [
  {
    rule: 'q35: passthrough inputs are virtio PCI devices in input order, behind the balloon, one pinned on pcie.0',
    spec: spec('q35', {
      inputs: [
        { type: 'keyboard', bus: 'virtio' },
        { type: 'passthrough', bus: 'virtio', evdev: '/dev/input/event1234' },
        { type: 'passthrough', bus: 'virtio', evdev: '/dev/input/event5', address: { type: 'pci', bus: 0, slot: 7 } },
      ],
    }),
    pciControllers: 6,
    at: { 'controller:usb:0': 'qemu-xhci@01:00.0', memballoon: '02:00.0', 'input:virtio:0': '03:00.0', 'input:virtio:1': '04:00.0', 'input:virtio:2': '00:07.0' },
  },
];
