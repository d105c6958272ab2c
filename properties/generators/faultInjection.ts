// Makes a small share of specs invalid on purpose, one fault each, of a kind libvirt
// 9.0 was seen to refuse at define time. faults.ts recognises every kind from the spec
// alone; the property tests then expect a refusal rather than a definition.

import fc from 'fast-check';
import type { ControllerSpec, DiskSpec, DomainSpec, NetSpec, PciControllerModel, UserAddress, VideoSpec } from '../../types/domain.js';
import { diskTarget } from './diskNames.js';
import { type GenFamily, rootModel } from './family.js';
import { macFromSuffix } from './net.js';
import { declaredPciBuses } from './pciBuses.js';

/** The kinds of deliberate fault. */
export type FaultKind =
  | 'duplicate-address'
  | 'reserved-slot'
  | 'out-of-range'
  | 'wrong-slot-on-bus'
  | 'wrong-slot-on-undeclared-bus'
  | 'wrong-root'
  | 'pcie-controller-on-pc'
  | 'lonely-downstream-port'
  | 'unindexed-without-root'
  | 'ide-where-none'
  | 'ide-past-hdd'
  | 'pinned-controller-moved'
  | 'usb-device-without-usb'
  | 'bad-video-set'
  | 'two-watchdogs'
  | 'virtio-cdrom'
  | 'acpi-without-uefi-pairing'
  | 'readonly-ide-sata-disk'
  | 'unknown-controller-model'
  | 'multicast-mac'
  | 'usb-input-pci-address'
  | 'lun-source'
  | 'low-vsock-cid'
  | 'rom-disabled-but-tuned'
  | 'bad-target-number'
  | 'duplicate-disk-target'
  | 'disk-named-by-path'
  | 'disk-without-source'
  | 'cpu-topology-mismatch';

/** A fault to inject: its kind and a raw pick for its free choices. */
export interface Fault {
  kind: FaultKind;
  pick: number;
}

/** Fault kinds that apply to a family. */
export function faultKinds(family: GenFamily): FaultKind[] {
  const common: FaultKind[] = [
    'duplicate-address',
    'out-of-range',
    'wrong-slot-on-bus',
    'wrong-slot-on-undeclared-bus',
    'wrong-root',
    'unindexed-without-root',
    'usb-device-without-usb',
    'bad-video-set',
    'two-watchdogs',
    'virtio-cdrom',
    'acpi-without-uefi-pairing',
    'readonly-ide-sata-disk',
    'unknown-controller-model',
    'multicast-mac',
    'usb-input-pci-address',
    'lun-source',
    'low-vsock-cid',
    'rom-disabled-but-tuned',
    'bad-target-number',
    'duplicate-disk-target',
    'disk-named-by-path',
    'disk-without-source',
    'cpu-topology-mismatch',
  ];
  switch (family) {
    case 'i440fx':
      return [...common, 'reserved-slot', 'pcie-controller-on-pc', 'ide-past-hdd', 'pinned-controller-moved'];
    case 'q35':
      return [...common, 'reserved-slot', 'lonely-downstream-port', 'ide-where-none', 'pinned-controller-moved'];
    case 'arm-virt':
      return [...common, 'lonely-downstream-port', 'ide-where-none'];
  }
}

/** One fault for a family. */
export function faultArb(family: GenFamily): fc.Arbitrary<Fault> {
  return fc.record({ kind: fc.constantFrom(...faultKinds(family)), pick: fc.nat({ max: 1023 }) });
}

/** A fault for a small share (about one in twelve) of specs, otherwise null. */
export function maybeFaultArb(family: GenFamily): fc.Arbitrary<Fault | null> {
  return fc.oneof({ withCrossShrink: true }, { weight: 11, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: faultArb(family) });
}

/**
 * A function of the chipset's slot that libvirt reserves though no device of the config
 * holds it: the ISA bridge (function 0), or ACPI/PM (pc 00:01.3) and SMBus (q35 00:1f.3).
 */
const reservedFunction = (pick: number): number => (pick % 2 === 0 ? 0 : 3);

