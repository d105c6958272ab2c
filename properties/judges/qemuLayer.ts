// The qemu layer: a model-free check that QEMU built what libvirt says it asked for.
// libvirt's live XML names every device (its `<alias>`) and gives its PCI address;
// QEMU's `info qtree` gives every PCI function's id, parent bus and slot.function.
// Both sides become one line per PCI function, "ID on BUS SS.F", and must match
// exactly: a device on another bus or slot, a device QEMU lacks, and a device QEMU
// has that libvirt does not know of all show up in the diff.

import type { ControllerState, DeviceAddress, DomainState } from '../../types/domain.js';
import type { QemuPciDevice } from '../../types/qemu.js';
import { unifiedDiff } from '../../reports/unifiedDiff.js';

/**
 * Functions QEMU's machine creates by itself and libvirt does not describe at all.
 * They have no id (nobody passed a -device for them) and are left out of the check.
 */
export const QEMU_BUILTIN_UNLISTED: ReadonlyMap<string, string> = new Map([
  ['i440FX', 'i440fx host bridge at 00.0, part of the pc machine'],
  ['PIIX3', 'PIIX3 PCI-to-ISA bridge at 01.0, part of the pc machine'],
  ['PIIX4_PM', 'PIIX4 ACPI/power management at 01.3, part of the pc machine when ACPI is on'],
  ['mch', 'q35 memory controller hub (host bridge) at 00.0'],
  ['ICH9-LPC', 'q35 ICH9 LPC/ISA bridge at 1f.0'],
  ['ICH9-SMB', 'q35 ICH9 SMBus controller at 1f.3'],
  ['gpex-root', 'aarch64 virt generic PCIe host bridge function at 00.0'],
]);

/**
 * Functions QEMU's machine creates by itself that libvirt describes as an implicit
 * controller with an alias, but only when a disk needs it (the pc IDE controller is
 * absent from the XML of a guest without IDE disks, while QEMU always builds it).
 * QEMU gives them no id, so they are joined by this table, QEMU driver → the alias
 * libvirt 9.0 gives the controller (observed in live XML here); when libvirt does not
 * list the controller, the function is skipped like the unlisted built-ins.
 */
export const QEMU_BUILTIN_LISTED: ReadonlyMap<string, string> = new Map([
  // pc: `<controller type='ide' index='0'>` at 01.1 has alias 'ide'.
  ['piix3-ide', 'ide'],
  // q35: the implicit `<controller type='sata' index='0'>` at 1f.2 also has alias 'ide',
  // because QEMU names the built-in AHCI's buses ide.N and libvirt follows that name.
  ['ich9-ahci', 'ide'],
]);

/** "BUS SS.F" of a PCI address in live XML, naming the bus by the alias of its controller. */
function locationOf(address: DeviceAddress, busAlias: Map<number, string>): string | undefined {
  if (address.type !== 'pci' || address.pci === undefined) return undefined;
  const { bus, slot, function: fn } = address.pci;
  // A bus libvirt has no controller for would be a libvirt bug; keep it visible.
  const busName = busAlias.get(bus) ?? `(no pci controller with index ${bus})`;
  return `${busName} ${slot.toString(16).padStart(2, '0')}.${fn}`;
}

/**
 * Name of the bus each PCI controller provides, by index: its alias, except a root's. No
 * -device creates the root, so QEMU names its bus itself (pci.0 on i440fx, pcie.0 on q35
 * and virt) even when the user gave the root an alias of its own, which live XML shows.
 */
function pciBusAliases(controllers: ControllerState[]): Map<number, string> {
  const map = new Map<number, string>();
  for (const c of controllers) {
    if (c.type !== 'pci') continue;
    if (c.model === 'pci-root' || c.model === 'pcie-root') map.set(c.index, `${c.model === 'pcie-root' ? 'pcie' : 'pci'}.${c.index}`);
    else if (c.alias !== undefined) map.set(c.index, c.alias);
  }
  return map;
}

/**
 * Aliases of USB companions: the ones an EHCI master and its UHCI companions share, and
 * those of ICH9 UHCIs, which are always companions. An EHCI with a user alias shares it
 * with none of them (observed: ua-ehci beside a companion aliased usb).
 */
