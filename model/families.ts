// Per-family facts the assignment rules consult: the root bus, the controllers QEMU's
// chipset always has, the default models libvirt picks, and what it adds or refuses on that
// machine. A new family is a new row here plus, if it has pinned slots, a chipset rule in
// chipsetSlots.ts, and, for rules no fact can say, a file of its own (armVirt.ts).

import type { Arch, MachineFamily, PciControllerModel, ScsiControllerModel, UsbControllerModel, VideoModel } from '../types/domain.js';
import type { ReleaseFacts } from './releases.js';

/** What the model knows about one machine family. */
export interface FamilyFacts {
  family: MachineFamily;
  /** The guest architecture the family is measured on. */
  arch: Arch;
  /** Model of the controller at PCI index 0. */
  rootModel: Extract<PciControllerModel, 'pci-root' | 'pcie-root'>;
  /** Model of the USB controller libvirt adds itself (index 0, when the user gives none). */
  defaultUsbModel: UsbControllerModel;
  /** Model libvirt gives a user's <controller type='usb'/> without a model, when it differs from defaultUsbModel. */
  unnamedUsbModel?: UsbControllerModel;
  /** Model libvirt gives a SCSI controller when none is named (QEMU has lsi). */
  defaultScsiModel: ScsiControllerModel;
  /** Whether the chipset carries a SATA controller at index 0 (ICH9 on q35). */
  implicitSata: boolean;
  /** Whether IDE exists at all (PIIX3 on i440fx; q35 refuses IDE). */
  hasIde: boolean;
  /** Video model libvirt adds when there are graphics but no <video>. */
  defaultVideoModel: VideoModel;
  /** false: libvirt adds no PCI root of its own (the machine has no PCI; a user's pci-root is still accepted). */
  implicitPciRoot?: boolean;
  /** false: libvirt adds no USB controller of its own. */
  implicitUsb?: boolean;
  /** false: libvirt adds no memory balloon of its own (none is written back either). */
  implicitMemballoon?: boolean;
  /** false: the machine has no ps2 bus: libvirt adds no ps2 mouse and keyboard and refuses a user's. */
  ps2?: boolean;
  /** true: virtio devices may sit on virtio-mmio instead of PCI (see armVirt.ts). */
  virtioMmio?: boolean;
  /** Video models libvirt refuses at define time ("does not support video model") where a release lists none of its own. */
  refusedVideoModels?: ReadonlySet<string>;
  /** true: only the ground measured for the family is covered (no IDE/SATA, no default video). */
  measuredOnlyBasics?: boolean;
  /** true: the machine has no PCI and the release refuses any PCI controller on it (after the addresses). */
  refusesPci?: boolean;
}

/** Facts shared by the x86 machines without PCI (observed with and without a user's pci-root). */
const NO_PCI_X86 = {
  arch: 'x86_64',
  rootModel: 'pci-root',
  defaultUsbModel: 'piix3-uhci',
  defaultScsiModel: 'lsilogic',
  implicitSata: false,
  hasIde: false,
  defaultVideoModel: 'cirrus',
  implicitPciRoot: false,
  measuredOnlyBasics: true,
} as const;

/** The families the model covers, observed with libvirt 9.0.0 / QEMU 7.2 (Debian 12). */
export const FAMILIES: Partial<Record<MachineFamily, FamilyFacts>> = {
  i440fx: {
    family: 'i440fx',
    arch: 'x86_64',
    rootModel: 'pci-root',
    defaultUsbModel: 'piix3-uhci',
    defaultScsiModel: 'lsilogic',
    implicitSata: false,
    hasIde: true,
    defaultVideoModel: 'cirrus',
  },
  q35: {
    family: 'q35',
    arch: 'x86_64',
    rootModel: 'pcie-root',
    defaultUsbModel: 'qemu-xhci',
    // observed: only the implicit controller is an xHCI; a user's model-less one is PIIX3 UHCI
    unnamedUsbModel: 'piix3-uhci',
    defaultScsiModel: 'lsilogic',
    implicitSata: true,
    hasIde: false,
    defaultVideoModel: 'cirrus',
  },
  // Observed with libvirt 9.0.0 / QEMU 7.2 by defining guests on this machine: a minimal
  // guest gets pcie-root and nothing else (no USB controller, balloon or ps2 inputs: libvirt
  // adds those on x86 only); <controller type='usb'/> becomes qemu-xhci, <controller
  // type='scsi'/> lsilogic; <graphics> without <video> gets a virtio video; qxl and IDE are
  // refused; no chipset pins a slot (ICH9 audio is not pinned to 1b as on q35).
  'arm-virt': {
    family: 'arm-virt',
    arch: 'aarch64',
    rootModel: 'pcie-root',
    defaultUsbModel: 'qemu-xhci',
    defaultScsiModel: 'lsilogic',
    implicitSata: false,
    hasIde: false,
    defaultVideoModel: 'virtio',
    implicitUsb: false,
    implicitMemballoon: false,
    ps2: false,
    virtioMmio: true,
    refusedVideoModels: new Set(['qxl']),
  },
};

/**
 * An x86 machine without PCI on a release. Observed on debian-12: no implicit USB on isapc,
 * an implicit PIIX3 UHCI on microvm (which then needs a PCI bus); the newer releases differ
 * as their facts say (model/releases.ts).
 */
export function noPciFamily(machine: 'isapc' | 'microvm', release: Pick<ReleaseFacts, 'microvmPs2' | 'noPciImplicitDevices' | 'pciRefusedWithoutPci'>): FamilyFacts {
  return {
    family: 'other',
    ...NO_PCI_X86,
    ...(machine === 'isapc' || !release.noPciImplicitDevices ? { implicitUsb: false } : {}),
    ...(release.noPciImplicitDevices ? {} : { implicitMemballoon: false }),
    ...(machine === 'microvm' && !release.microvmPs2 ? { ps2: false } : {}),
    ...(release.pciRefusedWithoutPci ? { refusesPci: true } : {}),
  };
}
