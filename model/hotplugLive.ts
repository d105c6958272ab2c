// Where a live attach lands (qemuDomainEnsurePCIAddress): libvirt keeps the address set it
// built when the guest started (every address reserved, the chipset's slots too, nothing
// in reserve and no bus ever grown) and takes the next free slot whose bus can take a
// hotplugged device of that kind. No room means a refusal, never a new controller.

import type { BuildProfile, DomainSpec } from '../types/domain.js';
import { PciAddressSet, type WorkAddress } from './addressSet.js';
import { busesFromControllers, collectUserAddresses } from './assign.js';
import { buildDomainDef } from './buildDef.js';
import { reserveChipsetSlots } from './chipsetSlots.js';
import { Connect } from './connectFlags.js';
import { pciAddressWanted, type DeviceInfo, type DomainDef } from './domainDef.js';
import { OutsideCoverage, PredictedRejection } from './errors.js';
import { FAMILIES } from './families.js';
import { releaseFacts } from './releases.js';
import { classifyMachine } from './machines.js';
import type { HotplugDevice } from './hotplugTypes.js';
import { attachedNetKey, diskKey } from '../types/keys.js';

/** Result of looking for a live slot: the address, libvirt's refusal, or outside coverage. */
export type LiveSlot =
  | { kind: 'slot'; address: WorkAddress; rootBus: boolean }
  | { kind: 'no-free-slot'; detail: string }
  | { kind: 'unsupported'; reason: string };

/** The spec with one more device, placed nowhere yet. */
export function withDevice(spec: DomainSpec, device: HotplugDevice): DomainSpec {
  switch (device.kind) {
    case 'net':
      return { ...spec, nets: [...spec.nets, device.spec] };
    case 'disk':
      return { ...spec, disks: [...spec.disks, device.spec] };
    case 'controller':
      return { ...spec, controllers: [...spec.controllers, device.spec] };
  }
}

/** The info of the one device of `def` that still wants an address: the attached one. */
function newDeviceInfo(def: DomainDef, device: HotplugDevice): DeviceInfo | undefined {
  if (device.kind === 'net') return def.nets.find((n) => n.key === attachedNetKey(device.spec))?.info;
  if (device.kind === 'disk') return def.disks.find((d) => d.key === diskKey(device.spec.target))?.info;
  return def.controllers.find((c) => c.type === device.spec.type && c.info.flags !== 0 && pciAddressWanted(c.info))?.info;
}

/** The slot a live attach of `device` takes on a guest running the pinned `spec`. */
export function liveSlot(spec: DomainSpec, device: HotplugDevice, profile: BuildProfile): LiveSlot {
  const machine = classifyMachine(spec.machine, profile.machines);
  const facts = machine && FAMILIES[machine.family];
  if (!machine || !facts || machine.family === 'arm-virt') return { kind: 'unsupported', reason: `hotplug on machine ${spec.machine}` };
  try {
    const def = buildDomainDef(withDevice(spec, device), facts, machine.canonical, releaseFacts(profile));
    const set = new PciAddressSet(busesFromControllers(def, def.maxPciIndex + 1), false);
    collectUserAddresses(def, set);
    reserveChipsetSlots(def, set);
    const info = newDeviceInfo(def, device);
    if (info === undefined || info.flags === 0) return { kind: 'unsupported', reason: `live attach of a non-PCI ${device.kind}` };
    // every hotplugged endpoint demands a hotplug-capable bus (pcie.0 and dmi-to-pci-bridge are not)
    const address = set.reserveNext(info.flags | Connect.HOTPLUGGABLE, -1);
    return { kind: 'slot', address, rootBus: address.bus === 0 };
  } catch (e) {
    if (e instanceof PredictedRejection && e.errorClass === 'no-free-slot') return { kind: 'no-free-slot', detail: e.message };
    if (e instanceof PredictedRejection) return { kind: 'unsupported', reason: `live attach: the definition itself is refused (${e.errorClass})` };
    if (e instanceof OutsideCoverage) return { kind: 'unsupported', reason: e.message };
    throw e;
  }
}
