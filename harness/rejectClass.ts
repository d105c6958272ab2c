// Sorts libvirt's error messages into the rejection classes the model predicts, so a
// predicted refusal can be matched with a real one without comparing wording. Each pattern
// is a message observed from libvirt 9.0.0 / QEMU 7.2 (Debian 12) for that class.
// This module observes only: it must never import the model.

import type { RejectClass } from '../types/domain.js';

/** Message patterns per class, tried in order (the first match wins). */
const PATTERNS: ReadonlyArray<{ errorClass: RejectClass; pattern: RegExp }> = [
  // "Attempted double use of PCI Address 0000:00:05.0"
  { errorClass: 'address-in-use', pattern: /Attempted double use of PCI Address/i },
  // "No more available PCI slots"; "a PCI slot is needed to connect a PCI controller model='…', but none is available, and it cannot be automatically added"
  { errorClass: 'no-free-slot', pattern: /No more available PCI slots|but none is available, and it cannot be automatically added|Cannot automatically add a new PCI bus/i },
  // "Invalid PCI address 0000:05:00.0. Only PCI buses up to 3 are available"
  { errorClass: 'bus-not-found', pattern: /Only PCI buses up to \d+ are available/i },
  // "The PCI controller with index='0' must be model='pcie-root' for this machine type, but model='…' was found instead";
  // "The device at PCI address … cannot be plugged into the PCI controller with index='1'. It requires a controller that accepts a …";
  // "PCI controller at index 1 (0x01) has bus='0x01', but index must be larger than bus"
  { errorClass: 'wrong-controller', pattern: /must be model='[^']*' for this machine type|cannot be plugged into the PCI controller|index must be larger than bus/i },
  // "Invalid PCI address …. slot must be >= 1" / "slot must be <= 31" / "function must be <= 7" / "Only PCI domain 0 is available";
  // "Primary SATA controller must have PCI address 0:0:1f.2"; "Primary IDE controller must have PCI address 0:0:1.1";
  // "PIIX3 USB controller at index 0 must have PCI address 0:0:1.2"
  { errorClass: 'invalid-address', pattern: /Invalid PCI address|must have PCI address/i },
  // "IDE controllers are unsupported for this QEMU binary or machine type"; "Only 1 IDE controller is supported"
  { errorClass: 'unsupported-by-machine', pattern: /unsupported for this QEMU binary or machine type|Only 1 IDE controller is supported/i },
  // "Emulator '/usr/bin/qemu-system-x86_64' does not support machine type 'pc-foo'";
  // "No PCI buses available" (an unknown machine gets no PCI root, so the first PCI device
  // fails); libvirt 12.8 says instead that the machine "supports PCI but no PCI controller added"
  { errorClass: 'unknown-machine', pattern: /does not support machine type|No PCI buses available|supports PCI but no PCI controller added/i },
];

/** Maps one libvirt error message (as virsh prints it, prefixes and all) to its rejection class. */
export function classifyRejection(message: string): RejectClass {
  for (const { errorClass, pattern } of PATTERNS) if (pattern.test(message)) return errorClass;
  return 'other';
}
