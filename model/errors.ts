// The two ways the model can decline to give an address map: libvirt itself refuses
// the definition (a prediction of that refusal), or the model does not know (never guess).

import type { RejectClass } from '../types/domain.js';

/** Thrown where libvirt would refuse the definition; carries the class of its error. */
export class PredictedRejection extends Error {
  constructor(
    readonly errorClass: RejectClass,
    detail: string,
  ) {
    super(detail);
  }
}

/** Thrown where the model's coverage ends; the reason is reported as "unsupported". */
export class OutsideCoverage extends Error {}

/**
 * Coverage that ends only at the order of some devices' slots: where they go is not known,
 * but not whether libvirt takes them (a machine QEMU does not list is still refused for that).
 */
export class SlotOrderUnknown extends OutsideCoverage {}

/** Shorthand: throw a predicted rejection. */
export function reject(errorClass: RejectClass, detail: string): never {
  throw new PredictedRejection(errorClass, detail);
}

/** Shorthand: give up on a spec the model does not cover. */
export function unsupported(reason: string): never {
  throw new OutsideCoverage(reason);
}
