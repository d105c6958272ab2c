// Whether every USB device finds a port, once the user's named ports are taken. libvirt
// reserves the ports users name before it places any hub that has none (its own hubs and
// the user's), so named ports can leave a hub, and the devices behind it, without a place
// ("No free USB ports"; qemuDomainAssignUSBAddresses, observed on 9.0 and 11.3). Without
// named ports the hubs libvirt adds always suffice, so this is asked only with them.

import type { DomainSpec, UsbPortAddress } from '../types/domain.js';
import type { ControllerDef } from './domainDef.js';
import { unsupported } from './errors.js';
import { USB_HUB_PORTS, usbControllerPorts, usbDevicesOf } from './usbControllers.js';

/** Ports of one controller's root hub or of a hub: which are taken, and the hubs plugged into them (by port). */
interface PortTree {
  taken: boolean[];
  hubs: Map<number, PortTree>;
}

/** How deep hubs may chain (VIR_DOMAIN_DEVICE_USB_MAX_PORT_DEPTH): a port path has at most this many parts. */
const MAX_PORT_DEPTH = 5;

const tree = (ports: number): PortTree => ({ taken: new Array<boolean>(ports).fill(false), hubs: new Map() });

/** The first free port under `hub`, as a path of port numbers: its own ports first, then each hub's on it, in port order. */
function freePath(hub: PortTree, level: number): number[] | undefined {
  const own = hub.taken.indexOf(false);
  if (own >= 0) return [own + 1];
  if (level >= MAX_PORT_DEPTH - 1) return undefined;
  for (const [port, below] of [...hub.hubs].sort((a, b) => a[0] - b[0])) {
    const rest = freePath(below, level + 1);
    if (rest !== undefined) return [port, ...rest];
  }
  return undefined;
}

/** The hub holding the last port of `path`, or undefined where a hub on the way is missing. */
function parentOf(root: PortTree, path: number[]): PortTree | undefined {
  let hub: PortTree | undefined = root;
  for (const port of path.slice(0, -1)) hub = hub?.hubs.get(port);
  return hub;
}

/** Takes the port at `path` on `bus`, plugging a new hub there if `isHub`. */
function take(buses: Map<number, PortTree>, bus: number, path: number[], isHub: boolean): void {
  const root = buses.get(bus);
  const parent = root === undefined ? undefined : parentOf(root, path);
  const port = path[path.length - 1];
  // the named ports were checked before (checkUsbPorts); a way they do not cover is not modelled
  if (parent === undefined || port < 1 || port > parent.taken.length) unsupported(`USB port ${path.join('.')} of bus ${bus} behind hubs`);
  parent.taken[port - 1] = true;
  if (isHub) parent.hubs.set(port, tree(USB_HUB_PORTS));
}

/** Places a device with no port: on its bus if it names one, else on the first bus with a free port. Returns false when none is left. */
function place(buses: Map<number, PortTree>, device: UsbPortAddress, isHub: boolean): boolean {
  if (device.usbBus !== undefined && !buses.has(device.usbBus)) unsupported(`a USB device on bus ${device.usbBus} without a port, no controller there`);
  const candidates = device.usbBus !== undefined ? [device.usbBus] : [...buses.keys()].sort((a, b) => a - b);
  for (const bus of candidates) {
    const path = freePath(buses.get(bus)!, 0);
    if (path === undefined) continue;
    take(buses, bus, path, isHub);
    return true;
  }
  return false;
}

const pathOf = (d: UsbPortAddress): number[] => (d.usbHubPort === undefined ? [d.usbPort!] : [d.usbPort!, d.usbHubPort]);

/**
 * Whether libvirt runs out of USB ports for this spec, in its order: the user's hubs with a
 * port, every other named port, then the hubs without one (the user's, then `addedHubs` of
 * libvirt's own), then the devices without one.
 */
export function usbPortsRunOut(spec: DomainSpec, controllers: ControllerDef[], addedHubs: number, usbNetPorts: boolean): boolean {
  const buses = new Map<number, PortTree>();
  for (const c of controllers) {
    if (c.type !== 'usb' || c.index === undefined) continue;
    const ports = usbControllerPorts(c);
    if (ports > 0) buses.set(c.index, tree(ports));
  }
  const devices = usbDevicesOf(spec, usbNetPorts);
  const userHubs = devices.slice(0, (spec.usbHubs ?? []).length);
  const others = devices.slice(userHubs.length);
  for (const h of userHubs) if (h.usbPort !== undefined) take(buses, h.usbBus ?? 0, pathOf(h), true);
  for (const d of others) if (d.usbPort !== undefined) take(buses, d.usbBus ?? 0, pathOf(d), false);
  const hubsWithoutPort = [...userHubs.filter((h) => h.usbPort === undefined), ...Array.from({ length: addedHubs }, (): UsbPortAddress => ({}))];
  for (const h of hubsWithoutPort) if (!place(buses, h, true)) return true;
  for (const d of others) if (d.usbPort === undefined && !place(buses, d, false)) return true;
  return false;
}
