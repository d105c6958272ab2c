// Sound cards. All three are PCI devices libvirt accepts on every family here (ich9 is
// pinned to 00:1b.0 on q35); virt guests rarely have one, so they get fewer.

import fc from 'fast-check';
import type { SoundSpec } from '../../types/domain.js';
import type { GenFamily } from './family.js';

/** One sound card model. */
export const soundArb: fc.Arbitrary<SoundSpec> = fc.constantFrom('ich6', 'ich9', 'ac97').map((model) => ({ model }));

/** An x86 sound card: one of the PCI ones, now and then an ISA Sound Blaster (no address at all). */
const x86SoundArb: fc.Arbitrary<SoundSpec> = fc.oneof({ weight: 6, arbitrary: soundArb }, { weight: 1, arbitrary: fc.constant<SoundSpec>({ model: 'sb16' }) });

/** Zero to two sound cards (at most one on virt). */
export function soundsArb(family: GenFamily): fc.Arbitrary<SoundSpec[]> {
  return family === 'arm-virt' ? fc.array(soundArb, { maxLength: 1 }) : fc.array(x86SoundArb, { maxLength: 2 });
}
