// Listed libvirt bugs a sequence can run into: ones that keep its base guest from starting,
// and ones a step meets. A sequence that meets one is counted apart under its id (visible in
// every summary), never as a hotplug mismatch, and ends there (libvirt and the model no
// longer describe the same domain). Each id has a repro under known-issues/.

import { knownIssueOf, seenOnRelease } from '../knownIssues.js';
import type { CaseResult } from '../caseRunner.js';
import type { HotplugStep, StepPrediction } from '../../model/hotplugTypes.js';

/** Id of the gap-filling controller started out of order (known-issues/libvirt-9.0-gap-controller-order). */
export const GAP_CONTROLLER_ORDER = 'libvirt-9.0-gap-controller-order';

/**
 * QEMU says bus pci.N does not exist, and libvirt's XML (as the defining session has it)
 * lists a controller sitting on bus N before the controller with index N: the order bug.
 */
export function gapControllerOrder(libvirtXml: string, startError: string): boolean {
  const missing = /Bus 'pci\.(\d+)' not found/.exec(startError);
  if (!missing) return false;
  const n = Number(missing[1]);
  // a self-closing element (pcie-root) first, so an open one never swallows its neighbour
  const controllers = [...libvirtXml.matchAll(/<controller type='pci' index='(\d+)'[^>]*\/>|<controller type='pci' index='(\d+)'[^>]*>[\s\S]*?<\/controller>/g)];
  const provider = controllers.findIndex((m) => Number(m[1] ?? m[2]) === n);
  const child = controllers.findIndex((m) => {
    const bus = /<address type='pci' domain='0x[0-9a-f]+' bus='0x([0-9a-f]+)'/.exec(m[0]);
    return bus !== null && parseInt(bus[1], 16) === n;
  });
  return provider >= 0 && child >= 0 && child < provider;
}

/** The listed libvirt bug that kept the base guest from starting on libvirt `libvirt`, if any. */
export function baseStartIssue(inputXml: string, libvirtXml: string, startError: string, libvirt?: string): string | undefined {
  if (gapControllerOrder(libvirtXml, startError) && seenOnRelease(GAP_CONTROLLER_ORDER, libvirt)) return GAP_CONTROLLER_ORDER;
  // check's list, through the shape of a case that failed at QEMU start
  const asCase: CaseResult = {
    outcome: 'mismatch',
    failed: { property: 'qemu-refused', layer: 'qemu' },
    libvirtRejected: false,
    inputXml,
    libvirtXml,
    expected: 'QEMU starts the domain libvirt accepted\n',
    observed: `start failed: ${startError}\n`,
    diff: '',
    commands: [],
    predictMs: 0,
    libvirt,
  };
  return knownIssueOf(asCase)?.id;
}

/** Id of the USB controller a --config attach saves next to model='none' (known-issues/libvirt-9.0-usb-none-config-attach). */
export const USB_NONE_CONFIG_ATTACH = 'libvirt-9.0-usb-none-config-attach';

/**
 * A listed libvirt bug a step ran into: here a --config attach of a USB controller that the
 * model refused because USB is disabled (what a define of the result says) and libvirt took.
 */
export function stepIssue(step: HotplugStep, predicted: StepPrediction, accepted: boolean): string | undefined {
  const usbConfigAttach = step.op === 'attach' && step.mode === 'config' && step.device.kind === 'controller' && step.device.spec.type === 'usb';
  if (usbConfigAttach && accepted && predicted.kind === 'refused' && /USB is disabled/.test(predicted.detail)) return USB_NONE_CONFIG_ATTACH;
  return undefined;
}
