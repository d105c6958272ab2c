// libvirt's PCI address assignment (qemuDomainAssignPCIAddresses) in its two passes. The
// first, a dry run, places every device while growing buses wherever none has room, and
// reserves the spare slots libvirt keeps (a bridge slot on pci-root, one empty root port on
// pcie-root); the buses it grew become auto-added controllers. The second places everything
// for real on the final set of buses, in libvirt's fixed device order.

import type { PciControllerModel } from '../types/domain.js';
import { makeBus, PciAddressSet, type AddressBus } from './addressSet.js';
import { reserveChipsetSlots } from './chipsetSlots.js';
import { PCI_ENDPOINT, PCIE_ENDPOINT } from './connectFlags.js';
import { controllerFlags, machineFlags } from './deviceFlags.js';
import { addImplicitController, pciAddressPresent, pciAddressWanted, type ControllerDef, type DeviceInfo, type DomainDef } from './domainDef.js';
import { reject } from './errors.js';
import { isPciControllerModel, PCI_CONTROLLER_FACTS } from './pciControllers.js';

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

const USB2_FUNCTION: Record<string, { fn: number; multi?: 'on' }> = {
  'ich9-ehci1': { fn: 7 },
  'ich9-uhci1': { fn: 0, multi: 'on' },
  'ich9-uhci2': { fn: 1 },
  'ich9-uhci3': { fn: 2 },
};

/** Assigns PCI addresses to every device of the definition and adds the controllers libvirt would add. */
export function assignPciAddresses(def: DomainDef): void {
  const dry = new PciAddressSet(busesFromControllers(def, def.maxPciIndex + 1), true, def.release.bridgeGrowsRootPort);
  collectUserAddresses(def, dry);
  reserveChipsetSlots(def, dry);
  if (def.facts.rootModel === 'pci-root' && !dry.buses.every((b) => dry.busFullyReserved(b))) {
    // keeps one slot of the existing buses free for a future pci-bridge
    dry.reserveNext(PCI_ENDPOINT, -1);
  }
  assignDeviceSlots(def, dry);
  if (def.maxPciIndex <= 0 && dry.buses.length > def.maxPciIndex + 1 && def.facts.rootModel === 'pcie-root') {
    // libvirt managed the topology, so it leaves one empty root port for hotplug
    dry.reserveNext(PCIE_ENDPOINT, -1);
  }
  addControllersForGrownBuses(def, dry);

  const set = new PciAddressSet(busesFromControllers(def, dry.buses.length), false, def.release.bridgeGrowsRootPort);
  collectUserAddresses(def, set);
  reserveChipsetSlots(def, set);
  assignDeviceSlots(def, set);
  markMultifunction(def);
  fillControllerDefaults(def);
}

/** Buses 0..n-1 with the models of their controllers; gaps get the default model of the root. */
export function busesFromControllers(def: DomainDef, n: number): AddressBus[] {
  const buses: AddressBus[] = [];
  const gap: PciControllerModel = def.facts.rootModel === 'pcie-root' ? 'pcie-root-port' : 'pci-bridge';
  for (let i = 0; i < n; i++) {
    const c = def.controllers.find((x) => x.type === 'pci' && x.index === i);
    const model = c?.model !== undefined && isPciControllerModel(c.model) ? c.model : gap;
    buses.push(makeBus(i === 0 ? def.facts.rootModel : model, c?.hotplug));
  }
  return buses;
}

/**
 * Every device's info in the order libvirt iterates devices (virDomainDeviceInfoIterate), so
 * the first bad user address found is libvirt's: shared memory, panics and memory devices
 * come after the balloon and RNGs there (an independent generator's file had a shared
 * memory and a controller both misplaced: 9.0 names the controller).
 */
function* allInfos(def: DomainDef): Generator<{ info: DeviceInfo; controller?: ControllerDef }> {
  for (const d of def.disks) yield { info: d.info };
  for (const d of def.nets) yield { info: d.info };
  for (const d of def.hostdevNets) yield { info: d.info };
  for (const d of def.sounds) yield { info: d.info };
  for (const d of def.hostdevs) yield { info: d.info };
  for (const d of def.videos) yield { info: d.info };
  for (const c of def.controllers) yield { info: c.info, controller: c };
  for (const s of def.pciSerials) yield { info: s.info };
  for (const d of def.inputs) yield { info: d.info };
  for (const d of def.filesystems) yield { info: d.info };
  for (const d of def.watchdogs) yield { info: d.info };
  if (def.memballoon) yield { info: def.memballoon.info };
  for (const d of def.rngs) yield { info: d.info };
  for (const d of def.shmems) yield { info: d.info };
  for (const d of def.panics) yield { info: d.info };
  for (const d of def.memoryDevices) yield { info: d.info };
  for (const d of def.vsocks) yield { info: d.info };
  for (const d of def.iommus) yield { info: d.info };
  for (const d of def.platformDevices) yield { info: d.info };
}

