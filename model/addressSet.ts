// libvirt's PCI address set (virDomainPCIAddressSet): one entry per bus with the flags it
// offers and its slot range, and per slot a bitmask of reserved functions. It reserves
// addresses given in the config, finds the next free slot for a device, and — in the
// first ("dry run") pass only — grows new buses when no existing one has room.

import type { PciControllerModel } from '../types/domain.js';
import { Connect, CONNECT_TYPES_ENDPOINT, CONNECT_TYPES_MASK } from './connectFlags.js';
import { reject } from './errors.js';
import { PCI_CONTROLLER_FACTS } from './pciControllers.js';

/** A PCI address being worked on; libvirt mutates these in place, so does the model. */
export interface WorkAddress {
  domain: number;
  bus: number;
  slot: number;
  function: number;
  multi?: 'on' | 'off';
}

/** One bus of the set: what it accepts, where, and what is taken. */
export interface AddressBus {
  model: PciControllerModel;
  flags: number;
  minSlot: number;
  maxSlot: number;
  /** Bitmask of reserved functions, per slot 0..31. */
  functions: Uint8Array;
  /** Slots whose first user aggregates (root ports pack 8 to a slot). */
  aggregate: Uint8Array;
}

const SLOTS = 32;
const LAST_FUNCTION = 7;

/**
 * Creates a bus for a controller model. A port the user switched to hotplug='off' loses the
 * hotplug flag: only a live attach asks for it, so a define places devices there all the same.
 */
export function makeBus(model: PciControllerModel, hotplug: 'on' | 'off' | undefined = undefined): AddressBus {
  const facts = PCI_CONTROLLER_FACTS[model];
  return {
    model,
    flags: facts.downstream | (facts.hotplugCapable && hotplug !== 'off' ? Connect.HOTPLUGGABLE : 0),
    minSlot: facts.minSlot,
    maxSlot: facts.maxSlot,
    functions: new Uint8Array(SLOTS),
    aggregate: new Uint8Array(SLOTS),
  };
}

/** libvirt's textual form of an address, as used in its error messages. */
export function formatAddress(a: WorkAddress): string {
  const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');
  return `${hex(a.domain, 4)}:${hex(a.bus, 2)}:${hex(a.slot, 2)}.${hex(a.function, 1)}`;
}

/** The set of buses and reservations of one assignment pass. */
export class PciAddressSet {
  readonly buses: AddressBus[];
  /** First pass: do not store addresses, grow buses instead of failing. */
  readonly dryRun: boolean;

  /** Whether a pcie-to-pci-bridge with no free root port gets a new one (see ReleaseFacts). */
  private readonly bridgeGrowsRootPort: boolean;

  constructor(buses: AddressBus[], dryRun: boolean, bridgeGrowsRootPort = false) {
    this.buses = buses;
    this.dryRun = dryRun;
    this.bridgeGrowsRootPort = bridgeGrowsRootPort;
  }

  /** Whether any function of the slot is reserved. */
  slotInUse(a: WorkAddress): boolean {
    return this.buses[a.bus].functions[a.slot] !== 0;
  }

  /** Whether every slot of the bus has at least one reserved function. */
  busFullyReserved(bus: AddressBus): boolean {
    for (let s = bus.minSlot; s <= bus.maxSlot; s++) if (bus.functions[s] === 0) return false;
    return true;
  }

