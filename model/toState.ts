// Turns the assigned working definition into the shared DomainState shape the harness
// also produces from libvirt's XML, so the two can be compared field by field.

import type { ControllerState, DeviceAddress, DeviceState, DomainState } from '../types/domain.js';
import type { DeviceInfo, DomainDef } from './domainDef.js';
import { PCI_CONTROLLER_FACTS, isPciControllerModel } from './pciControllers.js';

/** The address as libvirt would write it after define. */
export function addressOf(info: DeviceInfo): DeviceAddress {
  if (info.type !== 'pci' || info.pci === undefined) return { type: info.type };
  const a = info.pci;
  const pci = { domain: a.domain, bus: a.bus, slot: a.slot, function: a.function };
  return { type: 'pci', pci: a.multi === 'on' ? { ...pci, multifunction: true } : pci };
}

/** Controllers and devices of the definition in the shared DomainState shape. */
export function toDomainState(def: DomainDef): DomainState {
  const controllers: ControllerState[] = def.controllers.map((c) => {
    const state: ControllerState = { type: c.type, index: c.index, address: addressOf(c.info) };
    if (c.model !== undefined) state.model = c.model;
    if (c.type === 'pci' && c.model !== undefined && isPciControllerModel(c.model)) {
      const name = c.modelName ?? PCI_CONTROLLER_FACTS[c.model].modelName;
      if (name !== undefined) state.modelName = name;
    }
    const t = c.target;
    if (t && (t.chassis ?? t.port ?? t.busNr ?? t.chassisNr) !== undefined) state.target = orderedTarget(t);
    if (c.hotplug !== undefined) state.hotplug = c.hotplug;
    if (c.alias !== undefined) state.alias = c.alias;
    return state;
  });
  const devices: DeviceState[] = [];
  const push = (d: { key: string; alias?: string; info: DeviceInfo }) =>
    devices.push(d.alias === undefined ? { key: d.key, address: addressOf(d.info) } : { key: d.key, address: addressOf(d.info), alias: d.alias });
  for (const kind of [def.disks, def.nets, def.videos, def.sounds, def.rngs, def.watchdogs, def.inputs, def.hostdevNets, def.hostdevs, def.smartcards, def.pciSerials, def.vsocks, def.filesystems, def.iommus, def.shmems, def.memoryDevices, def.platformDevices, def.panics, def.hubs]) kind.forEach(push);
  if (def.memballoon) push(def.memballoon);
  return { machine: def.machine, controllers, devices };
}

/** The target numbers in one fixed key order, leaving out the ones libvirt does not write. */
function orderedTarget(t: NonNullable<ControllerState['target']>): NonNullable<ControllerState['target']> {
  const out: NonNullable<ControllerState['target']> = {};
  if (t.chassis !== undefined) out.chassis = t.chassis;
  if (t.port !== undefined) out.port = t.port;
  if (t.busNr !== undefined) out.busNr = t.busNr;
  if (t.chassisNr !== undefined) out.chassisNr = t.chassisNr;
  return out;
}
