// Listed libvirt bugs a sequence can run into: ones that keep its base guest from starting,
// and ones a step meets. A sequence that meets one is counted apart under its id (visible in
// every summary), never as a hotplug mismatch, and ends there (libvirt and the model no
// longer describe the same domain). Each id has a repro under known-issues/.

import { gapFillerOutOfOrder, knownIssueOf, seenOnRelease } from '../judges/knownIssues.js';
import type { CaseResult } from '../judges/caseResult.js';
import type { HotplugStep, StepPrediction } from '../../model/hotplugTypes.js';

/** Id of the gap-filling controller started out of order (known-issues/libvirt-9.0-gap-controller-order). */
export const GAP_CONTROLLER_ORDER = 'libvirt-9.0-gap-controller-order';

/** QEMU says bus pci.N does not exist, and it is the gap filler libvirt started out of order. */
export function gapControllerOrder(inputXml: string, libvirtXml: string, startError: string): boolean {
  const missing = /Bus 'pci\.(\d+)' not found/.exec(startError);
  return missing !== null && gapFillerOutOfOrder(inputXml, libvirtXml, Number(missing[1]));
}

/** The listed libvirt bug that kept the base guest from starting on libvirt `libvirt`, if any. */
export function baseStartIssue(inputXml: string, libvirtXml: string, startError: string, libvirt?: string): string | undefined {
  if (gapControllerOrder(inputXml, libvirtXml, startError) && seenOnRelease(GAP_CONTROLLER_ORDER, libvirt)) return GAP_CONTROLLER_ORDER;
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
