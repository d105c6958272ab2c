// virtio RNG devices (backed by /dev/urandom when rendered); libvirt accepts several.

import fc from 'fast-check';
import type { RngSpec } from '../../types/domain.js';

/** Zero to two virtio RNGs. */
export const rngsArb: fc.Arbitrary<RngSpec[]> = fc.array(fc.constant('virtio' as const).map((model): RngSpec => ({ model })), { maxLength: 2 });
