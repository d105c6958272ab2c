// QEMU device (driver) names libvirt 9.0 uses for each model it knows, for the device
// kinds that sit on PCI (a PCI controller's is the `modelName` of model/pciControllers.ts).
// Names were read off `domxml-to-native` output on this machine (libvirt 9.0.0, QEMU 7.2);
// kinds not listed there are not predicted at all.

import type { FilesystemModel, NetModel, SoundModel, VideoModel } from '../../types/domain.js';

/** A virtio device's QEMU driver for its model variant: the -transitional or -non-transitional device of its base (as for NICs and 9p). */
export function virtioDriver(base: string, model: string | undefined): string {
  if (model === 'virtio-transitional') return `${base}-transitional`;
  if (model === 'virtio-non-transitional') return `${base}-non-transitional`;
  return base;
}

/** QEMU driver of each USB controller model ('none' has no device). */
export const USB_CONTROLLER_DRIVER: Readonly<Record<string, string>> = {
  'piix3-uhci': 'piix3-usb-uhci',
  'piix4-uhci': 'piix4-usb-uhci',
  ehci: 'usb-ehci',
  'ich9-ehci1': 'ich9-usb-ehci1',
  'ich9-uhci1': 'ich9-usb-uhci1',
  'ich9-uhci2': 'ich9-usb-uhci2',
  'ich9-uhci3': 'ich9-usb-uhci3',
  'qemu-xhci': 'qemu-xhci',
  'nec-xhci': 'nec-usb-xhci',
  'pci-ohci': 'pci-ohci',
};

/** QEMU driver of each SCSI controller model. */
export const SCSI_CONTROLLER_DRIVER: Readonly<Record<string, string>> = {
  'virtio-scsi': 'virtio-scsi-pci',
  'virtio-transitional': 'virtio-scsi-pci-transitional',
  'virtio-non-transitional': 'virtio-scsi-pci-non-transitional',
  lsilogic: 'lsi',
  lsisas1068: 'mptsas1068',
  lsisas1078: 'megasas',
  // VMware's paravirtual SCSI, which every build's QEMU offers (observed defined on 9.0, 11.3 and 12.8, x86 and virt)
  vmpvscsi: 'pvscsi',
};

/** QEMU driver of a SATA controller that is not a machine's built-in one. */
export const SATA_CONTROLLER_DRIVER = 'ahci';

/** QEMU driver of each 9p filesystem model (observed: virtio-9p-pci, virtio-9p-pci-transitional). */
export const FILESYSTEM_DRIVER: Readonly<Record<FilesystemModel, string>> = {
  virtio: 'virtio-9p-pci',
  'virtio-transitional': 'virtio-9p-pci-transitional',
  'virtio-non-transitional': 'virtio-9p-pci-non-transitional',
};

/** QEMU driver of each NIC model. */
export const NET_DRIVER: Readonly<Record<NetModel, string>> = {
  virtio: 'virtio-net-pci',
  'virtio-transitional': 'virtio-net-pci-transitional',
  'virtio-non-transitional': 'virtio-net-pci-non-transitional',
  e1000: 'e1000',
  e1000e: 'e1000e',
  rtl8139: 'rtl8139',
  igb: 'igb',
  'usb-net': 'usb-net',
  // the name as written (NetSpec.modelName) is QEMU's device
  other: '',
  ne2k_pci: 'ne2k_pci',
  pcnet: 'pcnet',
  i82551: 'i82551',
  i82557b: 'i82557b',
  i82559er: 'i82559er',
  vmxnet3: 'vmxnet3',
  'e1000-82544gc': 'e1000-82544gc',
  'e1000-82545em': 'e1000-82545em',
};

/** QEMU driver of each PCI sound model (sb16 is ISA, usb is a USB device). */
export const SOUND_DRIVER: Readonly<Partial<Record<SoundModel, string>>> = {
  ich6: 'intel-hda',
  ich9: 'ich9-intel-hda',
  ac97: 'AC97',
  es1370: 'ES1370',
};

/** QEMU driver of the primary (first) video, which carries the legacy VGA ranges. */
export const PRIMARY_VIDEO_DRIVER: Readonly<Partial<Record<VideoModel, string>>> = {
  vga: 'VGA',
  cirrus: 'cirrus-vga',
  vmvga: 'vmware-svga',
  qxl: 'qxl-vga',
  virtio: 'virtio-vga',
  bochs: 'bochs-display',
};

/** QEMU driver of a secondary video; libvirt refuses other models as secondary. */
export const SECONDARY_VIDEO_DRIVER: Readonly<Partial<Record<VideoModel, string>>> = {
  qxl: 'qxl',
  virtio: 'virtio-gpu-pci',
};

/** The x86 table without qxl, which libvirt refuses on aarch64 virt. */
function withoutQxl(table: Readonly<Partial<Record<VideoModel, string>>>): Partial<Record<VideoModel, string>> {
  const rest = { ...table };
  delete rest.qxl;
  return rest;
}

/** QEMU driver of the primary video on aarch64 virt: like x86, but QEMU has no virtio-vga there. */
export const ARM_VIRT_PRIMARY_VIDEO_DRIVER: Readonly<Partial<Record<VideoModel, string>>> = { ...withoutQxl(PRIMARY_VIDEO_DRIVER), virtio: 'virtio-gpu-pci' };

/** QEMU driver of a secondary video on aarch64 virt. */
export const ARM_VIRT_SECONDARY_VIDEO_DRIVER: Readonly<Partial<Record<VideoModel, string>>> = withoutQxl(SECONDARY_VIDEO_DRIVER);

/** QEMU driver of a virtio input device, by input type. */
export const VIRTIO_INPUT_DRIVER: Readonly<Record<'keyboard' | 'mouse' | 'tablet' | 'passthrough', string>> = {
  passthrough: 'virtio-input-host-pci',
  keyboard: 'virtio-keyboard-pci',
  mouse: 'virtio-mouse-pci',
  tablet: 'virtio-tablet-pci',
};
