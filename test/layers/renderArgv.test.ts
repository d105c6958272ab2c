// model/argv's renderArgv against what libvirt 9.0 really passed to QEMU. Each case is a
// fixture domain (test/fixtures/layers): its spec mirrors NAME.input.xml and its state
// was written by hand from NAME.inactive.xml (libvirt's dumpxml after define, observed).
// The reference is the command line of a real start (NAME.qemu.log); for guests without
// user-placed NICs, domxml-to-native (NAME.argv.txt) must agree as well.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { extractLoggedCommandLine, parseQemuArgv } from '../../harness/argv.js';
import { renderArgv } from '../../model/argv/renderArgv.js';
import { predict } from '../../model/index.js';
import type { ArgvDevice } from '../../types/qemu.js';
import { debian12, X86_PROFILE } from '../model/summary.js';

const VIRT_PROFILE = debian12([{ arch: 'aarch64', name: 'virt', aliasOf: 'virt-7.2', description: 'QEMU 7.2 ARM Virtual Machine' }, { arch: 'aarch64', name: 'virt-7.2', description: 'QEMU 7.2 ARM Virtual Machine' }], 'aarch64');
import { compareArgv } from '../../properties/judges/argvLayer.js';
import type { ControllerState, DeviceAddress, DeviceState, DomainSpec, DomainState } from '../../types/domain.js';
import { diskKey, inputKey, memballoonKey, netKey, ordinalKey } from '../../types/keys.js';
import { readFixture } from './fixtures.js';

// ---------------------------------------------------------------- shorthands for hand-written states

const pci = (bus: number, slot: number, fn = 0, multifunction = false): DeviceAddress => ({
  type: 'pci',
  pci: { domain: 0, bus, slot, function: fn, ...(multifunction ? { multifunction } : {}) },
});
const NONE: DeviceAddress = { type: 'none' };
const DRIVE: DeviceAddress = { type: 'drive' };

const ctl = (type: string, index: number, model: string | undefined, address: DeviceAddress, extra: Partial<ControllerState> = {}): ControllerState => ({
  type,
  index,
  ...(model === undefined ? {} : { model }),
  address,
  ...extra,
});
const rootPort = (index: number, chassis: number, port: number, address: DeviceAddress): ControllerState =>
  ctl('pci', index, 'pcie-root-port', address, { modelName: 'pcie-root-port', target: { chassis, port } });
const dev = (key: string, address: DeviceAddress): DeviceState => ({ key, address });

const baseSpec = (machine: string): DomainSpec => ({
  arch: 'x86_64', machine, graphics: true, controllers: [], disks: [], nets: [], videos: [], sounds: [], rngs: [], watchdogs: [], inputs: [],
});

// ---------------------------------------------------------------- the table

interface Case {
  name: string;
  spec: DomainSpec;
  state: DomainState;
  /** false when the guest has user-placed NICs, which domxml-to-native re-addresses. */
  domxmlToNativeAgrees: boolean;
}

const MAC = (n: string) => `52:54:00:00:00:${n}`;

