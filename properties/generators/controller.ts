// Non-PCI controllers: USB sets, SCSI and virtio-serial. (PCI controller chains live in
// pciChain.ts.) Indexes are sometimes left out, since libvirt then picks the lowest free
// one of the type — that is input behaviour worth exercising too.

import fc from 'fast-check';
import type { ControllerSpec, ScsiControllerModel, UsbControllerModel } from '../../types/domain.js';
import type { GenFamily } from './family.js';
import { virtioVariantArb } from './virtioVariant.js';

/**
 * The EHCI master at `index` and one to three of its UHCI companions (ports 0, 2, 4), as
 * users write them: usually each with `<master startport>`, now and then without it
 * (observed: libvirt takes the set all the same), and, with `withoutEhci`, rarely without
 * the EHCI at all (observed: refused, "No master USB controller specified", unless another
 * USB controller is there; a deliberate fault then, see faults.ts).
 */
export function ehciSetArb(index: number, withoutEhci = false): fc.Arbitrary<ControllerSpec[]> {
  const companions: { model: UsbControllerModel; startport: number }[] = [
    { model: 'ich9-uhci1', startport: 0 },
    { model: 'ich9-uhci2', startport: 2 },
    { model: 'ich9-uhci3', startport: 4 },
  ];
  const form = fc.oneof(
    { weight: 6, arbitrary: fc.constant({ masters: true, ehci: true }) },
    { weight: 2, arbitrary: fc.constant({ masters: false, ehci: true }) },
    { weight: withoutEhci ? 1 : 0, arbitrary: fc.record({ masters: fc.boolean(), ehci: fc.constant(false) }) },
  );
  return fc.tuple(fc.subarray(companions, { minLength: 1 }), form).map(([chosen, { masters, ehci }]) => [
    ...(ehci ? [{ type: 'usb' as const, index, model: 'ich9-ehci1' as const }] : []),
    ...chosen.map((c) => (masters ? { type: 'usb' as const, index, model: c.model, masterStartport: c.startport } : { type: 'usb' as const, index, model: c.model })),
  ]);
}

/** A lone USB controller of a model, with its index given or left to libvirt. */
function singleUsbArb(model: UsbControllerModel, index: number): fc.Arbitrary<ControllerSpec[]> {
  return fc.boolean().map((withIndex) => [withIndex ? { type: 'usb' as const, index, model } : { type: 'usb' as const, model }]);
}

/** One USB controller group at `index`: a UHCI, an EHCI set, or an xHCI. */
function usbGroupArb(index: number, withoutEhci: boolean): fc.Arbitrary<ControllerSpec[]> {
  return fc.oneof(
    { withCrossShrink: true },
    singleUsbArb('piix3-uhci', index),
    ehciSetArb(index, withoutEhci),
    singleUsbArb('qemu-xhci', index),
    singleUsbArb('nec-xhci', index),
  );
}

/**
 * USB controllers: none declared (libvirt's default, which on virt is no USB at all),
 * model 'none' alone, or one or two groups at indexes 0 and 1.
 */
export function usbControllersArb(family: GenFamily, faults = true): fc.Arbitrary<ControllerSpec[]> {
  // companions without their EHCI, as the only USB controllers: refused at define. Beside
  // another USB controller libvirt accepts them and then fails every start (known issue
  // libvirt-9.0-uhci-companion-without-ehci): not generated, the finding is listed.
  const withoutEhci = faults;
  return fc.oneof(
    { withCrossShrink: true },
    { weight: family === 'arm-virt' ? 2 : 5, arbitrary: fc.constant<ControllerSpec[]>([]) },
    { weight: 1, arbitrary: fc.constant<ControllerSpec[]>([{ type: 'usb', model: 'none' }]) },
    { weight: 4, arbitrary: usbGroupArb(0, withoutEhci) },
    { weight: 1, arbitrary: fc.tuple(usbGroupArb(0, false), usbGroupArb(1, false)).map(([a, b]) => [...a, ...b]) },
  );
}

/**
 * Storage controllers declared outright. The first SATA controller of q35 and pc's IDE
 * controller are built into the chipset (libvirt pins them at 00:1f.2 and 00:01.1);
 * further SATA controllers are ordinary PCI devices.
 */
export function storageControllersArb(family: GenFamily): fc.Arbitrary<ControllerSpec[]> {
  const sata = (index?: number): ControllerSpec => (index === undefined ? { type: 'sata' } : { type: 'sata', index });
  const choices: ControllerSpec[][] =
    family === 'i440fx'
      ? [[{ type: 'ide', index: 0 }], [sata(0)], [sata(), sata(1)]]
      : family === 'q35'
        ? [[sata(0)], [sata()], [sata(1)], [sata(0), sata(1)]]
        : [[sata(0)], [sata(0), sata(1)]];
  return fc.oneof(
    { withCrossShrink: true },
    { weight: 4, arbitrary: fc.constant<ControllerSpec[]>([]) },
    { weight: 1, arbitrary: fc.constantFrom(...choices).map((set) => set.map((c) => ({ ...c }))) },
  );
}

/** SCSI controller models generated: the virtio one and the LSI one libvirt defaults to. */
export const scsiModelArb: fc.Arbitrary<ScsiControllerModel> = fc.constantFrom<ScsiControllerModel>('virtio-scsi', 'lsilogic');

/**
 * On pc and q35 now and then the emulated HBAs guests imported from other hypervisors keep
 * (SAS1068, MegaRAID, VMware's pvscsi); on virt not, where 9.0 primes an LSI-family
 * controller onto virtio-mmio (a known issue whose shape was measured with lsilogic only).
 */
function scsiModelArbFor(family: GenFamily): fc.Arbitrary<ScsiControllerModel> {
  if (family === 'arm-virt') return scsiModelArb;
  return fc.oneof({ weight: 4, arbitrary: scsiModelArb }, { weight: 1, arbitrary: fc.constantFrom<ScsiControllerModel>('lsisas1068', 'lsisas1078', 'vmpvscsi') });
}

/** Zero to two SCSI controllers with distinct indexes (or none given). */
export function scsiControllersArb(family: GenFamily): fc.Arbitrary<ControllerSpec[]> {
  return fc
    .array(fc.record({ model: scsiModelArbFor(family), withIndex: fc.boolean() }), { maxLength: 2 })
    .map((drafts) =>
      drafts.map(({ model, withIndex }, i) => (withIndex ? { type: 'scsi' as const, index: i, model } : { type: 'scsi' as const, model })),
    );
}

/** Zero to two virtio-serial controllers, sometimes with a port count or a model variant. */
export function virtioSerialControllersArb(family: GenFamily): fc.Arbitrary<ControllerSpec[]> {
  return fc
    .array(fc.record({ ports: fc.option(fc.integer({ min: 1, max: 31 }), { nil: undefined }), model: virtioVariantArb(family) }), { maxLength: 2 })
    .map((drafts) =>
      drafts.map(({ ports, model }) => ({ type: 'virtio-serial' as const, ...(ports === undefined ? {} : { ports }), ...(model === undefined ? {} : { model }) })),
    );
}
