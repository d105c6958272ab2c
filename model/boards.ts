// ARM boards without PCI that libvirt may pick itself: libvirt 9.0 gives an aarch64 domain
// that names no machine integratorcp (its preferred-machine table in qemu_capabilities.c;
// 9.3 and later pick virt). On such a board libvirt places nothing on PCI and adds no USB
// controller; the model knows what it refuses before placement would matter, observed on
// 9.0 (2026-12-07, an unseen generator's aarch64 files without a machine): USB devices
// without a USB controller, ACPI without UEFI, then more vCPUs than the board has.

import type { DomainSpec, Prediction } from '../types/domain.js';
import { reject, unsupported } from './errors.js';
import { checkAtDevicePostParse, checkBeforeMachineLookup } from './parseChecks.js';
import { givenPciAddresses } from './unknownMachine.js';
import { usbDevicesOf } from './usbControllers.js';

/** The boards the model knows, with the most vCPUs QEMU gives each. */
const BOARDS_WITHOUT_PCI: Readonly<Record<string, { maxCpus: number }>> = {
  integratorcp: { maxCpus: 1 },
};

/** Whether a machine is one of those boards. */
export const isBoardWithoutPci = (machine: string): boolean => machine in BOARDS_WITHOUT_PCI;

/**
 * libvirt's answer for a board without PCI, as far as it is known: a refusal, or unsupported
 * where the placement would matter (a domain the board takes) or was not measured.
 */
export function predictBoard(spec: DomainSpec, machine: string): Prediction {
  const board = BOARDS_WITHOUT_PCI[machine];
  checkAtDevicePostParse(spec);
  checkBeforeMachineLookup(spec);
  // refused while addresses are assigned, each in its own words (observed: "No PCI buses available", "a PCI slot is needed to connect …")
  if (spec.controllers.some((c) => c.type === 'pci') || givenPciAddresses(spec).length > 0) unsupported(`PCI controllers or addresses on ${machine}`);
  const usbDevices = usbDevicesOf(spec);
  if (usbDevices.some((d) => d.usbPort !== undefined) || (spec.usbHubs ?? []).length > 0) unsupported(`USB ports and hubs on ${machine}`);
  const usbController = spec.controllers.some((c) => c.type === 'usb' && c.model !== 'none');
  if (usbDevices.length > 0 && !usbController) reject('other', 'USB is disabled for this domain, but USB devices are present in the domain XML');
  // the driver's domain checks before the vCPU count, not measured on such a board
  const unmeasured = spec.minGuarantee || spec.biosSerial || spec.lifecycle !== undefined || spec.maxMemory || (spec.memoryDevices ?? []).length > 0 ||
    (spec.timers ?? []).length > 0 || spec.acpiSleep !== undefined || spec.secureBoot !== undefined || spec.launchSecurity !== undefined ||
    (spec.archBoundFeatures ?? []).length > 0 || spec.hugepagesOnDemand || spec.hyperv !== undefined || spec.iothreads !== undefined ||
    spec.cpuTopology !== undefined || spec.vcpuCounts !== undefined;
  if (unmeasured) unsupported(`domain settings beside ${machine}`);
  if (spec.acpi && !spec.uefi) reject('other', 'ACPI requires UEFI on this architecture');
  if ((spec.vcpus ?? 1) > board.maxCpus) reject('other', `Maximum CPUs greater than specified machine type limit ${board.maxCpus}`);
  return { kind: 'unsupported', reason: `device placement on ${machine} (a board without PCI)` };
}
