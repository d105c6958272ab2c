// The memory balloon: absent (libvirt adds a virtio one), explicitly virtio, or 'none'.

import fc from 'fast-check';
import type { MemballoonSpec } from '../../types/domain.js';
import type { GenFamily } from './family.js';
import { virtioVariantArb } from './virtioVariant.js';

/** A memballoon element (virtio, a variant of it, or 'none'), or undefined for none written at all. */
export function memballoonArb(family: GenFamily): fc.Arbitrary<MemballoonSpec | undefined> {
  return fc.oneof(
    { withCrossShrink: true },
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: virtioVariantArb(family).map((variant): MemballoonSpec => ({ model: variant ?? 'virtio' })) },
    { weight: 1, arbitrary: fc.constant<MemballoonSpec>({ model: 'none' }) },
  );
}