/** Reserves every address the config gives (qemuDomainCollectPCIAddress). */
export function collectUserAddresses(def: DomainDef, set: PciAddressSet): void {
  for (const { info, controller: c } of allInfos(def)) {
    if (!pciAddressPresent(info) || info.pci === undefined) continue;
    const a = info.pci;
    if (c && a.domain === 0 && a.bus === 0 && a.slot === 1) {
      const piix3 = (c.type === 'ide' && c.index === 0 && a.function === 1) || (c.type === 'usb' && c.index === 0 && c.model === 'piix3-uhci' && a.function === 2);
      if (piix3) {
        if (def.facts.rootModel !== 'pci-root') reject('other', 'Bus 0 must be PCI for integrated PIIX3 USB or IDE controllers');
        continue;
      }
    }
    set.reserve(a, info.flags, true);
  }
}

/** Gives the next free address to a device, storing it only in the real pass. */
function placeNext(set: PciAddressSet, info: DeviceInfo, fn = -1): void {
  const a = set.reserveNext(info.flags, fn);
  if (!set.dryRun) {
    info.type = 'pci';
    info.pci = a;
  }
}

/** libvirt's fixed device order (qemuDomainAssignDevicePCISlots). */
function assignDeviceSlots(def: DomainDef, set: PciAddressSet): void {
  for (const c of def.controllers) {
    if (c.type !== 'pci' || c.model === 'pci-root' || c.model === 'pcie-root' || !pciAddressWanted(c.info)) continue;
    placeNext(set, c.info);
  }
  // observed: 9p filesystems come between the PCI controllers and the NICs
  for (const fs of def.filesystems) if (pciAddressWanted(fs.info)) placeNext(set, fs.info);
  for (const n of def.nets) if (pciAddressWanted(n.info)) placeNext(set, n.info);
  for (const s of def.sounds) if ((s.info.flags !== 0 || s.waitsForSlot) && pciAddressWanted(s.info)) placeNext(set, s.info);
  for (const c of def.controllers) {
    // the floppy controller sits on ISA, never on PCI
    if (c.type === 'pci' || c.type === 'fdc' || (c.type === 'usb' && c.model === 'none') || (c.type === 'ide' && c.index === 0)) continue;
    if (!pciAddressWanted(c.info)) continue;
    const usb2 = c.type === 'usb' && c.model !== undefined ? USB2_FUNCTION[c.model] : undefined;
    if (usb2) placeUsb2(def, set, c, usb2);
    else placeNext(set, c.info);
  }
  // libvirt leaves virtio-mmio disks out of PCI assignment where the machine has virtio-mmio
  const mmio = (info: DeviceInfo) => def.facts.virtioMmio === true && info.type === 'virtio-mmio';
  for (const d of def.disks) if (d.bus === 'virtio' && !pciAddressPresent(d.info) && !mmio(d.info)) placeNext(set, d.info);
  // observed (9.0, 11.3, 12.8): a hostdev interface is a host device to the assignment, and comes first among them
  for (const h of [...def.hostdevNets, ...def.hostdevs]) if (pciAddressWanted(h.info)) placeNext(set, h.info);
  if (def.memballoon && def.memballoon.info.flags !== 0 && pciAddressWanted(def.memballoon.info)) placeNext(set, def.memballoon.info);
  for (const r of def.rngs) if (pciAddressWanted(r.info)) placeNext(set, r.info);
  for (const w of def.watchdogs) if (w.info.flags !== 0 && pciAddressWanted(w.info)) placeNext(set, w.info);
  for (const v of def.videos) if (v.info.flags !== 0 && pciAddressWanted(v.info)) placeNext(set, v.info);
  // observed (9.0, 11.3, 12.8): shared memory after the videos
  for (const m of def.shmems) if (pciAddressWanted(m.info)) placeNext(set, m.info);
  for (const i of def.inputs) if (i.bus === 'virtio' && pciAddressWanted(i.info)) placeNext(set, i.info);
  // observed: pci-serial ports come last, after the virtio inputs
  for (const s of def.pciSerials) if (pciAddressWanted(s.info)) placeNext(set, s.info);
  // observed: the vsock after the pci-serial ports
  for (const v of def.vsocks) if (pciAddressWanted(v.info)) placeNext(set, v.info);
  // observed on q35: after the controllers; every other device there sits behind a root port
  for (const m of def.iommus) if (m.info.flags !== 0 && pciAddressWanted(m.info)) placeNext(set, m.info);
  // observed (9.0, 11.3, 12.8): virtio memory devices after the vsock
  for (const m of def.memoryDevices) if (m.info.flags !== 0 && pciAddressWanted(m.info)) placeNext(set, m.info);
  // observed (11.3, 12.8): crypto, then pstore, after the vsock
  for (const d of def.platformDevices) if (pciAddressWanted(d.info)) placeNext(set, d.info);
  // observed (11.3, 12.8): a pvpanic after everything, the vsock included
  for (const p of def.panics) if (pciAddressWanted(p.info)) placeNext(set, p.info);
}