  /** Validates an address for a device with `flags` (virDomainPCIAddressValidate); throws the rejection libvirt reports. */
  validate(a: WorkAddress, flags: number, fromConfig: boolean): void {
    const text = formatAddress(a);
    if (this.buses.length === 0) reject('unknown-machine', 'No PCI buses available');
    if (a.domain !== 0) reject('invalid-address', `Invalid PCI address ${text}. Only PCI domain 0 is available`);
    if (a.bus >= this.buses.length) {
      reject('bus-not-found', `Invalid PCI address ${text}. Only PCI buses up to ${this.buses.length - 1} are available`);
    }
    const bus = this.buses[a.bus];
    // an integrated device fits the root bus whatever its type, and no other bus (observed)
    if (flags & Connect.INTEGRATED && a.bus !== 0) reject('other', `The device at PCI address ${text} needs to be an integrated device (bus=0)`);
    if (!(flags & Connect.INTEGRATED) && !flagsCompatible(bus.flags, flags, fromConfig)) {
      reject('wrong-controller', `The device at PCI address ${text} cannot be plugged into the PCI controller with index='${a.bus}'`);
    }
    if (bus.minSlot && a.slot < bus.minSlot) reject('invalid-address', `Invalid PCI address ${text}. slot must be >= ${bus.minSlot}`);
    if (a.slot > bus.maxSlot) reject('invalid-address', `Invalid PCI address ${text}. slot must be <= ${bus.maxSlot}`);
    if (a.function > LAST_FUNCTION) reject('invalid-address', `Invalid PCI address ${text}. function must be <= ${LAST_FUNCTION}`);
  }

  /** Reserves one function (virDomainPCIAddressReserveAddrInternal); grows buses first in a dry run. */
  reserve(a: WorkAddress, flags: number, fromConfig: boolean): void {
    if (this.dryRun) this.grow(a, flags);
    this.validate(a, flags, fromConfig);
    const bus = this.buses[a.bus];
    if (bus.functions[a.slot] & (1 << a.function)) {
      reject('address-in-use', `Attempted double use of PCI Address ${formatAddress(a)}`);
    }
    if (bus.functions[a.slot] === 0 && flags & Connect.AGGREGATE_SLOT) bus.aggregate[a.slot] = 1;
    bus.functions[a.slot] |= 1 << a.function;
  }

  /** Finds and reserves the next free address (virDomainPCIAddressReserveNextAddr); `fn` -1 means any function. */
  reserveNext(flags: number, fn: number): WorkAddress {
    const a = this.nextAddress(flags, fn);
    this.reserve(a, flags, false);
    return a;
  }

  private nextAddress(flags: number, fn: number): WorkAddress {
    if (this.buses.length === 0) reject('unknown-machine', 'No PCI buses available');
    const a: WorkAddress = { domain: 0, bus: 0, slot: 0, function: fn === -1 ? 0 : fn };
    // isolation groups only matter on pSeries: every bus here is in group 0
    // an integrated device only ever goes on the root bus
    const last = flags & Connect.INTEGRATED ? 1 : this.buses.length;
    for (a.bus = 0; a.bus < last; a.bus++) {
      const bus = this.buses[a.bus];
      a.slot = bus.minSlot;
      if (this.findFunctionOnBus(bus, a, fn, flags)) return a;
    }
    // like any device, an integrated one with the root bus full gets a new bus in the dry
    // run, which reserve() then refuses as no root bus (observed: a pvpanic on pc and q35)
    a.bus = this.buses.length;
    if (this.dryRun) {
      this.grow(a, flags);
      a.slot = this.buses[a.bus].minSlot;
      return a;
    }
    return reject('no-free-slot', 'No more available PCI slots');
  }

  /** Scans one bus from a.slot on; leaves a at the hit. */
  private findFunctionOnBus(bus: AddressBus, a: WorkAddress, fn: number, flags: number): boolean {
    if (!(flags & Connect.INTEGRATED) && !flagsCompatible(bus.flags, flags, false)) return false;
    for (; a.slot <= bus.maxSlot; a.slot++) {
      const used = bus.functions[a.slot];
      if (used === 0) return true;
      if (flags & Connect.AGGREGATE_SLOT && bus.aggregate[a.slot]) {
        if ((used & (1 << a.function)) === 0) return true;
        if (fn === -1) {
          for (; a.function <= LAST_FUNCTION; a.function++) if ((used & (1 << a.function)) === 0) return true;
          a.function = 0;
        }
      }
    }
    return false;
  }

