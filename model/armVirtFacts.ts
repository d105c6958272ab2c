// Facts of the aarch64 'virt' family as libvirt 9.0.0 treats it with QEMU 7.2 (Debian 12),
// each observed by defining guests through the real libvirt on this machine:
// - a minimal guest gets pcie-root and nothing else: no USB controller, no memballoon,
//   no ps2 inputs (libvirt adds those only on x86);
// - <controller type='usb'/> becomes qemu-xhci, <controller type='scsi'/> lsilogic;
// - <graphics> without <video> gets a virtio video; qxl is refused, IDE is refused;
// - no chipset pins any slot (ICH9 audio is not pinned to 1b as on q35).

import type { FamilyFacts } from './families.js';

/** What the model knows about aarch64 'virt' machines (libvirt 9.0, TCG). */
export const ARM_VIRT_FACTS: FamilyFacts = {
  family: 'arm-virt',
  rootModel: 'pcie-root',
  defaultUsbModel: 'qemu-xhci',
  defaultScsiModel: 'lsilogic',
  implicitSata: false,
  hasIde: false,
  defaultVideoModel: 'virtio',
  implicitUsb: false,
};

/** Video models libvirt 9.0 refuses on virt at define time ("does not support video model"). */
export const ARM_VIRT_REFUSED_VIDEO = new Set(['qxl']);
