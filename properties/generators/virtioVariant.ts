// The explicit model variants users write on virtio devices (KubeVirt writes one on every
// device): transitional needs a conventional PCI slot, non-transitional is PCIe like plain
// virtio; on virt with virtio-mmio in use, both go to virtio-mmio like plain virtio.

import fc from 'fast-check';
import type { VirtioVariant } from '../../types/domain.js';
import type { GenFamily } from './family.js';

/** Mostly no variant (plain virtio), now and then one of the two. */
export function virtioVariantArb(_family: GenFamily): fc.Arbitrary<VirtioVariant | undefined> {
  return fc.oneof(
    { withCrossShrink: true },
    { weight: 6, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom<VirtioVariant>('virtio-transitional', 'virtio-non-transitional') },
  );
}
