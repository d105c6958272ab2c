// The memory balloon: absent (libvirt adds a virtio one), explicitly virtio, or 'none'.

import fc from 'fast-check';
import type { MemballoonSpec } from '../../types/domain.js';

/** A memballoon element, or undefined for none written at all. */
export const memballoonArb: fc.Arbitrary<MemballoonSpec | undefined> = fc.oneof(
    { withCrossShrink: true },
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.constant<MemballoonSpec>({ model: 'virtio' }) },
  { weight: 1, arbitrary: fc.constant<MemballoonSpec>({ model: 'none' }) },
);
