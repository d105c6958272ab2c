// Disk target names (vda, sdb, hdaa …) as libvirt maps them to a bus index: the letters
// after the prefix count in base 26 with a=0, then aa follows z.

/** The target prefix libvirt expects for a disk bus: vd for virtio, hd for ide, fd for the floppy controller, sd otherwise. */
export function targetPrefix(bus: 'virtio' | 'sata' | 'ide' | 'scsi' | 'usb' | 'fdc'): 'vd' | 'hd' | 'sd' | 'fd' {
  if (bus === 'virtio') return 'vd';
  if (bus === 'ide') return 'hd';
  if (bus === 'fdc') return 'fd';
  return 'sd';
}

/** The target name for a prefix and a zero-based index: (vd, 0) → vda, (sd, 26) → sdaa. */
export function diskTarget(prefix: string, index: number): string {
  let letters = '';
  let n = index;
  do {
    letters = String.fromCharCode(97 + (n % 26)) + letters;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return prefix + letters;
}
