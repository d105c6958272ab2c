// virtio RNG devices (backed by /dev/urandom when rendered); libvirt accepts several.

import fc from 'fast-check';
import type { RngSpec } from '../../types/domain.js';
import type { GenFamily } from './family.js';
import { virtioVariantArb } from './virtioVariant.js';

/** Zero to two virtio RNGs, now and then of a transitional or non-transitional model. */
export function rngsArb(family: GenFamily): fc.Arbitrary<RngSpec[]> {
  return fc.array(virtioVariantArb(family).map((variant): RngSpec => ({ model: variant ?? 'virtio' })), { maxLength: 2 });
}
