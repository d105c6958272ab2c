// What changed after libvirt 9.0, as the model keeps it (model/releases.ts): each row was
// observed by defining the spec through the real virsh of the build named in the row
// (`virtprop builds`: debian-13 is libvirt 11.3.0 + QEMU 10.0.13, debian-unstable is
// libvirt 12.8.0 + QEMU 11.1.3) and reading back libvirt's XML; debian-12 (libvirt 9.0.0)
// rows show that the older release still gets its own answer from the same model.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { predict } from '../../model/index.js';
import { nearestRelease, releaseFacts } from '../../model/releases.js';
import { defaultMachine } from '../../model/machines.js';
import type { BuildProfile, DomainSpec, HostdevSpec, MachineInfo } from '../../types/domain.js';
import { spec, summarize } from './summary.js';

const x86 = (q35: string, pc: string): MachineInfo[] => [
  { arch: 'x86_64', name: 'q35', aliasOf: q35, description: 'Standard PC (Q35 + ICH9, 2009)' },
  { arch: 'x86_64', name: q35, description: 'Standard PC (Q35 + ICH9, 2009)' },
  { arch: 'x86_64', name: 'pc', aliasOf: pc, description: 'Standard PC (i440FX + PIIX, 1996)' },
  { arch: 'x86_64', name: pc, description: 'Standard PC (i440FX + PIIX, 1996)', isDefault: true },
  { arch: 'x86_64', name: 'isapc', description: 'ISA-only PC' },
  { arch: 'x86_64', name: 'microvm', description: 'microvm (i386)' },
];

/** Video models each build's QEMU offers (virsh domcapabilities, observed in roots made before they got QEMU's spice modules: no qxl). */
const OFFERS_13 = { videoModels: ['vga', 'cirrus', 'vmvga', 'virtio', 'none', 'bochs', 'ramfb'], diskBuses: ['ide', 'fdc', 'scsi', 'virtio', 'usb', 'sata'], sev: false };

const PROFILES: Record<string, BuildProfile> = {
  'debian-12': { arch: 'x86_64', libvirt: '9.0.0', qemu: '7.2.0', machines: x86('pc-q35-7.2', 'pc-i440fx-7.2') },
  'debian-13': { arch: 'x86_64', libvirt: '11.3.0', qemu: '10.0.13', machines: x86('pc-q35-10.0', 'pc-i440fx-10.0'), offers: OFFERS_13 },
  'debian-unstable': { arch: 'x86_64', libvirt: '12.8.0', qemu: '11.1.3', machines: x86('pc-q35-11.1', 'pc-i440fx-11.1'), offers: OFFERS_13 },
};

interface Row {
  build: keyof typeof PROFILES;
  what: string;
  spec: DomainSpec;
  /** Entries of the summarized state that libvirt showed (the rest is not asserted); undefined: libvirt showed no such device. */
  expect?: Record<string, string | undefined>;
  /** A refusal libvirt gave, by its message. */
  refused?: RegExp;
  /** libvirt accepted it, and the model declines to place it: its "unsupported" reason. */
  unsupported?: RegExp;
}

const e1000s = (n: number): DomainSpec['nets'] => Array.from({ length: n }, (_, i) => ({ model: 'e1000', mac: `52:54:00:00:01:${(i + 1).toString(16).padStart(2, '0')}` }));
/** Root ports 1-30 on pcie.0's slots 1-30: nothing else fits there. */
const rootPortsOnEverySlot = (): DomainSpec['controllers'] => Array.from({ length: 30 }, (_, i) => ({ type: 'pci', index: i + 1, model: 'pcie-root-port', address: { type: 'pci', bus: 0, slot: i + 1 } }));
const usbInput = (type: 'tablet' | 'mouse' | 'keyboard', usbPort?: number): DomainSpec['inputs'][number] => (usbPort === undefined ? { type, bus: 'usb' } : { type, bus: 'usb', usbPort });
const UUID_A = '5a1b2c3d-0000-4000-8000-000000000001';
const UUID_B = '5a1b2c3d-0000-4000-8000-000000000002';
const ROOT_PORT_2 = { type: 'pci', index: 2, model: 'pcie-root-port' } as const;
const PCI_ROOT = { type: 'pci', index: 0, model: 'pci-root' } as const;
const sata = (target: string) => ({ target, bus: 'sata', device: 'cdrom' }) as DomainSpec['disks'][number];
const scsiHostdev = (controller: number, unit = 0): HostdevSpec => ({ subsystem: 'scsi', source: { adapter: 'scsi_host0', bus: 0, target: 0, unit }, drive: { controller, bus: 0, target: 0, unit: 0 } });
const scsiHostdevAuto: HostdevSpec = { subsystem: 'scsi', source: { adapter: 'scsi_host0', bus: 0, target: 0, unit: 0 } };
const MDEV_WITHOUT_MODEL: HostdevSpec = { subsystem: 'mdev', source: { uuid: '83b0a990-0f55-4c18-a6b9-a5c21e7cc6e2' }, modelMissing: true };
const XHCI_4 = { type: 'usb', index: 0, model: 'qemu-xhci', ports: 4 } as const;
const TABLET_PORT_7 = { type: 'tablet', bus: 'usb', usbPort: 7 } as const;
const NVME_0 = { type: 'nvme', index: 0, serial: 's0' } as const;
const nvmeDisk = (target: string) => ({ target, bus: 'nvme', device: 'disk' }) as DomainSpec['disks'][number];
const scsiDisk = (target: string) => ({ target, bus: 'scsi', device: 'cdrom' }) as DomainSpec['disks'][number];

