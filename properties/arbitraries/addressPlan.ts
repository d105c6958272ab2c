// Resolves per-device address forms (address.ts) against a concrete spec: picks free
// slots on the root bus, free ports, free bridge slots and buses above the declared ones,
// never reusing an address already taken, so that the result is valid input. (Clashes
// are made on purpose in faultInjection.ts, not here.)

import type { DomainSpec, UserAddress } from '../../types/domain.js';
import type { AddressForm } from './address.js';
import type { GenFamily } from './family.js';
import { type AddressableDevice, addressableDevices } from './pciDevices.js';
import { BRIDGE_MODELS, declaredPciBuses, PORT_MODELS } from './pciBuses.js';

/** Slots of bus 0 a generated address may use: not pc's PIIX3 (1) nor q35's LPC/SMBus/SATA (0x1f). */
export function rootSlots(family: GenFamily): number[] {
  const [low, high] = family === 'i440fx' ? [2, 31] : family === 'q35' ? [1, 30] : [1, 31];
  return Array.from({ length: high - low + 1 }, (_, i) => low + i);
}

/** Where user addresses already sit, by bus and slot (any function counts as the slot taken). */
class SlotBook {
  private readonly taken = new Set<string>();

  /** Records every PCI address already present in the spec. */
  static of(spec: DomainSpec): SlotBook {
    const book = new SlotBook();
    for (const c of spec.controllers) if (c.address?.type === 'pci') book.take(c.address.bus ?? 0, c.address.slot ?? 0);
    for (const d of addressableDevices(spec)) if (d.holder.address?.type === 'pci') book.take(d.holder.address.bus ?? 0, d.holder.address.slot ?? 0);
    return book;
  }

  take(bus: number, slot: number): void {
    this.taken.add(`${bus}:${slot}`);
  }

  isFree(bus: number, slot: number): boolean {
    return !this.taken.has(`${bus}:${slot}`);
  }

  /** The pick-th (modulo) free slot of `bus` among `slots`, or undefined when all are taken. */
  pickSlot(bus: number, slots: number[], pick: number): number | undefined {
    const free = slots.filter((s) => this.isFree(bus, s));
    return free.length === 0 ? undefined : free[pick % free.length];
  }
}

function rootAddress(slot: number, style: 'full' | 'slot' | 'slot+function' | 'bus+slot'): UserAddress {
  switch (style) {
    case 'full':
      return { type: 'pci', domain: 0, bus: 0, slot, function: 0 };
    case 'slot':
      return { type: 'pci', slot };
    case 'slot+function':
      return { type: 'pci', slot, function: 0 };
    case 'bus+slot':
      return { type: 'pci', bus: 0, slot };
  }
}

/** Returns a copy of `spec` with the plan's forms resolved onto its addressable devices. */
export function applyAddressPlan(spec: DomainSpec, plan: (AddressForm | null)[], family: GenFamily): DomainSpec {
  // A JSON round trip rather than structuredClone: arbitraries may hand out one object
  // twice (fc.constant), and giving one of them an address must not address the other.
  const out: DomainSpec = JSON.parse(JSON.stringify(spec)) as DomainSpec;
  const devices = addressableDevices(out);
  const book = SlotBook.of(out);
  const buses = declaredPciBuses(out);
  const ports = buses.filter((b) => b.model !== undefined && PORT_MODELS.has(b.model)).map((b) => b.index);
  const bridges = buses.filter((b) => b.model !== undefined && BRIDGE_MODELS.has(b.model)).map((b) => b.index);
  const highestBus = Math.max(0, ...buses.map((b) => b.index));
  const bridgeSlots = Array.from({ length: 31 }, (_, i) => i + 1);

  const onRoot = (device: AddressableDevice, pick: number, style: 'full' | 'slot' | 'slot+function' | 'bus+slot') => {
    const slot = book.pickSlot(0, rootSlots(family), pick);
    if (slot === undefined) return;
    book.take(0, slot);
    device.holder.address = rootAddress(slot, style);
  };

  for (let i = 0; i < devices.length; i++) {
    const form = plan[i];
    const device = devices[i];
    if (form === null || form === undefined || device.holder.address !== undefined) continue;
    switch (form.kind) {
      case 'root':
        onRoot(device, form.pick, form.style);
        break;
      case 'auto-zero':
        device.holder.address =
          form.style === 'bus' ? { type: 'pci', bus: 0 } : form.style === 'slot' ? { type: 'pci', slot: 0 } : { type: 'pci', domain: 0, bus: 0, slot: 0, function: 0 };
        break;
      case 'port': {
        const free = ports.filter((p) => book.isFree(p, 0));
        if (free.length === 0) {
          onRoot(device, form.pick, 'full');
          break;
        }
        const bus = free[form.pick % free.length];
        book.take(bus, 0);
        device.holder.address = form.style === 'full' ? { type: 'pci', domain: 0, bus, slot: 0, function: 0 } : { type: 'pci', bus };
        break;
      }
      case 'bridge': {
        const bus = bridges.length === 0 ? undefined : bridges[form.pick % bridges.length];
        const slot = bus === undefined ? undefined : book.pickSlot(bus, bridgeSlots, form.slotPick);
        if (bus === undefined || slot === undefined) {
          onRoot(device, form.pick, 'full');
          break;
        }
        book.take(bus, slot);
        device.holder.address = { type: 'pci', domain: 0, bus, slot, function: 0 };
        break;
      }
      case 'far': {
        const bus = highestBus + form.offset;
        // libvirt fills the missing indexes with pci-bridges on pc (slots 1..31) and with
        // root ports on q35/virt (slot 0 only, and only for a device that wants PCIe).
        if (family !== 'i440fx' && !device.pcieNative) {
          onRoot(device, form.slotPick, 'full');
          break;
        }
        const slot = book.pickSlot(bus, family === 'i440fx' ? bridgeSlots : [0], form.slotPick);
        if (slot === undefined) break;
        book.take(bus, slot);
        device.holder.address = { type: 'pci', domain: 0, bus, slot, function: 0 };
        break;
      }
      case 'multifunction': {
        const slot = book.pickSlot(0, rootSlots(family), form.pick);
        if (slot === undefined) break;
        book.take(0, slot);
        device.holder.address = { type: 'pci', domain: 0, bus: 0, slot, function: 0, multifunction: 'on' };
        let fn = 1;
        for (let j = i + 1; j < devices.length && fn < form.size; j++) {
          if (devices[j].holder.address !== undefined) continue;
          devices[j].holder.address = { type: 'pci', domain: 0, bus: 0, slot, function: fn++ };
        }
        break;
      }
      case 'mmio':
        if (family === 'arm-virt' && device.virtio) device.holder.address = { type: 'virtio-mmio' };
        break;
    }
  }
  return out;
}
