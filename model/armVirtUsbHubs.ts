// USB hubs libvirt adds on its own (qemuDomainUSBAddressAddHubs) for virt guests: when a
// new domain has more USB devices than its USB controllers offer ports, it appends enough
// 8-port hubs (each takes one port itself) for the rest. The shared builder counts hubs
// too, but with the USB controller it adds for x86, which virt does not get; observed on
// virt: piix3-uhci with two USB disks and a USB tablet gets one <hub type='usb'>.

import { ordinalKey } from '../types/keys.js';
import type { DeviceDef } from './domainDef.js';
import { unsupported } from './errors.js';

/** Ports of one hub (VIR_DOMAIN_USB_HUB_PORTS). */
const HUB_PORTS = 8;

/** Ports libvirt counts per USB controller model (virDomainUSBAddressControllerModelToPorts). */
const PORTS_BY_MODEL: Record<string, number> = {
  'piix3-uhci': 2,
  'piix4-uhci': 2,
  'ich9-uhci1': 2,
  'ich9-uhci2': 2,
  'ich9-uhci3': 2,
  'ich9-ehci1': 6,
  'qemu-xhci': 4,
  'nec-xhci': 4,
  none: 0,
};

/** Number of hubs libvirt adds for `devices` USB devices on controllers of these models. */
export function usbHubsNeeded(controllerModels: Array<string | undefined>, devices: number): number {
  let ports = 0;
  for (const model of controllerModels) {
    const n = model === undefined ? undefined : PORTS_BY_MODEL[model];
    if (n === undefined) unsupported(`USB ports of controller model ${model ?? '(default)'}`);
    ports += n;
  }
  if (devices <= ports) return 0;
  return Math.ceil((devices - ports + 1) / (HUB_PORTS - 1));
}

/** The hubs as devices of the working definition: `<hub type='usb'>` with a USB address each. */
export function hubDefs(count: number): DeviceDef[] {
  return Array.from({ length: count }, (_, i) => ({ key: ordinalKey('hub', i), model: 'usb', info: { type: 'usb', flags: 0 } }));
}