const CASES: Case[] = [
  {
    name: 'q35a',
    spec: {
      ...baseSpec('q35'),
      disks: [{ device: 'disk', bus: 'virtio', target: 'vda' }, { device: 'disk', bus: 'sata', target: 'sda' }],
      nets: [{ model: 'virtio', mac: MAC('01') }, { model: 'e1000', mac: MAC('02') }],
      sounds: [{ model: 'ich9' }],
      videos: [{ model: 'qxl' }],
      watchdogs: [{ model: 'i6300esb' }],
      rngs: [{ model: 'virtio' }],
    },
    state: {
      machine: 'pc-q35-7.2',
      controllers: [
        ctl('usb', 0, 'qemu-xhci', pci(4, 0)),
        ctl('sata', 0, undefined, pci(0, 0x1f, 2)),
        ctl('pci', 0, 'pcie-root', NONE),
        rootPort(1, 1, 0x10, pci(0, 2, 0, true)),
        rootPort(2, 2, 0x11, pci(0, 2, 1)),
        ctl('pci', 3, 'pcie-to-pci-bridge', pci(1, 0), { modelName: 'pcie-pci-bridge' }),
        rootPort(4, 4, 0x12, pci(0, 2, 2)),
        rootPort(5, 5, 0x13, pci(0, 2, 3)),
        rootPort(6, 6, 0x14, pci(0, 2, 4)),
        rootPort(7, 7, 0x15, pci(0, 2, 5)),
        rootPort(8, 8, 0x16, pci(0, 2, 6)),
      ],
      devices: [
        dev(diskKey('vda'), pci(5, 0)),
        dev(diskKey('sda'), DRIVE),
        dev(netKey(MAC('01')), pci(2, 0)),
        dev(netKey(MAC('02')), pci(3, 1)),
        dev(inputKey('ps2', 0), NONE),
        dev(inputKey('ps2', 1), NONE),
        dev(ordinalKey('sound', 0), pci(0, 0x1b)),
        dev(ordinalKey('video', 0), pci(0, 1)),
        dev(ordinalKey('watchdog', 0), pci(3, 2)),
        dev(memballoonKey, pci(6, 0)),
        dev(ordinalKey('rng', 0), pci(7, 0)),
      ],
    },
    domxmlToNativeAgrees: true,
  },
  {
    name: 'q35b',
    spec: {
      ...baseSpec('pc-q35-7.2'),
      controllers: [
        { type: 'pci', index: 1, model: 'pcie-root-port' },
        { type: 'pci', index: 2, model: 'pcie-switch-upstream-port' },
        { type: 'pci', index: 3, model: 'pcie-switch-downstream-port' },
        { type: 'pci', index: 4, model: 'pcie-switch-downstream-port' },
        { type: 'pci', index: 5, model: 'dmi-to-pci-bridge' },
        { type: 'pci', index: 6, model: 'pci-bridge' },
        { type: 'scsi', index: 0, model: 'virtio-scsi' },
        { type: 'usb', index: 0, model: 'ich9-ehci1' },
        { type: 'usb', index: 0, model: 'ich9-uhci1', masterStartport: 0 },
      ],
      nets: [{ model: 'e1000e', mac: MAC('21'), address: { type: 'pci', bus: 3, slot: 0 } }, { model: 'rtl8139', mac: MAC('22') }],
      inputs: [{ type: 'tablet', bus: 'virtio' }, { type: 'mouse', bus: 'virtio' }],
      sounds: [{ model: 'ich6' }],
      videos: [{ model: 'bochs' }, { model: 'virtio' }],
      memballoon: { model: 'none' },
    },
    state: {
      machine: 'pc-q35-7.2',
      controllers: [
        ctl('pci', 0, 'pcie-root', NONE),
        rootPort(1, 1, 0x10, pci(0, 2, 0, true)),
        ctl('pci', 2, 'pcie-switch-upstream-port', pci(1, 0), { modelName: 'x3130-upstream' }),
        ctl('pci', 3, 'pcie-switch-downstream-port', pci(2, 0), { modelName: 'xio3130-downstream', target: { chassis: 3, port: 0 } }),
        ctl('pci', 4, 'pcie-switch-downstream-port', pci(2, 1), { modelName: 'xio3130-downstream', target: { chassis: 4, port: 1 } }),
        ctl('pci', 5, 'dmi-to-pci-bridge', pci(0, 0x1e), { modelName: 'i82801b11-bridge' }),
        ctl('pci', 6, 'pci-bridge', pci(5, 0), { modelName: 'pci-bridge' }),
        rootPort(7, 7, 0x11, pci(0, 2, 1)),
        rootPort(8, 8, 0x12, pci(0, 2, 2)),
        rootPort(9, 9, 0x13, pci(0, 2, 3)),
        ctl('scsi', 0, 'virtio-scsi', pci(4, 0)),
        ctl('usb', 0, 'ich9-ehci1', pci(0, 0x1d, 7)),
        ctl('usb', 0, 'ich9-uhci1', pci(0, 0x1d, 0, true)),
        ctl('sata', 0, undefined, pci(0, 0x1f, 2)),
      ],
      devices: [
        dev(netKey(MAC('21')), pci(3, 0)),
        dev(netKey(MAC('22')), pci(6, 1)),
        dev(inputKey('virtio', 0), pci(8, 0)),
        dev(inputKey('virtio', 1), pci(9, 0)),
        dev(inputKey('ps2', 0), NONE),
        dev(inputKey('ps2', 1), NONE),
        dev(ordinalKey('sound', 0), pci(6, 2)),
        dev(ordinalKey('video', 0), pci(0, 1)),
        dev(ordinalKey('video', 1), pci(7, 0)),
        dev(memballoonKey, NONE),
      ],
    },
    // net0 is placed by the user, but on the only free downstream port, so the
    // re-addressing of domxml-to-native happens to land it on the same place.
    domxmlToNativeAgrees: true,
  },
  {
    name: 'q35c',
    spec: {
      ...baseSpec('q35'),
      controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port', target: { chassis: 9, port: 0x1f } }],
      nets: [{ model: 'virtio', mac: MAC('31') }, { model: 'virtio', mac: MAC('32'), address: { type: 'pci', bus: 0, slot: 5, function: 0 } }],
      videos: [{ model: 'virtio' }, { model: 'qxl' }],
      memballoon: { model: 'virtio', address: { type: 'pci', bus: 0, slot: 7 } },
    },
    state: {
      machine: 'pc-q35-7.2',
      controllers: [
        ctl('pci', 0, 'pcie-root', NONE),
        rootPort(1, 9, 0x1f, pci(0, 2, 0, true)),
        rootPort(2, 2, 0x11, pci(0, 2, 1)),
        rootPort(3, 3, 0x12, pci(0, 2, 2)),
        ctl('pci', 4, 'pcie-to-pci-bridge', pci(1, 0), { modelName: 'pcie-pci-bridge' }),
        ctl('usb', 0, 'qemu-xhci', pci(3, 0)),
        ctl('sata', 0, undefined, pci(0, 0x1f, 2)),
      ],
      devices: [
        dev(netKey(MAC('31')), pci(2, 0)),
        dev(netKey(MAC('32')), pci(0, 5)),
        dev(inputKey('ps2', 0), NONE),
        dev(inputKey('ps2', 1), NONE),
        dev(ordinalKey('video', 0), pci(0, 1)),
        dev(ordinalKey('video', 1), pci(4, 1)),
        dev(memballoonKey, pci(0, 7)),
      ],
    },
    domxmlToNativeAgrees: false,
  },
  {
    name: 'pca',
    spec: {
      ...baseSpec('pc'),
      disks: [{ device: 'disk', bus: 'virtio', target: 'vda' }, { device: 'cdrom', bus: 'ide', target: 'hdc' }],
      controllers: [
        { type: 'pci', index: 1, model: 'pci-bridge' },
        { type: 'scsi', index: 0, model: 'lsilogic' },
        { type: 'usb', index: 0, model: 'ich9-ehci1' },
      ],
      nets: [
        { model: 'rtl8139', mac: MAC('11') },
        { model: 'virtio', mac: MAC('12'), address: { type: 'pci', domain: 0, bus: 1, slot: 5, function: 0 } },
        { model: 'e1000', mac: MAC('13'), address: { type: 'pci', domain: 0, bus: 0, slot: 9, function: 0, multifunction: 'on' } },
        { model: 'e1000', mac: MAC('14'), address: { type: 'pci', domain: 0, bus: 0, slot: 9, function: 1 } },
      ],
      inputs: [{ type: 'keyboard', bus: 'virtio' }],
      sounds: [{ model: 'ac97' }, { model: 'ich6' }],
      videos: [{ model: 'cirrus' }, { model: 'qxl' }],
      watchdogs: [{ model: 'i6300esb' }],
      memballoon: { model: 'virtio' },
      rngs: [{ model: 'virtio' }],
    },
    state: {
      machine: 'pc-i440fx-7.2',
      controllers: [
        ctl('pci', 0, 'pci-root', NONE),
        ctl('pci', 1, 'pci-bridge', pci(0, 3), { modelName: 'pci-bridge' }),
        ctl('scsi', 0, 'lsilogic', pci(0, 7)),
        ctl('usb', 0, 'ich9-ehci1', pci(0, 8, 7)),
        ctl('ide', 0, undefined, pci(0, 1, 1)),
      ],
      devices: [
        dev(diskKey('vda'), pci(0, 0x0a)),
        dev(diskKey('hdc'), DRIVE),
        dev(netKey(MAC('11')), pci(0, 4)),
        dev(netKey(MAC('12')), pci(1, 5)),
        dev(netKey(MAC('13')), pci(0, 9, 0, true)),
        dev(netKey(MAC('14')), pci(0, 9, 1)),
        dev(inputKey('virtio', 0), pci(0, 0x0f)),
        dev(inputKey('ps2', 0), NONE),
        dev(inputKey('ps2', 1), NONE),
        dev(ordinalKey('sound', 0), pci(0, 5)),
        dev(ordinalKey('sound', 1), pci(0, 6)),
        dev(ordinalKey('video', 0), pci(0, 2)),
        dev(ordinalKey('video', 1), pci(0, 0x0e)),
        dev(ordinalKey('watchdog', 0), pci(0, 0x0d)),
        dev(memballoonKey, pci(0, 0x0b)),
        dev(ordinalKey('rng', 0), pci(0, 0x0c)),
      ],
    },
    domxmlToNativeAgrees: false,
  },
  {
    name: 'pcb',
    spec: {
      ...baseSpec('pc-i440fx-7.2'),
      disks: [{ device: 'disk', bus: 'virtio', target: 'vdb' }],
      controllers: [
        { type: 'usb', index: 0, model: 'ich9-ehci1' },
        { type: 'usb', index: 0, model: 'ich9-uhci1', masterStartport: 0 },
        { type: 'usb', index: 0, model: 'ich9-uhci2', masterStartport: 2 },
        { type: 'virtio-serial', index: 0 },
      ],
      inputs: [{ type: 'mouse', bus: 'ps2' }, { type: 'tablet', bus: 'virtio' }],
      sounds: [{ model: 'ich9' }],
      videos: [{ model: 'virtio' }, { model: 'vga', primary: true }],
    },
    state: {
      machine: 'pc-i440fx-7.2',
      controllers: [
        ctl('usb', 0, 'ich9-ehci1', pci(0, 4, 7)),
        ctl('usb', 0, 'ich9-uhci1', pci(0, 4, 0, true)),
        ctl('usb', 0, 'ich9-uhci2', pci(0, 4, 1)),
        ctl('virtio-serial', 0, undefined, pci(0, 5)),
        ctl('pci', 0, 'pci-root', NONE),
      ],
      devices: [
        dev(diskKey('vdb'), pci(0, 6)),
        dev(inputKey('ps2', 0), NONE),
        dev(inputKey('virtio', 0), pci(0, 9)),
        dev(inputKey('ps2', 1), NONE),
        dev(ordinalKey('sound', 0), pci(0, 3)),
        dev(ordinalKey('video', 0), pci(0, 2)),
        dev(ordinalKey('video', 1), pci(0, 8)),
        dev(memballoonKey, pci(0, 7)),
      ],
    },
    domxmlToNativeAgrees: true,
  },
  {
    name: 'pcx',
    spec: {
      ...baseSpec('pc'),
      graphics: false,
      controllers: [
        { type: 'pci', index: 1, model: 'pci-expander-bus', target: { busNr: 200 } },
        { type: 'pci', index: 2, model: 'pci-bridge', address: { type: 'pci', bus: 1, slot: 1 } },
        { type: 'sata', index: 0 },
        { type: 'scsi', index: 0, model: 'lsisas1078' },
        { type: 'usb', index: 0, model: 'piix4-uhci' },
      ],
      nets: [
        { model: 'e1000', mac: MAC('41'), address: { type: 'pci', bus: 1, slot: 2 } },
        { model: 'virtio', mac: MAC('42'), address: { type: 'pci', bus: 2, slot: 3 } },
      ],
      sounds: [{ model: 'es1370' }],
      memballoon: { model: 'none' },
    },
    state: {
      machine: 'pc-i440fx-7.2',
      controllers: [
        ctl('pci', 0, 'pci-root', NONE),
        ctl('pci', 1, 'pci-expander-bus', pci(0, 2), { modelName: 'pxb', target: { busNr: 200 } }),
        ctl('pci', 2, 'pci-bridge', pci(1, 1), { modelName: 'pci-bridge' }),
        ctl('sata', 0, undefined, pci(0, 4)),
        ctl('scsi', 0, 'lsisas1078', pci(0, 5)),
        ctl('usb', 0, 'piix4-uhci', pci(0, 6)),
      ],
      devices: [
        dev(netKey(MAC('41')), pci(1, 2)),
        dev(netKey(MAC('42')), pci(2, 3)),
        dev(inputKey('ps2', 0), NONE),
        dev(inputKey('ps2', 1), NONE),
        dev(ordinalKey('sound', 0), pci(0, 3)),
        dev(memballoonKey, NONE),
      ],
    },
    domxmlToNativeAgrees: false,
  },
  {
    name: 'q35x',
    spec: {
      ...baseSpec('q35'),
      graphics: false,
      controllers: [
        { type: 'pci', index: 1, model: 'pcie-expander-bus' },
        { type: 'pci', index: 2, model: 'pcie-root-port', address: { type: 'pci', bus: 1, slot: 0 } },
        { type: 'sata', index: 1 },
        { type: 'scsi', index: 0, model: 'virtio-transitional' },
        { type: 'usb', index: 0, model: 'qemu-xhci' },
        { type: 'usb', index: 1, model: 'nec-xhci' },
      ],
      nets: [{ model: 'virtio', mac: MAC('51'), address: { type: 'pci', bus: 2, slot: 0 } }],
      memballoon: { model: 'virtio' },
    },
    state: {
      machine: 'pc-q35-7.2',
      controllers: [
        ctl('pci', 0, 'pcie-root', NONE),
        ctl('pci', 1, 'pcie-expander-bus', pci(0, 1), { modelName: 'pxb-pcie', target: { busNr: 254 } }),
        ctl('pci', 2, 'pcie-root-port', pci(1, 0), { modelName: 'pcie-root-port', target: { chassis: 2, port: 0 } }),
        rootPort(3, 3, 0x10, pci(0, 2, 0, true)),
        ctl('pci', 4, 'pcie-to-pci-bridge', pci(3, 0), { modelName: 'pcie-pci-bridge' }),
        rootPort(5, 5, 0x11, pci(0, 2, 1)),
        rootPort(6, 6, 0x12, pci(0, 2, 2)),
        rootPort(7, 7, 0x13, pci(0, 2, 3)),
        ctl('sata', 0, undefined, pci(0, 0x1f, 2)),
        ctl('sata', 1, undefined, pci(4, 1)),
        ctl('scsi', 0, 'virtio-transitional', pci(4, 2)),
        ctl('usb', 0, 'qemu-xhci', pci(5, 0)),
        ctl('usb', 1, 'nec-xhci', pci(6, 0)),
      ],
      devices: [
        dev(netKey(MAC('51')), pci(2, 0)),
        dev(inputKey('ps2', 0), NONE),
        dev(inputKey('ps2', 1), NONE),
        dev(memballoonKey, pci(7, 0)),
      ],
    },
    // The one NIC is re-addressed by domxml-to-native, but to the same free port.
    domxmlToNativeAgrees: true,
  },
  {
    name: 'arm1',
    spec: {
      ...baseSpec('virt'),
      arch: 'aarch64',
      disks: [{ device: 'disk', bus: 'virtio', target: 'vda' }],
      controllers: [{ type: 'scsi', index: 0, model: 'virtio-scsi' }],
      nets: [{ model: 'virtio', mac: MAC('61') }, { model: 'e1000e', mac: MAC('62') }],
      inputs: [{ type: 'keyboard', bus: 'virtio' }],
      videos: [{ model: 'virtio' }],
      rngs: [{ model: 'virtio' }],
    },
    state: {
      machine: 'virt-7.2',
      controllers: [
        ctl('scsi', 0, 'virtio-scsi', pci(3, 0)),
        ctl('pci', 0, 'pcie-root', NONE),
        ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => rootPort(i, i, 0x7 + i, pci(0, 1, i - 1, i === 1))),
      ],
      devices: [
        dev(diskKey('vda'), pci(4, 0)),
        dev(netKey(MAC('61')), pci(1, 0)),
        dev(netKey(MAC('62')), pci(2, 0)),
        dev(inputKey('virtio', 0), pci(7, 0)),
        dev(ordinalKey('video', 0), pci(6, 0)),
        dev(ordinalKey('rng', 0), pci(5, 0)),
      ],
    },
    domxmlToNativeAgrees: true,
  },
  {
    name: 'arm2',
    spec: {
      ...baseSpec('virt'),
      arch: 'aarch64',
      controllers: [
        { type: 'pci', index: 1, model: 'pcie-root-port' },
        { type: 'pci', index: 2, model: 'pcie-to-pci-bridge', address: { type: 'pci', bus: 1, slot: 0 } },
        { type: 'pci', index: 3, model: 'pcie-root-port' },
        { type: 'pci', index: 4, model: 'pcie-switch-upstream-port', address: { type: 'pci', bus: 3, slot: 0 } },
        { type: 'pci', index: 5, model: 'pcie-switch-downstream-port' },
        { type: 'usb', index: 0, model: 'qemu-xhci' },
      ],
      nets: [
        { model: 'e1000', mac: MAC('71'), address: { type: 'pci', bus: 2, slot: 1 } },
        { model: 'virtio', mac: MAC('72'), address: { type: 'pci', bus: 5, slot: 0 } },
      ],
      inputs: [{ type: 'tablet', bus: 'virtio' }],
      sounds: [{ model: 'ich6' }],
      videos: [{ model: 'virtio' }, { model: 'virtio' }],
      watchdogs: [{ model: 'i6300esb' }],
      memballoon: { model: 'virtio' },
    },
    state: {
      machine: 'virt-7.2',
      controllers: [
        ctl('pci', 0, 'pcie-root', NONE),
        rootPort(1, 1, 0x8, pci(0, 1, 0, true)),
        ctl('pci', 2, 'pcie-to-pci-bridge', pci(1, 0), { modelName: 'pcie-pci-bridge' }),
        rootPort(3, 3, 0x9, pci(0, 1, 1)),
        ctl('pci', 4, 'pcie-switch-upstream-port', pci(3, 0), { modelName: 'x3130-upstream' }),
        ctl('pci', 5, 'pcie-switch-downstream-port', pci(4, 0), { modelName: 'xio3130-downstream', target: { chassis: 5, port: 0 } }),
        rootPort(6, 6, 0xa, pci(0, 1, 2)),
        rootPort(7, 7, 0xb, pci(0, 1, 3)),
        rootPort(8, 8, 0xc, pci(0, 1, 4)),
        rootPort(9, 9, 0xd, pci(0, 1, 5)),
        rootPort(10, 10, 0xe, pci(0, 1, 6)),
        ctl('usb', 0, 'qemu-xhci', pci(6, 0)),
      ],
      devices: [
        dev(netKey(MAC('71')), pci(2, 1)),
        dev(netKey(MAC('72')), pci(5, 0)),
        dev(inputKey('virtio', 0), pci(10, 0)),
        dev(ordinalKey('sound', 0), pci(2, 2)),
        dev(ordinalKey('video', 0), pci(8, 0)),
        dev(ordinalKey('video', 1), pci(9, 0)),
        dev(ordinalKey('watchdog', 0), pci(2, 3)),
        dev(memballoonKey, pci(7, 0)),
      ],
    },
    // Both NICs are user-placed, but each on the only place its kind fits.
    domxmlToNativeAgrees: true,
  },
  {
    name: 'arm3',
    spec: { ...baseSpec('virt'), arch: 'aarch64', videos: [{ model: 'virtio' }, { model: 'vga', primary: true }] },
    state: {
      machine: 'virt-7.2',
      controllers: [
        ctl('pci', 0, 'pcie-root', NONE),
        rootPort(1, 1, 0x8, pci(0, 1, 0, true)),
        ctl('pci', 2, 'pcie-to-pci-bridge', pci(1, 0), { modelName: 'pcie-pci-bridge' }),
        rootPort(3, 3, 0x9, pci(0, 1, 1)),
        rootPort(4, 4, 0xa, pci(0, 1, 2)),
      ],
      devices: [dev(ordinalKey('video', 0), pci(2, 1)), dev(ordinalKey('video', 1), pci(3, 0))],
    },
    domxmlToNativeAgrees: true,
  },
  {
    name: 'arm-mmio-lsi',
    spec: {
      ...baseSpec('virt'),
      arch: 'aarch64',
      graphics: false,
      disks: [{ device: 'disk', bus: 'virtio', target: 'vda', address: { type: 'virtio-mmio' } }],
      controllers: [{ type: 'scsi', index: 0, model: 'lsilogic' }],
    },
    // libvirt's (buggy) state: the lsilogic got a virtio-mmio address, so -device lsi has
    // no addr. Both lists are empty: this case checks that renderArgv leaves devices off
    // PCI out instead of declining or inventing an addr. The qemu layer catches the bug.
    state: {
      machine: 'virt-7.2',
      controllers: [ctl('scsi', 0, 'lsilogic', { type: 'virtio-mmio' }), ctl('pci', 0, 'pcie-root', NONE)],
      devices: [dev(diskKey('vda'), { type: 'virtio-mmio' })],
    },
    domxmlToNativeAgrees: true,
  },
];

