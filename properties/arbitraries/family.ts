// Which guest pieces exist on which machine family, as measured against libvirt 9.0 +
// QEMU 7.2. Generators branch on the family (decided by what QEMU says the machine is),
// never on the machine's name.

import type { MachineFamily } from '../../types/domain.js';

/** The machine families the generators know how to populate. */
export type GenFamily = Exclude<MachineFamily, 'other'>;

/** The PCI root controller model libvirt requires at index 0 for a family. */
export function rootModel(family: GenFamily): 'pci-root' | 'pcie-root' {
  return family === 'i440fx' ? 'pci-root' : 'pcie-root';
}

/** true when the family has an IDE controller (q35 and virt have none). */
export function hasIde(family: GenFamily): boolean {
  return family === 'i440fx';
}

/** IDE on pc: one controller, two buses of two units, so hda..hdd and nothing more. */
export const IDE_UNITS = 4;

/** true when libvirt gives the family a USB controller without being asked (virt gets none). */
export function hasImplicitUsb(family: GenFamily): boolean {
  return family !== 'arm-virt';
}
