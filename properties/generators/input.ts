// Input devices: virtio keyboard/mouse/tablet (PCI devices) and USB ones (which need a
// USB controller; virt has none unless the spec declares one).

import fc from 'fast-check';
import type { InputSpec } from '../../types/domain.js';

/** One input device: virtio of any type, or a USB tablet (now and then a USB keyboard). */
export const inputArb: fc.Arbitrary<InputSpec> = fc.oneof(
    { withCrossShrink: true },
  { weight: 3, arbitrary: fc.constantFrom('keyboard', 'mouse', 'tablet').map((type) => ({ type, bus: 'virtio' as const })) },
  { weight: 2, arbitrary: fc.constant('tablet' as const).map((type): InputSpec => ({ type, bus: 'usb' })) },
  { weight: 1, arbitrary: fc.constant('keyboard' as const).map((type): InputSpec => ({ type, bus: 'usb' })) },
);

/** Zero to three input devices. */
export const inputsArb: fc.Arbitrary<InputSpec[]> = fc.array(inputArb, { maxLength: 3 });
