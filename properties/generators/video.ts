// Video devices. libvirt 9.0 rules measured here: one primary (the one marked
// primary='yes', else the first); secondaries must be qxl or virtio (virtio only on virt,
// which has no qxl); 'none' must be the only video. ramfb is not a PCI device.

import fc from 'fast-check';
import type { VideoModel, VideoSpec } from '../../types/domain.js';
import type { GenFamily } from './family.js';

/** Models that may be the primary video on a family. */
export function primaryVideoModels(family: GenFamily): VideoModel[] {
  return family === 'arm-virt' ? ['virtio', 'ramfb', 'vga', 'bochs'] : ['cirrus', 'vga', 'qxl', 'virtio', 'bochs', 'ramfb'];
}

/** Models that may be a secondary video on a family. */
export function secondaryVideoModels(family: GenFamily): VideoModel[] {
  return family === 'arm-virt' ? ['virtio'] : ['qxl', 'virtio'];
}

/**
 * A model from the list. Where the build's QEMU offers only some (domcapabilities), those
 * nearly always: one draw in twenty may still be one it lacks, a refusal for the model to
 * predict, not a fifth of the run spent on it.
 */
function modelArb(models: VideoModel[], offered: ReadonlySet<string> | undefined): fc.Arbitrary<VideoModel> {
  const inOffer = offered === undefined ? models : models.filter((m) => offered.has(m));
  if (inOffer.length === models.length || inOffer.length === 0) return fc.constantFrom(...models);
  return fc.oneof({ weight: 19, arbitrary: fc.constantFrom(...inOffer) }, { weight: 1, arbitrary: fc.constantFrom(...models) });
}

/**
 * Zero or more videos: none at all (libvirt may add a default), a lone 'none', or one
 * primary plus up to two secondaries, the primary listed anywhere (then marked primary).
 */
export function videosArb(family: GenFamily, offered?: ReadonlySet<string>): fc.Arbitrary<VideoSpec[]> {
  const withPrimary = fc
    .record({
      primary: modelArb(primaryVideoModels(family), offered),
      secondaries: fc.array(modelArb(secondaryVideoModels(family), offered), { maxLength: 2 }),
      position: fc.nat(),
      markFirst: fc.boolean(),
    })
    .map(({ primary, secondaries, position, markFirst }) => {
      const at = position % (secondaries.length + 1);
      const videos: VideoSpec[] = secondaries.map((model) => ({ model }));
      // Anywhere but first, primary='yes' is what makes it primary; first, it is optional.
      videos.splice(at, 0, at === 0 && !markFirst ? { model: primary } : { model: primary, primary: true });
      return videos;
    });
  return fc.oneof(
    { withCrossShrink: true },
    { weight: 4, arbitrary: fc.constant<VideoSpec[]>([]) },
    { weight: 1, arbitrary: fc.constant<VideoSpec[]>([{ model: 'none' }]) },
    { weight: 5, arbitrary: withPrimary },
  );
}