  /**
   * Adds buses so that a.bus exists (virDomainPCIAddressSetGrow). The controller added depends on
   * the device: a PCI endpoint gets pci-bridges, or on a pure PCIe topology a pcie-root-port plus
   * pcie-to-pci-bridge (which bumps a.bus by one); a PCIe endpoint gets a pcie-root-port.
   */
  grow(a: WorkAddress, flags: number): void {
    let add = a.bus - this.buses.length + 1;
    if (add <= 0) return;
    let model: PciControllerModel;
    let needPcieToPci = false;
    if (flags & Connect.PCI_DEVICE) {
      model = 'pci-bridge';
      // QEMU 7.2 has pcie-pci-bridge, so libvirt never falls back to dmi-to-pci-bridge here
      needPcieToPci = !this.buses.some((b) => b.flags & Connect.PCI_BRIDGE);
      if (needPcieToPci && add === 1) {
        add++;
        a.bus++;
      }
    } else if (flags & (Connect.PCIE_DEVICE | Connect.PCIE_SWITCH_UPSTREAM_PORT) || (this.bridgeGrowsRootPort && flags & Connect.PCIE_TO_PCI_BRIDGE)) {
      model = 'pcie-root-port';
    } else {
      const controller = controllerModelForConnectType(flags);
      reject(
        'no-free-slot',
        controller
          ? `a PCI slot is needed to connect a PCI controller model='${controller}', but none is available, and it cannot be automatically added`
          : `Cannot automatically add a new PCI bus for a device with connect flags ${flags.toString(16)}`,
      );
    }
    const target = this.buses.length + add;
    if (needPcieToPci) {
      // this root port may only take the bridge, so the spare port libvirt adds later stays empty
      const port = makeBus('pcie-root-port');
      port.flags = Connect.PCIE_TO_PCI_BRIDGE;
      this.buses.push(port, makeBus('pcie-to-pci-bridge'));
    }
    while (this.buses.length < target) this.buses.push(makeBus(model));
  }
}

/** Whether a bus offering `busFlags` can take a device needing `devFlags` (virDomainPCIAddressFlagsCompatible). */
export function flagsCompatible(busFlags: number, devFlags: number, fromConfig: boolean): boolean {
  if (fromConfig) {
    // a user-given address may put a PCI device on a PCIe slot and vice versa, and a pci-bridge anywhere a PCI device fits
    if (busFlags & CONNECT_TYPES_ENDPOINT) busFlags |= CONNECT_TYPES_ENDPOINT;
    if (devFlags & Connect.PCI_BRIDGE) devFlags |= Connect.PCI_DEVICE;
  } else if (devFlags & Connect.AUTOASSIGN && !(busFlags & Connect.AUTOASSIGN)) {
    return false;
  }
  if (devFlags & Connect.HOTPLUGGABLE && !(busFlags & Connect.HOTPLUGGABLE)) return false;
  return (devFlags & busFlags & CONNECT_TYPES_MASK) !== 0;
}

function controllerModelForConnectType(flags: number): PciControllerModel | undefined {
  if (flags & Connect.PCIE_ROOT_PORT) return 'pcie-root-port';
  if (flags & Connect.PCIE_SWITCH_UPSTREAM_PORT) return 'pcie-switch-upstream-port';
  if (flags & Connect.PCIE_SWITCH_DOWNSTREAM_PORT) return 'pcie-switch-downstream-port';
  if (flags & Connect.DMI_TO_PCI_BRIDGE) return 'dmi-to-pci-bridge';
  if (flags & Connect.PCI_EXPANDER_BUS) return 'pci-expander-bus';
  if (flags & Connect.PCIE_EXPANDER_BUS) return 'pcie-expander-bus';
  if (flags & Connect.PCI_BRIDGE) return 'pci-bridge';
  return undefined;
}
