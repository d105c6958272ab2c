// Parses QEMU's HMP `info qtree`: the device tree QEMU really built. The text is an
// indented outline: `bus: NAME` lines own the `dev: DRIVER, id "ID"` lines indented
// under them, and each device's properties (`addr = 02.0`) and child buses are
// indented one step (two spaces) deeper than its `dev:` line. Only devices that sit
// on a PCI or PCIe bus are returned.

import type { QemuPciDevice } from '../types/qemu.js';

interface QtreeBus {
  name: string;
  /** From the `type PCI` line under the bus; '' until seen. */
  type: string;
  devices: QtreeDevice[];
}

interface QtreeDevice {
  driver: string;
  id: string;
  indent: number;
  /** The `addr = SS.F` property, if the device has one. */
  addr?: string;
  buses: QtreeBus[];
}

/**
 * Bus types that carry PCI functions: `PCI` (i440fx root, bridges), `PCIE` (q35/virt root,
 * ports) and `pxb-pcie-bus` (the root bus of a pcie-expander-bus).
 */
const PCI_BUS_TYPES = new Set(['PCI', 'PCIE', 'pxb-pcie-bus']);

const DEV_LINE = /^dev: ([^,]+), id "(.*)"$/;
const BUS_LINE = /^bus: (.+)$/;
const TYPE_LINE = /^type (\S+)$/;
const ADDR_LINE = /^addr = ([0-9a-f]{2}\.[0-7])$/;

/** Reads the whole outline into buses and devices, keeping the nesting. */
function parseOutline(text: string): QtreeBus[] {
  const roots: QtreeBus[] = [];
  // Open elements, innermost last, with the indent of their header line.
  const stack: { indent: number; bus?: QtreeBus; dev?: QtreeDevice }[] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/\r$/, '');
    if (line.trim() === '') continue;
    const indent = line.length - line.trimStart().length;
    const body = line.trim();
    while (stack.length > 0 && stack[stack.length - 1].indent >= indent) stack.pop();
    const top = stack[stack.length - 1];
    const busMatch = BUS_LINE.exec(body);
    const devMatch = DEV_LINE.exec(body);
    if (busMatch !== null) {
      const bus: QtreeBus = { name: busMatch[1], type: '', devices: [] };
      if (top === undefined) roots.push(bus);
      else if (top.dev !== undefined) top.dev.buses.push(bus);
      else throw new Error(`qtree: bus '${bus.name}' directly under another bus`);
      stack.push({ indent, bus });
    } else if (devMatch !== null) {
      if (top?.bus === undefined) throw new Error(`qtree: device '${devMatch[1]}' outside any bus`);
      const dev: QtreeDevice = { driver: devMatch[1], id: devMatch[2], indent, buses: [] };
      top.bus.devices.push(dev);
      stack.push({ indent, dev });
    } else if (top?.bus !== undefined) {
      const typeMatch = TYPE_LINE.exec(body);
      if (typeMatch !== null) top.bus.type = typeMatch[1];
    } else if (top?.dev !== undefined && indent === top.dev.indent + 2) {
      // Only the device's own property: deeper lines belong to something else.
      const addrMatch = ADDR_LINE.exec(body);
      if (addrMatch !== null) top.dev.addr = addrMatch[1];
    }
  }
  return roots;
}

/** Every device on a PCI/PCIe bus in `info qtree` output, in the order QEMU lists them. */
export function parseQtree(text: string): QemuPciDevice[] {
  const out: QemuPciDevice[] = [];
  const visitBus = (bus: QtreeBus): void => {
    const isPci = PCI_BUS_TYPES.has(bus.type);
    for (const dev of bus.devices) {
      if (isPci) {
        if (dev.addr === undefined) throw new Error(`qtree: PCI device ${dev.driver} "${dev.id}" on ${bus.name} has no addr`);
        out.push({
          driver: dev.driver,
          ...(dev.id === '' ? {} : { id: dev.id }),
          parentBus: bus.name,
          addr: dev.addr,
          // Only buses that hold PCI functions: a USB controller's usb.0 is no bridge.
          childBuses: dev.buses.filter((b) => PCI_BUS_TYPES.has(b.type)).map((b) => b.name),
        });
      }
      dev.buses.forEach(visitBus);
    }
  };
  const roots = parseOutline(text);
  roots.forEach(visitBus);
  attachExpanderBuses(out, roots);
  return out;
}

/** Names of every PCI bus anywhere in the outline. */
function pciBusNames(buses: QtreeBus[]): Set<string> {
  const names = new Set<string>();
  const walk = (bus: QtreeBus): void => {
    if (PCI_BUS_TYPES.has(bus.type)) names.add(bus.name);
    bus.devices.forEach((d) => d.buses.forEach(walk));
  };
  buses.forEach(walk);
  return names;
}

/**
 * An expander (pxb, pxb-pcie) sits on a PCI bus but its own bus hangs off a separate
 * `pxb-host` on the system bus (behind an internal bridge for pxb), so the tree does not
 * nest it under the device. QEMU names that bus after the expander's id; a PCI bus that
 * no listed device provides is therefore credited to the device whose id it carries.
 */
function attachExpanderBuses(devices: QemuPciDevice[], roots: QtreeBus[]): void {
  const provided = new Set(devices.flatMap((d) => d.childBuses));
  for (const name of pciBusNames(roots)) {
    if (provided.has(name)) continue;
    const owner = devices.find((d) => d.id === name);
    if (owner !== undefined) owner.childBuses.push(name);
  }
}