/** The first target of a prefix that no disk of the spec has yet. */
function freeTarget(spec: DomainSpec, prefix: 'vd' | 'sd'): string {
  const used = new Set(spec.disks.map((d) => d.target));
  let i = 0;
  while (used.has(diskTarget(prefix, i))) i++;
  return diskTarget(prefix, i);
}

/** A MAC that no NIC of the spec uses yet. */
function freshMac(nets: NetSpec[]): string {
  const used = new Set(nets.map((n) => n.mac));
  for (let suffix = 0xffffff; ; suffix--) if (!used.has(macFromSuffix(suffix))) return macFromSuffix(suffix);
}

function addNic(spec: DomainSpec, address: UserAddress): void {
  spec.nets.push({ model: 'virtio', mac: freshMac(spec.nets), address });
}

function nextPciIndex(spec: DomainSpec): number {
  return Math.max(0, ...declaredPciBuses(spec).map((b) => b.index)) + 1;
}

function badVideoSets(family: GenFamily): VideoSpec[][] {
  if (family === 'arm-virt') return [[{ model: 'qxl' }], [{ model: 'virtio' }, { model: 'ramfb' }], [{ model: 'none' }, { model: 'virtio' }]];
  return [
    [{ model: 'vga' }, { model: 'cirrus' }],
    [{ model: 'qxl', primary: true }, { model: 'vga', primary: true }],
    [{ model: 'virtio' }, { model: 'bochs' }],
    [{ model: 'none' }, { model: 'qxl' }],
  ];
}

/** Returns a copy of `spec` made invalid by `fault` (a copy equal to `spec` when fault is null). */
export function injectFault(spec: DomainSpec, fault: Fault | null, family: GenFamily): DomainSpec {
  const out: DomainSpec = structuredClone(spec);
  if (fault !== null) INJECT[fault.kind](out, fault.pick, family);
  return out;
}

