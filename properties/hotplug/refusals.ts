// Sorts virsh's error for a refused hotplug step into the refusal kinds the hotplug model
// predicts. Each pattern is a message observed from libvirt 9.0.0 / QEMU 7.2 here; anything
// else from a --config attach is a refusal of the whole definition, classed like a define's.

import type { HotplugMode, HotplugRefusal } from '../../model/hotplugTypes.js';

const PATTERNS: ReadonlyArray<{ refusal: HotplugRefusal; pattern: RegExp }> = [
  // "internal error: No more available PCI slots"
  { refusal: 'no-free-slot', pattern: /No more available PCI slots/i },
  // "unable to execute QEMU command 'device_add': Bus 'pci.0' does not support hotplugging"
  { refusal: 'bus-not-hotpluggable', pattern: /does not support hotplugging/i },
  // "Operation not supported: 'usb' controller cannot be hot plugged."
  { refusal: 'controller-not-hotpluggable', pattern: /controller cannot be hot plugged/i },
  // "Required option 'modelName' is not set for PCI controller with index '-1', model 'pcie-root-port' …"
  { refusal: 'controller-needs-model-name', pattern: /Required option 'modelName' is not set/i },
  // "device not found: no device found at address '(<null>)' matching MAC address '…'"; "No disk found whose source path or target is vdX"
  { refusal: 'device-not-found', pattern: /no device found|device not found|no disk found|no target device/i },
  // "unable to execute QEMU command 'device_del': Device net1 is already in the process of unplug"
  { refusal: 'unplug-in-progress', pattern: /already in the process of unplug/i },
];

/** The refusal kind of a failed step's message, or 'config-rejected' / undefined when none matches. */
export function classifyHotplugRefusal(message: string, mode: HotplugMode): HotplugRefusal | undefined {
  for (const { refusal, pattern } of PATTERNS) if (pattern.test(message)) return refusal;
  return mode === 'config' ? 'config-rejected' : undefined;
}
