// Disks and cdroms with targets that are unique and match their bus (vdX on virtio,
// hdX on ide, sdX shared by sata, scsi and usb — libvirt derives the drive address from
// the target's index, so the names matter).

import fc from 'fast-check';
import type { DiskBus, DiskSpec, VirtioVariant } from '../../types/domain.js';
import { virtioVariantArb } from './virtioVariant.js';
import { diskTarget, targetPrefix } from './diskNames.js';
import { type GenFamily, IDE_UNITS } from './family.js';

/** The buses the generators write: NVMe (12.8's parser only) is read from users' files, not generated. */
type GeneratedDiskBus = Exclude<DiskBus, 'nvme'>;

/** A disk before it has a target name: what it is, which bus, and how many indexes to skip. */
export interface DiskDraft {
  device: DiskSpec['device'];
  bus: GeneratedDiskBus;
  /** Leaves a hole before this disk's target (sda, sdc …); mostly 0. */
  skip: number;
  /** A read-only hard disk (kept on virtio, SCSI and USB only: libvirt refuses one on IDE or SATA, a deliberate fault). */
  readonly?: true;
  /** A cdrom with a medium (an image file). */
  media?: true;
  /** A virtio disk's model variant. */
  variant?: VirtioVariant;
}

/** Buses and their weights per family: no ide where there is no IDE controller. */
function busWeights(family: GenFamily): [GeneratedDiskBus, number][] {
  switch (family) {
    case 'i440fx':
      return [['virtio', 5], ['sata', 2], ['ide', 2], ['scsi', 2], ['usb', 1], ['fdc', 1]];
    case 'q35':
      return [['virtio', 5], ['sata', 3], ['scsi', 2], ['usb', 1], ['fdc', 1]];
    case 'arm-virt':
      return [['virtio', 6], ['scsi', 2], ['sata', 1], ['usb', 1]];
  }
}

/** Buses a read-only hard disk is taken on. */
const READONLY_BUSES = new Set<GeneratedDiskBus>(['virtio', 'scsi', 'usb']);

/** Buses a cdrom can sit on: libvirt refuses virtio cdroms; an empty usb-storage one cannot start on 9.0 and is refused by 11.3 (USB cdroms get a medium). */
const CDROM_BUSES = new Set<GeneratedDiskBus>(['sata', 'ide', 'scsi', 'usb']);

/** One disk draft for a family; cdroms only where an empty drive works. */
export function diskDraftArb(family: GenFamily): fc.Arbitrary<DiskDraft> {
  const bus = fc.oneof({ withCrossShrink: true }, ...busWeights(family).map(([b, weight]) => ({ weight, arbitrary: fc.constant(b) })));
  return fc.record({
    bus,
    cdrom: fc.boolean(),
    skip: fc.oneof({ withCrossShrink: true }, { weight: 9, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }),
    readonly: fc.oneof({ withCrossShrink: true }, { weight: 7, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    media: fc.boolean(),
    variant: virtioVariantArb(family),
  }).map(({ bus, cdrom, skip, readonly, media, variant }) => {
    const device = bus === 'fdc' ? ('floppy' as const) : cdrom && CDROM_BUSES.has(bus) ? ('cdrom' as const) : ('disk' as const);
    return {
      device,
      bus,
      skip,
      ...(readonly && device === 'disk' && READONLY_BUSES.has(bus) ? { readonly: true as const } : {}),
      ...((device === 'cdrom' || device === 'floppy') && (media || bus === 'usb') ? { media: true as const } : {}),
      ...(variant !== undefined && bus === 'virtio' && device === 'disk' ? { variant } : {}),
    };
  });
}

/** A virtio disk draft: the bulk filler for specs that must exceed a bus's slots. */
export const virtioDiskDraftArb: fc.Arbitrary<DiskDraft> = fc.constant({ device: 'disk', bus: 'virtio', skip: 0 });

/** Floppy drives one floppy controller holds (fda, fdb). */
const FLOPPY_UNITS = 2;

/**
 * Names the drafts in order: each target takes the next free index of its prefix (plus
 * the draft's skip). IDE past hdd does not exist on pc, so such drafts move to sata; a
 * floppy past fdb becomes a SATA hard disk.
 */
export function nameDisks(drafts: DiskDraft[]): DiskSpec[] {
  const next: Record<string, number> = { vd: 0, sd: 0, hd: 0, fd: 0 };
  return drafts.map((draft) => {
    let bus = draft.bus;
    let device = draft.device;
    if (bus === 'ide' && next.hd + draft.skip >= IDE_UNITS) bus = 'sata';
    if (bus === 'fdc' && next.fd + draft.skip >= FLOPPY_UNITS) [bus, device] = ['sata', 'disk'];
    const prefix = targetPrefix(bus);
    const index = next[prefix] + (bus === 'ide' ? 0 : draft.skip);
    next[prefix] = index + 1;
    const disk: DiskSpec = { device, bus, target: diskTarget(prefix, index) };
    if (draft.readonly && READONLY_BUSES.has(bus)) disk.readonly = true;
    if (draft.media && device !== 'disk') disk.media = true;
    // a disk moved off virtio (IDE past hdd → SATA) drops its virtio model
    if (draft.variant !== undefined && bus === 'virtio') disk.model = draft.variant;
    return disk;
  });
}

/** The bus libvirt takes from a name's prefix when none is written (hd: IDE, sd: SCSI, vd: virtio, fd: the floppy controller). */
const BUS_OF_PREFIX: Record<string, DiskBus> = { hd: 'ide', sd: 'scsi', vd: 'virtio', fd: 'fdc' };

/**
 * Disks for a family, between min and max of them, with unique bus-consistent targets. As
 * users write them, now and then out of their names' order (vdb before vda: libvirt sorts
 * them into its own list) and now and then without `bus=` where the name implies it.
 */
export function disksArb(family: GenFamily, opts: { minLength?: number; maxLength: number }): fc.Arbitrary<DiskSpec[]> {
  const sometimes = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
    fc.oneof({ withCrossShrink: true }, { weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
  return fc
    .record({
      drafts: fc.array(diskDraftArb(family), opts),
      swaps: sometimes(fc.array(fc.nat(), { maxLength: opts.maxLength })),
      busLeftOut: sometimes(fc.array(fc.boolean(), { maxLength: opts.maxLength })),
    })
    .map(({ drafts, swaps, busLeftOut }) => {
      const disks = nameDisks(drafts);
      swaps?.forEach((to, i) => {
        if (i >= disks.length) return;
        const j = to % disks.length;
        [disks[i], disks[j]] = [disks[j], disks[i]];
      });
      busLeftOut?.forEach((leftOut, i) => {
        const d = disks[i];
        if (leftOut && d !== undefined && d.bus !== 'nvme' && BUS_OF_PREFIX[targetPrefix(d.bus)] === d.bus) d.busImplied = true;
      });
      return disks;
    });
}