/** The rendered devices of a case, failing the test when the model declines. */
function rendered(c: Case) {
  const result = renderArgv(c.spec, c.state);
  if (result.kind !== 'ok') assert.unreachable(`renderArgv declined ${c.name}: ${result.reason}`);
  return result.kind === 'ok' ? result.devices : [];
}

for (const c of CASES) {
  test(`${c.name}: renderArgv = the -device list of a real start`, () => {
    const observed = parseQemuArgv(extractLoggedCommandLine(readFixture(`${c.name}.qemu.log`)));
    const result = compareArgv(rendered(c), observed);
    assert.is(result.diff, '');
    assert.ok(result.agree);
  });

  test(`${c.name}: renderArgv ${c.domxmlToNativeAgrees ? '=' : '≠'} domxml-to-native`, () => {
    const result = compareArgv(rendered(c), parseQemuArgv(readFixture(`${c.name}.argv.txt`)));
    assert.is(result.agree, c.domxmlToNativeAgrees, result.diff);
    // Where they differ, it is the NICs domxml-to-native moved, and nothing else.
    if (!result.agree) {
      const changed = result.diff.split('\n').filter((l) => /^[-+]id=/.test(l));
      assert.ok(changed.every((l) => /^[-+]id=(net\d+|pci\.\d+) /.test(l)), result.diff);
    }
  });
}

