// Resolves per-device address forms (address.ts) against a concrete spec: picks free
// slots on the root bus, free ports, free bridge slots and buses above the declared ones,
// never reusing an address already taken, so that the result is valid input. (Clashes
// are made on purpose in faultInjection.ts, not here.)

import type { DomainSpec, UserAddress } from '../../types/domain.js';
import type { AddressForm, RootStyle } from './address.js';
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

function rootAddress(slot: number, style: RootStyle): UserAddress {
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

/** Slots 1..31, those a pci-bridge's bus offers. */
const BRIDGE_SLOTS = Array.from({ length: 31 }, (_, i) => i + 1);

/** What resolving a plan works over: the copied spec's devices and buses, and the slots taken so far. */
interface PlanState {
  readonly family: GenFamily;
  readonly devices: AddressableDevice[];
  readonly book: SlotBook;
  /** Indexes of the declared root ports (and other one-slot buses). */
  readonly ports: number[];
  /** Indexes of the declared pci-bridges (and other 31-slot buses). */
  readonly bridges: number[];
  readonly highestBus: number;
}

function planState(out: DomainSpec, family: GenFamily): PlanState {
  const buses = declaredPciBuses(out);
  const indexesOf = (models: ReadonlySet<string>) => buses.filter((b) => b.model !== undefined && models.has(b.model)).map((b) => b.index);
  return {
    family,
    devices: addressableDevices(out),
    book: SlotBook.of(out),
    ports: indexesOf(PORT_MODELS),
    bridges: indexesOf(BRIDGE_MODELS),
    highestBus: Math.max(0, ...buses.map((b) => b.index)),
  };
}

/** Gives device `i` the pick-th free slot of the root bus (nothing when the root bus is full). */
function placeOnRoot(state: PlanState, i: number, pick: number, style: RootStyle): void {
  const slot = state.book.pickSlot(0, rootSlots(state.family), pick);
  if (slot === undefined) return;
  state.book.take(0, slot);
  state.devices[i].holder.address = rootAddress(slot, style);
}

/** Device `i` on function 0 of `slot` of `bus`, that slot marked taken. */
function placeAt(state: PlanState, i: number, bus: number, slot: number): void {
  state.book.take(bus, slot);
  state.devices[i].holder.address = { type: 'pci', domain: 0, bus, slot, function: 0 };
}

type FormOf<K extends AddressForm['kind']> = Extract<AddressForm, { kind: K }>;

/** How each form is resolved for device `i`; a form that finds no room falls back to the root bus or leaves the device to libvirt. */
const PLACE: { [K in AddressForm['kind']]: (state: PlanState, i: number, form: FormOf<K>) => void } = {
  root: (state, i, form) => placeOnRoot(state, i, form.pick, form.style),
  'auto-zero': (state, i, form) => {
    state.devices[i].holder.address =
      form.style === 'bus' ? { type: 'pci', bus: 0 } : form.style === 'slot' ? { type: 'pci', slot: 0 } : { type: 'pci', domain: 0, bus: 0, slot: 0, function: 0 };
  },
  port: (state, i, form) => {
    const free = state.ports.filter((p) => state.book.isFree(p, 0));
    if (free.length === 0) return placeOnRoot(state, i, form.pick, 'full');
    const bus = free[form.pick % free.length];
    state.book.take(bus, 0);
    state.devices[i].holder.address = form.style === 'full' ? { type: 'pci', domain: 0, bus, slot: 0, function: 0 } : { type: 'pci', bus };
  },
  bridge: (state, i, form) => {
    const bus = state.bridges.length === 0 ? undefined : state.bridges[form.pick % state.bridges.length];
    const slot = bus === undefined ? undefined : state.book.pickSlot(bus, BRIDGE_SLOTS, form.slotPick);
    if (bus === undefined || slot === undefined) return placeOnRoot(state, i, form.pick, 'full');
    placeAt(state, i, bus, slot);
  },
  far: (state, i, form) => {
    const bus = state.highestBus + form.offset;
    // libvirt fills the missing indexes with pci-bridges on pc (slots 1..31) and with
    // root ports on q35/virt (slot 0 only, and only for a device that wants PCIe).
    if (state.family !== 'i440fx' && !state.devices[i].pcieNative) return placeOnRoot(state, i, form.slotPick, 'full');
    const slot = state.book.pickSlot(bus, state.family === 'i440fx' ? BRIDGE_SLOTS : [0], form.slotPick);
    if (slot !== undefined) placeAt(state, i, bus, slot);
  },
  multifunction: (state, i, form) => {
    const slot = state.book.pickSlot(0, rootSlots(state.family), form.pick);
    if (slot === undefined) return;
    state.book.take(0, slot);
    const { devices } = state;
    devices[i].holder.address = { type: 'pci', domain: 0, bus: 0, slot, function: 0, multifunction: 'on' };
    let fn = 1;
    for (let j = i + 1; j < devices.length && fn < form.size; j++) {
      if (devices[j].holder.address !== undefined) continue;
      devices[j].holder.address = { type: 'pci', domain: 0, bus: 0, slot, function: fn++ };
    }
  },
  mmio: (state, i) => {
    if (state.family === 'arm-virt' && state.devices[i].virtio) state.devices[i].holder.address = { type: 'virtio-mmio' };
  },
};

/** Returns a copy of `spec` with the plan's forms resolved onto its addressable devices. */
export function applyAddressPlan(spec: DomainSpec, plan: (AddressForm | null)[], family: GenFamily): DomainSpec {
  // A JSON round trip rather than structuredClone: arbitraries may hand out one object
  // twice (fc.constant), and giving one of them an address must not address the other.
  const out: DomainSpec = JSON.parse(JSON.stringify(spec)) as DomainSpec;
  const state = planState(out, family);
  for (let i = 0; i < state.devices.length; i++) {
    const form = plan[i];
    if (form === null || form === undefined || state.devices[i].holder.address !== undefined) continue;
    (PLACE[form.kind] as (state: PlanState, i: number, form: AddressForm) => void)(state, i, form);
  }
  return out;
}