/** How each fault is made: a change of the (copied) spec, varied by `pick`. */
const INJECT: Record<FaultKind, (out: DomainSpec, pick: number, family: GenFamily) => void> = {
  'duplicate-address': (out, pick) => {
    const address: UserAddress = { type: 'pci', domain: 0, bus: 0, slot: 3 + (pick % 28), function: 0 };
    addNic(out, address);
    addNic(out, { ...address });
  },
  'reserved-slot': (out, pick, family) => addNic(out, { type: 'pci', bus: 0, slot: family === 'q35' ? 0x1f : 1, function: reservedFunction(pick) }),
  'out-of-range': (out, pick) => {
    const variants: UserAddress[] = [
      { type: 'pci', bus: 0, slot: 32 + (pick % 32) },
      { type: 'pci', bus: 0, slot: 5, function: 8 + (pick % 8) },
      { type: 'pci', domain: 1 + (pick % 3), bus: 0, slot: 5 },
    ];
    addNic(out, variants[pick % variants.length]);
  },
  'wrong-slot-on-bus': (out, pick, family) => {
    // A port's bus has slot 0 only; a pci-bridge's has slots 1..31.
    const index = nextPciIndex(out);
    const model = family === 'i440fx' ? 'pci-bridge' : 'pcie-root-port';
    out.controllers.push({ type: 'pci', index, model });
    addNic(out, { type: 'pci', bus: index, slot: family === 'i440fx' ? 0 : 1 + (pick % 31) });
  },
  'wrong-slot-on-undeclared-bus': (out, pick, family) => {
    // libvirt adds the missing bus, but of a kind whose slots do not include this one.
    const bus = nextPciIndex(out) + (pick % 3);
    addNic(out, { type: 'pci', bus, slot: family === 'i440fx' ? 0 : 1 + (pick % 31) });
  },
  'wrong-root': (out, _pick, family) => {
    const wrong = rootModel(family) === 'pci-root' ? 'pcie-root' : 'pci-root';
    out.controllers = [{ type: 'pci', index: 0, model: wrong }, ...out.controllers.filter((c) => !(c.type === 'pci' && c.index === 0))];
  },
  'pcie-controller-on-pc': (out, pick) => {
    const models: PciControllerModel[] = ['pcie-root-port', 'dmi-to-pci-bridge', 'pcie-switch-upstream-port'];
    out.controllers.push({ type: 'pci', index: nextPciIndex(out), model: models[pick % models.length] });
  },
  'lonely-downstream-port': (out) => {
    // Only lonely if no upstream port exists: drop any, with the downstream ports behind them.
    out.controllers = out.controllers.filter((c) => c.model !== 'pcie-switch-upstream-port' && c.model !== 'pcie-switch-downstream-port');
    out.controllers.push({ type: 'pci', index: nextPciIndex(out), model: 'pcie-switch-downstream-port' });
  },
  'unindexed-without-root': (out, pick, family) => {
    out.controllers = out.controllers.filter((c) => !(c.type === 'pci' && c.index === 0));
    const unindexed: ControllerSpec = { type: 'pci', model: family === 'i440fx' ? 'pci-bridge' : 'pcie-root-port' };
    out.controllers.splice(pick % (out.controllers.length + 1), 0, unindexed);
  },
  'ide-where-none': (out, pick) => {
    if (pick % 3 === 2) out.controllers.push({ type: 'ide', index: 0 });
    else out.disks.push({ device: pick % 2 === 0 ? 'disk' : 'cdrom', bus: 'ide', target: 'hda' });
  },
  'pinned-controller-moved': (out, pick, family) => {
    // The chipset's storage controller (pc: IDE at 1.1, q35: SATA at 1f.2) given another slot.
    const type = family === 'q35' ? 'sata' : 'ide';
    out.controllers = out.controllers.filter((c) => !(c.type === type && (c.index ?? 0) === 0));
    out.controllers.push({ type, index: 0, address: { type: 'pci', bus: 0, slot: 3 + (pick % 28) } });
  },
  'ide-past-hdd': (out, pick) => {
    if (pick % 3 === 2) out.controllers.push({ type: 'ide', index: 1 });
    else out.disks.push({ device: 'cdrom', bus: 'ide', target: diskTarget('hd', 4 + (pick % 4)) });
  },
  'usb-device-without-usb': (out, pick, family) => {
    const others = out.controllers.filter((c) => c.type !== 'usb');
    // virt has no USB unless asked; elsewhere USB has to be switched off explicitly.
    out.controllers = family === 'arm-virt' && pick % 2 === 0 ? others : [...others, { type: 'usb', model: 'none' }];
    out.inputs.push({ type: 'tablet', bus: 'usb' });
  },
  'bad-video-set': (out, pick, family) => {
    const sets = badVideoSets(family);
    out.videos = structuredClone(sets[pick % sets.length]);
  },
  'two-watchdogs': (out, _pick, family) => {
    out.watchdogs = family === 'arm-virt' ? [{ model: 'i6300esb' }, { model: 'i6300esb' }] : [{ model: 'i6300esb' }, { model: 'ib700' }];
  },
  'virtio-cdrom': (out) => {
    out.disks.push({ device: 'cdrom', bus: 'virtio', target: freeTarget(out, 'vd') });
  },
  'readonly-ide-sata-disk': (out, pick, family) => {
    const candidates = out.disks.filter((d) => d.device === 'disk' && (d.bus === 'sata' || d.bus === 'ide'));
    if (candidates.length > 0) {
      candidates[pick % candidates.length].readonly = true;
      return;
    }
    // IDE only where the machine has it; SATA is taken everywhere else (virt: libvirt adds an AHCI controller)
    if (family === 'i440fx' && pick % 2 === 0 && !out.disks.some((d) => d.target === 'hda')) {
      out.disks.push({ device: 'disk', bus: 'ide', target: 'hda', readonly: true });
      return;
    }
    out.disks.push({ device: 'disk', bus: 'sata', target: freeTarget(out, 'sd'), readonly: true });
  },
  'unknown-controller-model': (out, pick) => {
    // names users write for a controller libvirt calls otherwise (QEMU device names, the type's own name)
    const variants: ControllerSpec[] = [
      { type: 'scsi', unknownModel: 'megasas' },
      { type: 'usb', unknownModel: 'xhci' },
      { type: 'pci', index: nextPciIndex(out), unknownModel: 'pcie-bridge' },
      { type: 'virtio-serial', unknownModel: 'virtio-serial' },
    ];
    out.controllers.push(variants[pick % variants.length]);
  },
  'bad-target-number': (out, pick, family) => {
    // what users write when they copy a chassis or port from elsewhere and get it wrong
    const variants: Array<NonNullable<ControllerSpec['badTarget']>> = [
      { attribute: 'chassis', text: '-1' },
      { attribute: 'port', text: '-16' },
      { attribute: 'busNr', text: 'auto' },
      { attribute: 'chassis', text: 'abc' },
    ];
    const badTarget = variants[pick % variants.length];
    const model: PciControllerModel = badTarget.attribute === 'busNr' ? (family === 'i440fx' ? 'pci-expander-bus' : 'pcie-expander-bus') : family === 'i440fx' ? 'pci-bridge' : 'pcie-root-port';
    out.controllers.push({ type: 'pci', index: nextPciIndex(out), model, badTarget });
  },
  'multicast-mac': (out, pick) => {
    out.nets.push({ model: 'e1000', mac: `01:00:5e:${macFromSuffix(pick).slice(9)}` });
  },
  'usb-input-pci-address': (out, pick) => {
    out.inputs.push({ type: 'tablet', bus: 'usb', address: { type: 'pci', bus: 0, slot: 3 + (pick % 28) } });
  },
  // copy-paste slips users make with disks
  'duplicate-disk-target': (out, pick) => {
    const copied = out.disks.filter((d) => d.device === 'disk' && d.lun === undefined && d.bus !== 'nvme');
    const original = copied.length > 0 ? copied[pick % copied.length] : { device: 'disk' as const, bus: 'virtio' as const, target: freeTarget(out, 'vd') };
    if (copied.length === 0) out.disks.push(original);
    original.sourcePath = `/var/lib/libvirt/images/${original.target}.qcow2`;
    const copy: DiskSpec = { device: 'disk', bus: original.bus, target: original.target, sourcePath: `/var/lib/libvirt/images/${original.target}-copy.qcow2` };
    out.disks.splice(pick % (out.disks.length + 1), 0, copy);
  },
  'disk-named-by-path': (out, pick) => {
    // the name the guest shows, written as its device path
    const bus = (['virtio', 'sata', 'scsi'] as const)[pick % 3];
    out.disks.push({ device: 'disk', bus, target: `/dev/${freeTarget(out, bus === 'virtio' ? 'vd' : 'sd')}` });
  },
  'disk-without-source': (out, pick) => {
    const hard = out.disks.filter((d) => d.device === 'disk' && d.lun === undefined && d.vhostVdpa === undefined);
    if (hard.length > 0) hard[pick % hard.length].sourceMissing = true;
    else out.disks.push({ device: 'disk', bus: 'virtio', target: freeTarget(out, 'vd'), sourceMissing: true });
  },
  'cpu-topology-mismatch': (out, pick) => {
    // <vcpu> raised and the topology left as it was
    out.cpuTopology = { sockets: 1, dies: 1, clusters: 1, cores: 2, threads: 1, vcpus: 3 + (pick % 3) };
  },
  'lun-source': (out, pick) => {
    const target = freeTarget(out, 'sd');
    const variants: DiskSpec[] = [
      { device: 'disk', bus: 'scsi', target, lun: { sourceType: 'file' } },
      { device: 'disk', bus: 'scsi', target, lun: { sourceType: 'network', protocol: 'rbd' } },
      { device: 'disk', bus: 'sata', target, lun: { sourceType: 'network', protocol: 'iscsi' } },
    ];
    out.disks.push(variants[pick % variants.length]);
  },
  'rom-disabled-but-tuned': (out, pick) => {
    out.nets.push({ model: pick % 2 === 0 ? 'e1000' : 'virtio', mac: freshMac(out.nets), romDisabledButTuned: true });
  },
  'low-vsock-cid': (out, pick) => {
    out.vsock = { cid: 1 + (pick % 2) };
  },
  'acpi-without-uefi-pairing': (out, _pick, family) => {
    // x86 UEFI needs ACPI; aarch64 ACPI needs UEFI
    if (family === 'arm-virt') {
      out.acpi = true;
      delete out.uefi;
    } else {
      out.uefi = true;
      delete out.acpi;
    }
  },
};
