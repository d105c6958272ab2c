// What judging one case yields, whichever layer decided it: the outcome, the property that
// failed, both sides as text and the virsh commands that reproduce it. Every judge, the
// known-issue list and the reports read this shape.

import type { Layer } from '../../types/domain.js';

/** Which check failed; the shrinker keeps this fixed. */
export type FailedProperty = 'xml' | 'invariant-unique' | 'invariant-bus' | 'invariant-stable' | 'argv' | 'argv-order' | 'qemu' | 'qemu-refused';

/** Result of one case. */
export interface CaseResult {
  outcome: 'agree' | 'mismatch' | 'unsupported';
  failed?: { property: FailedProperty; layer: Layer | 'invariant' };
  /** Reasons the model gave for not covering the spec (per layer). */
  unsupportedReason?: string;
  libvirtRejected: boolean;
  /**
   * A refusal of class other the model predicted, whose words libvirt's message does not
   * carry: the model's reason. libvirt's first refusal was another one of the same class.
   */
  predictedReason?: string;
  /** libvirt's version the case ran on (known issues are listed per release). */
  libvirt?: string;
  inputXml: string;
  libvirtXml?: string;
  /** The QEMU command line the argv layer looked at, when it failed there. */
  observedArgv?: string;
  expected: string;
  observed: string;
  diff: string;
  /** virsh commands (argument arrays) the case ran, in order. */
  commands: string[][];
  predictMs: number;
}

/** How a refusal reads in expected.txt and observed.txt: its class, then libvirt's words. */
export const rejectText = (errorClass: string, detail: string): string => `rejected (${errorClass}): ${detail.trim()}\n`;

/** Whether libvirt's message carries the model's words for a refusal (spacing and case aside). */
export function sameReason(detail: string, message: string): boolean {
  const norm = (t: string): string => t.replace(/\s+/g, ' ').trim().toLowerCase();
  return norm(message).includes(norm(detail));
}
