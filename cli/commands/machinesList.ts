// The machine types of one emulator as both sides tell them: libvirt's capabilities
// (names, canonical= of aliases) and the emulator's own `-machine help` (descriptions,
// alias targets, default, deprecated). Either side may list a machine the other does not
// (libvirt hides QEMU's 'none'), so every row says where it came from.

import type { MachineInfo } from '../../types/domain.js';

/** Which list(s) a machine appears in. */
export type MachineSource = 'libvirt+qemu' | 'libvirt' | 'qemu';

/** One machine type of one arch, as both lists describe it. */
export interface MachineEntry {
  arch: string;
  name: string;
  source: MachineSource;
  /** canonical= of `virsh capabilities` (set for aliases). */
  libvirtCanonical?: string;
  /** "(alias of X)" of QEMU's -machine help. */
  qemuAliasOf?: string;
  description?: string;
  isDefault: boolean;
  deprecated: boolean;
}

/** Joins libvirt's and QEMU's lists of one arch, in libvirt's order, QEMU-only names last. */
export function joinMachineLists(arch: string, fromLibvirt: MachineInfo[], fromQemu: MachineInfo[] | undefined): MachineEntry[] {
  const qemu = new Map((fromQemu ?? []).map((m) => [m.name, m]));
  const entries: MachineEntry[] = fromLibvirt.map((l) => {
    const q = qemu.get(l.name);
    return {
      arch,
      name: l.name,
      source: q ? 'libvirt+qemu' : 'libvirt',
      libvirtCanonical: l.aliasOf,
      qemuAliasOf: q?.aliasOf,
      description: q?.description,
      isDefault: q?.isDefault === true,
      deprecated: q?.deprecated === true || l.deprecated === true,
    };
  });
  for (const q of fromQemu ?? []) {
    if (entries.some((e) => e.name === q.name)) continue;
    entries.push({ arch, name: q.name, source: 'qemu', qemuAliasOf: q.aliasOf, description: q.description, isDefault: q.isDefault === true, deprecated: q.deprecated === true });
  }
  return entries;
}

/** Aliases first, then machines by name (versions in numeric order), so related rows sit together. */
export function sortEntries(entries: MachineEntry[]): MachineEntry[] {
  const isAlias = (e: MachineEntry) => (e.libvirtCanonical ?? e.qemuAliasOf) !== undefined;
  return [...entries].sort((a, b) => Number(isAlias(b)) - Number(isAlias(a)) || a.name.localeCompare(b.name, 'en', { numeric: true }));
}
