// Users sometimes pin a SATA or SCSI disk with `<address type='drive'>` on another
// controller or unit than the one libvirt derives from its name; libvirt then adds every
// controller up to the one named. The move is drawn rarely and only onto a free unit. On a
// virtio-scsi controller users also pick a target and a high unit (a LUN layout).

import fc from 'fast-check';
import type { ControllerSpec, DiskSpec } from '../../types/domain.js';
import { diskNameToIndex, DRIVE_UNITS_PER_CONTROLLER } from '../../model/diskNames.js';

/** Which SATA/SCSI disk moves (by its position among them) and where to. */
export interface DriveMove {
  pick: number;
  controller: number;
  unit: number;
  /** Target and unit used instead when the disk moves onto a declared virtio-scsi controller. */
  lun: { target: number; unit: number } | null;
}

/** Mostly no move; sometimes one disk to controller 0-2 and a unit in range for both buses. */
export const driveMoveArb: fc.Arbitrary<DriveMove | null> = fc.oneof(
  { withCrossShrink: true },
  { weight: 9, arbitrary: fc.constant(null) },
  {
    weight: 1,
    arbitrary: fc.record({
      pick: fc.nat(7),
      controller: fc.integer({ min: 0, max: 2 }),
      unit: fc.integer({ min: 0, max: DRIVE_UNITS_PER_CONTROLLER.sata - 1 }),
      lun: fc.option(fc.record({ target: fc.integer({ min: 0, max: 7 }), unit: fc.integer({ min: 0, max: 30 }) }), { nil: null }),
    }),
  },
);

/** The drive address libvirt derives from a disk's name on its bus. */
function derived(disk: DiskSpec, units: number): string | undefined {
  const idx = diskNameToIndex(disk.target);
  return idx === undefined ? undefined : `${Math.floor(idx / units)}:${idx % units}`;
}

/** The disks with the move applied, unless the unit is taken on that bus. */
export function applyDriveMove(disks: DiskSpec[], move: DriveMove | null, controllers: ControllerSpec[] = []): DiskSpec[] {
  if (move === null) return disks;
  const movable = disks.filter((d): d is DiskSpec & { bus: 'sata' | 'scsi' } => d.bus === 'sata' || d.bus === 'scsi');
  if (movable.length === 0) return disks;
  const disk = movable[move.pick % movable.length];
  const bus = disk.bus;
  const units = DRIVE_UNITS_PER_CONTROLLER[bus];
  const onVirtioScsi = bus === 'scsi' && controllers.some((c) => c.type === 'scsi' && c.index === move.controller && c.model === 'virtio-scsi');
  const { target, unit } = onVirtioScsi && move.lun !== null ? move.lun : { target: 0, unit: move.unit };
  const wanted = `${move.controller}:${target}:${unit}`;
  const at = (d: DiskSpec): string | undefined => (d.drive ? `${d.drive.controller}:${d.drive.target}:${d.drive.unit}` : derived(d, units)?.replace(':', ':0:'));
  const taken = disks.some((d) => d !== disk && d.bus === bus && at(d) === wanted);
  if (taken || at({ ...disk, drive: undefined }) === wanted) return disks;
  return disks.map((d) => (d === disk ? { ...d, drive: { controller: move.controller, bus: 0, target, unit } } : d));
}
