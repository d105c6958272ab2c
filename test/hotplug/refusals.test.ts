// virsh's messages for refused hotplug steps, as printed by libvirt 9.0.0 / QEMU 7.2 here
// (copied from the terminal during the manual runs behind world.test.ts), and their kinds.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { classifyHotplugRefusal } from '../../properties/hotplug/refusals.js';

const OBSERVED: Array<[string, 'live' | 'config', string | undefined]> = [
  ['Failed to attach device from n2.xml\ninternal error: No more available PCI slots', 'live', 'no-free-slot'],
  ["Failed to attach device from n1.xml\ninternal error: unable to execute QEMU command 'device_add': Bus 'pci.0' does not support hotplugging", 'live', 'bus-not-hotpluggable'],
  ["Failed to attach device from c3.xml\nOperation not supported: 'usb' controller cannot be hot plugged.", 'live', 'controller-not-hotpluggable'],
  ["Failed to attach device from c4.xml\nOperation not supported: 'virtio-serial' controller cannot be hot plugged.", 'live', 'controller-not-hotpluggable'],
  ["Failed to attach device from c1.xml\ninternal error: Required option 'modelName' is not set for PCI controller with index '-1', model 'pcie-root-port' and modelName 'none'", 'config', 'controller-needs-model-name'],
  ["Failed to detach device from n1.xml\ndevice not found: no device found at address '(<null>)' matching MAC address '52:54:00:00:01:01' and alias '(<null>)'", 'live', 'device-not-found'],
  ["Failed to detach device from n1.xml\ninternal error: unable to execute QEMU command 'device_del': Device net1 is already in the process of unplug", 'live', 'unplug-in-progress'],
  // an unknown live failure stays unclassified (a mismatch unless predicted as such); config ones are define-like refusals
  ['Failed to attach device from x.xml\nsomething new', 'live', undefined],
  ['Failed to attach device from x.xml\nsomething new', 'config', 'config-rejected'],
];

for (const [message, mode, kind] of OBSERVED) {
  test(`${mode}: ${message.split('\n')[1].slice(0, 70)}`, () => {
    assert.is(classifyHotplugRefusal(message, mode), kind);
  });
}

test.run();
