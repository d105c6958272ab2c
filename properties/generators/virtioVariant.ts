// The explicit model variants users write on virtio devices (KubeVirt writes one on every
// device): transitional needs a conventional PCI slot, non-transitional is PCIe like plain
// virtio. Not on virt, where the model has not measured them.

import fc from 'fast-check';
import type { VirtioVariant } from '../../types/domain.js';
import type { GenFamily } from './family.js';

/** Mostly no variant (plain virtio), now and then one of the two. */
export function virtioVariantArb(family: GenFamily): fc.Arbitrary<VirtioVariant | undefined> {
  if (family === 'arm-virt') return fc.constant(undefined);
  return fc.oneof(
    { withCrossShrink: true },
    { weight: 6, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom<VirtioVariant>('virtio-transitional', 'virtio-non-transitional') },
  );
}
