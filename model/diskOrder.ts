// libvirt's list of disks, the order it validates and places them in, and the checks it
// makes of a disk's name: as the parser inserts each disk (virDomainDiskInsert), as
// post-parse derives a drive address from the name (virDomainDiskDefAssignAddress), and as
// validation checks the name's prefix (virDomainDiskDefValidate).

import type { DomainSpec, TargetlessDisk } from '../types/domain.js';
import { diskNameToIndex } from './diskNames.js';
import { reject, unsupported } from './errors.js';

type Disk = DomainSpec['disks'][number];

/** Disks in libvirt's order (virDomainDiskInsert), see inLibvirtDiskOrder. */
export function sortDisks(disks: DomainSpec['disks']): DomainSpec['disks'] {
  return inLibvirtDiskOrder(disks.map((d) => ({ disk: d }))).flatMap((e) => ('disk' in e ? [e.disk] : []));
}

/** A disk, or a disk without a target, on its way into libvirt's list of disks. */
export type DiskEntry<D> = { disk: D } | { targetless: TargetlessDisk };

/**
 * libvirt's order of the disks as it parses them (virDomainDiskInsert): each goes before the
 * first disk of its written bus with a higher index, else after the last disk of that bus,
 * else last. A disk without a bus written is grouped with the others written so (its bus is
 * chosen later); one without a name has no index, so it only follows its bus.
 */
export function inLibvirtDiskOrder<D extends Disk>(entries: Array<DiskEntry<D>>): Array<DiskEntry<D>> {
  const busOf = (e: DiskEntry<D>): string | undefined => ('disk' in e ? (e.disk.busImplied ? undefined : e.disk.bus) : e.targetless.bus);
  // a name libvirt cannot index counts as -1, as virDiskNameToIndex returns (NVMe names too: they keep document order)
  const indexOf = (e: DiskEntry<D>): number | undefined => ('disk' in e ? (diskNameToIndex(e.disk.target) ?? -1) : undefined);
  const out: Array<DiskEntry<D>> = [];
  for (const e of entries) {
    const idx = indexOf(e);
    let at = -1;
    for (let i = out.length - 1; i >= 0; i--) {
      if (busOf(out[i]) !== busOf(e)) continue;
      const other = indexOf(out[i]);
      if (idx !== undefined && other !== undefined && other > idx) at = i;
      else if (at === -1) at = i + 1;
    }
    if (at === -1) out.push(e);
    else out.splice(at, 0, e);
  }
  return out;
}

/** The disks and the disks without a target in the order they were written. */
export function writtenDiskEntries(spec: DomainSpec): Array<DiskEntry<Disk>> {
  const entries: Array<DiskEntry<Disk>> = spec.disks.map((d) => ({ disk: d }));
  // each goes in where it was written; later ones first so that earlier positions hold
  for (const t of [...(spec.targetlessDisks ?? [])].reverse()) entries.splice(t.after, 0, { targetless: t });
  return entries;
}

/**
 * A disk with no address of any kind whose name libvirt cannot index is refused while it is
 * post-parsed, the first in libvirt's order (observed on 9.0 and 12.8, 2026-12-07: after a
 * wrong PCI root and ISA serial ports, before a PCI root above index 0, duplicate controller
 * indexes, boot orders, an xHCI's port count and an unknown machine; an unseen file's
 * `dev='/dev/sdb'`). NVMe disks take their drive address from their name by another rule.
 */
export function checkDiskNamesAtPostParse(spec: DomainSpec): void {
  for (const d of sortDisks(spec.disks)) {
    if (d.bus === 'nvme' || d.address !== undefined || d.drive !== undefined || d.usbPort !== undefined) continue;
    if (diskNameToIndex(d.target) === undefined) reject('other', `Unknown disk name '${d.target}' and no address specified`);
  }
}

/**
 * A hard disk's or floppy's name of another prefix, refused among the disk's own checks
 * (observed on 9.0 and 12.8 with a PCI address given: "Invalid harddisk device name: xyz").
 * 12.8 takes an NVMe disk's nvme<C>n<N>; such a name off the NVMe bus was not measured.
 */
export function deviceNameRefusal(d: Disk, nvmeParsed: boolean): string | undefined {
  if (d.bus === 'nvme') return undefined;
  if (nvmeParsed && d.target.startsWith('nvme')) unsupported(`a disk named ${d.target} off the NVMe bus`);
  if (d.device === 'disk' && !/^(?:hd|sd|vd|xvd|ubd)/.test(d.target)) return `Invalid harddisk device name: ${d.target}`;
  if (d.device === 'floppy' && !d.target.startsWith('fd')) return `Invalid floppy device name: ${d.target}`;
  return undefined;
}