// ---------------------------------------------------------------- what it must decline

const pcbCase = CASES.find((c) => c.name === 'pcb')!;

test('declines qxl on aarch64 (libvirt refuses it there), and an aarch64 state with a pci-root', () => {
  const arm2 = CASES.find((c) => c.name === 'arm2')!;
  const result = renderArgv({ ...arm2.spec, videos: [{ model: 'virtio' }, { model: 'qxl' }] }, arm2.state);
  assert.equal(result, { kind: 'unsupported', reason: 'video:1: qxl as secondary video' });
  assert.equal(renderArgv({ ...pcbCase.spec, arch: 'aarch64' }, pcbCase.state), { kind: 'unsupported', reason: 'arch aarch64 with PCI root pci-root' });
});

test('declines a state that puts a non-PCI sound model (sb16, ISA) on PCI', () => {
  const result = renderArgv({ ...pcbCase.spec, sounds: [{ model: 'sb16' }] }, pcbCase.state);
  assert.equal(result, { kind: 'unsupported', reason: 'sound:0: sound model not verified' });
});

test('declines an expander bus without busNr and a device whose bus has no controller', () => {
  const expander = { ...pcbCase.state, controllers: [...pcbCase.state.controllers, ctl('pci', 1, 'pci-expander-bus', pci(0, 0x0a))] };
  assert.equal(renderArgv(pcbCase.spec, expander), { kind: 'unsupported', reason: 'controller pci 1: busNr not predicted' });
  const orphan = { ...pcbCase.state, devices: pcbCase.state.devices.map((d) => (d.key === memballoonKey ? dev(memballoonKey, pci(3, 1)) : d)) };
  assert.equal(renderArgv(pcbCase.spec, orphan), { kind: 'unsupported', reason: 'memballoon: no PCI controller with index 3' });
});

