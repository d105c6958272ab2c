// Disk target names as libvirt indexes them (virDiskNameParse / virDiskNameToIndex in
// src/util/virutil.c): one of the prefixes fd, hd, vd, sd, xvd, ubd, then lower-case
// letters counted in bijective base 26 (vda → 0, vdz → 25, vdaa → 26), then any digits. The index places a
// drive on its controller (DRIVE_UNITS_PER_CONTROLLER units to one), names a virtio disk's
// QEMU id and orders disks of one bus.

// trailing digits (a partition) are allowed and do not count
const DISK_NAME = /^(?:fd|hd|vd|sd|xvd|ubd)([a-z]+)[0-9]*$/;

/** Index of a disk target name (sda → 0, sdz → 25, sdaa → 26), or undefined for a name libvirt cannot index. */
export function diskNameToIndex(target: string): number | undefined {
  const m = DISK_NAME.exec(target);
  if (!m) return undefined;
  let idx = 0;
  for (const ch of m[1]) idx = idx * 26 + (ch.charCodeAt(0) - 96);
  return idx - 1;
}

/** Drive units per controller by disk bus (virDomainDiskDefAssignAddress): index / units is the controller. */
export const DRIVE_UNITS_PER_CONTROLLER = { scsi: 7, ide: 4, sata: 6, fdc: 2 } as const;

const NVME_NAME = /^nvme(\d+)n(\d+)$/;

/**
 * The drive address libvirt 12.8 derives from an NVMe disk's name (observed: nvme1n1 on
 * controller 1 unit 0, nvme0n3 on controller 0 unit 2), or undefined for another name.
 */
export function nvmeNameToDrive(target: string): { controller: number; bus: number; target: number; unit: number } | undefined {
  const m = NVME_NAME.exec(target);
  if (!m || Number(m[2]) < 1) return undefined;
  return { controller: Number(m[1]), bus: 0, target: 0, unit: Number(m[2]) - 1 };
}