/** An ICH9 USB2 controller shares one slot with the others of its index, each on its own function. */
function placeUsb2(def: DomainDef, set: PciAddressSet, c: ControllerDef, usb2: { fn: number; multi?: 'on' }): void {
  const sibling = def.controllers.find((x) => x.type === 'usb' && x.index === c.index && x.model !== undefined && USB2_FUNCTION[x.model] && pciAddressPresent(x.info));
  if (sibling?.info.pci) {
    const a = { ...sibling.info.pci, function: usb2.fn, multi: usb2.multi };
    set.reserve(a, c.info.flags, true);
    c.info.type = 'pci';
    c.info.pci = a;
    return;
  }
  const a = set.reserveNext(c.info.flags, usb2.fn);
  if (!set.dryRun) {
    c.info.type = 'pci';
    c.info.pci = { ...a, multi: usb2.multi };
  }
}

/** Adds a controller for every bus the dry run grew, each taking a slot of its own (may grow more). */
function addControllersForGrownBuses(def: DomainDef, dry: PciAddressSet): void {
  const f = machineFlags(def.facts.rootModel === 'pcie-root');
  for (let i = 1; i < dry.buses.length; i++) {
    if (def.controllers.some((c) => c.type === 'pci' && c.index === i)) continue;
    const model = dry.buses[i].model;
    const c: ControllerDef = { type: 'pci', index: i, model, companion: false, info: { type: 'none', flags: 0 } };
    c.info.flags = controllerFlags('pci', model, f);
    addImplicitController(def.controllers, c, def.release);
    dry.reserveNext(c.info.flags, -1);
  }
}

/** Sets multifunction='on' on function 0 of every slot where another function is in use. */
function markMultifunction(def: DomainDef): void {
  const infos = [...allInfos(def)].map((x) => x.info).filter((i) => i.type === 'pci' && i.pci !== undefined);
  for (const i of infos) {
    const a = i.pci!;
    if (a.function === 0) continue;
    const head = infos.find((j) => j.pci!.domain === a.domain && j.pci!.bus === a.bus && j.pci!.slot === a.slot && j.pci!.function === 0);
    if (head && head.pci!.multi === undefined) head.pci!.multi = 'on';
  }
}

/** Fills the <target> numbers libvirt derives and checks that every pci-bridge sits below its own index. */
function fillControllerDefaults(def: DomainDef): void {
  for (const c of def.controllers) {
    if (c.type !== 'pci' || c.model === undefined || !isPciControllerModel(c.model)) continue;
    const facts = PCI_CONTROLLER_FACTS[c.model];
    const a = c.info.pci;
    const t = (c.target ??= {});
    if (facts.targetDefaults === 'pci-bridge') t.chassisNr ??= c.index;
    if (facts.targetDefaults === 'root-port' && a) {
      t.chassis ??= c.index;
      t.port ??= (a.slot << 3) + a.function;
    }
    if (facts.targetDefaults === 'downstream-port' && a) {
      t.chassis ??= c.index;
      t.port ??= a.slot;
    }
    if (c.model === 'pci-bridge' && a && c.index <= a.bus) {
      // libvirt prints both in hex too (observed on 9.0: "at index 1 (0x01) has bus='0x02'")
      reject('wrong-controller', `PCI controller at index ${c.index} (0x${hex2(c.index)}) has bus='0x${hex2(a.bus)}', but index must be larger than bus`);
    }
  }
}
