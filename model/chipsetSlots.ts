// Slots the chipset pins before any other device is placed
// (qemuDomainValidateDevicePCISlotsPIIX3 / ...Q35): the integrated functions of PIIX3 on
// slot 1 and the primary video on slot 2 for i440fx; SATA at 1f.2, the ISA bridge and SMBus
// on 1f, USB2 sets on 1d/1a, a DMI bridge on 1e, the primary video on slot 1 and ICH9 audio
// on 1b for q35. These run in both passes and write addresses into the definition.

import type { WorkAddress } from './addressSet.js';
import type { PciAddressSet } from './addressSet.js';
import { Connect, PCI_ENDPOINT } from './connectFlags.js';
import { pciAddressPresent, pciAddressWanted, type DeviceDef, type DomainDef } from './domainDef.js';
import { reject } from './errors.js';

const at = (slot: number, fn = 0): WorkAddress => ({ domain: 0, bus: 0, slot, function: fn });
const same = (a: WorkAddress | undefined, b: WorkAddress) =>
  a !== undefined && a.domain === b.domain && a.bus === b.bus && a.slot === b.slot && a.function === b.function;

/** Reserves the chipset's pinned slots for the family of the definition. */
export function reserveChipsetSlots(def: DomainDef, set: PciAddressSet): void {
  if (def.facts.family === 'i440fx') reservePiix3(def, set);
  else if (def.facts.family === 'q35') reserveIch9(def, set);
}

function reservePiix3(def: DomainDef, set: PciAddressSet): void {
  for (const c of def.controllers) {
    let pinned: WorkAddress;
    if (c.type === 'ide' && c.index === 0) pinned = at(1, 1);
    else if (c.type === 'usb' && c.index === 0 && c.model === 'piix3-uhci') pinned = at(1, 2);
    else continue;
    if (pciAddressPresent(c.info)) {
      if (!same(c.info.pci, pinned)) {
        reject('invalid-address', c.type === 'ide' ? 'Primary IDE controller must have PCI address 0:0:1.1' : 'PIIX3 USB controller at index 0 must have PCI address 0:0:1.2');
      }
    } else {
      c.info.type = 'pci';
      c.info.pci = { ...pinned };
    }
    set.reserve(pinned, PCI_ENDPOINT, true);
  }
  // the ISA bridge (1.0) and the ACPI/PM function (1.3) are not in the config but always there
  set.reserve(at(1, 0), PCI_ENDPOINT, true);
  set.reserve(at(1, 3), PCI_ENDPOINT, true);
  placePrimaryVideo(def, set, 2, PCI_ENDPOINT);
}

function reserveIch9(def: DomainDef, set: PciAddressSet): void {
  const flags = Connect.PCIE_DEVICE;
  for (const c of def.controllers) {
    if (c.type === 'sata' && c.index === 0) {
      const pinned = at(0x1f, 2);
      if (pciAddressPresent(c.info)) {
        if (!same(c.info.pci, pinned)) reject('invalid-address', 'Primary SATA controller must have PCI address 0:0:1f.2');
      } else {
        // written into the config only; reserved when the second pass collects it
        c.info.type = 'pci';
        c.info.pci = pinned;
      }
    } else if (c.type === 'usb' && c.model === 'ich9-uhci1' && c.info.type === 'none') {
      const slot = !set.slotInUse(at(0x1d)) ? 0x1d : !set.slotInUse(at(0x1a)) ? 0x1a : undefined;
      if (slot !== undefined) {
        set.reserve(at(slot), flags, true);
        c.info.type = 'pci';
        c.info.pci = { ...at(slot), multi: 'on' };
      }
    } else if (c.type === 'pci' && c.model === 'dmi-to-pci-bridge' && c.info.type === 'none') {
      if (!set.slotInUse(at(0x1e))) {
        set.reserve(at(0x1e), flags, true);
        c.info.type = 'pci';
        c.info.pci = at(0x1e);
      }
    }
  }
  // the LPC/ISA bridge (1f.0) and SMBus (1f.3) are always present
  set.reserve(at(0x1f, 0), flags, true);
  set.reserve(at(0x1f, 3), flags, true);
  placePrimaryVideo(def, set, 1, flags);
  if (!set.slotInUse(at(0x1b))) {
    const ich9 = def.sounds.find((s) => s.model === 'ich9' && pciAddressWanted(s.info));
    if (ich9) {
      set.reserve(at(0x1b), flags, true);
      ich9.info.type = 'pci';
      ich9.info.pci = at(0x1b);
    }
  }
}

/** The first video goes to the chipset's video slot when that is free, else to the next free slot. */
function placePrimaryVideo(def: DomainDef, set: PciAddressSet, slot: number, flags: number): void {
  const video: DeviceDef | undefined = def.videos[0];
  if (video === undefined || video.info.flags === 0 || !pciAddressWanted(video.info)) return;
  const wanted = at(slot);
  set.validate(wanted, flags, true);
  if (set.slotInUse(wanted)) {
    const a = set.reserveNext(video.info.flags, -1);
    if (!set.dryRun) {
      video.info.type = 'pci';
      video.info.pci = a;
    }
  } else {
    set.reserve(wanted, flags, true);
    video.info.type = 'pci';
    video.info.pci = wanted;
  }
}
