// The arm-virt model against rows observed with the real libvirt 9.0.0 / QEMU 7.2 on this
// Debian 12 machine (2026-11-23): each spec below was written as domain XML
// (<domain type='qemu'>, arch aarch64, cortex-a57), defined with
// `virsh -c qemu:///embed?root=…`, and read back with dumpxml. `at` holds what dumpxml
// showed for the devices named (bus:slot.function in hex, "+mf" for multifunction='on',
// otherwise the address type), `pci` the number of <controller type='pci'> it listed,
// `reject` the class of libvirt's error. Nothing here was produced by the model.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { classifyMachine, predict } from '../../model/index.js';
import type { DomainSpec, DomainState, MachineInfo, RejectClass } from '../../types/domain.js';
import { debian12 } from './summary.js';

/** A slice of QEMU 7.2's aarch64 `-machine help` (descriptions as printed). */
const ARM_MACHINES: MachineInfo[] = [
  { arch: 'aarch64', name: 'virt', aliasOf: 'virt-7.2', description: 'QEMU 7.2 ARM Virtual Machine' },
  { arch: 'aarch64', name: 'virt-7.2', description: 'QEMU 7.2 ARM Virtual Machine' },
  { arch: 'aarch64', name: 'virt-2.6', description: 'QEMU 2.6 ARM Virtual Machine' },
  { arch: 'aarch64', name: 'sbsa-ref', description: "QEMU 'SBSA Reference' ARM Virtual Machine" },
  { arch: 'aarch64', name: 'xlnx-versal-virt', description: 'Xilinx Versal Virtual development board' },
  { arch: 'aarch64', name: 'raspi3b', description: 'Raspberry Pi 3B (revision 1.2)' },
];
const ARM_PROFILE = debian12(ARM_MACHINES, 'aarch64');

const MAC1 = '52:54:00:00:00:01';
const MAC2 = '52:54:00:00:00:02';

/** An aarch64 spec on `virt` with nothing but what is given. */
function arm(parts: Partial<DomainSpec> = {}, machine = 'virt'): DomainSpec {
  return { arch: 'aarch64', machine, graphics: false, controllers: [], disks: [], nets: [], videos: [], sounds: [], rngs: [], watchdogs: [], inputs: [], ...parts };
}

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/** Key → address text (controllers as model@address), in the notation of the rows. */
function summarize(s: DomainState): Record<string, string> {
  const addr = (a: DomainState['devices'][number]['address']) =>
    a.type === 'pci' && a.pci ? `${hex2(a.pci.bus)}:${hex2(a.pci.slot)}.${a.pci.function}${a.pci.multifunction ? '+mf' : ''}` : a.type;
  const out: Record<string, string> = {};
  for (const c of s.controllers) {
    // USB companions share their master's index: the later ones are told apart by model
    const key = `controller:${c.type}:${c.index}`;
    out[key in out ? `${key}:${c.model}` : key] = `${c.model ?? ''}@${addr(c.address)}`;
  }
  for (const d of s.devices) out[d.key] = addr(d.address);
  return out;
}

interface Row {
  rule: string;
  spec: DomainSpec;
  machine?: string;
  pci?: number;
  /** Every device key libvirt listed (controllers aside), when the row pins the whole list. */
  devices?: string[];
  /** Every controller (type:index) libvirt listed, when the row pins the whole list. */
  controllers?: string[];
  at?: Record<string, string>;
  reject?: RejectClass;
}

const vda = { device: 'disk' as const, bus: 'virtio' as const, target: 'vda' };
const usbDisks = [
  { device: 'disk' as const, bus: 'usb' as const, target: 'sda' },
  { device: 'disk' as const, bus: 'usb' as const, target: 'sdb' },
];

