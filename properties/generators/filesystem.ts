// 9p shared folders (`<filesystem type='mount'>`), as virt-manager and hand-written guests
// use them. The source is a directory every host has, so a started guest finds it; the
// model only matters to placement (a transitional one needs a conventional PCI slot).

import fc from 'fast-check';
import type { FilesystemSpec } from '../../types/domain.js';
import type { GenFamily } from './family.js';

const filesystemArb = (index: number): fc.Arbitrary<FilesystemSpec> =>
  fc.record(
    {
      model: fc.constantFrom<FilesystemSpec['model']>('virtio', 'virtio-transitional', 'virtio-non-transitional'),
      accessmode: fc.constantFrom<NonNullable<FilesystemSpec['accessmode']>>('mapped', 'passthrough', 'squash'),
      readonly: fc.constant(true),
    },
    { requiredKeys: [] },
  ).map((parts): FilesystemSpec => ({ source: '/tmp', target: `share${index}`, ...parts }));

/** Mostly none; now and then one or two. */
export function filesystemsArb(family: GenFamily): fc.Arbitrary<FilesystemSpec[]> {
  if (family !== 'i440fx' && family !== 'q35' && family !== 'arm-virt') return fc.constant([]);
  const some = fc.integer({ min: 1, max: 2 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => filesystemArb(i))));
  return fc.oneof({ withCrossShrink: true }, { weight: 8, arbitrary: fc.constant<FilesystemSpec[]>([]) }, { weight: 1, arbitrary: some });
}