test('every ICH9 UHCI next to an EHCI of its index is a companion without an id, <master> or not (domxml-to-native, observed)', () => {
  const spec: DomainSpec = {
    ...baseSpec('q35'),
    graphics: false,
    controllers: [
      { type: 'usb', index: 0, model: 'ich9-ehci1' },
      { type: 'usb', index: 0, model: 'ich9-uhci1' },
      { type: 'usb', index: 0, model: 'ich9-uhci2', masterStartport: 2 },
      { type: 'usb', index: 0, model: 'ich9-uhci3' },
    ],
  };
  const state: DomainState = {
    machine: 'pc-q35-7.2',
    controllers: [
      ctl('usb', 0, 'ich9-ehci1', pci(0, 0x1d, 7)),
      ctl('usb', 0, 'ich9-uhci1', pci(0, 0x1d, 0, true)),
      ctl('usb', 0, 'ich9-uhci2', pci(0, 0x1d, 1)),
      ctl('usb', 0, 'ich9-uhci3', pci(0, 0x1d, 2)),
      ctl('pci', 0, 'pcie-root', NONE),
    ],
    devices: [],
  };
  const r = renderArgv(spec, state);
  assert.equal(r.kind === 'ok' ? r.devices.map((d) => [d.driver, d.id ?? null]) : r.reason, [
    ['ich9-usb-ehci1', 'usb'],
    ['ich9-usb-uhci1', null],
    ['ich9-usb-uhci2', null],
    ['ich9-usb-uhci3', null],
  ]);
  // without the EHCI libvirt cannot build the command line ("masterbus not found")
  const alone = { ...state, controllers: state.controllers.filter((c) => c.model !== 'ich9-ehci1') };
  assert.is(renderArgv(spec, alone).kind, 'unsupported');
});