const ROWS: Row[] = [
  // pcie-expander-bus on virt (three realistic sets wrote one): observed 2026-12-07 on 9.0 with virsh define, the same on 11.3 and 12.8 by compare
  {
    rule: 'a pcie-expander-bus takes a slot of pcie.0 and places as on q35: a root port the user puts on it holds a NIC, the other NIC gets a root port of pcie.0',
    spec: arm({
      numaCells: 2,
      controllers: [
        { type: 'pci', index: 1, model: 'pcie-expander-bus', target: { busNr: 128, node: 1 } },
        { type: 'pci', index: 2, model: 'pcie-root-port', address: { type: 'pci', bus: 1, slot: 0 } },
      ],
      nets: [{ model: 'virtio', mac: MAC1, address: { type: 'pci', bus: 2, slot: 0 } }, { model: 'virtio', mac: MAC2 }],
    }),
    at: { 'controller:pci:1': 'pcie-expander-bus@00:01.0', 'controller:pci:2': 'pcie-root-port@01:00.0', 'controller:pci:3': 'pcie-root-port@00:02.0', [`net:${MAC1}`]: '02:00.0', [`net:${MAC2}`]: '03:00.0' },
  },
  {
    rule: 'two expander buses on NUMA nodes take bus numbers downwards; a root port on the second holds the NIC',
    spec: arm({
      numaCells: 2,
      controllers: [
        { type: 'pci', index: 1, model: 'pcie-expander-bus', target: { node: 0 } },
        { type: 'pci', index: 2, model: 'pcie-expander-bus', target: { node: 1 } },
        { type: 'pci', index: 3, model: 'pcie-root-port', address: { type: 'pci', bus: 2, slot: 0 } },
      ],
      nets: [{ model: 'e1000e', mac: MAC1, address: { type: 'pci', bus: 3, slot: 0 } }],
    }),
    at: { 'controller:pci:1': 'pcie-expander-bus@00:01.0', 'controller:pci:2': 'pcie-expander-bus@00:02.0', 'controller:pci:3': 'pcie-root-port@02:00.0', [`net:${MAC1}`]: '03:00.0' },
  },
  {
    rule: 'an expander bus with nothing on it: the devices get root ports of pcie.0, which libvirt adds',
    spec: arm({ controllers: [{ type: 'pci', index: 1, model: 'pcie-expander-bus' }], nets: [{ model: 'virtio', mac: MAC1 }], disks: [vda] }),
    at: { 'controller:pci:1': 'pcie-expander-bus@00:01.0', 'controller:pci:2': 'pcie-root-port@00:02.0+mf', 'controller:pci:3': 'pcie-root-port@00:02.1', [`net:${MAC1}`]: '02:00.0', 'disk:vda': '03:00.0' },
  },
  // shared memory and memory devices on virt: observed 2026-12-06 on 9.0, 11.3 and 12.8 alike (compare of one-element probes)
  {
    rule: 'an ivshmem-plain is conventional PCI: behind the pcie-to-pci-bridge, after the NICs',
    spec: arm({ nets: [{ model: 'e1000', mac: MAC1 }, { model: 'virtio', mac: MAC2 }], shmems: [{ model: 'ivshmem-plain', size: true }] }),
    at: { [`net:${MAC1}`]: '02:01.0', [`net:${MAC2}`]: '03:00.0', 'shmem:0': '02:02.0' },
  },
  {
    rule: 'a virtio-mem device gets a root port after the shmem and the RNG',
    spec: arm({
      numaCells: 1,
      maxMemory: true,
      controllers: [{ type: 'pci', index: 1, model: 'pcie-root-port' }],
      memoryDevices: [{ model: 'virtio-mem' }],
      shmems: [{ model: 'ivshmem-plain', size: true }],
      nets: [{ model: 'virtio', mac: MAC1 }],
      rngs: [{ model: 'virtio' }],
    }),
    at: { [`net:${MAC1}`]: '02:00.0', 'rng:0': '03:00.0', 'shmem:0': '04:01.0', 'memory:0': '05:00.0' },
  },
  { rule: 'a DIMM takes a DIMM slot, no PCI address', spec: arm({ numaCells: 1, maxMemory: true, memoryDevices: [{ model: 'dimm' }] }), at: { 'memory:0': 'dimm' } },
  {
    rule: 'minimal guest: pcie-root only; no USB controller, memballoon or inputs (virt-7.2)',
    spec: arm(),
    machine: 'virt-7.2',
    pci: 1,
    devices: [],
    controllers: ['pci:0'],
    at: { 'controller:pci:0': 'pcie-root@none' },
  },
  {
    rule: 'virtio NIC and disk each on its own root port, packed on 00:01, plus one spare port',
    spec: arm({ nets: [{ model: 'virtio', mac: MAC1 }], disks: [vda] }),
    pci: 4,
    at: {
      'controller:pci:1': 'pcie-root-port@00:01.0+mf',
      'controller:pci:3': 'pcie-root-port@00:01.2',
      [`net:${MAC1}`]: '01:00.0',
      'disk:vda': '02:00.0',
    },
  },
  {
    rule: 'graphics without <video>: a virtio video on a root port (no chipset video slot)',
    spec: arm({ graphics: true }),
    pci: 3,
    devices: ['video:0'],
    at: { 'video:0': '01:00.0' },
  },
  {
    rule: 'usb and scsi without model become qemu-xhci and lsilogic; lsilogic goes behind a pcie-to-pci-bridge',
    spec: arm({ controllers: [{ type: 'usb' }, { type: 'scsi' }], memballoon: { model: 'virtio' }, rngs: [{ model: 'virtio' }] }),
    pci: 7,
    at: {
      'controller:usb:0': 'qemu-xhci@02:00.0',
      'controller:scsi:0': 'lsilogic@03:01.0',
      'controller:pci:3': 'pcie-to-pci-bridge@01:00.0',
      memballoon: '04:00.0',
      'rng:0': '05:00.0',
    },
  },
  {
    rule: 'e1000 (conventional PCI): root port + pcie-to-pci-bridge, NIC at slot 1 of the bridge',
    spec: arm({ nets: [{ model: 'e1000', mac: MAC2 }] }),
    pci: 4,
    at: { 'controller:pci:2': 'pcie-to-pci-bridge@01:00.0', 'controller:pci:3': 'pcie-root-port@00:01.1', [`net:${MAC2}`]: '02:01.0' },
  },
  {
    rule: 'a SATA disk adds a SATA controller, which is conventional PCI',
    spec: arm({ disks: [{ device: 'disk', bus: 'sata', target: 'sda' }] }),
    pci: 4,
    at: { 'controller:sata:0': '@02:01.0', 'disk:sda': 'drive' },
  },
  { rule: 'IDE is refused', spec: arm({ disks: [{ device: 'disk', bus: 'ide', target: 'hda' }] }), reject: 'unsupported-by-machine' },
  {
    rule: 'one virtio-mmio address moves every address-less virtio device and every SCSI controller (lsilogic too) to virtio-mmio',
    spec: arm({
      nets: [
        { model: 'virtio', mac: MAC1, address: { type: 'virtio-mmio' } },
        { model: 'e1000', mac: MAC2 },
      ],
      disks: [vda],
      controllers: [{ type: 'scsi', model: 'virtio-scsi' }, { type: 'scsi', model: 'lsilogic' }, { type: 'virtio-serial' }, { type: 'usb', model: 'qemu-xhci' }],
      inputs: [{ type: 'tablet', bus: 'virtio' }],
      videos: [{ model: 'virtio' }],
      memballoon: { model: 'virtio' },
      rngs: [{ model: 'virtio' }],
    }),
    pci: 5,
    at: {
      [`net:${MAC1}`]: 'virtio-mmio',
      'disk:vda': 'virtio-mmio',
      'controller:scsi:0': 'virtio-scsi@virtio-mmio',
      'controller:scsi:1': 'lsilogic@virtio-mmio',
      'controller:virtio-serial:0': '@virtio-mmio',
      'input:virtio:0': 'virtio-mmio',
      'video:0': 'virtio-mmio',
      memballoon: 'virtio-mmio',
      'rng:0': 'virtio-mmio',
      [`net:${MAC2}`]: '02:01.0',
      'controller:usb:0': 'qemu-xhci@03:00.0',
      'controller:pci:4': 'pcie-root-port@00:01.2',
    },
  },
  {
    rule: "the SCSI controller a SCSI cdrom implies is primed too; with nothing on PCI there is no root port at all",
    spec: arm({ disks: [{ device: 'cdrom', bus: 'scsi', target: 'sda' }], rngs: [{ model: 'virtio', address: { type: 'virtio-mmio' } }] }),
    pci: 1,
    controllers: ['pci:0', 'scsi:0'],
    at: { 'controller:scsi:0': 'lsilogic@virtio-mmio', 'rng:0': 'virtio-mmio', 'disk:sda': 'drive' },
  },
  {
    rule: 'virtio-mmio given on a controller spreads too; a virtio NIC with a user PCI address keeps it; PCIe e1000e still gets a root port',
    spec: arm({
      controllers: [{ type: 'virtio-serial', index: 0, address: { type: 'virtio-mmio' } }],
      nets: [
        { model: 'virtio', mac: MAC1, address: { type: 'pci', bus: 0, slot: 3 } },
        { model: 'e1000e', mac: MAC2 },
      ],
      disks: [vda],
      memballoon: { model: 'none' },
    }),
    pci: 3,
    at: {
      'controller:virtio-serial:0': '@virtio-mmio',
      'disk:vda': 'virtio-mmio',
      [`net:${MAC1}`]: '00:03.0',
      [`net:${MAC2}`]: '01:00.0',
      'controller:pci:2': 'pcie-root-port@00:01.1',
      memballoon: 'none',
    },
  },
  { rule: 'vga is conventional PCI: behind the bridge', spec: arm({ videos: [{ model: 'vga' }] }), at: { 'video:0': '02:01.0' } },
  { rule: 'bochs is PCIe: on a root port', spec: arm({ videos: [{ model: 'bochs' }] }), at: { 'video:0': '01:00.0' } },
  { rule: 'ramfb takes no PCI address', spec: arm({ videos: [{ model: 'ramfb' }] }), pci: 1, at: { 'video:0': 'none' } },
  { rule: 'qxl is refused on virt', spec: arm({ videos: [{ model: 'qxl' }] }), reject: 'other' },
  { rule: 'vga only as the primary video', spec: arm({ videos: [{ model: 'virtio' }, { model: 'vga' }] }), reject: 'other' },
  { rule: 'ich9 audio is not pinned (no ICH9 chipset): behind the bridge', spec: arm({ sounds: [{ model: 'ich9' }] }), at: { 'sound:0': '02:01.0' } },
  { rule: 'i6300esb watchdog is conventional PCI', spec: arm({ watchdogs: [{ model: 'i6300esb' }] }), at: { 'watchdog:0': '02:01.0' } },
  {
    rule: 'ICH9 EHCI set shares one slot behind the bridge',
    spec: arm({
      controllers: [
        { type: 'usb', index: 0, model: 'ich9-ehci1' },
        { type: 'usb', index: 0, model: 'ich9-uhci1', masterStartport: 0 },
        { type: 'usb', index: 0, model: 'ich9-uhci2', masterStartport: 2 },
      ],
    }),
    at: {
      'controller:usb:0': 'ich9-ehci1@02:01.7',
      'controller:usb:0:ich9-uhci1': 'ich9-uhci1@02:01.0+mf',
      'controller:usb:0:ich9-uhci2': 'ich9-uhci2@02:01.1',
    },
  },
  { rule: 'nec-xhci is PCIe', spec: arm({ controllers: [{ type: 'usb', index: 0, model: 'nec-xhci' }] }), at: { 'controller:usb:0': 'nec-xhci@01:00.0' } },
  { rule: 'a USB disk with no USB controller is refused (USB is disabled)', spec: arm({ disks: [usbDisks[0]] }), reject: 'other' },
  { rule: 'a USB tablet with no USB controller is refused', spec: arm({ inputs: [{ type: 'tablet', bus: 'usb' }] }), reject: 'other' },
  { rule: 'ps2 is refused on virt', spec: arm({ inputs: [{ type: 'mouse', bus: 'ps2' }] }), reject: 'other' },
  // observed 2026-12-06 on libvirt 9.0, 11.3 and 12.8 alike: "ACPI requires UEFI on this architecture"
  { rule: 'ACPI without UEFI is refused', spec: arm({ acpi: true }), reject: 'other' },
  // 2026-12-07: "setting ACPI S3 not supported", "setting ACPI S4 not supported"
  { rule: '<pm> is refused, S3 named first', spec: arm({ acpiSleep: { s3: true, s4: true } }), reject: 'other' },
  { rule: '<pm> with suspend-to-disk alone is refused', spec: arm({ acpiSleep: { s4: true } }), reject: 'other' },
  { rule: 'ACPI with UEFI (firmware autoselection or a pflash loader) is taken', spec: arm({ acpi: true, uefi: true }), pci: 1 },
  { rule: 'ACPI without UEFI is reported before IDE on virt', spec: arm({ acpi: true, disks: [{ device: 'cdrom', bus: 'ide', target: 'hda' }] }), reject: 'other' },
  {
    rule: 'ACPI without UEFI is reported after a PCI address clash',
    spec: arm({ acpi: true, nets: [{ model: 'virtio', mac: MAC1, address: { type: 'pci', slot: 2 } }, { model: 'virtio', mac: MAC2, address: { type: 'pci', slot: 2 } }] }),
    reject: 'address-in-use',
  },
  { rule: 'a lone ich9-uhci1 has no master', spec: arm({ controllers: [{ type: 'usb', index: 0, model: 'ich9-uhci1', masterStartport: 0 }] }), reject: 'other' },
  {
    rule: 'three USB devices on piix3-uhci (2 ports): libvirt appends one hub',
    spec: arm({ disks: usbDisks, controllers: [{ type: 'usb', index: 0, model: 'piix3-uhci' }], inputs: [{ type: 'tablet', bus: 'usb' }] }),
    at: { 'hub:0': 'usb', 'controller:usb:0': 'piix3-uhci@02:01.0' },
  },
  {
    rule: 'four USB devices on qemu-xhci (4 ports): no hub',
    spec: arm({ disks: usbDisks, controllers: [{ type: 'usb', index: 0, model: 'qemu-xhci' }], inputs: [{ type: 'tablet', bus: 'usb' }, { type: 'keyboard', bus: 'usb' }] }),
    at: { 'controller:usb:0': 'qemu-xhci@01:00.0' },
    devices: ['disk:sda', 'disk:sdb', 'input:usb:0', 'input:usb:1'],
  },
  {
    rule: 'five USB devices on qemu-xhci: one hub',
    spec: arm({
      disks: usbDisks,
      controllers: [{ type: 'usb', index: 0, model: 'qemu-xhci' }],
      inputs: [{ type: 'tablet', bus: 'usb' }, { type: 'keyboard', bus: 'usb' }, { type: 'mouse', bus: 'usb' }],
    }),
    at: { 'hub:0': 'usb' },
  },
  {
    rule: 'dmi-to-pci-bridge on virt is not pinned: first free slot of pcie.0; its pci-bridge at slot 0',
    spec: arm({ controllers: [{ type: 'pci', index: 1, model: 'dmi-to-pci-bridge' }, { type: 'pci', index: 2, model: 'pci-bridge' }], nets: [{ model: 'e1000', mac: MAC2 }] }),
    at: { 'controller:pci:1': 'dmi-to-pci-bridge@00:01.0', 'controller:pci:2': 'pci-bridge@01:00.0', [`net:${MAC2}`]: '02:01.0' },
  },
  // 9p share, vsock and host device on virt (compare of hand-made files, 2026-12-06; the same on 11.3 and 12.8)
  {
    rule: 'a 9p share goes before the NICs, as on q35',
    spec: arm({ nets: [{ model: 'virtio', mac: MAC1 }], disks: [vda], filesystems: [{ source: '/tmp/share9p', target: 'share', accessmode: 'mapped' }] }),
    at: { 'filesystem:0': '01:00.0', [`net:${MAC1}`]: '02:00.0', 'disk:vda': '03:00.0', 'controller:pci:4': 'pcie-root-port@00:01.3' },
  },
  {
    // a realistic file (direct kernel boot, all virtio-mmio), compare on 9.0, 11.3 and 12.8
    rule: 'a 9p share with a virtio-mmio address keeps it, and primes the address-less virtio NIC onto virtio-mmio too',
    spec: arm({ nets: [{ model: 'virtio', mac: MAC1 }], filesystems: [{ source: '/tmp/share9p', target: 'share', accessmode: 'mapped', address: { type: 'virtio-mmio' } }] }),
    at: { 'filesystem:0': 'virtio-mmio', [`net:${MAC1}`]: 'virtio-mmio' },
  },
  {
    rule: 'a vsock comes after the disks',
    spec: arm({ nets: [{ model: 'virtio', mac: MAC1 }], disks: [vda], vsock: {} }),
    at: { [`net:${MAC1}`]: '01:00.0', 'disk:vda': '02:00.0', 'vsock:0': '03:00.0' },
  },
  {
    rule: 'a PCI host device comes after the disks',
    spec: arm({ nets: [{ model: 'virtio', mac: MAC1 }], disks: [vda], hostdevs: [{ source: { domain: 0, bus: 0x7f, slot: 0x1f, function: 7 } }] }),
    at: { [`net:${MAC1}`]: '01:00.0', 'disk:vda': '02:00.0', 'hostdev:0': '03:00.0' },
  },
  { rule: 'an SMMUv3 takes no address (the same on 11.3 and 12.8)', spec: arm({ nets: [{ model: 'virtio', mac: MAC1 }], iommu: { model: 'smmuv3' } }), at: { 'iommu:0': 'none', [`net:${MAC1}`]: '01:00.0' } },
  { rule: 'a panic without a model is ISA on 9.0, which QEMU lacks on virt', spec: arm({ panics: [{}] }), reject: 'other' },
  { rule: "pci-root at index 0 is refused: virt's root is pcie-root", spec: arm({ controllers: [{ type: 'pci', index: 0, model: 'pci-root' }] }), reject: 'wrong-controller' },
  { rule: 'a versioned virt (virt-2.6) keeps its name', spec: arm({}, 'virt-2.6'), machine: 'virt-2.6', pci: 1 },
];

