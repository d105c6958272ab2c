// The devices of a spec that can carry a user-given PCI (or virtio-mmio) address, in one
// fixed order, so that the address planner, the fault detector and the tests agree on
// what "the n-th addressable device" is.

import type { DomainSpec, UserAddress } from '../../types/domain.js';
import { PCIE_ENDPOINT } from '../../model/connectFlags.js';
import { machineFlags, netFlags } from '../../model/deviceFlags.js';

/** One device that can take an `<address>`: a handle onto the spec object that holds it. */
export interface AddressableDevice {
  /** Spec list and position, e.g. "nets[3]"; stable for a given spec. */
  label: string;
  /** The spec object itself (mutating its `address` changes the spec it came from). */
  holder: { address?: UserAddress };
  /** true for virtio devices, the only ones that may sit on virtio-mmio. */
  virtio: boolean;
  /** true when libvirt puts the device on a PCIe port when left to itself (on q35/virt). */
  pcieNative: boolean;
}

/** Whether libvirt gives a NIC of this model a PCIe port on q35 (the model's connect flags of it). */
const pcieNativeNet = (model: string): boolean => netFlags(model, machineFlags(true)) === PCIE_ENDPOINT;

/** Lists the devices of `spec` that occupy a PCI slot when libvirt places them, in planner order. */
export function addressableDevices(spec: DomainSpec): AddressableDevice[] {
  const out: AddressableDevice[] = [];
  (spec.filesystems ?? []).forEach((fs, i) =>
    out.push({ label: `filesystems[${i}]`, holder: fs, virtio: true, pcieNative: fs.model !== 'virtio-transitional' }),
  );
  spec.nets.forEach((n, i) => {
    // a usb-net NIC is a USB device: no PCI address to plan
    if (n.model !== 'usb-net') out.push({ label: `nets[${i}]`, holder: n, virtio: n.model.startsWith('virtio'), pcieNative: pcieNativeNet(n.model) });
  });
  spec.disks.forEach((d, i) => {
    if (d.bus === 'virtio') out.push({ label: `disks[${i}]`, holder: d, virtio: true, pcieNative: d.model !== 'virtio-transitional' });
  });
  spec.controllers.forEach((c, i) => {
    if (c.type === 'virtio-serial' || (c.type === 'scsi' && c.model === 'virtio-scsi'))
      out.push({ label: `controllers[${i}]`, holder: c, virtio: true, pcieNative: c.model !== 'virtio-transitional' });
    else if (c.type === 'scsi') out.push({ label: `controllers[${i}]`, holder: c, virtio: false, pcieNative: false });
    // SATA 0 (q35) and IDE (pc) are pinned into the chipset; only later SATA controllers move.
    else if (c.type === 'sata' && c.index !== undefined && c.index >= 1)
      out.push({ label: `controllers[${i}]`, holder: c, virtio: false, pcieNative: false });
    else if (c.type === 'usb' && (c.model === 'qemu-xhci' || c.model === 'nec-xhci'))
      out.push({ label: `controllers[${i}]`, holder: c, virtio: false, pcieNative: true });
  });
  spec.videos.forEach((v, i) => {
    if (v.model !== 'none' && v.model !== 'ramfb')
      out.push({ label: `videos[${i}]`, holder: v, virtio: v.model === 'virtio', pcieNative: v.model === 'virtio' });
  });
  spec.sounds.forEach((s, i) => {
    if (s.model !== 'usb' && s.model !== 'sb16') out.push({ label: `sounds[${i}]`, holder: s, virtio: false, pcieNative: false });
  });
  if (spec.memballoon !== undefined && spec.memballoon.model !== 'none')
    out.push({ label: 'memballoon', holder: spec.memballoon, virtio: true, pcieNative: spec.memballoon.model !== 'virtio-transitional' });
  spec.rngs.forEach((r, i) => out.push({ label: `rngs[${i}]`, holder: r, virtio: true, pcieNative: r.model !== 'virtio-transitional' }));
  spec.watchdogs.forEach((w, i) => {
    if (w.model === 'i6300esb') out.push({ label: `watchdogs[${i}]`, holder: w, virtio: false, pcieNative: false });
  });
  spec.inputs.forEach((inp, i) => {
    if (inp.bus === 'virtio') out.push({ label: `inputs[${i}]`, holder: inp, virtio: true, pcieNative: true });
  });
  return out;
}
