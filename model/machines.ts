// Machine names as QEMU lists them: resolve an alias to its canonical machine and decide
// the family from QEMU's own description of that machine, never from the name.

import type { BuildProfile, MachineFamily, MachineInfo } from '../types/domain.js';
import { releaseFacts } from './releases.js';

/** Families by the words QEMU uses to describe the machine (descriptions of QEMU 7.2). */
const FAMILY_BY_DESCRIPTION: ReadonlyArray<{ pattern: RegExp; family: MachineFamily }> = [
  { pattern: /\bi440FX\b/, family: 'i440fx' },
  { pattern: /\bQ35\b/, family: 'q35' },
  // the whole description: sbsa-ref says "QEMU 'SBSA Reference' ARM Virtual Machine" and is no virt
  { pattern: /^QEMU \d+(\.\d+)* ARM Virtual Machine$/, family: 'arm-virt' },
];

/** x86 machines without a PCI host bridge (family 'other'), by QEMU's description: the model's facts for each. */
const NO_PCI_BY_DESCRIPTION: ReadonlyArray<{ pattern: RegExp; noPci: 'isapc' | 'microvm' }> = [
  { pattern: /^ISA-only PC$/, noPci: 'isapc' },
  { pattern: /^microvm \(i386\)$/, noPci: 'microvm' },
];

/** Canonical name and family of a machine, from QEMU's own machine list (never from a name pattern). */
export function classifyMachine(name: string, machines: MachineInfo[]): { canonical: string; family: MachineFamily; noPci?: 'isapc' | 'microvm' } | undefined {
  const entry = machines.find((m) => m.name === name);
  if (entry === undefined) return undefined;
  const canonicalName = entry.aliasOf ?? entry.name;
  const canonical = machines.find((m) => m.name === canonicalName) ?? entry;
  const description = canonical.description ?? entry.description ?? '';
  const hit = FAMILY_BY_DESCRIPTION.find((f) => f.pattern.test(description));
  const noPci = hit === undefined ? NO_PCI_BY_DESCRIPTION.find((f) => f.pattern.test(description))?.noPci : undefined;
  return noPci ? { canonical: canonicalName, family: 'other', noPci } : { canonical: canonicalName, family: hit?.family ?? 'other' };
}

/**
 * The machine libvirt writes for a domain that names none: QEMU's default for the arch
 * (observed: pc-i440fx-N on x86_64 on all three builds), on aarch64 virt's canonical
 * name where the release does so. undefined where the rule was not measured.
 */
export function defaultMachine(profile: Pick<BuildProfile, 'libvirt' | 'offers' | 'machines'>, arch: string): string | undefined {
  const machines = profile.machines.filter((m) => m.arch === arch);
  if (arch === 'aarch64') {
    // libvirt's preferred machine for aarch64 was integratorcp until 9.3, then virt
    return classifyMachine(releaseFacts(profile).aarch64DefaultsToVirt ? 'virt' : 'integratorcp', machines)?.canonical;
  }
  return machines.find((m) => m.isDefault)?.name;
}