const rows = suite('model: aarch64 virt rows observed with libvirt 9.0.0');
for (const row of ROWS) {
  rows(row.rule, () => {
    const p = predict(row.spec, ARM_PROFILE);
    if (row.reject !== undefined) {
      assert.is(p.kind, 'reject', JSON.stringify(p));
      if (p.kind === 'reject') assert.is(p.errorClass, row.reject, p.detail);
      return;
    }
    assert.is(p.kind, 'ok', JSON.stringify(p));
    if (p.kind !== 'ok') return;
    if (row.machine !== undefined) assert.is(p.state.machine, row.machine);
    if (row.pci !== undefined) assert.is(p.state.controllers.filter((c) => c.type === 'pci').length, row.pci);
    if (row.devices !== undefined) assert.equal(p.state.devices.map((d) => d.key).sort(), [...row.devices].sort());
    if (row.controllers !== undefined) assert.equal(p.state.controllers.map((c) => `${c.type}:${c.index}`).sort(), [...row.controllers].sort());
    const got = summarize(p.state);
    const expected = row.at ?? {};
    assert.equal(Object.fromEntries(Object.keys(expected).map((k) => [k, got[k]])), expected);
  });
}
rows.run();

const machines = suite('model: aarch64 machines by what QEMU says');
machines('virt and its versions are arm-virt; sbsa-ref, whose description also ends in "ARM Virtual Machine", is not', () => {
  assert.equal(classifyMachine('virt', ARM_MACHINES), { canonical: 'virt-7.2', family: 'arm-virt' });
  assert.equal(classifyMachine('virt-2.6', ARM_MACHINES), { canonical: 'virt-2.6', family: 'arm-virt' });
  // observed: libvirt gives sbsa-ref no pcie-root at all, so the virt rules would be wrong for it
  assert.equal(classifyMachine('sbsa-ref', ARM_MACHINES), { canonical: 'sbsa-ref', family: 'other' });
  assert.equal(classifyMachine('xlnx-versal-virt', ARM_MACHINES)?.family, 'other');
});
machines('boards outside the model are unsupported, never guessed', () => {
  for (const name of ['sbsa-ref', 'raspi3b', 'xlnx-versal-virt']) assert.is(predict(arm({}, name), ARM_PROFILE).kind, 'unsupported', name);
});
machines('a virtio-mmio address on a non-virtio device is outside the model (libvirt accepts it, QEMU cannot use it)', () => {
  const p = predict(arm({ nets: [{ model: 'e1000', mac: MAC2, address: { type: 'virtio-mmio' } }] }), ARM_PROFILE);
  assert.is(p.kind, 'unsupported');
});
machines.run();
