// A machine QEMU does not list. libvirt 9.0 notices that only after post-parse and PCI
// address assignment (observed: a pci-root above index 0, two controllers with one index
// or two devices on one PCI address are reported first), so the model reports those before "unknown machine" and
// says unsupported where what libvirt checks first depends on the machine's name.

import type { DomainSpec, Prediction, UserAddress } from '../types/domain.js';
import { reject, unsupported } from './errors.js';
import { checkAtDevicePostParse, checkBeforeMachineLookup } from './parseChecks.js';

/** Every PCI address the user gave that libvirt takes as given (domain, bus or slot non-zero). */
export function givenPciAddresses(spec: DomainSpec): string[] {
  const all: Array<UserAddress | undefined> = [
    ...spec.disks.map((d) => d.address),
    ...spec.controllers.map((c) => c.address),
    ...spec.nets.map((n) => n.address),
    ...(spec.hostdevNets ?? []).map((n) => n.address),
    ...spec.sounds.map((s) => s.address),
    ...spec.videos.map((v) => v.address),
    ...(spec.hostdevs ?? []).map((h) => h.address),
    ...spec.inputs.map((i) => i.address),
    ...spec.watchdogs.map((w) => w.address),
    spec.memballoon?.address,
    ...spec.rngs.map((r) => r.address),
    spec.iommu?.address,
    spec.vsock?.address,
    ...(spec.filesystems ?? []).map((fs) => fs.address),
    ...(spec.shmems ?? []).map((m) => m.address),
    ...(spec.memoryDevices ?? []).map((m) => m.address),
  ];
  const out: string[] = [];
  for (const a of all) {
    if (a?.type !== 'pci' || ((a.domain ?? 0) | (a.bus ?? 0) | (a.slot ?? 0)) === 0) continue;
    out.push(`${a.domain ?? 0}:${a.bus ?? 0}:${a.slot ?? 0}.${a.function ?? 0}`);
  }
  return out;
}

/** libvirt's checks that go by the machine's name, whose order against the lookup the model does not know: unsupported. */
export function checkNameBasedChecks(spec: DomainSpec): void {
  // libvirt's expander-bus checks go by the machine's name and come before the lookup; an
  // expander of the family the name says passes them (observed: a pcie-expander-bus on
  // pc-q35-8.1 with 9.0 is refused for the machine; one on virt-8.2 with 9.0 passes to the lookup)
  const pcieFamily = spec.arch === 'aarch64' ? /^virt(-|$)/ : /^(pc-q35-|q35$)/;
  const nameFits = (model: string | undefined): boolean =>
    (model === 'pcie-expander-bus' && pcieFamily.test(spec.machine)) || (model === 'pci-expander-bus' && /^(pc-i440fx-|pc$)/.test(spec.machine));
  if (spec.controllers.some((c) => (c.model === 'pci-expander-bus' || c.model === 'pcie-expander-bus') && !nameFits(c.model))) unsupported('an expander bus on an unknown machine of another family');
  const roots = spec.controllers.filter((c) => c.type === 'pci' && (c.model === 'pci-root' || c.model === 'pcie-root') && (c.index ?? 0) > 0);
  // libvirt's wrong-root check (which root index 0 needs) goes by the machine's name and comes first
  if (roots.length > 0 && spec.controllers.some((c) => c.type === 'pci' && c.index === 0)) unsupported('a PCI root above index 0 next to an index-0 PCI controller on an unknown machine');
}

/** The prediction for a machine QEMU does not list, of no family libvirt knows by name (the parse checks have passed). */
export function unknownMachine(spec: DomainSpec): Prediction {
  checkNameBasedChecks(spec);
  checkAtDevicePostParse(spec);
  checkBeforeMachineLookup(spec);
  const seen = new Set<string>();
  for (const a of givenPciAddresses(spec)) {
    if (seen.has(a)) reject('address-in-use', `Attempted double use of PCI Address ${a}`);
    seen.add(a);
  }
  // a virtio IOMMU off the root bus is refused while addresses are checked (observed on pc-1.2)
  const iommu = spec.iommu?.address;
  if (spec.iommu?.model === 'virtio' && iommu?.type === 'pci' && ((iommu.domain ?? 0) | (iommu.bus ?? 0) | (iommu.slot ?? 0)) !== 0 && (iommu.bus ?? 0) !== 0) {
    reject('other', 'The device at PCI address needs to be an integrated device (bus=0)');
  }
  return { kind: 'reject', errorClass: 'unknown-machine', detail: `QEMU does not list machine type '${spec.machine}'` };
}
