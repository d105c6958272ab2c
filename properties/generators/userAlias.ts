// User aliases (`<alias name='ua-…'/>`) on some PCI, SCSI and virtio-serial controllers
// (a declared PCI root included), NICs and disks, in about one spec in eight. QEMU then
// gets them as ids and bus names, a root's bus excepted (model/argv/aliases.ts); without
// them in the input, a libvirt that ignored them on the command line went unnoticed.
// USB, SATA and IDE controllers keep libvirt's names: how their companions and built-in
// functions take a user alias was not measured.

import fc from 'fast-check';
import type { ControllerSpec, DomainSpec } from '../../types/domain.js';

/** Which items get an alias: a bit per position (mod 8) for each list; null for none. */
export type AliasPlan = { controllers: number; nets: number; disks: number } | null;

export const aliasPlanArb: fc.Arbitrary<AliasPlan> = fc.oneof(
  { weight: 7, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.record({ controllers: fc.integer({ min: 1, max: 255 }), nets: fc.nat(255), disks: fc.nat(255) }) },
);

/** Controllers whose user alias becomes a -device id observed on all three releases. */
const aliasable = (c: ControllerSpec): boolean => c.type === 'pci' || c.type === 'scsi' || c.type === 'virtio-serial';

/** Gives the items whose bit is set an alias `ua-PREFIX<position>`: unique, since prefixes differ per list. */
function named<T extends { alias?: string }>(list: T[], mask: number, prefix: string, eligible: (item: T) => boolean = () => true): T[] {
  return list.map((item, i) => ((mask >> (i % 8)) & 1 && eligible(item) ? { ...item, alias: `ua-${prefix}${i}` } : item));
}

/** The spec with the plan's user aliases. Character classes vary ('_', '-', capitals): libvirt keeps all three. */
export function applyAliasPlan(spec: DomainSpec, plan: AliasPlan): DomainSpec {
  if (plan === null) return spec;
  return {
    ...spec,
    controllers: named(spec.controllers, plan.controllers, 'Ctl_', aliasable),
    nets: named(spec.nets, plan.nets, 'net-'),
    disks: named(spec.disks, plan.disks, 'disk'),
  };
}
