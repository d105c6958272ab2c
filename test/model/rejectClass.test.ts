// classifyRejection on the error lines libvirt 9.0.0 printed on Debian 12 (2026-11-23),
// copied from `virsh define` runs of the rows in test/model/observedCases.ts and others.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { classifyRejection } from '../../harness/rejectClass.js';
import type { RejectClass } from '../../types/domain.js';

const test = suite('harness: classifyRejection');

const rows: Array<[string, RejectClass]> = [
  ['error: XML error: Attempted double use of PCI Address 0000:00:05.0', 'address-in-use'],
  ["error: internal error: a PCI slot is needed to connect a PCI controller model='pcie-root-port', but none is available, and it cannot be automatically added", 'no-free-slot'],
  ['error: XML error: Invalid PCI address 0000:01:00.0. slot must be >= 1', 'invalid-address'],
  ['error: internal error: PIIX3 USB controller at index 0 must have PCI address 0:0:1.2', 'invalid-address'],
  ["error: XML error: The PCI controller with index='0' must be model='pci-root' for this machine type, but model='pci-bridge' was found instead", 'wrong-controller'],
  ['error: unsupported configuration: IDE controllers are unsupported for this QEMU binary or machine type', 'unsupported-by-machine'],
  ['error: internal error: Only 1 IDE controller is supported', 'unsupported-by-machine'],
  ["error: unsupported configuration: Emulator '/usr/bin/qemu-system-x86_64' does not support machine type 'pc-foo'", 'unknown-machine'],
  ['error: XML error: No PCI buses available', 'unknown-machine'],
  ["error: unsupported configuration: video type 'vga' is only valid as primary video device", 'other'],
  ['error: internal error: only a single watchdog device is supported', 'other'],
  ['error: No master USB controller specified', 'other'],
];
for (const [message, expected] of rows) {
  test(`${expected} ← ${message.slice(0, 70)}`, () => assert.is(classifyRejection(message), expected));
}

test('the multi-line text virsh prints (with the "Failed to define" line first) classifies the same', () => {
  const text = 'error: Failed to define domain from /tmp/x.xml\nerror: XML error: Attempted double use of PCI Address 0000:00:05.0\n';
  assert.is(classifyRejection(text), 'address-in-use');
});

test.run();
