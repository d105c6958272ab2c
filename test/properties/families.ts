// The three machine families the generator tests sample, with how each is driven here.

import type { Arch } from '../../types/domain.js';
import type { GenFamily } from '../../properties/generators/family.js';

/** A family and the arch, machine alias and virt type used to define its guests. */
export interface FamilyCase {
  family: GenFamily;
  arch: Arch;
  machine: string;
  virtType: 'kvm' | 'qemu';
}

/** Every family under TCG: CI machines have no /dev/kvm, and defining never depends on the accelerator. */
export const FAMILIES: FamilyCase[] = [
  { family: 'i440fx', arch: 'x86_64', machine: 'pc', virtType: 'qemu' },
  { family: 'q35', arch: 'x86_64', machine: 'q35', virtType: 'qemu' },
  { family: 'arm-virt', arch: 'aarch64', machine: 'virt', virtType: 'qemu' },
];