test("bare graphics get libvirt's default video: cirrus on x86, virtio-gpu-pci on aarch64 virt (fixtures README)", () => {
  const state = (root: string): DomainState => ({
    machine: 'm',
    controllers: [ctl('pci', 0, root, NONE)],
    devices: [dev(ordinalKey('video', 0), pci(0, 1))],
  });
  const video = (spec: DomainSpec, root: string) => {
    const r = renderArgv(spec, state(root));
    return r.kind === 'ok' ? r.devices.map((d) => d.driver) : r.reason;
  };
  assert.equal(video(baseSpec('pc'), 'pci-root'), ['cirrus-vga']);
  assert.equal(video({ ...baseSpec('virt'), arch: 'aarch64' }, 'pcie-root'), ['virtio-gpu-pci']);
  // Without graphics there is no default video, so a video in the state is not from the spec.
  assert.equal(video({ ...baseSpec('pc'), graphics: false }, 'pci-root'), 'video:0: not in the spec');
});

// Observed 2026-12-05, libvirt 9.0.0 / QEMU 7.2: three root ports, the first two with
// <target hotplug='off'/> and 'on', the third without; the -device lines are copied from
// the QEMU log of a real start.
test("a port's hotplug='off'/'on' reaches QEMU as hotplug false/true; without it nothing is written", () => {
  const observed = [
    '{"driver":"pcie-root-port","port":8,"chassis":1,"id":"pci.1","hotplug":false,"bus":"pcie.0","multifunction":true,"addr":"0x1"}',
    '{"driver":"pcie-root-port","port":9,"chassis":2,"id":"pci.2","hotplug":true,"bus":"pcie.0","addr":"0x1.0x1"}',
    '{"driver":"pcie-root-port","port":10,"chassis":3,"id":"pci.3","bus":"pcie.0","addr":"0x1.0x2"}',
  ].map((line) => parseQemuArgv(`qemu-system-x86_64 -device '${line}'`)[0]);
  const spec: DomainSpec = {
    ...baseSpec('q35'),
    controllers: [
      { type: 'pci', index: 1, model: 'pcie-root-port', hotplug: 'off' },
      { type: 'pci', index: 2, model: 'pcie-root-port', hotplug: 'on' },
    ],
  };
  const state: DomainState = {
    machine: 'pc-q35-7.2',
    controllers: [
      ctl('pci', 0, 'pcie-root', NONE),
      { ...rootPort(1, 1, 8, pci(0, 1, 0, true)), hotplug: 'off' },
      { ...rootPort(2, 2, 9, pci(0, 1, 1)), hotplug: 'on' },
      rootPort(3, 3, 10, pci(0, 1, 2)),
    ],
    devices: [],
  };
  const rendered = renderArgv(spec, state);
  assert.is(rendered.kind, 'ok', JSON.stringify(rendered));
  const ports = rendered.kind === 'ok' ? rendered.devices.filter((d) => d.driver === 'pcie-root-port') : [];
  assert.is(compareArgv(ports, observed).diff, '');
});

// Observed 2026-12-05, libvirt 9.0.0 / QEMU 7.2 on q35: two 9p filesystems, the second
// transitional, placed on a root port and behind a pcie-to-pci-bridge (lines from the QEMU log).
test('9p filesystems are virtio-9p-pci devices named fsN, the transitional one by its own driver', () => {
  const observed = [
    '{"driver":"virtio-9p-pci","id":"fs0","fsdev":"fsdev-fs0","mount_tag":"share0","bus":"pci.3","addr":"0x0"}',
    '{"driver":"virtio-9p-pci-transitional","id":"fs1","fsdev":"fsdev-fs1","mount_tag":"share1","bus":"pci.2","addr":"0x1"}',
  ].map((line) => parseQemuArgv(`qemu-system-x86_64 -device '${line}'`)[0]);
  const spec: DomainSpec = {
    ...baseSpec('q35'),
    filesystems: [{ source: '/tmp', target: 'share0', readonly: true }, { source: '/tmp', target: 'share1', model: 'virtio-transitional', accessmode: 'passthrough' }],
  };
  const state: DomainState = {
    machine: 'pc-q35-7.2',
    controllers: [ctl('pci', 0, 'pcie-root', NONE)],
    devices: [dev('filesystem:0', pci(3, 0)), dev('filesystem:1', pci(2, 1))],
  };
  const withBuses: DomainState = {
    ...state,
    controllers: [...state.controllers, ctl('pci', 2, 'pcie-to-pci-bridge', pci(1, 0), { modelName: 'pcie-pci-bridge' }), rootPort(3, 3, 9, pci(0, 1, 1)), rootPort(1, 1, 8, pci(0, 1, 0, true))],
  };
  const rendered = renderArgv(spec, withBuses);
  assert.is(rendered.kind, 'ok', JSON.stringify(rendered));
  const shares = rendered.kind === 'ok' ? rendered.devices.filter((d) => d.driver.startsWith('virtio-9p')) : [];
  assert.is(compareArgv(shares, observed).diff, '');
});

// ---------------------------------------------------------------- user aliases, end to end

/** The model's prediction for `spec` on the debian-12 profile, rendered; fails the test on anything but ok. */
function predictedArgv(spec: DomainSpec, profile = X86_PROFILE): ArgvDevice[] {
  const prediction = predict(spec, profile);
  assert.is(prediction.kind, 'ok', JSON.stringify(prediction));
  const rendered = prediction.kind === 'ok' ? renderArgv(spec, prediction.state) : undefined;
  assert.is(rendered?.kind, 'ok', JSON.stringify(rendered));
  return rendered?.kind === 'ok' ? rendered.devices : [];
}

const logged = (lines: string[]): ArgvDevice[] => lines.map((line) => parseQemuArgv(`qemu-system-x86_64 -device '${line}'`)[0]);