function companionUsbAliases(controllers: ControllerState[]): Set<string> {
  const seen = new Map<string, number>();
  for (const c of controllers) {
    if (c.type === 'usb' && c.alias !== undefined) seen.set(c.alias, (seen.get(c.alias) ?? 0) + 1);
  }
  const ich9Uhci = controllers.filter((c) => c.type === 'usb' && c.model?.startsWith('ich9-uhci') === true && c.alias !== undefined);
  return new Set([...[...seen].filter(([, n]) => n > 1).map(([alias]) => alias), ...ich9Uhci.map((c) => c.alias as string)]);
}

/**
 * Alias libvirt gives the machine's built-in disk controller (IDE index 0 on pc, SATA
 * index 0 on q35) when it lists it at `location`: "ide", or the user's alias (observed:
 * ua-ide in live XML, an id-less piix3-ide in QEMU's tree).
 */
function builtinDiskControllerAlias(state: DomainState, location: string): string | undefined {
  const busAlias = pciBusAliases(state.controllers);
  const at = (c: ControllerState): boolean => (c.type === 'ide' || c.type === 'sata') && c.index === 0 && locationOf(c.address, busAlias) === location;
  return state.controllers.find(at)?.alias;
}

/** One line per PCI function libvirt's live XML describes. */
function libvirtLines(state: DomainState): { lines: string[]; byLocation: Map<string, string> } {
  const busAlias = pciBusAliases(state.controllers);
  const lines: string[] = [];
  const byLocation = new Map<string, string>();
  const add = (alias: string | undefined, what: string, address: DeviceAddress, provides?: string): void => {
    const location = locationOf(address, busAlias);
    if (location === undefined) return;
    const name = alias ?? `(no alias: ${what})`;
    byLocation.set(location, name);
    lines.push(`${name} on ${location}${provides === undefined ? '' : ` provides ${provides}`}`);
  };
  for (const c of state.controllers) {
    const provides = c.type === 'pci' ? c.alias : undefined;
    add(c.alias, `controller ${c.type} ${c.index}`, c.address, provides);
  }
  for (const d of state.devices) add(d.alias, d.key, d.address);
  return { lines, byLocation };
}

/** One line per PCI function in QEMU's tree, built-ins joined or dropped as the tables say. */
function qemuLines(state: DomainState, tree: QemuPciDevice[], libvirtByLocation: Map<string, string>): string[] {
  const companions = companionUsbAliases(state.controllers);
  const libvirtAliases = new Set([...state.controllers, ...state.devices].map((d) => d.alias));
  const lines: string[] = [];
  for (const dev of tree) {
    const location = `${dev.parentBus} ${dev.addr}`;
    let name = dev.id;
    if (name === undefined) {
      if (QEMU_BUILTIN_UNLISTED.has(dev.driver)) continue;
      const listed = QEMU_BUILTIN_LISTED.get(dev.driver);
      const atLocation = libvirtByLocation.get(location);
      if (listed !== undefined) {
        const own = builtinDiskControllerAlias(state, location);
        if (own === undefined && !libvirtAliases.has(listed)) continue;
        name = own ?? listed;
      } else if (atLocation !== undefined && companions.has(atLocation)) {
        // libvirt passes a USB companion masterbus= instead of an id, so QEMU has none.
        name = atLocation;
      } else if (dev.driver === 'pvpanic-pci' && atLocation?.startsWith('(no alias: panic:') === true) {
        // libvirt's live XML gives a pvpanic no alias and QEMU no id (observed on 11.3 and 12.8): joined where both put it
        name = atLocation;
      } else {
        name = `(no id: ${dev.driver})`;
      }
    }
    const provides = dev.childBuses.length === 0 ? '' : ` provides ${dev.childBuses.join(',')}`;
    lines.push(`${name} on ${location}${provides}`);
  }
  return lines;
}

/** Sorted, newline-terminated text of lines (pci.2 before pci.10). */
function canonical(lines: string[]): string {
  return [...lines]
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((l) => `${l}\n`)
    .join('');
}

/** Checks every PCI function of libvirt's live XML against QEMU's tree, and the reverse. */
export function compareQemuTree(liveState: DomainState, tree: QemuPciDevice[]): { agree: boolean; diff: string } {
  const libvirt = libvirtLines(liveState);
  const expectedText = canonical(libvirt.lines);
  const observedText = canonical(qemuLines(liveState, tree, libvirt.byLocation));
  if (expectedText === observedText) return { agree: true, diff: '' };
  return {
    agree: false,
    diff: unifiedDiff(expectedText, observedText, { expectedLabel: 'libvirt live XML', observedLabel: 'QEMU info qtree' }),
  };
}