const ROWS: Row[] = [
  // Parser refusals an independent generator's files met, the same on all three builds
  // (probes of one element each, 2026-12-06); each build's row is one of the three observations.
  { build: 'debian-12', what: "a controller model libvirt has no name for (QEMU's megasas) is refused", spec: spec('q35', { controllers: [{ type: 'scsi', unknownModel: 'megasas' }] }), refused: /Unknown model type 'megasas'/ },
  { build: 'debian-13', what: 'an unknown controller model is read before the negative index', spec: spec('q35', { controllers: [{ type: 'scsi', index: -1, unknownModel: 'megasas' }] }), refused: /Unknown model type 'megasas'/ },
  { build: 'debian-unstable', what: "an unknown controller model is read before the controller's bad slot", spec: spec('q35', { controllers: [{ type: 'scsi', unknownModel: 'megasas', address: { type: 'pci', bus: 0, slot: 0x40 } }] }), refused: /Unknown model type 'megasas'/ },
  { build: 'debian-12', what: "a negative chassis is the parser's refusal, before the controller's own bad slot (probe, 2026-12-07)", spec: spec('q35', { controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port', badTarget: { attribute: 'chassis', text: '-1' }, address: { type: 'pci', bus: 0, slot: 0x20 } }] }), refused: /Invalid value for attribute 'chassis' in element 'target': '-1'\. Expected non-negative value/ },
  { build: 'debian-13', what: 'chassisNr is read before chassis: the first bad one is named', spec: spec('q35', { controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port' }, { type: 'pci', index: 2, model: 'pcie-to-pci-bridge' }, { type: 'pci', index: 3, model: 'pci-bridge', badTarget: { attribute: 'chassisNr', text: '-2' } }] }), refused: /attribute 'chassisNr' in element 'target': '-2'/ },
  { build: 'debian-unstable', what: "an earlier controller's bad slot wins over a later one's negative port", spec: spec('q35', { controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port', address: { type: 'pci', bus: 0, slot: 0x20 } }, { type: 'pci', index: 2, model: 'pcie-root-port', badTarget: { attribute: 'port', text: '-3' } }] }), refused: /Invalid PCI address slot='0x20'/ },
  { build: 'debian-13', what: "a negative busNr wins over a NIC's multicast MAC (controllers are parsed first)", spec: spec('q35', { controllers: [{ type: 'pci', index: 2, model: 'pcie-root-port', badTarget: { attribute: 'busNr', text: '-3' } }], nets: [{ model: 'virtio', mac: '01:00:00:00:00:01' }] }), refused: /attribute 'busNr' in element 'target': '-3'\. Expected non-negative value/ },
  { build: 'debian-12', what: "a disk's bad slot wins over a controller's negative chassis (disks are parsed first)", spec: spec('q35', { disks: [{ device: 'disk', bus: 'virtio', target: 'vda', address: { type: 'pci', bus: 0, slot: 0x20 } }], controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port', badTarget: { attribute: 'chassis', text: '-1' } }] }), refused: /Invalid PCI address slot='0x20'/ },
  { build: 'debian-unstable', what: 'a chassis with no number in it is refused as no integer', spec: spec('q35', { controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port', badTarget: { attribute: 'chassis', text: 'abc' } }] }), refused: /attribute 'chassis' in element 'target': 'abc'\. Expected integer value/ },
  { build: 'debian-13', what: 'an unknown PCI controller model (pcie-bridge) is refused', spec: spec('q35', { controllers: [{ type: 'pci', index: 1, unknownModel: 'pcie-bridge' }] }), refused: /Unknown model type 'pcie-bridge'/ },
  { build: 'debian-12', what: 'a multicast MAC is refused', spec: spec('q35', { nets: [{ model: 'e1000', mac: '01:00:5e:00:00:01' }] }), refused: /expected unicast mac address, found multicast '01:00:5e:00:00:01'/ },
  { build: 'debian-unstable', what: "a multicast MAC is refused before the NIC's bad slot", spec: spec('q35', { nets: [{ model: 'e1000', mac: '01:00:5e:00:00:01', address: { type: 'pci', bus: 0, slot: 0x40 } }] }), refused: /expected unicast mac address/ },
  { build: 'debian-13', what: 'a USB input with a PCI address is refused', spec: spec('pc', { inputs: [{ type: 'keyboard', bus: 'usb', address: { type: 'pci', bus: 0, slot: 5 } }] }), refused: /Invalid address for a USB device/ },
  { build: 'debian-12', what: "a USB input's PCI address is range-checked first", spec: spec('q35', { inputs: [{ type: 'tablet', bus: 'usb', address: { type: 'pci', bus: 0, slot: 0x40 } }] }), refused: /Invalid PCI address slot='0x40'/ },
  { build: 'debian-unstable', what: "a USB input's PCI address is refused before USB model none", spec: spec('q35', { controllers: [{ type: 'usb', model: 'none' }], inputs: [{ type: 'tablet', bus: 'usb', address: { type: 'pci', bus: 0, slot: 5 } }] }), refused: /Invalid address for a USB device/ },
  // usb-net NICs (an independent generator's files; probes with virsh define + dumpxml on each build, 2026-12-06)
  { build: 'debian-12', what: 'a usb-net NIC without an address looks for a PCI slot of flags 0 and is refused', spec: spec('pc', { nets: [{ model: 'usb-net', mac: '52:54:00:00:00:01' }] }), refused: /Cannot automatically add a new PCI bus for a device with connect flags 0/ },
  {
    build: 'debian-12',
    what: "a usb-net NIC's USB address is kept but neither reserved nor counted: three USB inputs and it on 3 ports, no hub",
    spec: spec('q35', { controllers: [{ type: 'usb', model: 'qemu-xhci', ports: 3 }], inputs: [{ type: 'tablet', bus: 'usb' }, { type: 'keyboard', bus: 'usb' }, { type: 'mouse', bus: 'usb' }], nets: [{ model: 'usb-net', mac: '52:54:00:00:00:01', usb: { usbPort: 2 } }] }),
    expect: { 'net:52:54:00:00:00:01': 'usb', 'input:usb:1': 'usb', 'hub:0': undefined },
  },
  { build: 'debian-13', what: 'a usb-net NIC gets a USB port', spec: spec('pc', { nets: [{ model: 'usb-net', mac: '52:54:00:00:00:01' }] }), expect: { 'net:52:54:00:00:00:01': 'usb', memballoon: '00:02.0' } },
  {
    build: 'debian-13',
    what: 'a usb-net NIC counts: three USB inputs and it on an xHCI of 3 ports need a hub',
    spec: spec('q35', { controllers: [{ type: 'usb', model: 'qemu-xhci', ports: 3 }], inputs: [{ type: 'tablet', bus: 'usb' }, { type: 'keyboard', bus: 'usb' }, { type: 'mouse', bus: 'usb' }], nets: [{ model: 'usb-net', mac: '52:54:00:00:00:01' }] }),
    expect: { 'hub:0': 'usb', 'net:52:54:00:00:00:01': 'usb' },
  },
  { build: 'debian-unstable', what: 'a usb-net NIC beside USB model none is refused as a USB device', spec: spec('q35', { controllers: [{ type: 'usb', model: 'none' }], nets: [{ model: 'usb-net', mac: '52:54:00:00:00:01' }] }), refused: /USB is disabled for this domain/ },
  // a user alias shared by two devices: refused after every other check (probes 2026-12-06, the same on each build)
  { build: 'debian-13', what: 'two disks sharing a user alias are refused', spec: spec('q35', { disks: [{ device: 'cdrom', bus: 'sata', target: 'sda', alias: 'ua-x' }, { device: 'cdrom', bus: 'sata', target: 'sdb', alias: 'ua-x' }] }), refused: /non unique alias detected: ua-x/ },
  { build: 'debian-12', what: 'a shared user alias is refused after a LUN on a file', spec: spec('q35', { disks: [{ device: 'cdrom', bus: 'sata', target: 'sda', alias: 'ua-x' }, { device: 'cdrom', bus: 'sata', target: 'sdb', alias: 'ua-x' }, { device: 'disk', bus: 'scsi', target: 'sdc', lun: { sourceType: 'file' } }] }), refused: /only valid for block type disk source/ },
  { build: 'debian-unstable', what: 'a shared user alias is refused after hugepages on demand', spec: spec('q35', { hugepagesOnDemand: true, disks: [{ device: 'cdrom', bus: 'sata', target: 'sda', alias: 'ua-x' }, { device: 'cdrom', bus: 'sata', target: 'sdb', alias: 'ua-x' }] }), refused: /hugepages are not allowed with memory allocation ondemand/ },
  // an independent generator's pc file (ports='2', a spicevmc channel at port 1, a guest-agent channel without address): 9.0 added virtio-serial 1
  { build: 'debian-12', what: 'a channel finding no free port on the controllers: libvirt adds one, not modelled', spec: spec('pc', { controllers: [{ type: 'virtio-serial', index: 0, ports: 2 }], virtioPorts: [{ kind: 'channel' }, { kind: 'channel', controller: 0, port: 1 }] }), unsupported: /beyond the free ports of the virtio-serial controllers/ },
  // a NIC's disabled ROM with a bar or file (an independent generator's files; the same on each build)
  { build: 'debian-12', what: 'a disabled ROM with a bar is refused by the parser', spec: spec('q35', { nets: [{ model: 'e1000', romDisabledButTuned: true }] }), refused: /ROM tuning is not supported when ROM is disabled/ },
  { build: 'debian-13', what: "a disabled ROM is refused before the NIC's bad slot", spec: spec('q35', { nets: [{ model: 'e1000', romDisabledButTuned: true, address: { type: 'pci', bus: 0, slot: 0x40 } }] }), refused: /ROM tuning is not supported/ },
  { build: 'debian-unstable', what: 'a multicast MAC is refused before a disabled ROM', spec: spec('q35', { nets: [{ model: 'e1000', mac: '01:00:5e:00:00:01', romDisabledButTuned: true }] }), refused: /expected unicast mac address/ },
  // video and sound model names libvirt has none for (a realistic ChromeOS file wrote virtio-gpu): the parser's refusal, at that kind of device
  { build: 'debian-unstable', what: "an unknown video model ('virtio-gpu') is refused by the parser", spec: spec('q35', { unknownModels: { video: 'virtio-gpu' } }), refused: /Invalid value for attribute 'type' in element 'model': 'virtio-gpu'/ },
  { build: 'debian-12', what: 'an unknown video model is refused before an unknown machine, in 9.0\'s words (a ChromeOS Flex file, 2026-12-07)', spec: spec('pc-q35-1.0', { unknownModels: { video: 'virtio-gpu' } }), refused: /^unknown video model 'virtio-gpu'$/ },
  { build: 'debian-13', what: 'an unknown sound model is refused before an unknown video model', spec: spec('q35', { unknownModels: { video: 'virtio-gpu', sound: 'sb17' } }), refused: /element 'sound': 'sb17'/ },
  { build: 'debian-12', what: "a USB input's PCI address is refused before an unknown video model", spec: spec('q35', { inputs: [{ type: 'tablet', bus: 'usb', address: { type: 'pci', bus: 0, slot: 5 } }], unknownModels: { video: 'virtio-gpu' } }), refused: /Invalid address for a USB device/ },
  // two virtio channels at one port (a second unseen generator's files): refused after the duplicate indexes, before the machine lookup
  { build: 'debian-12', what: 'two channels at one virtio-serial port are refused', spec: spec('pc', { virtioPorts: [{ kind: 'channel', controller: 0, port: 1 }, { kind: 'channel', controller: 0, port: 1 }] }), refused: /virtio serial port 1 on controller 0 is already occupied/ },
  { build: 'debian-unstable', what: 'two channels at one port are refused before an unknown machine', spec: spec('pc-q35-1.0', { virtioPorts: [{ kind: 'channel', controller: 0, port: 1 }, { kind: 'channel', controller: 0, port: 1 }] }), refused: /is already occupied/ },
  { build: 'debian-13', what: 'two channels at one port are refused after two controllers with one index', spec: spec('q35', { controllers: [{ type: 'scsi', index: 1 }, { type: 'scsi', index: 1 }], virtioPorts: [{ kind: 'channel', controller: 0, port: 1 }, { kind: 'channel', controller: 0, port: 1 }] }), refused: /Multiple 'scsi' controllers with index '1'/ },
  // USB controllers at one index, and PCI controller target numbers past 255 (a second unseen generator's files; the same on each build)
  { build: 'debian-12', what: 'an xHCI beside a PIIX3 UHCI at index 0 is refused', spec: spec('q35', { controllers: [{ type: 'usb', index: 0, model: 'piix3-uhci' }, { type: 'usb', index: 0, model: 'qemu-xhci' }] }), refused: /Duplicate USB controllers with index 0/ },
  { build: 'debian-13', what: 'an xHCI beside an ICH9 EHCI at index 0 is refused', spec: spec('q35', { controllers: [{ type: 'usb', index: 0, model: 'ich9-ehci1' }, { type: 'usb', index: 0, model: 'qemu-xhci' }] }), refused: /Duplicate USB controllers with index 0/ },
  { build: 'debian-unstable', what: 'duplicate USB controllers are refused before an unknown machine', spec: spec('pc-q35-1.0', { controllers: [{ type: 'usb', index: 0, model: 'piix3-uhci' }, { type: 'usb', index: 0, model: 'qemu-xhci' }] }), refused: /Duplicate USB controllers/ },
  { build: 'debian-12', what: 'two ICH9 UHCI1 companions at one index are taken (the second goes to 1a.0)', spec: spec('q35', { controllers: [{ type: 'usb', index: 0, model: 'ich9-ehci1' }, { type: 'usb', index: 0, model: 'ich9-uhci1' }, { type: 'usb', index: 0, model: 'ich9-uhci1' }] }), expect: { 'controller:usb:0': 'ich9-ehci1@00:1d.7 ich9-uhci1@00:1d.0+mf ich9-uhci1@00:1a.0+mf' } },
  { build: 'debian-unstable', what: "a root port's port 300 is refused", spec: spec('q35', { controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port', target: { chassis: 2, port: 300 } }] }), refused: /PCI controller port '300' out of range - must be 0-255/ },
  { build: 'debian-13', what: "a root port's chassis 300 is refused before its port", spec: spec('q35', { controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port', target: { chassis: 300, port: 300 } }] }), refused: /PCI controller chassis '300' out of range/ },
  // vmvga (QEMU's vmware-svga, a realistic nested-ESXi file): conventional PCI, primary only
  { build: 'debian-12', what: 'a vmvga video takes the primary video slot on pc', spec: spec('pc', { videos: [{ model: 'vmvga' }] }), expect: { 'video:0': '00:02.0' } },
  { build: 'debian-13', what: 'vmvga as the second video is refused', spec: spec('pc', { videos: [{ model: 'vga' }, { model: 'vmvga' }] }), refused: /video type 'vmvga' is only valid as primary video device/ },
  {
    build: 'debian-13',
    what: 'q35 gets an implicit iTCO watchdog, without a PCI address',
    spec: spec('q35'),
    expect: { 'watchdog:0': 'none' },
  },
  {
    build: 'debian-12',
    what: 'q35 had no implicit watchdog on libvirt 9.0',
    spec: spec('q35'),
  },
  {
    build: 'debian-13',
    what: 'a root port added for the index gap below the user\'s index 2 takes 00:01.0 first',
    spec: spec('q35', { controllers: [ROOT_PORT_2] }),
    expect: { 'controller:pci:1': 'pcie-root-port@00:01.0+mf', 'controller:pci:2': 'pcie-root-port@00:01.1', 'controller:usb:0': 'qemu-xhci@01:00.0', memballoon: '02:00.0' },
  },
  {
    build: 'debian-unstable',
    what: 'the same gap filler on 12.8',
    spec: spec('q35', { controllers: [ROOT_PORT_2] }),
    expect: { 'controller:pci:1': 'pcie-root-port@00:01.0+mf', 'controller:pci:2': 'pcie-root-port@00:01.1' },
  },
  {
    build: 'debian-12',
    what: 'libvirt 9.0 appended the gap filler: the user\'s index 2 took 00:01.0',
    spec: spec('q35', { controllers: [ROOT_PORT_2] }),
    expect: { 'controller:pci:1': 'pcie-root-port@00:01.1', 'controller:pci:2': 'pcie-root-port@00:01.0+mf' },
  },
  {
    build: 'debian-13',
    what: 'ib700 is refused on q35',
    spec: spec('q35', { watchdogs: [{ model: 'i6300esb' }, { model: 'ib700' }] }),
    refused: /ib700 model of watchdog cannot be used with this machine type/,
  },
  {
    build: 'debian-13',
    what: "qxl is refused where QEMU's domcapabilities do not offer it",
    spec: spec('q35', { videos: [{ model: 'qxl' }] }),
    refused: /domain configuration does not support video model 'qxl'/,
  },
  {
    build: 'debian-13',
    what: 'an extra IDE controller is reported before the video QEMU lacks',
    spec: spec('pc', { disks: [{ target: 'hde', bus: 'ide', device: 'cdrom' }], videos: [{ model: 'cirrus' }, { model: 'qxl' }] }),
    refused: /Only 1 IDE controller is supported/,
  },
  {
    build: 'debian-unstable',
    what: 'a disk-implied SCSI controller takes the model of the user\'s first named one',
    spec: spec('q35', { controllers: [{ type: 'scsi', model: 'virtio-scsi' }], disks: [scsiDisk('sdh')] }),
    expect: { 'controller:scsi:0': 'virtio-scsi@01:00.0', 'controller:scsi:1': 'virtio-scsi@02:00.0' },
  },
  {
    build: 'debian-13',
    what: 'on 11.3 the disk-implied SCSI controller is still lsilogic',
    spec: spec('q35', { controllers: [{ type: 'scsi', model: 'virtio-scsi' }], disks: [scsiDisk('sdh')] }),
    expect: { 'controller:scsi:1': 'lsilogic@03:01.0' },
  },
  {
    build: 'debian-unstable',
    what: 'an unnamed user SCSI controller inherits a higher-indexed named one',
    spec: spec('q35', { controllers: [{ type: 'scsi', index: 0 }, { type: 'scsi', index: 1, model: 'virtio-scsi' }], disks: [scsiDisk('sdp')] }),
    expect: { 'controller:scsi:0': 'virtio-scsi@01:00.0', 'controller:scsi:1': 'virtio-scsi@02:00.0', 'controller:scsi:2': 'virtio-scsi@03:00.0' },
  },
  {
    build: 'debian-unstable',
    what: 'SATA disks on q35 still use the implicit ICH9 controller',
    spec: spec('q35', { disks: [sata('sda')] }),
    expect: { 'controller:sata:0': '@00:1f.2' },
  },
  {
    build: 'debian-unstable',
    what: 'a pcie-to-pci-bridge with no free root port gets one of its own',
    spec: spec('q35', { controllers: [{ type: 'pci', index: 1, model: 'pcie-to-pci-bridge' }] }),
    expect: { 'controller:pci:1': 'pcie-to-pci-bridge@02:00.0', 'controller:pci:2': 'pcie-root-port@00:01.0+mf', 'controller:pci:4': 'pcie-root-port@00:01.2', 'controller:usb:0': 'qemu-xhci@03:00.0', memballoon: '04:00.0' },
  },
  {
    build: 'debian-13',
    what: 'the same bridge is refused on 11.3',
    spec: spec('q35', { controllers: [{ type: 'pci', index: 1, model: 'pcie-to-pci-bridge' }] }),
    refused: /Cannot automatically add a new PCI bus for a device with connect flags 2000/,
  },
  {
    build: 'debian-13',
    what: 'itco is refused on pc',
    spec: spec('pc', { watchdogs: [{ model: 'itco' }] }),
    refused: /itco model of watchdog is only part of q35 machine/,
  },
  // observed 2026-12-05: libvirt 12.8 writes model='usb-storage' on every USB disk; 11.3 and 9.0 refuse it
  {
    build: 'debian-13',
    what: "a USB disk with model='usb-storage' is refused by 11.3",
    spec: spec('q35', { disks: [{ device: 'disk', bus: 'usb', target: 'sda', model: 'usb-storage', usbPort: 1 }] }),
    refused: /Invalid value for attribute 'model' in element 'disk': 'usb-storage'/,
  },
  {
    build: 'debian-12',
    what: "and by 9.0",
    spec: spec('q35', { disks: [{ device: 'disk', bus: 'usb', target: 'sda', model: 'usb-storage' }] }),
    refused: /Invalid value for attribute 'model' in element 'disk': 'usb-storage'/,
  },
  {
    build: 'debian-unstable',
    what: "12.8 takes it: a USB disk, no PCI address",
    spec: spec('q35', { disks: [{ device: 'disk', bus: 'usb', target: 'sda', model: 'usb-storage', usbPort: 1 }] }),
    expect: { 'disk:sda': 'usb' },
  },
  {
    build: 'debian-12',
    what: 'libvirt 9.0 knows no itco watchdog',
    spec: spec('q35', { watchdogs: [{ model: 'itco' }] }),
    refused: /unknown watchdog model 'itco'/,
  },
  {
    build: 'debian-13',
    what: 'two itco watchdogs are refused before their differing actions',
    spec: spec('q35', { watchdogs: [{ model: 'i6300esb', action: 'poweroff' }, { model: 'itco' }, { model: 'itco' }] }),
    refused: /domain can only have one watchdog with model 'itco'/,
  },
  {
    build: 'debian-unstable',
    what: 'watchdogs with different actions are refused',
    spec: spec('q35', { watchdogs: [{ model: 'i6300esb' }, { model: 'i6300esb' }, { model: 'itco', action: 'poweroff' }] }),
    refused: /watchdogs with different actions are not supported/,
  },
  {
    build: 'debian-13',
    what: 'two i6300esb watchdogs with one action go behind the pcie-to-pci-bridge, the itco added after them',
    spec: spec('q35', { watchdogs: [{ model: 'i6300esb', action: 'poweroff' }, { model: 'i6300esb', action: 'poweroff' }] }),
    expect: { 'watchdog:0': '04:01.0', 'watchdog:1': '04:02.0', 'watchdog:2': 'none' },
  },
  {
    build: 'debian-12',
    what: 'libvirt 9.0 knows no pvpanic',
    spec: spec('q35', { panics: [{ model: 'pvpanic' }] }),
    refused: /unknown panic model 'pvpanic'/,
  },
  {
    build: 'debian-13',
    what: 'pvpanic is integrated on pcie.0, after the root ports (libvirt put it at 00:02.0)',
    spec: spec('q35', { panics: [{ model: 'pvpanic' }] }),
    expect: { 'panic:0': '00:02.0', memballoon: '02:00.0' },
  },
  {
    build: 'debian-unstable',
    what: 'pvpanic on pc comes after every other device, the balloon included',
    spec: spec('pc', { panics: [{ model: 'pvpanic' }], nets: [{ model: 'virtio', mac: '52:54:00:00:00:09' }, { model: 'e1000', mac: '52:54:00:00:00:0a' }], sounds: [{ model: 'ich9' }] }),
    expect: { 'panic:0': '00:06.0', memballoon: '00:05.0', 'sound:0': '00:04.0' },
  },
  {
    build: 'debian-13',
    what: "a pvpanic's own slot on pcie.0",
    spec: spec('q35', { panics: [{ model: 'pvpanic', address: { type: 'pci', bus: 0, slot: 9 } }] }),
    expect: { 'panic:0': '00:09.0' },
  },
  {
    build: 'debian-13',
    what: 'two ib700 watchdogs are refused before a disk on IDE controller 1 (check --build debian-13, seed 121)',
    spec: spec('pc', { watchdogs: [{ model: 'ib700' }, { model: 'ib700' }], disks: [{ device: 'cdrom', bus: 'ide', target: 'hde' }] }),
    refused: /only have one watchdog with model 'ib700'/,
  },
  // the root bus full: like any device the integrated one gets a new bus in the dry run, which is then refused as no root bus (probes, 2026-12-07)
  { build: 'debian-13', what: 'a pvpanic after 31 NICs on pc: the NICs grew bus 1, the pvpanic grows bus 2', spec: spec('pc', { nets: e1000s(31), panics: [{ model: 'pvpanic' }] }), refused: /The device at PCI address 0000:02:01\.0 needs to be an integrated device \(bus=0\)/ },
  { build: 'debian-unstable', what: 'a pvpanic after 28 NICs on pc fills the root bus, and grows bus 1', spec: spec('pc', { nets: e1000s(28), panics: [{ model: 'pvpanic' }] }), refused: /0000:01:01\.0 needs to be an integrated device/ },
  { build: 'debian-13', what: 'a pvpanic on q35 with 30 root ports filling pcie.0: a pure PCIe topology grows two buses (root port and pcie-to-pci-bridge)', spec: spec('q35', { controllers: rootPortsOnEverySlot(), panics: [{ model: 'pvpanic' }] }), refused: /0000:20:01\.0 needs to be an integrated device/ },
  { build: 'debian-13', what: '…and a virtio IOMMU there grows a root port', spec: spec('q35', { controllers: rootPortsOnEverySlot(), iommu: { model: 'virtio' } }), refused: /0000:1f:00\.0 needs to be an integrated device/ },
  { build: 'debian-unstable', what: 'a pvpanic on q35 goes after a virtio IOMMU on pcie.0', spec: spec('q35', { acpi: true, nets: [{ model: 'virtio', mac: '52:54:00:00:00:01' }], panics: [{ model: 'pvpanic' }], iommu: { model: 'virtio' } }), expect: { 'iommu:0': '00:02.0', 'panic:0': '00:03.0' } },
  // USB ports: the named ones are taken before any hub without a port is placed (probes, 2026-12-07)
  { build: 'debian-12', what: 'two named ports fill a PIIX3 UHCI: the hub libvirt adds for a third device finds none', spec: spec('pc', { inputs: [usbInput('tablet', 1), usbInput('mouse', 2), usbInput('keyboard')] }), refused: /No free USB ports/ },
  { build: 'debian-13', what: '…with one port left, the hub takes it and the devices go behind it', spec: spec('pc', { inputs: [usbInput('tablet', 1), usbInput('mouse'), usbInput('keyboard')] }), expect: { 'controller:usb:0': 'piix3-uhci@00:01.2' } },
  { build: 'debian-13', what: "four named ports fill q35's xHCI: no room for the hub a fifth device needs", spec: spec('q35', { inputs: [usbInput('tablet', 1), usbInput('tablet', 2), usbInput('mouse', 3), usbInput('keyboard', 4), usbInput('keyboard')] }), refused: /No free USB ports/ },
  { build: 'debian-unstable', what: "the user's own hub without a port finds none left either", spec: spec('pc', { usbHubs: [{}], inputs: [usbInput('tablet', 1), usbInput('mouse', 2)] }), refused: /No free USB ports/ },
  { build: 'debian-12', what: "a hub the user put at port 1 makes room for devices without a port", spec: spec('pc', { usbHubs: [{ usbPort: 1 }], inputs: [usbInput('tablet', 2), ...Array.from({ length: 8 }, () => usbInput('mouse'))] }), expect: { 'controller:usb:0': 'piix3-uhci@00:01.2' } },
  // <sysinfo> is parsed after the devices (probes, 2026-12-07; KubeVirt-style files)
  { build: 'debian-12', what: "a sysinfo UUID other than the domain's is refused", spec: spec('q35', { uuid: UUID_A, sysinfoUuids: [UUID_B] }), refused: /UUID mismatch between <uuid> and <sysinfo>/ },
  { build: 'debian-unstable', what: '…even before an unknown machine', spec: spec('pc-q35-99.0', { uuid: UUID_A, sysinfoUuids: [UUID_B] }), refused: /UUID mismatch/ },
  { build: 'debian-13', what: "the same UUID in capitals, without dashes, with a space, is the domain's", spec: spec('q35', { uuid: UUID_A, sysinfoUuids: ['5A1B2C3D00004000800000000000 0001'] }), expect: {} },
  { build: 'debian-12', what: 'a multicast MAC is parsed before the sysinfo', spec: spec('q35', { uuid: UUID_A, sysinfoUuids: [UUID_B], nets: [{ model: 'virtio', mac: '01:00:00:00:00:01' }] }), refused: /expected unicast mac address/ },
  { build: 'debian-unstable', what: 'a sysinfo UUID that is none is refused', spec: spec('q35', { uuid: UUID_A, sysinfoUuids: ['abc'] }), refused: /malformed <sysinfo> uuid element/ },
  // graphics (probes, 2026-12-07)
  { build: 'debian-12', what: "a graphics type libvirt has no name for ('none') is the parser's refusal, before a sound model it has no name for", spec: spec('q35', { graphics: true, unknownModels: { graphics: 'none', sound: 'foo' } }), refused: /Invalid value for attribute 'type' in element 'graphics': 'none'/ },
  { build: 'debian-unstable', what: '…and after a USB input with a PCI address', spec: spec('q35', { graphics: true, unknownModels: { graphics: 'none' }, inputs: [{ type: 'tablet', bus: 'usb', address: { type: 'pci', bus: 0, slot: 5 } }] }), refused: /Invalid address for a USB device/ },
  { build: 'debian-13', what: 'a VNC password over 8 characters is refused', spec: spec('q35', { graphics: true, longVncPassword: '123456789' }), refused: /VNC password is 9 characters long, only 8 permitted/ },
  { build: 'debian-12', what: '…after hugepages on demand, one of the domain checks', spec: spec('q35', { graphics: true, longVncPassword: '123456789', hugepagesOnDemand: true }), refused: /hugepages are not allowed with memory allocation ondemand/ },
  { build: 'debian-unstable', what: "hugepages on demand come before a read-only SATA disk's refusal", spec: spec('q35', { hugepagesOnDemand: true, disks: [{ device: 'disk', bus: 'sata', target: 'sda', readonly: true }] }), refused: /hugepages are not allowed/ },
  // a disk's native AIO (probes, 2026-12-07; a bug report's file)
  { build: 'debian-12', what: "io='native' without a cache mode is refused", spec: spec('q35', { disks: [{ device: 'disk', bus: 'virtio', target: 'vda', nativeIo: {} }] }), refused: /io='native' needs either no disk cache or directsync cache mode/ },
  { build: 'debian-unstable', what: "io='native' with cache='none' is taken (libvirt put the disk at 02:00.0)", spec: spec('q35', { disks: [{ device: 'disk', bus: 'virtio', target: 'vda', nativeIo: { cache: 'none' } }] }), expect: { 'disk:vda': '02:00.0' } },
  { build: 'debian-13', what: "a virtio disk's io='native' with writeback comes before a later SATA disk's read-only refusal", spec: spec('q35', { disks: [{ device: 'disk', bus: 'virtio', target: 'vda', nativeIo: { cache: 'writeback' } }, { device: 'disk', bus: 'sata', target: 'sda', readonly: true }] }), refused: /io='native' needs/ },
  { build: 'debian-12', what: '…and on one SATA disk, the read-only refusal comes first', spec: spec('q35', { disks: [{ device: 'disk', bus: 'sata', target: 'sda', readonly: true, nativeIo: { cache: 'writeback' } }] }), refused: /readonly sata disks are not supported/ },
  // serial ports, consoles, WWNs and two PCI roots at index 0 (probes, 2026-12-07; a sixth unseen generator's files)
  { build: 'debian-12', what: 'a fifth serial port written as isa-serial is refused', spec: spec('pc', { serials: Array.from({ length: 5 }, () => ({ targetType: 'isa-serial' as const })) }), refused: /Maximum supported number of ISA serial ports is '4'/ },
  { build: 'debian-unstable', what: 'an isa-serial port 4 is refused', spec: spec('pc', { serials: [{ targetType: 'isa-serial', port: 4 }] }), refused: /Maximum supported number of ISA serial ports is '4'/ },
  { build: 'debian-12', what: 'two isa-serial ports at one port are refused', spec: spec('pc', { serials: [{ targetType: 'isa-serial', port: 1 }, { targetType: 'isa-serial', port: 1 }] }), refused: /target port '1' already allocated/ },
  { build: 'debian-unstable', what: 'five serial ports without a type are taken at define (known-issues/libvirt-isa-serial-default-type-redefine)', spec: spec('pc', { serials: Array.from({ length: 5 }, () => ({})) }), expect: { 'controller:usb:0': 'piix3-uhci@00:01.2' } },
  { build: 'debian-12', what: 'the ISA serial count comes before duplicate controller indexes', spec: spec('pc', { serials: Array.from({ length: 5 }, () => ({ targetType: 'isa-serial' as const })), controllers: [{ type: 'pci', index: 1, model: 'pci-bridge' }, { type: 'pci', index: 1, model: 'pci-bridge' }] }), refused: /Maximum supported number of ISA serial ports/ },
  { build: 'debian-unstable', what: '…and after a wrong PCI root', spec: spec('pc', { serials: Array.from({ length: 5 }, () => ({ targetType: 'isa-serial' as const })), controllers: [{ type: 'pci', index: 0, model: 'pcie-root' }] }), refused: /must be model='pci-root'/ },
  { build: 'debian-12', what: 'a second console with no target type is a serial console, and refused', spec: spec('pc', { consoleTargets: [undefined, undefined] }), refused: /Only the first console can be a serial port/ },
  { build: 'debian-unstable', what: '…on virt too', spec: { ...spec('virt', { consoleTargets: [undefined, 'serial'] }), arch: 'aarch64' }, refused: /Only the first console can be a serial port/ },
  { build: 'debian-12', what: 'a serial console then a virtio one is taken', spec: spec('pc', { consoleTargets: [undefined, 'virtio'], virtioPorts: [{ kind: 'console' }] }), expect: { 'controller:virtio-serial:0': '@00:02.0' } },
  { build: 'debian-unstable', what: 'duplicate controller indexes come before the second serial console', spec: spec('pc', { consoleTargets: [undefined, undefined], controllers: [{ type: 'pci', index: 1, model: 'pci-bridge' }, { type: 'pci', index: 1, model: 'pci-bridge' }] }), refused: /Multiple 'pci' controllers with index '1'/ },
  { build: 'debian-12', what: '…and duplicate USB controllers after it', spec: spec('pc', { consoleTargets: [undefined, undefined], controllers: [{ type: 'usb', index: 0, model: 'qemu-xhci' }, { type: 'usb', index: 0, model: 'piix3-uhci' }] }), refused: /Only the first console can be a serial port/ },
  { build: 'debian-unstable', what: '…and an unknown machine after it', spec: spec('pc-i440fx-99.0', { consoleTargets: [undefined, undefined] }), refused: /Only the first console can be a serial port/ },
  { build: 'debian-12', what: 'virt with pcie-root, then pci-root, at index 0: only the first is checked for the root model, the second is a duplicate index', spec: { ...spec('virt', { controllers: [{ type: 'pci', index: 0, model: 'pcie-root' }, { type: 'pci', index: 0, model: 'pci-root' }] }), arch: 'aarch64' }, refused: /Multiple 'pci' controllers with index '0'/ },
  { build: 'debian-unstable', what: '…pci-root first is the wrong root', spec: { ...spec('virt', { controllers: [{ type: 'pci', index: 0, model: 'pci-root' }, { type: 'pci', index: 0, model: 'pcie-root' }] }), arch: 'aarch64' }, refused: /must be model='pcie-root' for this machine type, but model='pci-root'/ },
  { build: 'debian-12', what: "a pcie-expander-bus on virt-8.2, which 9.0's QEMU lacks: the expander passes the name check and the machine is refused (a realistic Ampere file)", spec: { ...spec('virt-8.2', { numaCells: 2, controllers: [{ type: 'pci', index: 1, model: 'pcie-expander-bus', target: { busNr: 128, node: 0 } }] }), arch: 'aarch64' }, refused: /QEMU does not list machine type 'virt-8.2'/ },
  { build: 'debian-12', what: 'a Hyper-V vendor_id over 12 characters is the parser\'s refusal (a VFIO gaming file\'s)', spec: spec('q35', { hypervVendorId: 'randomvendorid' }), refused: /HyperV vendor_id value must not be more than 12 characters/ },
  { build: 'debian-unstable', what: '…12 are taken', spec: spec('q35', { hypervVendorId: '123456789012' }), expect: {} },
  { build: 'debian-12', what: '…a comma is refused', spec: spec('q35', { hypervVendorId: 'ab,cd' }), refused: /HyperV vendor_id value is invalid/ },
  { build: 'debian-unstable', what: '…after the CPU mode, before a lifecycle action and a multicast MAC', spec: spec('q35', { hypervVendorId: 'randomvendorid', lifecycle: { poweroff: 'bogus' }, nets: [{ model: 'virtio', mac: '01:00:00:00:00:01' }] }), refused: /HyperV vendor_id value must not be more than 12/ },
  { build: 'debian-12', what: 'current vCPUs above the maximum are refused, before the CPU mode and any controller', spec: spec('q35', { vcpuCounts: { max: 2, current: 4 }, cpuMode: 'max', controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port', badTarget: { attribute: 'chassis', text: '-1' } }] }), refused: /maximum vCPU count must not be less than current vCPU count/ },
  { build: 'debian-unstable', what: '…below it they are taken', spec: spec('q35', { vcpuCounts: { max: 4, current: 2 } }), expect: {} },
  // boot orders (probes, 2026-12-07; a sixth unseen generator's files)
  { build: 'debian-12', what: 'one boot order on two devices is refused', spec: spec('pc', { bootOrders: [1, 1] }), refused: /boot order '1' used for more than one device/ },
  { build: 'debian-unstable', what: '…before the same orders beside <os><boot>', spec: spec('pc', { bootOrders: [1, 1], bootOrderWithOsBoot: true }), refused: /boot order '1' used for more than one device/ },
  { build: 'debian-12', what: '…after duplicate controller indexes', spec: spec('pc', { bootOrders: [1, 1], controllers: [{ type: 'pci', index: 1, model: 'pci-bridge' }, { type: 'pci', index: 1, model: 'pci-bridge' }] }), refused: /Multiple 'pci' controllers with index '1'/ },
  { build: 'debian-unstable', what: '…before a second serial console and an unknown machine', spec: spec('pc-i440fx-99.0', { bootOrders: [1, 1], consoleTargets: [undefined, undefined] }), refused: /boot order '1' used for more than one device/ },
  { build: 'debian-13', what: "watchdogs with different actions are refused while a watchdog is validated, after an IDE controller on q35 (check --build debian-13 --seed 7171's counterexample)", spec: spec('q35', { disks: [{ device: 'disk', bus: 'ide', target: 'hda' }], watchdogs: [{ model: 'i6300esb', action: 'reset' }, { model: 'ib700', action: 'poweroff' }], panics: [{ model: 'pvpanic' }] }), refused: /IDE controllers are unsupported for this QEMU binary or machine type/ },
  // a NIC's source as its type needs it (probes, 2026-12-07; an unseen sandbox file: type='bridge' with a network source)
  { build: 'debian-12', what: 'a bridge NIC with a network source lacks its bridge', spec: spec('pc', { nets: [{ model: 'e1000', mac: '52:54:00:00:00:01', missingSource: { netType: 'bridge', attribute: 'bridge' } }] }), refused: /Missing required attribute 'bridge' in element 'source'/ },
  { build: 'debian-unstable', what: 'a network NIC without <source>', spec: spec('pc', { nets: [{ model: 'e1000', mac: '52:54:00:00:00:01', missingSource: { netType: 'network' } }] }), refused: /interface type='network' requires a 'source' element/ },
  { build: 'debian-12', what: "…read before the same NIC's multicast MAC", spec: spec('pc', { nets: [{ model: 'e1000', mac: '01:00:00:00:00:01', missingSource: { netType: 'bridge', attribute: 'bridge' } }] }), refused: /Missing required attribute 'bridge'/ },
  { build: 'debian-unstable', what: "…after an earlier NIC's multicast MAC", spec: spec('pc', { nets: [{ model: 'e1000', mac: '01:00:00:00:00:01' }, { model: 'e1000', mac: '52:54:00:00:00:02', missingSource: { netType: 'bridge', attribute: 'bridge' } }] }), refused: /expected unicast mac address/ },
  { build: 'debian-12', what: 'on x86 <pm> is taken (ACPI sleep off x86: ARM_ROWS)', spec: spec('q35', { acpiSleep: { s3: true, s4: true } }), expect: {} },
  // Hyper-V enlightenments' dependencies (probes on each build, 2026-12-07: Windows guests' files write these; 9.0 and 11.3 take every one alone)
  { build: 'debian-unstable', what: 'tlbflush without vpindex is refused', spec: spec('q35', { hyperv: { on: ['relaxed', 'tlbflush'] } }), refused: /'tlbflush' hyperv feature requires 'vpindex' feature/ },
  { build: 'debian-13', what: '…taken on 11.3', spec: spec('q35', { hyperv: { on: ['relaxed', 'tlbflush'] } }), expect: {} },
  { build: 'debian-12', what: '…and on 9.0', spec: spec('q35', { hyperv: { on: ['tlbflush', 'ipi', 'evmcs', 'stimer'] } }), expect: {} },
  { build: 'debian-unstable', what: 'a synic without vpindex, a reenlightenment without frequencies are taken', spec: spec('q35', { hyperv: { on: ['synic', 'reenlightenment', 'avic'] } }), expect: {} },
  { build: 'debian-unstable', what: 'a stimer needs a hypervclock timer first', spec: spec('q35', { hyperv: { on: ['stimer'] } }), refused: /'stimer' hyperv feature requires 'hypervclock' timer/ },
  { build: 'debian-unstable', what: '…present (a timer without present= is not)', spec: spec('q35', { hyperv: { on: ['synic', 'stimer'] }, timers: [{ name: 'hypervclock' }] }), refused: /requires 'hypervclock' timer/ },
  { build: 'debian-unstable', what: '…then its synic', spec: spec('q35', { hyperv: { on: ['stimer'] }, timers: [{ name: 'hypervclock', present: 'yes' }] }), refused: /'stimer' hyperv feature requires 'synic' feature/ },
  { build: 'debian-unstable', what: 'stimer with synic and a hypervclock is taken', spec: spec('q35', { hyperv: { on: ['synic', 'stimer'] }, timers: [{ name: 'hypervclock', present: 'yes' }] }), expect: {} },
  { build: 'debian-unstable', what: 'the stimer is checked before a tlbflush written first', spec: spec('q35', { hyperv: { on: ['tlbflush', 'stimer'] } }), refused: /'stimer' hyperv feature requires 'hypervclock' timer/ },
  { build: 'debian-unstable', what: 'ipi before evmcs, whatever their order', spec: spec('q35', { hyperv: { on: ['evmcs', 'ipi'] } }), refused: /'ipi' hyperv feature requires 'vpindex' feature/ },
  { build: 'debian-unstable', what: 'evmcs without vapic, before a direct TLB flush', spec: spec('q35', { hyperv: { on: ['vpindex', 'tlbflush', 'evmcs'], tlbflushDirect: true } }), refused: /'evmcs' hyperv feature requires 'vapic' feature/ },
  { build: 'debian-unstable', what: "a direct TLB flush needs vapic (named as QEMU's option)", spec: spec('q35', { hyperv: { on: ['vpindex', 'tlbflush'], tlbflushDirect: true } }), refused: /'hv-tlbflush-direct' hyperv feature requires 'vapic' feature/ },
  { build: 'debian-unstable', what: 'Hyper-V after the timers', spec: spec('q35', { hyperv: { on: ['tlbflush'] }, timers: [{ name: 'rtc', track: 'boot' }] }), refused: /unsupported rtc timer track 'boot'/ },
  { build: 'debian-unstable', what: '…and after min_guarantee', spec: spec('q35', { hyperv: { on: ['tlbflush'] }, minGuarantee: true }), refused: /min_guarantee/ },
  { build: 'debian-unstable', what: '…before a GIC on q35', spec: spec('q35', { hyperv: { on: ['tlbflush'] }, archBoundFeatures: ['gic'] }), refused: /'tlbflush' hyperv feature requires 'vpindex'/ },
  { build: 'debian-unstable', what: '…and before an IDE controller on q35', spec: spec('q35', { hyperv: { on: ['tlbflush'] }, controllers: [{ type: 'ide', index: 0 }] }), refused: /'tlbflush' hyperv feature requires 'vpindex'/ },
  { build: 'debian-unstable', what: '…and after a duplicate boot order', spec: spec('q35', { hyperv: { on: ['tlbflush'] }, bootOrders: [1, 1] }), refused: /boot order '1' used for more than one device/ },
  // duplicate drive addresses: libvirt names the first disk of the first pair in its own order (probes on 9.0 and 12.8, 2026-12-07; unseen generators' files named the other disk)
  ...(['debian-12', 'debian-unstable'] as const).flatMap((build): Row[] => [
    { build, what: "a duplicate drive address names the earlier disk, sda, with the address", spec: spec('q35', { disks: [{ ...sata('sdb'), drive: { controller: 0, bus: 0, target: 0, unit: 0 } }, sata('sda')] }), refused: /^Found duplicate drive address for disk with target name 'sda' controller='0' bus='0' target='0' unit='0'$/ },
    { build, what: '…the first pair in that order, of two', spec: spec('q35', { disks: [{ ...sata('sdd'), drive: { controller: 0, bus: 0, target: 0, unit: 1 } }, { ...sata('sdc'), drive: { controller: 0, bus: 0, target: 0, unit: 0 } }, sata('sda'), sata('sdb')] }), refused: /target name 'sda' controller='0' bus='0' target='0' unit='0'$/ },
  ]),
  // each disk's checks in the disks' order, before every other device's (probes, 2026-12-07; unseen generators' files had them in other orders)
  { build: 'debian-13', what: "a SCSI disk's target on lsilogic before a later USB cdrom's emptiness", spec: spec('q35', { controllers: [{ type: 'scsi', index: 0, model: 'lsilogic' }], disks: [{ device: 'disk', bus: 'scsi', target: 'sda', drive: { controller: 0, bus: 0, target: 1, unit: 0 } }, { device: 'cdrom', bus: 'usb', target: 'sdb' }] }), refused: /^target must be 0 for controller model 'lsilogic'$/ },
  { build: 'debian-13', what: '…and after it when the USB cdrom comes first', spec: spec('q35', { controllers: [{ type: 'scsi', index: 0, model: 'lsilogic' }], disks: [{ device: 'cdrom', bus: 'usb', target: 'sdb' }, { device: 'disk', bus: 'scsi', target: 'sda', drive: { controller: 0, bus: 0, target: 1, unit: 0 } }] }), refused: /^'usb' disk must not be empty$/ },
  { build: 'debian-13', what: "a LUN on a file before a later USB cdrom's emptiness", spec: spec('q35', { disks: [{ device: 'disk', bus: 'scsi', target: 'sdc', lun: { sourceType: 'file' } }, { device: 'cdrom', bus: 'usb', target: 'sdb' }] }), refused: /^disk device='lun' is only valid for block type disk source$/ },
  { build: 'debian-12', what: "a LUN on a file before a root port's chassis 300", spec: spec('q35', { controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port', target: { chassis: 300 } }], disks: [{ device: 'disk', bus: 'scsi', target: 'sdc', lun: { sourceType: 'file' } }] }), refused: /^disk device='lun' is only valid for block type disk source$/ },
  { build: 'debian-12', what: "a virtio cdrom before a root port's chassis 300", spec: spec('q35', { controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port', target: { chassis: 300 } }], disks: [{ device: 'cdrom', bus: 'virtio', target: 'vdb' }] }), refused: /^disk type of 'vdb' does not support ejectable media$/ },
  { build: 'debian-12', what: 'unfiltered sgio before a second IDE controller on pc', spec: spec('pc', { controllers: [{ type: 'ide', index: 1 }], disks: [{ device: 'disk', bus: 'scsi', target: 'sdc', unfilteredSgio: true }] }), refused: /^unfiltered sgio is no longer supported$/ },
  // device checks against domain-wide ones (probes, 2026-12-07; unseen generators' files)
  { build: 'debian-12', what: "a 'none' video beside others before two primary videos", spec: spec('q35', { videos: [{ model: 'vga', primary: true }, { model: 'none' }, { model: 'virtio', primary: true }] }), refused: /^a 'none' video type must be the only video device/ },
  { build: 'debian-12', what: 'two primary videos after a shared alias', spec: spec('q35', { videos: [{ model: 'vga', primary: true }, { model: 'virtio', primary: true }], nets: [{ model: 'virtio', mac: '52:54:00:00:00:01', alias: 'ua-x' }, { model: 'virtio', mac: '52:54:00:00:00:02', alias: 'ua-x' }] }), refused: /^non unique alias detected: ua-x$/ },
  { build: 'debian-13', what: "a vsock's CID 2 after an ib700 on q35 (the vsock is validated last)", spec: spec('q35', { vsock: { cid: 2 }, watchdogs: [{ model: 'ib700' }] }), refused: /^ib700 model of watchdog cannot be used with this machine type$/ },
  // secure boot from a named loader (a Windows 11 file on i440fx and one without <smm>, unseen sets; probes on each build, 2026-12-07)
  ...(['debian-12', 'debian-13', 'debian-unstable'] as const).map((build): Row => ({ build, what: 'secure boot on i440fx is refused', spec: spec('pc', { uefi: true, acpi: true, secureBoot: { smm: true } }), refused: /^Secure boot is supported with q35 machine types only$/ })),
  { build: 'debian-12', what: 'secure boot without SMM is refused', spec: spec('q35', { uefi: true, acpi: true, secureBoot: { smm: false } }), refused: /^Secure boot requires SMM feature enabled$/ },
  { build: 'debian-13', what: "…where later releases turn SMM on for a loader the host's descriptors know (Debian's OVMF path was taken): unsupported", spec: spec('q35', { uefi: true, acpi: true, secureBoot: { smm: false } }), unsupported: /secure boot without SMM/ },
  { build: 'debian-12', what: '…before a GIC on q35', spec: spec('q35', { uefi: true, acpi: true, secureBoot: { smm: false }, archBoundFeatures: ['gic'] }), refused: /^Secure boot requires SMM/ },
  { build: 'debian-unstable', what: 'secure boot on i440fx after an RTC timer tracking boot', spec: spec('pc', { uefi: true, acpi: true, secureBoot: { smm: true }, timers: [{ name: 'rtc', track: 'boot' }] }), refused: /^unsupported rtc timer track 'boot'$/ },
  { build: 'debian-12', what: '…and after a lifecycle action the driver lacks', spec: spec('pc', { uefi: true, acpi: true, secureBoot: { smm: true }, lifecycle: { crash: 'rename-restart' } }), refused: /rename-restart/ },
  { build: 'debian-12', what: 'secure boot with SMM on q35 is taken', spec: spec('q35', { uefi: true, acpi: true, secureBoot: { smm: true } }), expect: {} },
  // memory hotplug (a mailing-list report's file without NUMA, unseen set 13; probes on each build, 2026-12-07)
  { build: 'debian-12', what: 'memory hotplug without a NUMA node is refused', spec: spec('q35', { maxMemory: true }), refused: /^At least one numa node has to be configured when enabling memory hotplug$/ },
  { build: 'debian-13', what: '…where 11.3 adds a node by itself', spec: spec('q35', { maxMemory: true }), expect: {} },
  { build: 'debian-unstable', what: '…and 12.8', spec: spec('q35', { maxMemory: true }), expect: {} },
  { build: 'debian-12', what: '…before an RTC timer tracking boot', spec: spec('q35', { maxMemory: true, timers: [{ name: 'rtc', track: 'boot' }] }), refused: /^At least one numa node/ },
  { build: 'debian-12', what: '…after a lifecycle action the driver lacks', spec: spec('q35', { maxMemory: true, lifecycle: { crash: 'rename-restart' } }), refused: /rename-restart/ },
  ...(['debian-12', 'debian-13', 'debian-unstable'] as const).map((build): Row => ({ build, what: 'a DIMM without <maxMemory> is refused', spec: spec('q35', { numaCells: 1, memoryDevices: [{ model: 'dimm' }] }), refused: /^cannot use\/hotplug a memory device when domain 'maxMemory' is not defined$/ })),
  // a virtio disk without <target dev> (an Ansible-rendered file of unseen set 16; probes on 9.0 and 12.8, 2026-12-07)
  ...(['debian-12', 'debian-unstable'] as const).flatMap((build): Row[] => [
    { build, what: 'a virtio disk without a target is refused, its source named', spec: spec('q35', { targetlessDisks: [{ source: '/tmp/hv/x.img', bus: 'virtio', after: 0 }] }), refused: /^missing target information for device \/tmp\/hv\/x\.img$/ },
    { build, what: '…without a source, nothing named', spec: spec('q35', { targetlessDisks: [{ bus: 'virtio', after: 0 }] }), refused: /^missing target information for device$/ },
    { build, what: "…before a root port's chassis 300", spec: spec('q35', { targetlessDisks: [{ source: '/tmp/hv/x.img', bus: 'virtio', after: 0 }], controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port', target: { chassis: 300 } }] }), refused: /^missing target information/ },
    { build, what: '…after a memory guarantee', spec: spec('q35', { targetlessDisks: [{ source: '/tmp/hv/x.img', bus: 'virtio', after: 0 }], minGuarantee: true }), refused: /min_guarantee/ },
  ]),
  // libvirt's list of disks (virDomainDiskInsert) with disks without a target or a bus, beside a virtio cdrom's refusal
  // (probes on 9.0, 11.3 and 12.8, 2026-12-07: the same on all three)
  ...(['debian-12', 'debian-13', 'debian-unstable'] as const).flatMap((build): Row[] => {
    const cdrom = (busImplied: boolean): DomainSpec['disks'][number] => ({ device: 'cdrom', bus: 'virtio', target: 'vdb', media: true, ...(busImplied ? { busImplied: true as const } : {}) });
    const ejectable = /^disk type of 'vdb' does not support ejectable media$/;
    const missing = /^missing target information for device \/x\/a\.qcow2$/;
    return [
      { build, what: 'targetless SATA, SCSI and IDE disks are refused alike', spec: spec('pc', { targetlessDisks: [{ source: '/x/a.qcow2', bus: 'ide', after: 0 }] }), refused: missing },
      { build, what: 'a targetless virtio disk after a virtio cdrom follows it', spec: spec('q35', { disks: [cdrom(false)], targetlessDisks: [{ source: '/x/a.qcow2', bus: 'virtio', after: 1 }] }), refused: ejectable },
      { build, what: 'one before it stays before it', spec: spec('q35', { disks: [cdrom(false)], targetlessDisks: [{ source: '/x/a.qcow2', bus: 'virtio', after: 0 }] }), refused: missing },
      { build, what: 'one on SATA before it too', spec: spec('q35', { disks: [cdrom(false)], targetlessDisks: [{ source: '/x/a.qcow2', bus: 'sata', after: 0 }] }), refused: missing },
      { build, what: 'neither with a bus written: document order', spec: spec('q35', { disks: [cdrom(true)], targetlessDisks: [{ source: '/x/a.qcow2', after: 1 }] }), refused: ejectable },
      { build, what: 'the targetless one first, with a bus, the cdrom without', spec: spec('q35', { disks: [cdrom(true)], targetlessDisks: [{ source: '/x/a.qcow2', bus: 'virtio', after: 0 }] }), refused: missing },
      { build, what: 'neither with a bus, targetless first', spec: spec('q35', { disks: [cdrom(true)], targetlessDisks: [{ source: '/x/a.qcow2', after: 0 }] }), refused: missing },
    ];
  }),
  // two disks with one target, and a hard disk without a source (probes on 9.0, 11.3 and 12.8, 2026-12-07: the same on all three)
  ...(['debian-12', 'debian-13', 'debian-unstable'] as const).flatMap((build): Row[] => {
    const disk = (target: string, bus: 'virtio' | 'sata' | 'scsi', sourcePath?: string, device: 'disk' | 'cdrom' = 'disk'): DomainSpec['disks'][number] =>
      ({ device, bus, target, ...(sourcePath === undefined ? (device === 'disk' ? { sourceMissing: true as const } : {}) : { sourcePath, ...(device === 'cdrom' ? { media: true as const } : {}) }) });
    return [
      { build, what: 'two virtio disks named vda are refused, both sources named', spec: spec('q35', { disks: [disk('vda', 'virtio', '/x/a.qcow2'), disk('vda', 'virtio', '/x/b.qcow2')] }), refused: /^target 'vda' duplicated for disk sources '\/x\/a\.qcow2' and '\/x\/b\.qcow2'$/ },
      { build, what: 'a SATA disk and an empty SCSI cdrom both sda: the empty one is <null>', spec: spec('q35', { disks: [disk('sda', 'sata', '/x/a.qcow2'), disk('sda', 'scsi', undefined, 'cdrom')] }), refused: /^target 'sda' duplicated for disk sources '\/x\/a\.qcow2' and '<null>'$/ },
      { build, what: 'two SATA disks sda: the target before the drive address they share', spec: spec('q35', { disks: [disk('sda', 'sata', '/x/a.qcow2'), disk('sda', 'sata', '/x/b.qcow2')] }), refused: /^target 'sda' duplicated/ },
      { build, what: "…after a disk's own refusal (a virtio cdrom)", spec: spec('q35', { disks: [disk('vdb', 'virtio', '/x/a.qcow2'), disk('vdb', 'virtio', '/x/b.iso', 'cdrom')] }), refused: /^disk type of 'vdb' does not support ejectable media$/ },
      { build, what: 'a hard disk without a source is refused while it is validated, in libvirt\'s disk order', spec: spec('q35', { disks: [disk('vdc', 'virtio', '/dev/sdz'), disk('vda', 'virtio', '/x/b.qcow2'), disk('vdc', 'virtio'), disk('vda', 'virtio')] }), refused: /^missing source information for device vda$/ },
    ];
  }),
  // disk names libvirt cannot index (probes on 9.0 and 12.8, 2026-12-07; an unseen file's target dev='/dev/sdb')
  ...(['debian-12', 'debian-unstable'] as const).flatMap((build): Row[] => {
    const bad: DomainSpec['disks'][number] = { device: 'disk', bus: 'virtio', target: '/dev/sdb' };
    const unknown = /^Unknown disk name '\/dev\/sdb' and no address specified$/;
    return [
      { build, what: 'a disk named by a path and no address is refused while it is post-parsed', spec: spec('q35', { disks: [bad] }), refused: unknown },
      { build, what: "…before an xHCI's 20 ports", spec: spec('q35', { disks: [bad], controllers: [{ type: 'usb', index: 0, model: 'qemu-xhci', ports: 20 }] }), refused: unknown },
      { build, what: '…before a duplicate controller index', spec: spec('q35', { disks: [bad], controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port' }, { type: 'pci', index: 1, model: 'pcie-root-port' }] }), refused: unknown },
      { build, what: '…before a PCI root above index 0', spec: spec('q35', { disks: [bad], controllers: [{ type: 'pci', index: 2, model: 'pcie-root' }] }), refused: unknown },
      { build, what: '…after a wrong PCI root', spec: spec('q35', { disks: [bad], controllers: [{ type: 'pci', index: 0, model: 'pci-root' }] }), refused: /must be model='pcie-root'/ },
      { build, what: '…after two ISA serials on one port', spec: spec('q35', { disks: [bad], serials: [{ targetType: 'isa-serial', port: 1 }, { targetType: 'isa-serial', port: 1 }] }), refused: /^target port '1' already allocated$/ },
      { build, what: "ISA serials on one port before an xHCI's 20 ports", spec: spec('q35', { controllers: [{ type: 'usb', index: 0, model: 'qemu-xhci', ports: 20 }], serials: [{ targetType: 'isa-serial', port: 1 }, { targetType: 'isa-serial', port: 1 }] }), refused: /^target port '1' already allocated$/ },
      { build, what: 'a partition number in a name is taken (vda1), the SATA disk sata0 is not', spec: spec('q35', { disks: [{ device: 'disk', bus: 'virtio', target: 'vda1' }, { device: 'disk', bus: 'sata', target: 'sata0' }] }), refused: /^Unknown disk name 'sata0' and no address specified$/ },
      { build, what: 'a hard disk of another prefix with a PCI address is refused while it is validated', spec: spec('q35', { disks: [{ device: 'disk', bus: 'virtio', target: 'vdb', address: { type: 'pci', bus: 0, slot: 5 } }, { device: 'disk', bus: 'virtio', target: 'xyz', address: { type: 'pci', bus: 0, slot: 6 } }] }), refused: /^Invalid harddisk device name: xyz$/ },
    ];
  }),
  // a CPU topology that does not multiply to the vCPU count (probes on 9.0, 11.3 and 12.8, 2026-12-07; left to libvirt before)
  ...(['debian-12', 'debian-13', 'debian-unstable'] as const).flatMap((build): Row[] => {
    const topology = (cores: number, threads: number, clusters = 1): NonNullable<DomainSpec['cpuTopology']> => ({ sockets: 1, dies: 1, clusters, cores, threads, vcpus: 4 });
    const mismatch = /^CPU topology doesn't match maximum vcpu count$/;
    return [
      { build, what: '4 vCPUs as 1 socket of 2 cores of 1 thread are refused', spec: spec('q35', { cpuTopology: topology(2, 1) }), refused: mismatch },
      { build, what: '…as 2 cores of 2 threads taken', spec: spec('q35', { cpuTopology: topology(2, 2) }), expect: {} },
      { build, what: '…before a GIC on q35', spec: spec('q35', { cpuTopology: topology(2, 1), archBoundFeatures: ['gic'] }), refused: mismatch },
      build === 'debian-12'
        ? { build, what: '2 clusters of 2 cores: 9.0 does not count the clusters', spec: spec('q35', { cpuTopology: topology(2, 1, 2) }), refused: mismatch }
        : { build, what: '2 clusters of 2 cores: 4 vCPUs', spec: spec('q35', { cpuTopology: topology(2, 1, 2) }), expect: {} },
    ];
  }),
  // a TPM model libvirt has no name for (QEMU's tpm-tis-device, an unseen generator's aarch64 files): parsed after the RNGs
  // and the watchdogs, before the hubs and the panics (probes on 9.0 and 12.8, 2026-12-07)
  ...(['debian-12', 'debian-unstable'] as const).flatMap((build): Row[] => {
    const unknownTpm = /^Invalid value for attribute 'model' in element 'tpm': 'tpm-tis-device'\.$/;
    const tpm = { unknownModels: { tpm: 'tpm-tis-device' } };
    return [
      { build, what: "QEMU's name tpm-tis-device is refused by the parser", spec: spec('q35', tpm), refused: unknownTpm },
      { build, what: "…after an RNG's slot past 31", spec: spec('q35', { ...tpm, rngs: [{ model: 'virtio', address: { type: 'pci', bus: 0, slot: 40 } }] }), refused: /^Invalid PCI address slot='0x28'/ },
      { build, what: '…before a pvpanic and a hub beside USB model none', spec: spec('q35', { ...tpm, panics: [{ model: 'pvpanic' }], usbHubs: [{}], controllers: [{ type: 'usb', model: 'none' }] }), refused: unknownTpm },
    ];
  }),
  // a disk whose bus is left to its name is listed among the others so (probe on 9.0, 11.3 and 12.8, 2026-12-07:
  // vdb without a bus, then vda on virtio: vdb takes the first root port)
  ...(['debian-12', 'debian-13', 'debian-unstable'] as const).map((build): Row => ({
    build,
    what: 'a disk without a bus keeps its place before a virtio disk of a lower name',
    spec: spec('q35', { disks: [{ device: 'disk', bus: 'virtio', target: 'vdb', busImplied: true }, { device: 'disk', bus: 'virtio', target: 'vda' }] }),
    expect: { 'disk:vdb': '02:00.0', 'disk:vda': '03:00.0' },
  })),
  // timer settings their kind lacks: libvirt's post-parse (probes on 9.0 and 12.8, 2026-12-07; an unseen file's kvmclock with tickpolicy was a mismatch)
  ...(['debian-12', 'debian-unstable'] as const).flatMap((build): Row[] => [
    { build, what: 'a kvmclock with a tickpolicy is refused', spec: spec('q35', { timers: [{ name: 'kvmclock', tickpolicy: 'catchup' }] }), refused: /timer kvmclock doesn't support setting of timer tickpolicy/ },
    { build, what: '…a hypervclock too', spec: spec('q35', { timers: [{ name: 'hypervclock', tickpolicy: 'delay' }] }), refused: /timer hypervclock doesn't support setting of timer tickpolicy/ },
    { build, what: 'a frequency off the TSC', spec: spec('q35', { timers: [{ name: 'pit', frequency: true }] }), refused: /timer pit doesn't support setting of timer frequency/ },
    { build, what: 'a mode off the TSC', spec: spec('q35', { timers: [{ name: 'rtc', mode: 'auto' }] }), refused: /timer rtc doesn't support setting of timer mode/ },
    { build, what: 'a track off the RTC and platform timers', spec: spec('q35', { timers: [{ name: 'hpet', track: 'guest' }] }), refused: /timer hpet doesn't support setting of timer track/ },
    { build, what: "a catchup's threshold without tickpolicy catchup", spec: spec('q35', { timers: [{ name: 'rtc', tickpolicy: 'delay', catchup: true }] }), refused: /timer catchup policies is only supported with tickpolicy='catchup'/ },
    { build, what: 'the TSC takes a mode and a frequency; a catchup with tickpolicy catchup is taken', spec: spec('q35', { timers: [{ name: 'tsc', mode: 'native', frequency: true }, { name: 'rtc', tickpolicy: 'catchup', catchup: true }] }), expect: {} },
    { build, what: 'a timer setting after a duplicate boot order', spec: spec('q35', { timers: [{ name: 'kvmclock', tickpolicy: 'catchup' }], bootOrders: [1, 1] }), refused: /boot order '1' used for more than one device/ },
    { build, what: '…before a second serial console', spec: spec('q35', { timers: [{ name: 'kvmclock', tickpolicy: 'catchup' }], consoleTargets: ['serial', 'serial'] }), refused: /timer kvmclock doesn't support/ },
  ]),
  { build: 'debian-12', what: 'a WWN on a virtio disk is refused', spec: spec('q35', { disks: [{ device: 'disk', bus: 'virtio', target: 'vda', wwn: true }] }), refused: /Only ide and scsi disk support wwn/ },
  { build: 'debian-unstable', what: "…before the same SATA disk's read-only refusal", spec: spec('q35', { disks: [{ device: 'disk', bus: 'sata', target: 'sda', readonly: true, wwn: true }] }), refused: /Only ide and scsi disk support wwn/ },
  { build: 'debian-13', what: "sgio='unfiltered' on a LUN is refused", spec: spec('q35', { controllers: [{ type: 'scsi', model: 'virtio-scsi' }], disks: [{ device: 'disk', bus: 'scsi', target: 'sda', unfilteredSgio: true }] }), refused: /unfiltered sgio is no longer supported/ },
  // an AMD SEV guest where QEMU offers no SEV (domcapabilities: <sev supported='no'/>; an oVirt-style file, 2026-12-06)
  { build: 'debian-13', what: 'SEV is refused where QEMU does not offer it', spec: spec('q35', { launchSecurity: 'sev', nets: [{ model: 'virtio', mac: '52:54:00:00:00:01' }] }), refused: /'sev' launch security is not supported/ },
  { build: 'debian-12', what: "without QEMU's offers read, SEV is unsupported", spec: spec('q35', { launchSecurity: 'sev' }), unsupported: /SEV without QEMU's offers/ },
  { build: 'debian-12', what: 'per-device boot order beside <os><boot> is refused before an unknown machine (pc-q35-8.0 on 9.0, a TrueNAS-style file)', spec: spec('pc-q35-8.0', { bootOrderWithOsBoot: true }), refused: /per-device boot elements/ },
  // a passt NIC (a hand-written file's, compare on each build, 2026-12-06; 9.0's refusal was a mismatch before)
  { build: 'debian-12', what: "libvirt 9.0 refuses <backend type='passt'>", spec: spec('pc', { nets: [{ model: 'virtio', mac: '52:54:00:aa:10:06', passt: true }] }), refused: /Invalid value for attribute 'type' in element 'backend': 'passt'/ },
  { build: 'debian-13', what: 'a passt NIC is placed as any other', spec: spec('pc', { nets: [{ model: 'virtio', mac: '52:54:00:aa:10:06', passt: true }] }), expect: { 'net:52:54:00:aa:10:06': '00:02.0' } },
  // a realistic file: pc-q35-8.1 on 9.0 with a pcie-expander-bus (compare, 2026-12-06): refused for the machine
  { build: 'debian-12', what: 'an expander of the family the unknown machine is named for passes its checks: refused for the machine', spec: spec('pc-q35-8.1', { numaCells: 1, controllers: [{ type: 'pci', index: 1, model: 'pcie-expander-bus', target: { node: 0 } }] }), refused: /does not list machine type 'pc-q35-8.1'/ },
  { build: 'debian-12', what: 'an expander of another family on an unknown machine is unsupported', spec: spec('pc-q35-8.1', { controllers: [{ type: 'pci', index: 1, model: 'pci-expander-bus' }] }), unsupported: /another family/ },
  // values only newer parsers know, from realistic users' files (compare of one-element probes on each build, 2026-12-06)
  { build: 'debian-12', what: "libvirt 9.0 refuses <disk type='vhostvdpa'>, before an unknown machine", spec: spec('pc-q35-9.0', { disks: [{ device: 'disk', bus: 'virtio', target: 'vdb', vhostVdpa: true }] }), refused: /element 'disk': 'vhostvdpa'/ },
  { build: 'debian-13', what: 'a vDPA block disk is placed as any virtio disk', spec: spec('q35', { disks: [{ device: 'disk', bus: 'virtio', target: 'vdb', vhostVdpa: true }] }), expect: { 'disk:vdb': '02:00.0', memballoon: '03:00.0' } },
  { build: 'debian-12', what: "libvirt 9.0 refuses <features><ras>", spec: { ...spec('virt', { rasFeature: true }), arch: 'aarch64' }, refused: /unexpected feature 'ras'/ },
  { build: 'debian-12', what: "libvirt 9.0 refuses <audio type='pipewire'>", spec: spec('q35', { audioTypes: ['pipewire'] }), refused: /element 'audio': 'pipewire'/ },
  { build: 'debian-13', what: 'a pipewire audio backend is taken', spec: spec('q35', { audioTypes: ['dbus', 'pipewire'] }), expect: { memballoon: '02:00.0' } },
  { build: 'debian-unstable', what: "virtiofs cache mode 'auto' (virtiofsd's name) is refused on every release", spec: spec('q35', { sharedMemory: true, filesystems: [{ source: '/tmp', target: 't', driver: 'virtiofs', cacheMode: 'auto' }] }), refused: /element 'cache': 'auto'/ },
  { build: 'debian-12', what: "virtiofs cache mode 'always' is taken", spec: spec('q35', { sharedMemory: true, filesystems: [{ source: '/tmp', target: 't', driver: 'virtiofs', cacheMode: 'always' }] }), expect: { 'filesystem:0': '01:00.0' } },
  // a libvirt-docs-style file (compare on each build, 2026-12-06): an ISA panic takes no slot, so a crypto device is placed as without it
  { build: 'debian-13', what: 'a crypto device beside an ISA panic comes after the balloon', spec: spec('pc', { panics: [{ model: 'isa' }], cryptos: [{}] }), expect: { memballoon: '00:02.0', 'crypto:0': '00:03.0' } },
  // crypto and pstore devices (compare of hand-made files on each build, 2026-12-06)
  {
    build: 'debian-13',
    what: 'a virtio crypto device and an ACPI ERST pstore are conventional PCI devices after the vsock (pc)',
    spec: spec('pc', { nets: [{ model: 'virtio', mac: '52:54:00:00:00:01' }], cryptos: [{}], pstores: [{}], shmems: [{ model: 'ivshmem-plain' }], vsock: {}, rngs: [{ model: 'virtio' }] }),
    expect: { 'net:52:54:00:00:00:01': '00:02.0', memballoon: '00:03.0', 'rng:0': '00:04.0', 'shmem:0': '00:05.0', 'vsock:0': '00:06.0', 'crypto:0': '00:07.0', 'pstore:0': '00:08.0' },
  },
  {
    build: 'debian-unstable',
    what: 'on q35 both go behind the pcie-to-pci-bridge, after the shared memory',
    spec: spec('q35', { nets: [{ model: 'virtio', mac: '52:54:00:00:00:01' }], cryptos: [{}], pstores: [{}], shmems: [{ model: 'ivshmem-plain' }], vsock: {}, rngs: [{ model: 'virtio' }] }),
    expect: { 'shmem:0': '06:01.0', 'crypto:0': '06:02.0', 'pstore:0': '06:03.0', 'vsock:0': '07:00.0' },
  },
  {
    build: 'debian-12',
    what: 'libvirt 9.0 knows neither element and passes over them',
    spec: spec('pc', { nets: [{ model: 'virtio', mac: '52:54:00:00:00:01' }], cryptos: [{}], pstores: [{}], shmems: [{ model: 'ivshmem-plain' }], vsock: {}, rngs: [{ model: 'virtio' }] }),
    expect: { 'vsock:0': '00:06.0', 'crypto:0': undefined, 'pstore:0': undefined },
  },
  // virtiofs shares (compare of hand-made files on each build, 2026-12-06): placed as 9p ones
  {
    build: 'debian-12',
    what: 'a virtiofs share goes with the 9p ones, in document order, before the NICs',
    spec: spec('q35', { sharedMemory: true, nets: [{ model: 'virtio', mac: '52:54:00:00:00:01' }], disks: [{ device: 'disk', bus: 'virtio', target: 'vda' }], filesystems: [{ source: '/tmp/share9p', target: 'nine', accessmode: 'mapped' }, { source: '/tmp/share9p', target: 'tag1', driver: 'virtiofs', accessmode: 'passthrough' }, { source: '/tmp', target: 'tag2', driver: 'virtiofs', address: { type: 'pci', bus: 0, slot: 9 } }] }),
    expect: { 'filesystem:0': '01:00.0', 'filesystem:1': '02:00.0', 'filesystem:2': '00:09.0', 'net:52:54:00:00:00:01': '03:00.0', 'disk:vda': '05:00.0', memballoon: '06:00.0' },
  },
  { build: 'debian-13', what: 'virtiofs needs shared memory (memfd alone is not)', spec: spec('q35', { filesystems: [{ source: '/tmp', target: 't', driver: 'virtiofs' }] }), refused: /'virtiofs' requires shared memory/ },
  { build: 'debian-12', what: 'libvirt 9.0 refuses a read-only virtiofs share', spec: spec('q35', { sharedMemory: true, filesystems: [{ source: '/tmp', target: 't', driver: 'virtiofs', readonly: true }] }), refused: /does not yet support read-only mode/ },
  { build: 'debian-13', what: 'libvirt 11.3 takes a read-only virtiofs share', spec: spec('q35', { sharedMemory: true, filesystems: [{ source: '/tmp', target: 't', driver: 'virtiofs', readonly: true }] }), expect: { 'filesystem:0': '01:00.0' } },
  { build: 'debian-unstable', what: 'libvirt 12.8 refuses a read-only share on an external virtiofsd', spec: spec('q35', { sharedMemory: true, filesystems: [{ source: '/tmp/vfsd.sock', target: 't', driver: 'virtiofs', socket: true, readonly: true }] }), refused: /cannot be set for externally started virtiofsd/ },
  { build: 'debian-13', what: 'libvirt 11.3 takes a read-only share on an external virtiofsd', spec: spec('q35', { sharedMemory: true, filesystems: [{ source: '/tmp/vfsd.sock', target: 't', driver: 'virtiofs', socket: true, readonly: true }] }), expect: { 'filesystem:0': '01:00.0' } },
  { build: 'debian-unstable', what: 'virtiofs takes accessmode passthrough only', spec: spec('q35', { sharedMemory: true, filesystems: [{ source: '/tmp', target: 't', driver: 'virtiofs', accessmode: 'mapped' }] }), refused: /only supports passthrough accessmode/ },
  { build: 'debian-13', what: 'virtiofs takes no model', spec: spec('q35', { sharedMemory: true, filesystems: [{ source: '/tmp', target: 't', driver: 'virtiofs', model: 'virtio-non-transitional' }] }), refused: /does not support model/ },
  { build: 'debian-12', what: 'a 9p share with fmode needs accessmode mapped', spec: spec('pc', { filesystems: [{ source: '/tmp', target: 't', fileModes: true }] }), refused: /must be used with accessmode=mapped/ },
  // an empty USB cdrom (an independent generator's file, compare on each build, 2026-12-06)
  { build: 'debian-13', what: 'an empty USB cdrom is refused at define', spec: spec('pc', { disks: [{ device: 'cdrom', bus: 'usb', target: 'sda' }] }), refused: /must not be empty/ },
  { build: 'debian-13', what: 'a USB cdrom with a medium is taken', spec: spec('pc', { disks: [{ device: 'cdrom', bus: 'usb', target: 'sda', media: true }] }), expect: { 'disk:sda': 'usb' } },
  { build: 'debian-unstable', what: 'an empty USB cdrom is taken (and starts)', spec: spec('pc', { disks: [{ device: 'cdrom', bus: 'usb', target: 'sda' }] }), expect: { 'disk:sda': 'usb' } },
  { build: 'debian-12', what: 'an empty USB cdrom is taken at define (then cannot start: known issue)', spec: spec('pc', { disks: [{ device: 'cdrom', bus: 'usb', target: 'sda' }] }), expect: { 'disk:sda': 'usb' } },
  // machines without PCI, observed 2026-12-06 (compare of the debian-12 rows' XML on each build)
  { build: 'debian-13', what: "isapc's default balloon still finds no PCI bus", spec: spec('isapc'), refused: /No PCI buses available/ },
  { build: 'debian-13', what: 'isapc takes a pci-root and puts the balloon on slot 1', spec: spec('isapc', { controllers: [PCI_ROOT] }), expect: { memballoon: '00:01.0' } },
  { build: 'debian-13', what: 'microvm has no ps2 inputs', spec: spec('microvm', { controllers: [{ type: 'usb', model: 'none' }], memballoon: { model: 'none' } }), expect: { 'input:ps2:0': undefined } },
  {
    build: 'debian-13',
    what: "microvm refuses a user's ps2 keyboard",
    spec: spec('microvm', { controllers: [{ type: 'usb', model: 'none' }], memballoon: { model: 'none' }, inputs: [{ type: 'keyboard', bus: 'ps2' }] }),
    refused: /ps2 is not supported/,
  },
  { build: 'debian-unstable', what: 'isapc gets no default balloon', spec: spec('isapc'), expect: { memballoon: undefined, 'input:ps2:0': 'none' } },
  { build: 'debian-unstable', what: 'microvm gets no implicit UHCI', spec: spec('microvm', { memballoon: { model: 'none' } }), expect: { 'controller:usb:0': undefined } },
  { build: 'debian-unstable', what: 'a pci-root on isapc is refused', spec: spec('isapc', { controllers: [PCI_ROOT] }), refused: /does not support PCI/ },
  {
    build: 'debian-unstable',
    what: 'a PCI address clash on isapc is reported before the pci-root',
    spec: spec('isapc', { controllers: [PCI_ROOT], memballoon: { model: 'none' }, nets: [{ model: 'e1000', mac: '52:54:00:00:01:00', address: { type: 'pci', slot: 3 } }, { model: 'e1000', mac: '52:54:00:00:01:01', address: { type: 'pci', slot: 3 } }] }),
    refused: /double use|in use/,
  },
  { build: 'debian-unstable', what: "a model-less USB controller on isapc finds no PCI bus", spec: spec('isapc', { controllers: [{ type: 'usb', index: 0 }], memballoon: { model: 'none' } }), refused: /No PCI buses available/ },  // Leases, as oVirt's engine writes them (probes on each build, 2026-12-07; each row one of the three observations)
  { build: 'debian-12', what: "an offset placeholder oVirt's engine leaves for vdsm is refused by the parser, before the machine is looked up", spec: spec('pc-q35-rhel8.6.0', { leases: [{ key: 'k', lockspace: 'ls', target: { path: 'LEASE-PATH:k', offset: 'LEASE-OFFSET:k' } }] }), refused: /Invalid value for attribute 'offset' in element 'target': 'LEASE-OFFSET:k'/ },
  { build: 'debian-13', what: 'a lease without a key is refused first', spec: spec('q35', { leases: [{ lockspace: 'ls', target: { path: '/p', offset: '0' } }] }), refused: /Missing 'key' element for lease/ },
  { build: 'debian-unstable', what: 'a lease without a lockspace fails without a message, before its missing target', spec: spec('q35', { leases: [{ key: 'k' }] }), refused: /the cause is unknown/ },
  { build: 'debian-12', what: "a lease's target without a path is refused", spec: spec('q35', { leases: [{ key: 'k', lockspace: 'ls', target: { offset: '1024' } }] }), refused: /Missing 'path' attribute to 'target' element for lease/ },
  { build: 'debian-13', what: 'a lease is parsed after the controllers: an unknown controller model wins', spec: spec('q35', { controllers: [{ type: 'scsi', unknownModel: 'megasas' }], leases: [{ key: 'k', target: { path: '/p', offset: 'x' } }] }), refused: /Unknown model type 'megasas'/ },
  { build: 'debian-unstable', what: "a lease is parsed before the interfaces: it wins over a multicast MAC", spec: spec('q35', { nets: [{ model: 'e1000', mac: '01:00:5e:00:00:01' }], leases: [{ key: 'k', lockspace: 'ls', target: { path: '/p', offset: 'x' } }] }), refused: /Invalid value for attribute 'offset'/ },
  { build: 'debian-unstable', what: 'a whole lease moves nothing: the balloon behind the second root port, after the xHCI', spec: spec('q35', { leases: [{ key: 'k', lockspace: 'ls', target: { path: '/p', offset: '1024' } }] }), expect: { 'controller:usb:0': 'qemu-xhci@01:00.0', memballoon: '02:00.0' } },
  // vhost-user NICs (OVS-DPDK guests; probes on each build, 2026-12-07)
  { build: 'debian-13', what: "a vhost-user NIC whose socket QEMU serves, with reconnect on, is refused while NICs are validated", spec: spec('q35', { nets: [{ model: 'virtio', mac: '52:54:00:00:00:01', serverReconnect: true }] }), refused: /'reconnect' attribute is not supported when source mode='server'/ },
  { build: 'debian-unstable', what: "…after a read-only SATA disk's refusal", spec: spec('q35', { disks: [{ device: 'disk', bus: 'sata', target: 'sdb', readonly: true }], nets: [{ model: 'virtio', mac: '52:54:00:00:00:01', serverReconnect: true }] }), refused: /readonly sata disks are not supported/ },
  { build: 'debian-12', what: '…and NICs in document order: an MTU on a user NIC written first wins', spec: spec('q35', { nets: [{ model: 'e1000', mac: '52:54:00:00:00:09', type: 'user', tuning: ['mtu'] }, { model: 'virtio', mac: '52:54:00:00:00:01', serverReconnect: true }] }), refused: /setting MTU on interface type user/ },
  // Host SCSI devices add the SCSI controllers up to the one they name, before the disks do
  // (defined on each build and read back, 2026-12-07; an independent generator's file met it)
  { build: 'debian-12', what: "a host SCSI device on a declared lsisas1078 at index 2: 0 and 1 are added with its model, after it on the bus", spec: spec('pc', { controllers: [{ type: 'scsi', index: 2, model: 'lsisas1078' }], hostdevs: [scsiHostdev(2)] }), expect: { 'controller:scsi:2': 'lsisas1078@00:02.0', 'controller:scsi:0': 'lsisas1078@00:03.0', 'controller:scsi:1': 'lsisas1078@00:04.0', memballoon: '00:05.0' } },
  { build: 'debian-12', what: "…and so is the index a disk names below it: the host devices' controllers come first", spec: spec('pc', { controllers: [{ type: 'scsi', index: 2, model: 'lsisas1078' }], disks: [scsiDisk('sda')], hostdevs: [scsiHostdev(2)] }), expect: { 'controller:scsi:0': 'lsisas1078@00:03.0', 'controller:scsi:1': 'lsisas1078@00:04.0' } },
  { build: 'debian-12', what: '…and a later host device on an undeclared index keeps that model', spec: spec('pc', { controllers: [{ type: 'scsi', index: 2, model: 'lsisas1078' }], hostdevs: [scsiHostdev(2), scsiHostdev(4, 1)] }), expect: { 'controller:scsi:3': 'lsisas1078@00:05.0', 'controller:scsi:4': 'lsisas1078@00:06.0' } },
  { build: 'debian-13', what: 'a host SCSI device on an undeclared index: the added controllers take the default, not the declared virtio-scsi 0', spec: spec('pc', { controllers: [{ type: 'scsi', index: 0, model: 'virtio-scsi' }], hostdevs: [scsiHostdev(2)] }), expect: { 'controller:scsi:0': 'virtio-scsi@00:02.0', 'controller:scsi:1': 'lsilogic@00:03.0', 'controller:scsi:2': 'lsilogic@00:04.0' } },
  { build: 'debian-unstable', what: 'the same on 12.8: the added controllers take the first named model', spec: spec('pc', { controllers: [{ type: 'scsi', index: 0, model: 'virtio-scsi' }], hostdevs: [scsiHostdev(2)] }), expect: { 'controller:scsi:1': 'virtio-scsi@00:03.0', 'controller:scsi:2': 'virtio-scsi@00:04.0' } },
  { build: 'debian-unstable', what: 'a host SCSI device on a declared lsisas1078 at index 2, on 12.8: 0, 1 and 2 in index order', spec: spec('pc', { controllers: [{ type: 'scsi', index: 2, model: 'lsisas1078' }], hostdevs: [scsiHostdev(2)] }), expect: { 'controller:scsi:0': 'lsisas1078@00:02.0', 'controller:scsi:1': 'lsisas1078@00:03.0', 'controller:scsi:2': 'lsisas1078@00:04.0' } },
  // SR-IOV interfaces are interfaces to the parser: a multicast MAC is refused in document order (probes on each build, 2026-12-07)
  { build: 'debian-13', what: "an SR-IOV interface's multicast MAC is refused by the parser", spec: spec('q35', { hostdevNets: [{ mac: '33:d0:3c:50:26:a7', source: { domain: 0, bus: 0x44, slot: 0x15, function: 0 } }] }), refused: /expected unicast mac address, found multicast '33:d0:3c:50:26:a7'/ },
  { build: 'debian-unstable', what: "…after an interface written before it, whose slot is out of range", spec: spec('q35', { nets: [{ model: 'e1000', mac: '52:54:00:00:00:01', address: { type: 'pci', bus: 0, slot: 0x40 } }], hostdevNets: [{ mac: '33:d0:3c:50:26:a7', source: { domain: 0, bus: 0x44, slot: 0x15, function: 0 } }] }), refused: /Invalid PCI address slot='0x40'/ },
  // An expander bus's bus number must be 1-254, checked while the controllers are validated (probes on each build, 2026-12-07)
  { build: 'debian-12', what: 'a pcie-expander-bus with busNr 255 is refused', spec: spec('q35', { controllers: [{ type: 'pci', index: 1, model: 'pcie-expander-bus', target: { busNr: 255 } }] }), refused: /PCI controller busNr '255' out of range - must be 1-254/ },
  { build: 'debian-13', what: "a pci-expander-bus with busNr 0 is refused before the next controller's chassisNr 0", spec: spec('pc', { controllers: [{ type: 'pci', index: 1, model: 'pci-expander-bus', target: { busNr: 0 } }, { type: 'pci', index: 2, model: 'pci-bridge', target: { chassisNr: 0 } }] }), refused: /PCI controller busNr '0' out of range - must be 1-254/ },
  { build: 'debian-13', what: 'a usb-net NIC with ROM settings is refused: it is no PCI device (probe, 2026-12-07)', spec: spec('q35', { nets: [{ model: 'usb-net', mac: '52:54:00:00:00:01', romTuned: true }] }), refused: /ROM tuning is only supported for PCI devices/ },
  { build: 'debian-12', what: 'a virtio NIC with ROM settings on PCI is taken (probe, 2026-12-07)', spec: spec('pc', { nets: [{ model: 'virtio', mac: '52:54:00:00:00:01', romTuned: true }] }), expect: { 'net:52:54:00:00:00:01': '00:02.0' } },
  // An mdev without a model is the parser's refusal, hostdevs parsed after the videos and before the watchdogs (probes on each build, 2026-12-07)
  { build: 'debian-12', what: "an mdev without a model is refused before an unknown machine and a watchdog's bad slot", spec: spec('pc-q35-1.0', { watchdogs: [{ model: 'i6300esb', address: { type: 'pci', bus: 0, slot: 0x40 } }], hostdevs: [MDEV_WITHOUT_MODEL] }), refused: /Missing required attribute 'model' in element 'hostdev'/ },
  { build: 'debian-unstable', what: "…after a video's bad slot", spec: spec('pc-q35-1.0', { videos: [{ model: 'vga', address: { type: 'pci', bus: 0, slot: 0x40 } }], hostdevs: [MDEV_WITHOUT_MODEL] }), refused: /Invalid PCI address slot='0x40'/ },
  // An ARM GIC on x86 is refused after the driver's other domain checks (probes on each build, 2026-12-07)
  { build: 'debian-12', what: "a <gic> feature on q35 is refused", spec: spec('q35', { archBoundFeatures: ['gic'] }), refused: /The 'gic' feature is not supported for architecture 'x86_64' or machine type 'pc-q35-7.2'/ },
  { build: 'debian-13', what: '…after UEFI without ACPI', spec: spec('q35', { archBoundFeatures: ['gic'], uefi: true }), refused: /UEFI requires ACPI/ },
  { build: 'debian-unstable', what: '…after an SMM TSEG size on pc', spec: spec('pc', { archBoundFeatures: ['gic'], acpi: true, smmTseg: true }), refused: /SMM TSEG is only supported with q35/ },
  { build: 'debian-12', what: '…after a memory minimum guarantee', spec: spec('q35', { archBoundFeatures: ['gic'], acpi: true, minGuarantee: true }), refused: /min_guarantee/ },
  { build: 'debian-13', what: 'a POWER feature (htm) on q35 is refused the same way', spec: spec('q35', { archBoundFeatures: ['htm'] }), refused: /The 'htm' feature is not supported for architecture 'x86_64'/ },
  { build: 'debian-unstable', what: 'RAS on q35 is refused on the releases that know it', spec: spec('q35', { rasFeature: true }), refused: /ras feature is only supported with ARM Virt machines/ },
  { build: 'debian-12', what: "9.0's parser does not know async-teardown", spec: spec('q35', { archBoundFeatures: ['async-teardown'] }), refused: /unexpected feature 'async-teardown'/ },
  { build: 'debian-13', what: 'async-teardown is taken since', spec: spec('q35', { archBoundFeatures: ['async-teardown'] }), expect: { 'controller:usb:0': 'qemu-xhci@01:00.0', memballoon: '02:00.0' } },
  // NVMe (realistic files carry it; probes on each build, 2026-12-07)
  { build: 'debian-12', what: "a bus='nvme' disk is the parser's refusal before 12.8, before the machine lookup", spec: spec('pc-q35-1.0', { disks: [{ device: 'disk', bus: 'virtio', target: 'vda', address: { type: 'pci', bus: 0, slot: 5 } }, nvmeDisk('nvme0n1')] }), refused: /Invalid value for attribute 'bus' in element 'target': 'nvme'/ },
  { build: 'debian-13', what: '…after the bad slot of a disk written before it', spec: spec('pc-q35-1.0', { disks: [{ device: 'disk', bus: 'virtio', target: 'vda', address: { type: 'pci', bus: 0, slot: 0x40 } }, nvmeDisk('nvme0n1')] }), refused: /Invalid PCI address slot='0x40'/ },
  { build: 'debian-13', what: "an NVMe controller is the parser's refusal before 12.8", spec: spec('pc-q35-1.0', { controllers: [NVME_0] }), refused: /Invalid value for attribute 'type' in element 'controller': 'nvme'/ },
  // 12.8 parses NVMe (probes on debian-unstable, 2026-12-07)
  { build: 'debian-unstable', what: 'an NVMe controller is a PCIe device: on a root port of q35, before the added USB controller; its disks take drive addresses', spec: spec('q35', { controllers: [NVME_0], disks: [nvmeDisk('nvme0n1'), nvmeDisk('nvme0n2')] }), expect: { 'controller:nvme:0': '@01:00.0', 'controller:usb:0': 'qemu-xhci@02:00.0', 'disk:nvme0n1': 'drive', 'disk:nvme0n2': 'drive', memballoon: '03:00.0' } },
  { build: 'debian-unstable', what: 'on pc, NVMe controllers follow the NICs, in index order whatever the document order', spec: spec('pc', { controllers: [{ ...NVME_0, index: 3 }, { ...NVME_0, index: 1 }, { type: 'usb', model: 'qemu-xhci' }], nets: [{ model: 'e1000', mac: '52:54:00:00:01:00' }] }), expect: { 'net:52:54:00:00:01:00': '00:02.0', 'controller:nvme:1': '@00:03.0', 'controller:nvme:3': '@00:04.0', 'controller:usb:0': 'qemu-xhci@00:05.0' } },
  { build: 'debian-unstable', what: 'a disk on NVMe controller 1 makes libvirt add controller 0, which has no serial', spec: spec('q35', { controllers: [{ ...NVME_0, index: 1 }], disks: [nvmeDisk('nvme1n1')] }), refused: /Missing mandatory serial for NVMe controller/ },
  { build: 'debian-unstable', what: "the name's drive address (nvme0n2: unit 1) against a user's: duplicate", spec: spec('q35', { controllers: [NVME_0], disks: [{ ...nvmeDisk('nvme0n1'), drive: { controller: 0, bus: 0, target: 0, unit: 1 } }, nvmeDisk('nvme0n2')] }), refused: /Found duplicate drive address/ },
  { build: 'debian-unstable', what: "an NVMe disk's serial must be its controller's", spec: spec('q35', { controllers: [NVME_0], disks: [{ ...nvmeDisk('nvme0n1'), serial: 's0' }, { ...nvmeDisk('nvme0n2'), serial: 'other' }] }), refused: /Conflicting NVME disk serial number/ },
  // a controller without a serial takes the first one a disk on it gives (probes, 2026-12-07; a fifth unseen generator's file was a mismatch)
  { build: 'debian-unstable', what: "a controller without a serial takes its disk's", spec: spec('pc', { controllers: [{ type: 'nvme', index: 0 }], disks: [{ ...nvmeDisk('nvme0n1'), serial: 'X' }] }), expect: { 'controller:nvme:0': '@00:02.0' } },
  { build: 'debian-unstable', what: '…a second disk with another serial is refused', spec: spec('pc', { controllers: [{ type: 'nvme', index: 0 }], disks: [{ ...nvmeDisk('nvme0n1'), serial: 'X' }, { ...nvmeDisk('nvme0n2'), serial: 'Y' }] }), refused: /Conflicting NVME disk serial number/ },
  { build: 'debian-unstable', what: '…one without a serial is taken', spec: spec('pc', { controllers: [{ type: 'nvme', index: 0 }], disks: [{ ...nvmeDisk('nvme0n1'), serial: 'X' }, nvmeDisk('nvme0n2')] }), expect: { 'disk:nvme0n2': 'drive' } },
  { build: 'debian-unstable', what: '…and so does a controller libvirt adds', spec: spec('pc', { disks: [{ ...nvmeDisk('nvme0n1'), serial: 'X' }] }), expect: { 'controller:nvme:0': '@00:02.0' } },
  { build: 'debian-unstable', what: '…refused before UEFI without ACPI', spec: spec('q35', { uefi: true, controllers: [NVME_0], disks: [{ ...nvmeDisk('nvme0n1'), serial: 'other' }] }), refused: /Conflicting NVME disk serial number/ },
  { build: 'debian-unstable', what: 'a missing serial comes before duplicate SATA drive addresses', spec: spec('q35', { controllers: [{ type: 'nvme', index: 0 }], disks: [{ device: 'disk', bus: 'sata', target: 'sda' }, { device: 'disk', bus: 'sata', target: 'sdb', drive: { controller: 0, bus: 0, target: 0, unit: 0 } }] }), refused: /Missing mandatory serial for NVMe controller/ },
  { build: 'debian-unstable', what: '…and after two iTCO watchdogs', spec: spec('q35', { controllers: [{ type: 'nvme', index: 0 }], watchdogs: [{ model: 'itco' }, { model: 'itco' }] }), refused: /one watchdog with model 'itco'/ },
  { build: 'debian-unstable', what: '…beside a PCI controller refusal the order is the devices\' (observed: the one written first)', spec: spec('q35', { controllers: [{ type: 'nvme', index: 0 }, { type: 'pci', index: 1, model: 'pcie-root-port', target: { chassis: 300 } }] }), unsupported: /NVMe controller without a serial beside another/ },
  // Lifecycle actions (an unseen generator wrote preserve on poweroff; probes on each build, 2026-12-07)
  { build: 'debian-12', what: 'preserve on poweroff is refused by the QEMU driver', spec: spec('q35', { lifecycle: { poweroff: 'preserve' } }), refused: /doesn't support the 'preserve' action/ },
  { build: 'debian-13', what: 'preserve on crash is taken', spec: spec('q35', { lifecycle: { crash: 'preserve' } }), expect: { 'controller:usb:0': 'qemu-xhci@01:00.0' } },
  { build: 'debian-unstable', what: 'restart on poweroff with destroy on reboot is refused', spec: spec('q35', { lifecycle: { poweroff: 'restart', reboot: 'destroy' } }), refused: /'onReboot' set to 'destroy and 'onPoweroff' set to 'reboot'/ },
  { build: 'debian-12', what: 'rename-restart is refused before preserve', spec: spec('q35', { lifecycle: { reboot: 'rename-restart', poweroff: 'preserve' } }), refused: /'rename-restart' action/ },
  { build: 'debian-13', what: '…after an SMM TSEG size on pc', spec: spec('pc', { lifecycle: { poweroff: 'preserve' }, acpi: true, smmTseg: true }), refused: /SMM TSEG is only supported with q35/ },
  { build: 'debian-unstable', what: '…before a GIC on q35', spec: spec('q35', { lifecycle: { poweroff: 'preserve' }, archBoundFeatures: ['gic'] }), refused: /'preserve' action/ },
  { build: 'debian-unstable', what: '…and before two iTCO watchdogs', spec: spec('q35', { lifecycle: { poweroff: 'preserve' }, watchdogs: [{ model: 'itco' }, { model: 'itco' }] }), refused: /'preserve' action/ },
  { build: 'debian-12', what: "an action the parser does not know is its refusal, before any device's", spec: spec('q35', { lifecycle: { poweroff: 'bogus' }, disks: [{ device: 'disk', bus: 'nvme', target: 'sda' }] }), refused: /unknown on_poweroff action: bogus/ },
  { build: 'debian-13', what: 'a coredump action on poweroff is refused after every device check', spec: spec('q35', { lifecycle: { poweroff: 'coredump-destroy' }, disks: [{ device: 'disk', bus: 'sata', target: 'sda' }, { device: 'disk', bus: 'sata', target: 'sdb', drive: { controller: 0, bus: 0, target: 0, unit: 0 } }] }), refused: /Found duplicate drive address/ },
  { build: 'debian-unstable', what: '…and refused alone', spec: spec('q35', { lifecycle: { poweroff: 'coredump-destroy' } }), refused: /Lifecycle event 'poweroff' doesn't support 'coredump-destroy' action/ },
  { build: 'debian-12', what: 'coredump-restart on crash is taken', spec: spec('q35', { lifecycle: { crash: 'coredump-restart' } }), expect: { 'controller:usb:0': 'qemu-xhci@01:00.0' } },
  // <cpu mode> and <clock><timer> (an unseen generator wrote mode='max' and kvmclock on aarch64; probes on each build, 2026-12-07)
  { build: 'debian-12', what: "an unknown CPU mode is the parser's refusal, before an unknown lifecycle action", spec: spec('q35', { cpuMode: 'max', lifecycle: { poweroff: 'bogus' } }), refused: /Invalid mode attribute 'max'/ },
  { build: 'debian-13', what: 'mode maximum is taken', spec: spec('q35', { cpuMode: 'maximum' }), expect: { 'controller:usb:0': 'qemu-xhci@01:00.0' } },
  { build: 'debian-unstable', what: "an RTC tracking the boot time is refused", spec: spec('q35', { timers: [{ name: 'rtc', track: 'boot' }] }), refused: /unsupported rtc timer track 'boot'/ },
  { build: 'debian-12', what: '…before a GIC on q35', spec: spec('q35', { timers: [{ name: 'rtc', track: 'boot' }], archBoundFeatures: ['gic'] }), refused: /unsupported rtc timer track 'boot'/ },
  { build: 'debian-13', what: "a PIT's merge policy is refused", spec: spec('q35', { timers: [{ name: 'pit', tickpolicy: 'merge' }] }), refused: /unsupported pit tickpolicy 'merge'/ },
  { build: 'debian-unstable', what: "an RTC's discard policy is refused on pc", spec: spec('pc', { timers: [{ name: 'rtc', tickpolicy: 'discard' }] }), refused: /unsupported rtc timer tickpolicy 'discard'/ },
  { build: 'debian-12', what: 'the platform timer is refused', spec: spec('q35', { timers: [{ name: 'platform' }] }), refused: /unsupported timer type \(name\) 'platform'/ },
  // An ICH7 sound card (an unseen generator's files; define on each build, 2026-12-07): no PCI connect flags, refused while placing
  { build: 'debian-12', what: 'an ich7 sound card finds no slot of connect flags 0 (q35)', spec: spec('q35', { sounds: [{ model: 'ich7' }] }), refused: /Cannot automatically add a new PCI bus for a device with connect flags 0/ },
  { build: 'debian-unstable', what: '…on pc too, after the NIC is placed', spec: spec('pc', { nets: [{ model: 'e1000', mac: '52:54:00:00:01:00' }], sounds: [{ model: 'ich7' }, { model: 'ich6' }] }), refused: /Cannot automatically add a new PCI bus/ },
  { build: 'debian-13', what: '…with a PCI address of its own it is reserved (a clash first), then refused while validated', spec: spec('pc', { sounds: [{ model: 'ich7', address: { type: 'pci', bus: 0, slot: 6 } }] }), refused: /sound card model 'ich7' is not supported by qemu/ },
  { build: 'debian-12', what: '…the clash with a NIC at its address first', spec: spec('pc', { nets: [{ model: 'e1000', mac: '52:54:00:00:01:00', address: { type: 'pci', bus: 0, slot: 6 } }], sounds: [{ model: 'ich7', address: { type: 'pci', bus: 0, slot: 6 } }] }), refused: /Attempted double use of PCI Address 0000:00:06.0/ },
  // Host SCSI devices without a drive address, and the controller they imply on q35 (an unseen generator's files; define on each build, 2026-12-07)
  { build: 'debian-12', what: 'a host SCSI device without an address takes unit 0 of an added controller 0 (pc: lsilogic, after the NIC)', spec: spec('pc', { nets: [{ model: 'e1000', mac: '52:54:00:00:01:00' }], hostdevs: [scsiHostdevAuto] }), expect: { 'controller:scsi:0': 'lsilogic@00:03.0', 'net:52:54:00:00:01:00': '00:02.0', 'hostdev:0': 'drive' } },
  { build: 'debian-unstable', what: '…controller 0 even beside a declared controller 1, of its model on 12.8', spec: spec('q35', { controllers: [{ type: 'scsi', index: 1, model: 'virtio-scsi' }], hostdevs: [scsiHostdevAuto] }), expect: { 'controller:scsi:0': 'virtio-scsi@01:00.0', 'controller:scsi:1': 'virtio-scsi@02:00.0' } },
  { build: 'debian-12', what: "on q35 the host device's lsilogic is placed before the default USB controller (behind the bridge libvirt adds first)", spec: spec('q35', { hostdevs: [scsiHostdev(0)] }), expect: { 'controller:pci:2': 'pcie-to-pci-bridge@01:00.0', 'controller:scsi:0': 'lsilogic@02:01.0', 'controller:usb:0': 'qemu-xhci@03:00.0' } },
  { build: 'debian-13', what: '…and a disk sda then shares that controller (the host device gets unit 1)', spec: spec('q35', { disks: [{ device: 'disk', bus: 'scsi', target: 'sda' }], hostdevs: [scsiHostdevAuto] }), expect: { 'controller:pci:2': 'pcie-to-pci-bridge@01:00.0', 'controller:scsi:0': 'lsilogic@02:01.0', 'controller:usb:0': 'qemu-xhci@03:00.0' } },
  // SATA drive addresses off bus 0 or target 0 (an unseen generator's files; define on each build, 2026-12-07)
  { build: 'debian-12', what: 'a SATA disk on bus 1 is refused', spec: spec('q35', { disks: [{ device: 'disk', bus: 'sata', target: 'sdz', drive: { controller: 0, bus: 2, target: 0, unit: 0 } }] }), refused: /bus must be 0 for sata controller/ },
  { build: 'debian-unstable', what: '…on target 2 too, before a SCSI disk on bus 3 written after it', spec: spec('q35', { disks: [{ device: 'disk', bus: 'sata', target: 'sdy', drive: { controller: 0, bus: 0, target: 2, unit: 0 } }, { device: 'disk', bus: 'scsi', target: 'sda', drive: { controller: 0, bus: 3, target: 0, unit: 0 } }] }), refused: /target must be 0 for sata controller/ },
  // IOThreads a disk names (probes on each build, 2026-12-07; an unseen generator's file met it)
  { build: 'debian-12', what: "a virtio disk naming an IOThread the domain lacks is refused", spec: spec('q35', { iothreads: { count: 1, ids: [] }, disks: [{ device: 'disk', bus: 'virtio', target: 'vda', iothread: 2 }] }), refused: /Disk iothread '2' not defined in iothreadid/ },
  { build: 'debian-13', what: '<iothreadids> name the ids; the count adds none beside them', spec: spec('q35', { iothreads: { count: 1, ids: [5] }, disks: [{ device: 'disk', bus: 'virtio', target: 'vda', iothread: 1 }] }), refused: /Disk iothread '1' not defined in iothreadid/ },
  { build: 'debian-unstable', what: 'an IOThread on a SATA disk is refused', spec: spec('q35', { iothreads: { count: 1, ids: [] }, disks: [{ device: 'disk', bus: 'sata', target: 'sda', iothread: 1 }] }), refused: /IOThreads not available for bus sata target sda/ },
  { build: 'debian-13', what: 'disks are checked in document order: the IOThread before a later read-only SATA disk', spec: spec('q35', { disks: [{ device: 'disk', bus: 'virtio', target: 'vda', iothread: 2 }, { device: 'disk', bus: 'sata', target: 'sdb', readonly: true }] }), refused: /Disk iothread '2'/ },
  { build: 'debian-12', what: '…and a read-only SATA disk before a later IOThread', spec: spec('q35', { disks: [{ device: 'disk', bus: 'sata', target: 'sdb', readonly: true }, { device: 'disk', bus: 'virtio', target: 'vda', iothread: 2 }] }), refused: /readonly sata disks are not supported/ },
  // When libvirt reports USB refusals: while it assigns USB addresses, before it validates the
  // domain (probes defined on each build, 2026-12-07; each row is one of the three observations)
  { build: 'debian-12', what: 'a USB port beyond the controller is reported before UEFI without ACPI', spec: spec('q35', { uefi: true, controllers: [XHCI_4], inputs: [TABLET_PORT_7] }), refused: /requested USB port 7 not present on USB bus 0/ },
  { build: 'debian-13', what: 'a USB port beyond the controller is reported before a second iTCO watchdog', spec: spec('q35', { controllers: [XHCI_4], inputs: [TABLET_PORT_7], watchdogs: [{ model: 'itco' }, { model: 'itco' }] }), refused: /requested USB port 7 not present on USB bus 0/ },
  { build: 'debian-unstable', what: 'a USB port beyond the controller is reported before a read-only SATA disk', spec: spec('q35', { controllers: [XHCI_4], inputs: [TABLET_PORT_7], disks: [{ device: 'disk', bus: 'sata', target: 'sda', readonly: true }] }), refused: /requested USB port 7 not present on USB bus 0/ },
  { build: 'debian-unstable', what: "a USB port beyond the controller is reported before the lookup of a q35 machine QEMU 11.1 dropped", spec: spec('pc-q35-4.2', { controllers: [XHCI_4], inputs: [TABLET_PORT_7] }), refused: /requested USB port 7 not present on USB bus 0/ },
  { build: 'debian-13', what: 'a USB disk beside USB model none is reported before UEFI without ACPI', spec: spec('q35', { uefi: true, controllers: [{ type: 'usb', model: 'none' }], disks: [{ device: 'disk', bus: 'usb', target: 'sda' }] }), refused: /USB is disabled for this domain/ },
  { build: 'debian-12', what: 'a USB disk beside USB model none is reported before a SCSI drive on bus 1 written first', spec: spec('q35', { controllers: [{ type: 'scsi', index: 0, model: 'virtio-scsi' }, { type: 'usb', model: 'none' }], disks: [{ device: 'disk', bus: 'scsi', target: 'sdb', drive: { controller: 0, bus: 1, target: 0, unit: 0 } }, { device: 'disk', bus: 'usb', target: 'sdz' }] }), refused: /USB is disabled for this domain/ },
  { build: 'debian-unstable', what: 'where USB is off, a USB port is not read: the refusal is that USB is off', spec: spec('q35', { controllers: [{ type: 'usb', model: 'none' }], disks: [{ device: 'disk', bus: 'usb', target: 'sda', usbPort: 1 }] }), refused: /USB is disabled for this domain/ },
];

const test = suite('model: release facts observed on debian-13 and debian-unstable');

/** The model's answer for a row on a profile against what libvirt did. */
function checkRow(row: Omit<Row, 'build'> & { build: string }, profile: BuildProfile): void {
  const p = predict(row.spec, profile);
  if (row.unsupported) {
    assert.is(p.kind, 'unsupported', JSON.stringify(p));
    if (p.kind === 'unsupported') assert.match(p.reason, row.unsupported);
    return;
  }
  if (row.refused) {
    assert.is(p.kind, 'reject', JSON.stringify(p));
    if (p.kind === 'reject') assert.match(p.detail, row.refused);
    return;
  }
  assert.is(p.kind, 'ok', JSON.stringify(p));
  if (p.kind !== 'ok') return;
  const got = summarize(p.state);
  for (const [k, v] of Object.entries(row.expect ?? {})) assert.is(got[k], v, `${k}: ${got[k]}`);
  if (row.build === 'debian-12' && row.spec.arch === 'x86_64' && row.spec.watchdogs.length === 0) assert.is(got['watchdog:0'], undefined);
}

for (const row of ROWS) test(`${row.build}: ${row.what}`, () => checkRow(row, PROFILES[row.build]));

/** aarch64 profiles of the two later builds (their virt machines as QEMU lists them). */
const ARM_PROFILES: Record<string, BuildProfile> = Object.fromEntries(
  [['debian-13', '11.3.0', '10.0.13', 'virt-10.0'], ['debian-unstable', '12.8.0', '11.1.3', 'virt-11.1']].map(([build, libvirt, qemu, virt]) => [
    build,
    {
      arch: 'aarch64',
      libvirt,
      qemu,
      machines: [
        { arch: 'aarch64', name: 'virt', aliasOf: virt, description: `QEMU ${virt.slice(5)} ARM Virtual Machine` },
        { arch: 'aarch64', name: virt, description: `QEMU ${virt.slice(5)} ARM Virtual Machine` },
      ],
      offers: OFFERS_13,
    },
  ]),
);

const arm = (parts: Partial<DomainSpec>): DomainSpec => ({ ...spec('virt', parts), arch: 'aarch64' });
const ARM_NET = { model: 'virtio', mac: '52:54:00:00:00:01' } as const;
const VDA = { device: 'disk', bus: 'virtio', target: 'vda' } as const;

// Panic devices on virt, observed with `compare` of hand-made files on each build (2026-12-06):
// a panic without a model becomes a pvpanic, integrated on pcie.0 after the root ports, and
// stays on PCI when libvirt puts the virtio devices on virtio-mmio (so do a 9p share, a vsock
// and a host device); an ISA panic is refused, QEMU has none on virt.
const ARM_ROWS: Array<Omit<Row, 'build'> & { build: 'debian-13' | 'debian-unstable' }> = [
  // ACPI sleep states off x86 (probes, 2026-12-07; GNOME Boxes writes <pm> on an aarch64 guest too; 9.0's wording: armVirt.test.ts)
  { build: 'debian-unstable', what: '<pm> on virt is refused in one message', spec: arm({ acpiSleep: { s4: true } }), refused: /setting ACPI S3\/S4 not supported/ },
  { build: 'debian-13', what: '…after a preserve action', spec: arm({ acpiSleep: { s3: true }, lifecycle: { poweroff: 'preserve' } }), refused: /'preserve' action/ },
  // an x86 timer on virt names the domain type where the spec knows it (an unseen generator's files, 2026-12-07: "… for virtType=qemu arch=aarch64 machine=virt-11.1 guests")
  { build: 'debian-unstable', what: 'a present kvmclock on virt is refused, with the domain type', spec: arm({ virtType: 'qemu', timers: [{ name: 'kvmclock', present: 'yes' }] }), refused: /^Configuring the 'kvmclock' timer is not supported for virtType=qemu arch=aarch64 machine=virt-11\.1 guests$/ },
  // Hyper-V on virt (probe on 12.8, 2026-12-07): the dependency is checked there too, after <pm>
  { build: 'debian-unstable', what: 'tlbflush without vpindex on virt is refused', spec: arm({ hyperv: { on: ['tlbflush'] } }), refused: /'tlbflush' hyperv feature requires 'vpindex' feature/ },
  { build: 'debian-unstable', what: '…after <pm>', spec: arm({ hyperv: { on: ['tlbflush'] }, acpiSleep: { s3: true } }), refused: /setting ACPI S3\/S4 not supported/ },
  ...(['debian-13', 'debian-unstable'] as const).map((build) => ({
    build,
    what: 'a panic without a model is a pvpanic at 00:02.0, after the root ports',
    spec: arm({ nets: [ARM_NET], disks: [VDA], panics: [{}] }),
    expect: { 'panic:0': '00:02.0', 'net:52:54:00:00:00:01': '01:00.0', 'disk:vda': '02:00.0' },
  })),
  {
    build: 'debian-13',
    what: 'a pvpanic after a 9p share, NIC, disk, host device, RNG and vsock',
    spec: arm({ nets: [ARM_NET], disks: [VDA], panics: [{}], vsock: {}, filesystems: [{ source: '/tmp/share9p', target: 'share', accessmode: 'mapped' }], hostdevs: [{ source: { domain: 0, bus: 0x7f, slot: 0x1f, function: 7 } }], rngs: [{ model: 'virtio' }] }),
    expect: { 'filesystem:0': '01:00.0', 'net:52:54:00:00:00:01': '02:00.0', 'disk:vda': '03:00.0', 'hostdev:0': '04:00.0', 'rng:0': '05:00.0', 'vsock:0': '06:00.0', 'panic:0': '00:02.0' },
  },
  {
    build: 'debian-unstable',
    what: 'beside a virtio-mmio disk, the virtio devices go on virtio-mmio; the 9p share, vsock, host device and pvpanic stay on PCI',
    spec: arm({ nets: [ARM_NET], disks: [{ ...VDA, address: { type: 'virtio-mmio' } }], panics: [{}], vsock: {}, filesystems: [{ source: '/tmp/share9p', target: 'share', accessmode: 'mapped' }], hostdevs: [{ source: { domain: 0, bus: 0x7f, slot: 0x1f, function: 7 } }], rngs: [{ model: 'virtio' }] }),
    expect: { 'disk:vda': 'virtio-mmio', 'net:52:54:00:00:00:01': 'virtio-mmio', 'rng:0': 'virtio-mmio', 'filesystem:0': '01:00.0', 'hostdev:0': '02:00.0', 'vsock:0': '03:00.0', 'panic:0': '00:02.0' },
  },
  {
    build: 'debian-13',
    what: 'a virtio IOMMU on virt is integrated at 00:02.0 after the root ports, a pvpanic after it',
    spec: arm({ acpi: true, uefi: true, nets: [ARM_NET], disks: [VDA], rngs: [{ model: 'virtio' }], iommu: { model: 'virtio' }, vsock: {}, panics: [{ model: 'pvpanic' }] }),
    expect: { 'net:52:54:00:00:00:01': '01:00.0', 'disk:vda': '02:00.0', 'rng:0': '03:00.0', 'vsock:0': '04:00.0', 'iommu:0': '00:02.0', 'panic:0': '00:03.0' },
  },
  { build: 'debian-unstable', what: "a SCSI controller without a model takes 12.8's virt default (virtio-scsi), not the named one's (lsilogic)", spec: arm({ controllers: [{ type: 'scsi', index: 0, model: 'lsilogic' }, { type: 'scsi', index: 1 }] }), expect: { 'controller:scsi:0': 'lsilogic@02:01.0', 'controller:scsi:1': 'virtio-scsi@03:00.0' } },
  { build: 'debian-unstable', what: "the SCSI controller a disk adds beside a named lsilogic one is virtio-scsi on 12.8's virt", spec: arm({ controllers: [{ type: 'scsi', index: 0, model: 'lsilogic' }], disks: [{ device: 'cdrom', bus: 'scsi', target: 'sda', drive: { controller: 1, bus: 0, target: 0, unit: 0 } }] }), expect: { 'controller:scsi:1': 'virtio-scsi@03:00.0' } },
  { build: 'debian-13', what: 'a pvpanic written behind a pcie-to-pci-bridge is refused while addresses are reserved', spec: arm({ controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port' }, { type: 'pci', index: 2, model: 'pcie-to-pci-bridge' }], panics: [{ model: 'pvpanic', address: { type: 'pci', bus: 2, slot: 1 } }] }), refused: /needs to be an integrated device \(bus=0\)/ },
  { build: 'debian-13', what: 'an ISA panic on virt is refused', spec: arm({ panics: [{ model: 'isa' }] }), refused: /does not support the ISA panic device/ },  // An isa-serial target on virt is its PL011, but a model name written for ISA is refused (probes on each build, 2026-12-07)
  { build: 'debian-13', what: "an isa-serial target with model isa-serial on virt is refused", spec: arm({ serials: [{ targetType: 'isa-serial', modelName: 'isa-serial' }] }), refused: /Target model 'isa-serial' requires target type 'isa-serial'/ },
  { build: 'debian-unstable', what: '…after an ISA panic', spec: arm({ serials: [{ targetType: 'isa-serial', modelName: 'isa-serial' }], panics: [{ model: 'isa' }] }), refused: /does not support the ISA panic device/ },
  // x86 features on virt (probes on each build, 2026-12-07)
  { build: 'debian-13', what: 'an ioapic feature on virt is refused', spec: arm({ archBoundFeatures: ['ioapic'] }), refused: /The 'ioapic' feature is not supported for architecture 'aarch64'/ },
  { build: 'debian-unstable', what: 'vmport on virt is refused', spec: arm({ archBoundFeatures: ['vmport'] }), refused: /vmport is not available with this QEMU binary/ },
  { build: 'debian-unstable', what: 'pvspinlock on virt is refused', spec: arm({ archBoundFeatures: ['pvspinlock'] }), refused: /The 'pvspinlock' feature is not supported for architecture 'aarch64'/ },
  // ROM settings off PCI (probes on each build, 2026-12-07; an unseen generator's file met it)
  { build: 'debian-13', what: 'a NIC with ROM settings that libvirt puts on virtio-mmio beside a virtio-mmio disk is refused', spec: arm({ disks: [{ ...VDA, address: { type: 'virtio-mmio' } }], nets: [{ ...ARM_NET, romTuned: true }] }), refused: /ROM tuning is only supported for PCI devices/ },
  { build: 'debian-unstable', what: "…before the same NIC's MTU on a user interface", spec: arm({ disks: [{ ...VDA, address: { type: 'virtio-mmio' } }], nets: [{ ...ARM_NET, romTuned: true, type: 'user', tuning: ['mtu'] }] }), refused: /ROM tuning is only supported for PCI devices/ },
  { build: 'debian-unstable', what: "…after an MTU on a user NIC written before it", spec: arm({ disks: [{ ...VDA, address: { type: 'virtio-mmio' } }], nets: [{ model: 'virtio', mac: '52:54:00:00:00:02', type: 'user', tuning: ['mtu'] }, { ...ARM_NET, romTuned: true }] }), refused: /setting MTU on interface type user/ },
  { build: 'debian-unstable', what: 'a USB port beyond the controller is reported before an ISA panic (probe, 2026-12-07)', spec: arm({ controllers: [XHCI_4], inputs: [TABLET_PORT_7], panics: [{ model: 'isa' }] }), refused: /requested USB port 7 not present on USB bus 0/ },
  { build: 'debian-13', what: 'a USB port on a guest with no USB controller: the refusal is that USB is off (probe, 2026-12-07)', spec: arm({ inputs: [{ type: 'tablet', bus: 'usb', usbPort: 1 }] }), refused: /USB is disabled for this domain/ },
];

for (const row of ARM_ROWS) test(`${row.build} (aarch64): ${row.what}`, () => checkRow(row, ARM_PROFILES[row.build]));

test('a libvirt the model has no facts for gets the nearest known release, and says so', () => {
  assert.is(nearestRelease('10.0.0'), '9.0.0');
  assert.is(nearestRelease('11.5.0'), '11.3.0');
  assert.is(nearestRelease('13.2.0'), '12.8.0');
  const f = releaseFacts({ libvirt: '11.5.0' });
  assert.is(f.libvirt, '11.3.0');
  assert.is(f.unknownVersion, '11.5.0');
  assert.is(releaseFacts({ libvirt: '12.8.0' }).unknownVersion, undefined);
});


test('a domain naming no machine gets the one each build wrote (observed with `virsh define` of a bare domain)', () => {
  // x86_64: QEMU's default machine on all three builds
  assert.is(defaultMachine(PROFILES['debian-12'], 'x86_64'), 'pc-i440fx-7.2');
  assert.is(defaultMachine(PROFILES['debian-13'], 'x86_64'), 'pc-i440fx-10.0');
  assert.is(defaultMachine(PROFILES['debian-unstable'], 'x86_64'), 'pc-i440fx-11.1');
  const arm = (libvirt: string, virt: string): BuildProfile => ({
    arch: 'aarch64',
    libvirt,
    qemu: '',
    machines: [
      { arch: 'aarch64', name: 'integratorcp', description: 'ARM Integrator/CP (ARM926EJ-S)' },
      { arch: 'aarch64', name: 'virt', aliasOf: virt, description: `QEMU ${virt.slice(5)} ARM Virtual Machine` },
      { arch: 'aarch64', name: virt, description: `QEMU ${virt.slice(5)} ARM Virtual Machine` },
    ],
  });
  assert.is(defaultMachine(arm('11.3.0', 'virt-10.0'), 'aarch64'), 'virt-10.0');
  assert.is(defaultMachine(arm('12.8.0', 'virt-11.1'), 'aarch64'), 'virt-11.1');
  // libvirt 9.0 wrote integratorcp: its table of preferred machines (qemu_capabilities.c) names it for aarch64
  assert.is(defaultMachine(arm('9.0.0', 'virt-7.2'), 'aarch64'), 'integratorcp');
});

test('integratorcp, which 9.0 gives an aarch64 domain without a machine: the refusals before placement (observed with `virsh define` on debian-12, 2026-12-07)', () => {
  const profile: BuildProfile = {
    arch: 'aarch64',
    libvirt: '9.0.0',
    qemu: '7.2.0',
    machines: [
      { arch: 'aarch64', name: 'integratorcp', description: 'ARM Integrator/CP (ARM926EJ-S)' },
      { arch: 'aarch64', name: 'virt', aliasOf: 'virt-7.2', description: 'QEMU 7.2 ARM Virtual Machine' },
      { arch: 'aarch64', name: 'virt-7.2', description: 'QEMU 7.2 ARM Virtual Machine' },
    ],
  };
  const board = (parts: Partial<DomainSpec>, uefi = true): DomainSpec => ({ ...spec('virt', parts), arch: 'aarch64', machine: 'integratorcp', machineOmitted: true, uefi });
  const refusal = (parts: Partial<DomainSpec>, uefi = true): string => {
    const p = predict(board(parts, uefi), profile);
    return p.kind === 'reject' ? p.detail : `not refused: ${p.kind}`;
  };
  const cdroms: DomainSpec['disks'] = [{ device: 'cdrom', bus: 'sata', target: 'sda' }, { device: 'cdrom', bus: 'scsi', target: 'sdb' }];
  // four vCPUs beside a USB tablet on an xHCI, SATA and SCSI cdroms, a virtio disk, NIC and RNG: the board has one CPU
  assert.is(refusal({ vcpus: 4, controllers: [{ type: 'usb', model: 'qemu-xhci' }], inputs: [{ type: 'tablet', bus: 'usb' }], disks: [...cdroms, { device: 'disk', bus: 'virtio', target: 'vda' }] }), 'Maximum CPUs greater than specified machine type limit 1');
  // …a USB tablet without a USB controller first (libvirt adds none on ARM)
  assert.is(refusal({ vcpus: 4, inputs: [{ type: 'tablet', bus: 'usb' }] }), 'USB is disabled for this domain, but USB devices are present in the domain XML');
  // …ACPI without UEFI first
  assert.is(refusal({ vcpus: 4, acpi: true }, false), 'ACPI requires UEFI on this architecture');
  // one vCPU: libvirt takes it and places nothing on PCI, which the model does not predict
  assert.is(predict(board({ disks: [{ device: 'disk', bus: 'virtio', target: 'vda' }] }), profile).kind, 'unsupported');
  // a PCI controller is refused while addresses are assigned, in words the model does not have
  assert.is(predict(board({ vcpus: 4, controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port' }] }), profile).kind, 'unsupported');
});

test.run();
