// The model against the rows observed with libvirt 9.0.0 / QEMU 7.2 on Debian 12
// (observedCases.ts): same canonical machine, same number of PCI controllers, the same
// addresses for the devices each row names, or the same class of refusal.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { predict } from '../../model/index.js';
import { I440FX_CASES, Q35_CASES, type ObservedCase } from './observedCases.js';
import { CONTROLLER_CASES, DOMAIN_CHECK_CASES, OHCI_CASES, EHCI_CASES, HOSTDEV_KIND_CASES, DRIVE_AND_VIDEO_CASES, EXPANDER_CASES, FIRMWARE_CASES, FLOPPY_CASES, LEGACY_NIC_CASES, SB16_CASES, PASSTHROUGH_INPUT_CASES, READONLY_DISK_CASES, SCSI_LUN_CASES, XHCI_PORTS_CASES, HOSTDEV_CASES, USB_DEVICE_CASES, IOMMU_CASES, NON_PCI_ADDRESS_CASES, NO_PCI_CASES, SERIAL_CASES, USB_AUTOINDEX_CASES, USB_PORT_CASES, VSOCK_CASES, FILESYSTEM_CASES, HOTPLUG_AND_NAME_CASES, PANIC_AND_INDEX_CASES, PARSE_CASES, VIRTIO_PORT_CASES } from './observedWidening.js';
import { summarize, X86_PROFILE } from './summary.js';

function addRows(name: string, rows: ObservedCase[]): void {
  const test = suite(name);
  for (const row of rows) {
    test(row.rule, () => {
      const p = predict(row.spec, X86_PROFILE);
      if (row.reject !== undefined) {
        assert.is(p.kind, 'reject', JSON.stringify(p));
        if (p.kind === 'reject') assert.is(p.errorClass, row.reject, p.detail);
        return;
      }
      assert.is(p.kind, 'ok', JSON.stringify(p));
      if (p.kind !== 'ok') return;
      if (row.machine !== undefined) assert.is(p.state.machine, row.machine);
      if (row.pciControllers !== undefined) assert.is(p.state.controllers.filter((c) => c.type === 'pci').length, row.pciControllers);
      const got = summarize(p.state);
      const expected = row.at ?? {};
      const picked = Object.fromEntries(Object.keys(expected).map((k) => [k, got[k]]));
      assert.equal(picked, expected);
      for (const [key, target] of Object.entries(row.targets ?? {})) {
        const c = p.state.controllers.find((x) => `controller:${x.type}:${x.index}` === key);
        assert.equal(c?.target, target, key);
      }
    });
  }
  test.run();
}

addRows('model: i440fx rows observed with libvirt 9.0.0', I440FX_CASES);
addRows('model: q35 rows observed with libvirt 9.0.0', Q35_CASES);
addRows('model: virtio channels and consoles observed with libvirt 9.0.0', VIRTIO_PORT_CASES);
addRows('model: parse-time refusals observed with libvirt 9.0.0', PARSE_CASES);
addRows('model: controller targets and indexes observed with libvirt 9.0.0', CONTROLLER_CASES);
addRows('model: PCI host devices observed with libvirt 9.0.0', HOSTDEV_CASES);
addRows('model: host USB devices and smartcards observed with libvirt 9.0.0 (and 11.3, 12.8)', USB_DEVICE_CASES);
addRows('model: panic models and controller indexes observed with libvirt 9.0.0', PANIC_AND_INDEX_CASES);
addRows('model: controller hotplug and model names observed with libvirt 9.0.0', HOTPLUG_AND_NAME_CASES);
addRows('model: drive addresses observed with libvirt 9.0.0', DRIVE_AND_VIDEO_CASES);
addRows('model: pci-serial ports observed with libvirt 9.0.0', SERIAL_CASES);
addRows('model: IOMMUs observed with libvirt 9.0.0', IOMMU_CASES);
addRows('model: vsock observed with libvirt 9.0.0', VSOCK_CASES);
addRows('model: 9p filesystems observed with libvirt 9.0.0', FILESYSTEM_CASES);
addRows('model: isapc and microvm observed with libvirt 9.0.0', NO_PCI_CASES);
addRows('model: expander buses observed with libvirt 9.0.0', EXPANDER_CASES);
addRows('model: PCI addresses on devices that take none, observed with libvirt 9.0.0', NON_PCI_ADDRESS_CASES);
addRows('model: index-less ICH9 USB controllers observed with libvirt 9.0.0', USB_AUTOINDEX_CASES);
addRows('model: USB ports of inputs observed with libvirt 9.0.0', USB_PORT_CASES);
addRows('model: UEFI and ACPI observed with libvirt 9.0.0 (and 11.3, 12.8)', FIRMWARE_CASES);
addRows('model: domain and NIC checks observed with libvirt 9.0.0 (and 11.3, 12.8)', DOMAIN_CHECK_CASES);
addRows('model: an OHCI USB controller observed with libvirt 9.0.0 (and 11.3, 12.8)', OHCI_CASES);
addRows('model: a standalone EHCI USB controller observed with libvirt 9.0.0 (and 11.3, 12.8)', EHCI_CASES);
addRows('model: mdev, vhost-scsi and SCSI host devices observed with libvirt 9.0.0 (and 11.3, 12.8)', HOSTDEV_KIND_CASES);
addRows('model: passthrough inputs observed with libvirt 9.0.0 (and 12.8)', PASSTHROUGH_INPUT_CASES);
addRows('model: xHCI port counts observed with libvirt 9.0.0 (and 11.3, 12.8)', XHCI_PORTS_CASES);
addRows('model: read-only disks observed with libvirt 9.0.0 (and 11.3, 12.8)', READONLY_DISK_CASES);
addRows('model: SCSI LUN drive addresses observed with libvirt 9.0.0 (and 11.3, 12.8)', SCSI_LUN_CASES);
addRows('model: floppy drives observed with libvirt 9.0.0 (and 11.3, 12.8)', FLOPPY_CASES);
addRows('model: older NIC models observed with libvirt 9.0.0 (and 11.3, 12.8)', LEGACY_NIC_CASES);
addRows('model: an ISA Sound Blaster observed with libvirt 9.0.0 (and 11.3, 12.8)', SB16_CASES);