// Observed 2026-12-05, libvirt 9.0.0 / QEMU 7.2 (the same lines from libvirt 11.3/QEMU 10.0
// and 12.8/QEMU 11.1): `start --paused` of this pc guest in an embedded root, the -device
// lines of ROOT/log/qemu/NAME.log. A bridge with a user alias names its bus by it, the
// root's bus stays pci.0 though the root is ua-root, and the NICs libvirt names itself
// count only among themselves (net0, net1 beside ua-nic and ua-nic3).
test('user aliases on pc: ids and bus names of bridges, disks and NICs (QEMU log, observed)', () => {
  const spec: DomainSpec = {
    ...baseSpec('pc'),
    graphics: false,
    controllers: [
      { type: 'pci', index: 0, model: 'pci-root', alias: 'ua-root' },
      { type: 'pci', index: 1, model: 'pci-bridge', alias: 'ua-br' },
      { type: 'pci', index: 2, model: 'pci-bridge' },
      { type: 'pci', index: 3, model: 'pci-bridge', alias: 'ua-br3', address: { type: 'pci', bus: 1, slot: 5 } },
    ],
    disks: [
      { device: 'disk', bus: 'virtio', target: 'vda', alias: 'ua-disk', address: { type: 'pci', bus: 1, slot: 3 } },
      { device: 'disk', bus: 'virtio', target: 'vdb' },
    ],
    nets: [
      { model: 'virtio', mac: MAC('01'), alias: 'ua-nic', address: { type: 'pci', bus: 3, slot: 2 } },
      { model: 'e1000', mac: MAC('02') },
      { model: 'virtio', mac: MAC('03'), alias: 'ua-nic3' },
      { model: 'rtl8139', mac: MAC('04'), address: { type: 'pci', bus: 2, slot: 4 } },
    ],
    memballoon: { model: 'none' },
  };
  const observed = logged([
    '{"driver":"pci-bridge","chassis_nr":1,"id":"ua-br","bus":"pci.0","addr":"0x2"}',
    '{"driver":"pci-bridge","chassis_nr":2,"id":"pci.2","bus":"pci.0","addr":"0x3"}',
    '{"driver":"pci-bridge","chassis_nr":3,"id":"ua-br3","bus":"ua-br","addr":"0x5"}',
    '{"driver":"piix3-usb-uhci","id":"usb","bus":"pci.0","addr":"0x1.0x2"}',
    '{"driver":"virtio-blk-pci","bus":"ua-br","addr":"0x3","drive":"libvirt-2-format","id":"ua-disk","bootindex":1}',
    '{"driver":"virtio-blk-pci","bus":"pci.0","addr":"0x6","drive":"libvirt-1-format","id":"virtio-disk1"}',
    '{"driver":"virtio-net-pci","netdev":"hostua-nic","id":"ua-nic","mac":"52:54:00:00:00:01","bus":"ua-br3","addr":"0x2"}',
    '{"driver":"e1000","netdev":"hostnet0","id":"net0","mac":"52:54:00:00:00:02","bus":"pci.0","addr":"0x4"}',
    '{"driver":"virtio-net-pci","netdev":"hostua-nic3","id":"ua-nic3","mac":"52:54:00:00:00:03","bus":"pci.0","addr":"0x5"}',
    '{"driver":"rtl8139","netdev":"hostnet1","id":"net1","mac":"52:54:00:00:00:04","bus":"pci.2","addr":"0x4"}',
  ]);
  assert.is(compareArgv(predictedArgv(spec), observed).diff, '');
  // without the aliases the same guest renders libvirt's own names: the case cannot pass by accident
  const plain = { ...spec, controllers: spec.controllers.map(({ alias: _a, ...c }) => c), nets: spec.nets.map(({ alias: _a, ...n }) => n), disks: spec.disks.map(({ alias: _a, ...d }) => d) };
  assert.not.ok(compareArgv(predictedArgv(plain), observed).agree);
});

