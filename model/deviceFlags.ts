// Connect flags of each device kind and model (qemuDomainDeviceCalculatePCIConnectFlags):
// which devices are conventional PCI, which are PCI Express, and which do not use PCI.
// On a machine without pcie-root every "PCIe" device is plain PCI; QEMU 7.2 has transitional
// virtio, so virtio devices count as PCIe wherever PCIe exists.

import { PCI_ENDPOINT, PCIE_ENDPOINT } from './connectFlags.js';
import { PCI_CONTROLLER_FACTS, isPciControllerModel } from './pciControllers.js';

/** Flag sets that depend on the machine: what a PCIe and a virtio device need. */
export interface MachineFlags {
  pci: number;
  pcie: number;
  virtio: number;
}

/** The flag sets of a machine, by whether its root is pcie-root. */
export function machineFlags(pcieRoot: boolean): MachineFlags {
  const pcie = pcieRoot ? PCIE_ENDPOINT : PCI_ENDPOINT;
  return { pci: PCI_ENDPOINT, pcie, virtio: pcie };
}

/** Connect flags of a controller (0 when it does not sit on PCI). */
export function controllerFlags(type: string, model: string | undefined, f: MachineFlags): number {
  switch (type) {
    case 'pci':
      return model !== undefined && isPciControllerModel(model) ? PCI_CONTROLLER_FACTS[model].upstream : 0;
    case 'sata':
    case 'ide':
      return f.pci;
    case 'usb':
      if (model === 'none') return 0;
      if (model === 'qemu-xhci' || model === 'nec-xhci') return f.pcie;
      return f.pci;
    case 'scsi':
      if (model === 'virtio-scsi' || model === 'virtio-non-transitional') return f.virtio;
      return f.pci;
    case 'virtio-serial':
      return virtioVariantFlags(model, f);
    // observed on 12.8: on a root port of q35, on pci-root of pc
    case 'nvme':
      return f.pcie;
    default:
      return 0;
  }
}

/**
 * Connect flags of a virtio device by its model variant: a transitional one keeps the legacy
 * interface, so it is conventional PCI; plain and non-transitional ones follow virtio
 * (qemuDomainDeviceCalculatePCIConnectFlags; observed for NICs and 9p filesystems).
 */
export function virtioVariantFlags(model: string | undefined, f: MachineFlags): number {
  return model === 'virtio-transitional' ? f.pci : f.virtio;
}

/** NIC models libvirt names itself (VIR_DOMAIN_NET_MODEL_*) that sit on conventional PCI. */
const KNOWN_PCI_NET_MODELS = new Set(['e1000', 'rtl8139', 'vmxnet3']);

/**
 * Connect flags of a NIC model: the virtio ones by variant, e1000e PCIe, the others libvirt
 * knows conventional PCI; a model it does not know by name it takes for PCIe (as it does
 * for a host device's NIC).
 */
export function netFlags(model: string, f: MachineFlags): number {
  if (model === 'virtio' || model === 'virtio-transitional' || model === 'virtio-non-transitional') return virtioVariantFlags(model, f);
  if (model === 'e1000e') return f.pcie;
  // a USB device, of no PCI connect flags (libvirt 9.0 still looks for a PCI slot for it: buildDef)
  if (model === 'usb-net') return 0;
  return KNOWN_PCI_NET_MODELS.has(model) ? f.pci : f.pcie;
}

/** Connect flags of a 9p filesystem (undefined model: plain virtio). */
export function filesystemFlags(model: string | undefined, f: MachineFlags): number {
  return virtioVariantFlags(model, f);
}

/** Connect flags of a sound model (sb16 and usb audio are not PCI). */
export function soundFlags(model: string, f: MachineFlags): number {
  return model === 'ich6' || model === 'ich9' || model === 'ac97' || model === 'es1370' ? f.pci : 0;
}

/** Connect flags of a video model (bochs is PCIe-capable, virtio follows virtio, none/ramfb are not PCI). */
export function videoFlags(model: string, f: MachineFlags): number {
  if (model === 'virtio') return f.virtio;
  if (model === 'bochs') return f.pcie;
  if (model === 'none' || model === 'ramfb') return 0;
  return f.pci;
}

/** Connect flags of a PCI host device absent from the host: libvirt then assumes PCI Express. */
export function hostdevFlags(f: MachineFlags): number {
  return f.pcie;
}

/** Connect flags of a watchdog (only i6300esb is PCI). */
export function watchdogFlags(model: string, f: MachineFlags): number {
  return model === 'i6300esb' ? f.pci : 0;
}
