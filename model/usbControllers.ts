// USB controller facts every part of the model reads: which models form the ICH9 USB2
// set, how many ports libvirt counts per controller (virDomainUSBAddressControllerModelToPorts
// in src/conf/domain_addr.c) and how many hubs it appends when USB devices outnumber
// them (qemuDomainUSBAddressAddHubs).

import type { DomainSpec, UsbPortAddress } from '../types/domain.js';
import { ordinalKey } from '../types/keys.js';
import type { ControllerDef, DeviceDef } from './domainDef.js';
import { reject, unsupported } from './errors.js';

/** The ICH9 UHCI companions of an `ich9-ehci1` master. */
export const ICH9_UHCI_MODELS: ReadonlySet<string> = new Set(['ich9-uhci1', 'ich9-uhci2', 'ich9-uhci3']);

/** The whole ICH9 USB2 set: the EHCI master and its UHCI companions. */
export const ICH9_USB_MODELS: ReadonlySet<string> = new Set(['ich9-ehci1', ...ICH9_UHCI_MODELS]);

/** Whether the user wrote a USB controller of model none (USB off: the parser refuses USB devices of some kinds beside it). */
export const hasUsbModelNone = (spec: Pick<DomainSpec, 'controllers'>): boolean => spec.controllers.some((c) => c.type === 'usb' && c.model === 'none');

/** Whether a USB controller model is one of the ICH9 UHCI companions. */
export const isIch9Uhci = (model: string | undefined): boolean => model !== undefined && ICH9_UHCI_MODELS.has(model);

/** Ports of one hub (VIR_DOMAIN_USB_HUB_PORTS); one of them chains the next hub. */
export const USB_HUB_PORTS = 8;

/** Ports per USB controller model; the ICH9 UHCIs count none (their EHCI master counts for the set). */
const PORTS_BY_MODEL: Record<string, number> = {
  'piix3-uhci': 2,
  'piix4-uhci': 2,
  'ich9-uhci1': 0,
  'ich9-uhci2': 0,
  'ich9-uhci3': 0,
  'ich9-ehci1': 6,
  // QEMU's standalone EHCI (usb-ehci): libvirt counts 6 ports as for the ICH9 one
  ehci: 6,
  'qemu-xhci': 4,
  'nec-xhci': 4,
  // QEMU's OHCI has 3 ports (libvirt's table; observed: the fourth USB device gets a hub)
  'pci-ohci': 3,
  none: 0,
};

/** Models whose port count the user's `ports=` overrides (the xHCIs; libvirt takes it on no other). */
export const PORTS_ATTRIBUTE_MODELS: ReadonlySet<string> = new Set(['qemu-xhci', 'nec-xhci']);

/** QEMU's limit on an xHCI's ports, which libvirt enforces. */
const XHCI_MAX_PORTS = 15;

/** An xHCI with more ports than QEMU's limit is refused while its definition is post-parsed (before any address; observed on 9.0, 11.3 and 12.8). */
export function checkXhciPortCount(c: ControllerDef): void {
  const ports = c.model !== undefined && PORTS_ATTRIBUTE_MODELS.has(c.model) ? c.ports : undefined;
  if (ports !== undefined && ports > XHCI_MAX_PORTS) reject('other', `'${c.model}' controller only supports up to '${XHCI_MAX_PORTS}' ports`);
}

/** Ports libvirt counts for one USB controller; a companion (`<master>`) adds none of its own. */
export function usbControllerPorts(c: ControllerDef): number {
  if (c.companion) return 0;
  if (c.model === undefined) return 2; // libvirt's default model counts as a UHCI
  const ports = PORTS_BY_MODEL[c.model];
  if (ports === undefined) unsupported(`USB ports of controller model ${c.model}`);
  return PORTS_ATTRIBUTE_MODELS.has(c.model) ? (c.ports ?? ports) : ports;
}

/**
 * Every USB device of the spec with the port it may name, in the order libvirt counts and
 * reserves them (virDomainUSBDeviceDefForeach): the user's hubs, host USB devices, USB disks,
 * the CCID controllers (they name no port a spec carries), USB inputs, usb-serial ports, USB
 * sound cards and redirected USB devices.
 */
export function usbDevicesOf(spec: DomainSpec, usbNetPorts = true): UsbPortAddress[] {
  const ccid = Math.max(spec.ccidControllers ?? 0, (spec.smartcards ?? []).length > 0 ? 1 : 0);
  return [
    ...(spec.usbHubs ?? []),
    ...(spec.hostdevs ?? []).flatMap((h) => (h.subsystem === 'usb' ? [h] : [])),
    ...spec.disks.filter((d) => d.bus === 'usb'),
    // observed on 11.3 and 12.8: usb-net NICs take their ports right after the USB disks (9.0 counts none)
    ...(usbNetPorts ? spec.nets.flatMap((n) => (n.model === 'usb-net' ? [n.usb ?? {}] : [])) : []),
    ...Array.from({ length: ccid }, () => ({})),
    ...spec.inputs.filter((i) => i.bus === 'usb'),
    ...(spec.serials ?? []).flatMap((s) => (s.targetType === 'usb-serial' ? [s.usb ?? {}] : [])),
    ...spec.sounds.flatMap((s) => (s.model === 'usb' ? [s.usb ?? {}] : [])),
    ...(spec.usbRedirdevs ?? []),
  ];
}

/** Hubs libvirt appends so every USB device gets a port: 8-port hubs, one port of each used to chain. */
function usbHubsNeeded(ports: number, devices: number): number {
  return devices > ports ? Math.ceil((devices - ports + 1) / (USB_HUB_PORTS - 1)) : 0;
}

/** The hubs libvirt adds for the spec's USB devices on these controllers, as devices of the working definition. */
export function implicitUsbHubs(spec: DomainSpec, controllers: ControllerDef[], usbNetPorts: boolean): DeviceDef[] {
  // the user's hubs add their ports (virDomainUSBAddressCountAllPorts)
  const ports = controllers.filter((c) => c.type === 'usb').reduce((n, c) => n + usbControllerPorts(c), 0) + (spec.usbHubs ?? []).length * USB_HUB_PORTS;
  const count = usbHubsNeeded(ports, usbDevicesOf(spec, usbNetPorts).length);
  return Array.from({ length: count }, (_, i) => ({ key: ordinalKey('hub', i), model: 'usb', info: { type: 'usb', flags: 0 } }));
}