// Observed 2026-12-05, libvirt 9.0.0 / QEMU 7.2 (and identically on 11.3 and 12.8): a q35
// guest whose root, ports, switch, pcie-to-pci bridge, expander bus, SCSI and virtio-serial
// controllers carry user aliases; 'foo' is no user alias, libvirt drops it (the NIC is net1).
test('user aliases on q35: ports, switch, expander bus and disk controllers (QEMU log, observed)', () => {
  const spec: DomainSpec = {
    ...baseSpec('q35'),
    graphics: false,
    controllers: [
      { type: 'pci', index: 0, model: 'pcie-root', alias: 'ua-root' },
      { type: 'pci', index: 1, model: 'pcie-root-port', alias: 'ua-rp1' },
      { type: 'pci', index: 2, model: 'pcie-root-port' },
      { type: 'pci', index: 3, model: 'pcie-switch-upstream-port', alias: 'ua-up', address: { type: 'pci', bus: 1, slot: 0 } },
      { type: 'pci', index: 4, model: 'pcie-switch-downstream-port', alias: 'ua-down' },
      { type: 'pci', index: 5, model: 'pcie-to-pci-bridge', alias: 'ua-p2p' },
      { type: 'pci', index: 6, model: 'pcie-expander-bus', alias: 'ua-pxb' },
      { type: 'pci', index: 7, model: 'pcie-root-port', alias: 'ua-rp7', address: { type: 'pci', bus: 6, slot: 0 } },
      { type: 'scsi', index: 0, model: 'virtio-scsi', alias: 'ua-scsi' },
      { type: 'virtio-serial', index: 0, alias: 'ua-vser' },
    ],
    disks: [
      { device: 'disk', bus: 'virtio', target: 'vda', alias: 'ua-disk', address: { type: 'pci', bus: 4, slot: 0 } },
      { device: 'disk', bus: 'virtio', target: 'vdb' },
    ],
    nets: [
      { model: 'virtio', mac: MAC('01'), alias: 'ua-nic', address: { type: 'pci', bus: 7, slot: 0 } },
      { model: 'e1000', mac: MAC('02'), address: { type: 'pci', bus: 5, slot: 1 } },
      { model: 'rtl8139', mac: MAC('03'), alias: 'ua-nic3', address: { type: 'pci', bus: 5, slot: 2 } },
      { model: 'virtio', mac: MAC('04'), alias: 'foo' },
    ],
    memballoon: { model: 'none' },
  };
  const observed = logged([
    '{"driver":"pcie-root-port","port":8,"chassis":1,"id":"ua-rp1","bus":"pcie.0","multifunction":true,"addr":"0x1"}',
    '{"driver":"pcie-root-port","port":9,"chassis":2,"id":"pci.2","bus":"pcie.0","addr":"0x1.0x1"}',
    '{"driver":"x3130-upstream","id":"ua-up","bus":"ua-rp1","addr":"0x0"}',
    '{"driver":"xio3130-downstream","port":0,"chassis":4,"id":"ua-down","bus":"ua-up","addr":"0x0"}',
    '{"driver":"pcie-pci-bridge","id":"ua-p2p","bus":"pci.2","addr":"0x0"}',
    '{"driver":"pxb-pcie","bus_nr":254,"id":"ua-pxb","bus":"pcie.0","addr":"0x2"}',
    '{"driver":"pcie-root-port","port":0,"chassis":7,"id":"ua-rp7","bus":"ua-pxb","addr":"0x0"}',
    '{"driver":"pcie-root-port","port":10,"chassis":8,"id":"pci.8","bus":"pcie.0","addr":"0x1.0x2"}',
    '{"driver":"pcie-root-port","port":11,"chassis":9,"id":"pci.9","bus":"pcie.0","addr":"0x1.0x3"}',
    '{"driver":"pcie-root-port","port":12,"chassis":10,"id":"pci.10","bus":"pcie.0","addr":"0x1.0x4"}',
    '{"driver":"pcie-root-port","port":13,"chassis":11,"id":"pci.11","bus":"pcie.0","addr":"0x1.0x5"}',
    '{"driver":"pcie-root-port","port":14,"chassis":12,"id":"pci.12","bus":"pcie.0","addr":"0x1.0x6"}',
    '{"driver":"qemu-xhci","id":"usb","bus":"pci.11","addr":"0x0"}',
    '{"driver":"virtio-scsi-pci","id":"ua-scsi","bus":"pci.9","addr":"0x0"}',
    '{"driver":"virtio-serial-pci","id":"ua-vser","bus":"pci.10","addr":"0x0"}',
    '{"driver":"virtio-blk-pci","bus":"ua-down","addr":"0x0","drive":"libvirt-2-format","id":"ua-disk","bootindex":1}',
    '{"driver":"virtio-blk-pci","bus":"pci.12","addr":"0x0","drive":"libvirt-1-format","id":"virtio-disk1"}',
    '{"driver":"virtio-net-pci","netdev":"hostua-nic","id":"ua-nic","mac":"52:54:00:00:00:01","bus":"ua-rp7","addr":"0x0"}',
    '{"driver":"e1000","netdev":"hostnet0","id":"net0","mac":"52:54:00:00:00:02","bus":"ua-p2p","addr":"0x1"}',
    '{"driver":"rtl8139","netdev":"hostua-nic3","id":"ua-nic3","mac":"52:54:00:00:00:03","bus":"ua-p2p","addr":"0x2"}',
    '{"driver":"virtio-net-pci","netdev":"hostnet1","id":"net1","mac":"52:54:00:00:00:04","bus":"pci.8","addr":"0x0"}',
  ]);
  assert.is(compareArgv(predictedArgv(spec), observed).diff, '');
});

// Observed 2026-12-05, libvirt 9.0.0 / QEMU 7.2 (TCG): the same rule on aarch64 virt, whose
// root is pcie-root as on q35; its bus stays pcie.0 under ua-root.
test('user aliases on aarch64 virt: root ports and a pcie-to-pci-bridge (QEMU log, observed)', () => {
  const spec: DomainSpec = {
    ...baseSpec('virt'),
    arch: 'aarch64',
    graphics: false,
    controllers: [
      { type: 'pci', index: 0, model: 'pcie-root', alias: 'ua-root' },
      { type: 'pci', index: 1, model: 'pcie-root-port', alias: 'ua-rp1' },
      { type: 'pci', index: 2, model: 'pcie-root-port' },
      { type: 'pci', index: 3, model: 'pcie-root-port' },
      { type: 'pci', index: 4, model: 'pcie-to-pci-bridge', alias: 'ua-p2p', address: { type: 'pci', bus: 3, slot: 0 } },
    ],
    disks: [{ device: 'disk', bus: 'virtio', target: 'vda', alias: 'ua-disk', address: { type: 'pci', bus: 1, slot: 0 } }],
    nets: [
      { model: 'e1000', mac: MAC('01'), alias: 'ua-nic', address: { type: 'pci', bus: 4, slot: 1 } },
      { model: 'virtio', mac: MAC('02'), address: { type: 'pci', bus: 2, slot: 0 } },
    ],
    memballoon: { model: 'none' },
  };
  const observed = logged([
    '{"driver":"pcie-root-port","port":8,"chassis":1,"id":"ua-rp1","bus":"pcie.0","multifunction":true,"addr":"0x1"}',
    '{"driver":"pcie-root-port","port":9,"chassis":2,"id":"pci.2","bus":"pcie.0","addr":"0x1.0x1"}',
    '{"driver":"pcie-root-port","port":10,"chassis":3,"id":"pci.3","bus":"pcie.0","addr":"0x1.0x2"}',
    '{"driver":"pcie-pci-bridge","id":"ua-p2p","bus":"pci.3","addr":"0x0"}',
    '{"driver":"virtio-blk-pci","bus":"ua-rp1","addr":"0x0","drive":"libvirt-1-format","id":"ua-disk","bootindex":1}',
    '{"driver":"e1000","netdev":"hostua-nic","id":"ua-nic","mac":"52:54:00:00:00:01","bus":"ua-p2p","addr":"0x1"}',
    '{"driver":"virtio-net-pci","netdev":"hostnet0","id":"net0","mac":"52:54:00:00:00:02","bus":"pci.2","addr":"0x0"}',
  ]);
  assert.is(compareArgv(predictedArgv(spec, VIRT_PROFILE), observed).diff, '');
});

test('compareArgv: a moved device is one -/+ pair in the diff', () => {
  const devices = rendered(pcbCase);
  const moved = devices.map((d) => (d.id === 'balloon0' ? { ...d, addr: '0a.0' } : d));
  const result = compareArgv(devices, moved);
  assert.not.ok(result.agree);
  assert.match(result.diff, /^-id=balloon0 driver=virtio-balloon-pci bus=pci\.0 addr=07\.0$/m);
  assert.match(result.diff, /^\+id=balloon0 driver=virtio-balloon-pci bus=pci\.0 addr=0a\.0$/m);
});

test.run();
