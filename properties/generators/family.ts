// Which guest pieces exist on which machine family: the model's family facts
// (model/families.ts), read here so the generators never restate them. Generators branch
// on the family (decided by what QEMU says the machine is), never on the machine's name.

import type { MachineFamily } from '../../types/domain.js';
import { DRIVE_UNITS_PER_CONTROLLER } from '../../model/diskNames.js';
import { FAMILIES, type FamilyFacts } from '../../model/families.js';

/** The machine families the generators know how to populate. */
export type GenFamily = Exclude<MachineFamily, 'other'>;

/** The model's facts of a family the generators populate. */
function familyFacts(family: GenFamily): FamilyFacts {
  const facts = FAMILIES[family];
  if (facts === undefined) throw new Error(`no family facts for ${family}`);
  return facts;
}

/** The PCI root controller model libvirt requires at index 0 for a family. */
export const rootModel = (family: GenFamily): 'pci-root' | 'pcie-root' => familyFacts(family).rootModel;

/** true when the family has an IDE controller (q35 and virt have none). */
export const hasIde = (family: GenFamily): boolean => familyFacts(family).hasIde;

/** IDE on pc: one controller, two buses of two units, so hda..hdd and nothing more. */
export const IDE_UNITS = DRIVE_UNITS_PER_CONTROLLER.ide;

/** true when libvirt gives the family a USB controller without being asked (virt gets none). */
export const hasImplicitUsb = (family: GenFamily): boolean => familyFacts(family).implicitUsb !== false;
