// NICs: a model per family and a MAC unique within the domain (the NIC's identity in
// libvirt's output), drawn from QEMU's 52:54:00 prefix.

import fc from 'fast-check';
import type { NetModel, NetSpec } from '../../types/domain.js';
import type { GenFamily } from './family.js';
import { LEGACY_NET_MODELS } from '../../types/domain.js';

/** Formats the low 24 bits of a MAC under the 52:54:00 prefix. */
export function macFromSuffix(suffix: number): string {
  const bytes = [(suffix >> 16) & 0xff, (suffix >> 8) & 0xff, suffix & 0xff];
  return ['52', '54', '00', ...bytes.map((b) => b.toString(16).padStart(2, '0'))].join(':');
}

/** A NIC model, virtio most often; e1000, rtl8139 and transitional virtio are conventional PCI, e1000e and virtio PCIe. */
export function netModelArb(family: GenFamily, opts: { usbNet?: boolean } = {}): fc.Arbitrary<NetModel> {
  const virtioWeight = family === 'arm-virt' ? 6 : 4;
  return fc.oneof(
    { withCrossShrink: true },
    { weight: virtioWeight, arbitrary: fc.constant('virtio' as const) },
    { weight: 2, arbitrary: fc.constant('e1000' as const) },
    { weight: 2, arbitrary: fc.constant('e1000e' as const) },
    { weight: 1, arbitrary: fc.constant('rtl8139' as const) },
    // the older emulated NICs users keep for old guests (conventional PCI; x86 only)
    ...(family === 'arm-virt' ? [] : [{ weight: 1, arbitrary: fc.constantFrom(...LEGACY_NET_MODELS) }]),
    // the explicit virtio flavours: transitional is conventional PCI, non-transitional PCIe
    // only (not measured on virt, where the model declines them)
    { weight: 1, arbitrary: fc.constantFrom('virtio-transitional' as const, 'virtio-non-transitional' as const) },
    // a USB NIC (QEMU's usb-net) where asked: not for the arms that count NICs to fill PCI slots, nor for hotplug
    ...(opts.usbNet ? [{ weight: 1, arbitrary: fc.constant('usb-net' as const) }] : []),
  );
}

/** NICs for a family with pairwise distinct MACs. */
export function netsArb(
  family: GenFamily,
  opts: { minLength?: number; maxLength: number; model?: fc.Arbitrary<NetModel>; usbNet?: boolean },
): fc.Arbitrary<NetSpec[]> {
  const model = opts.model ?? netModelArb(family, { usbNet: opts.usbNet });
  return fc
    .uniqueArray(fc.record({ model, suffix: fc.integer({ min: 0, max: 0xffffff }) }), {
      minLength: opts.minLength,
      maxLength: opts.maxLength,
      selector: (n) => n.suffix,
    })
    .map((drafts) => drafts.map(({ model, suffix }) => ({ model, mac: macFromSuffix(suffix) })));
}
