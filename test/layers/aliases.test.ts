// model/argv/aliases.ts: libvirt 9.0's alias rules (src/qemu/qemu_alias.c), each also
// seen in a captured command line (fixture named in the comment).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { controllerAlias, diskNameIndex, virtioDiskAlias } from '../../model/argv/aliases.js';
import type { ControllerState } from '../../types/domain.js';

const c = (type: string, index: number, model?: string): ControllerState => ({ type, index, ...(model ? { model } : {}), address: { type: 'none' } });

test('controller ids', () => {
  assert.is(controllerAlias(c('pci', 0, 'pcie-root'), 'q35'), 'pcie.0'); // every q35 fixture
  assert.is(controllerAlias(c('pci', 0, 'pci-root'), 'i440fx'), 'pci.0'); // pca
  assert.is(controllerAlias(c('pci', 6, 'pci-bridge'), 'q35'), 'pci.6'); // q35b
  assert.is(controllerAlias(c('usb', 0, 'qemu-xhci'), 'q35'), 'usb'); // q35a
  assert.is(controllerAlias(c('usb', 1, 'nec-xhci'), 'q35'), 'usb1'); // q35x
  assert.is(controllerAlias(c('scsi', 0, 'lsisas1078'), 'i440fx'), 'scsi0'); // pcx
  assert.is(controllerAlias(c('virtio-serial', 0), 'i440fx'), 'virtio-serial0'); // pcb
  // The machines' built-in storage controllers are called "ide" (pca, q35a live XML) ...
  assert.is(controllerAlias(c('ide', 0), 'i440fx'), 'ide');
  assert.is(controllerAlias(c('sata', 0), 'q35'), 'ide');
  // ... but an added SATA controller is sataN (pcx on pc, q35x on q35).
  assert.is(controllerAlias(c('sata', 0), 'i440fx'), 'sata0');
  assert.is(controllerAlias(c('sata', 1), 'q35'), 'sata1');
  assert.is(controllerAlias(c('sata', 0), 'arm-virt'), 'sata0');
});

test('virtio disk ids follow the target name, not the disk order (pcb: vdb → virtio-disk1)', () => {
  assert.is(virtioDiskAlias('vda'), 'virtio-disk0');
  assert.is(virtioDiskAlias('vdb'), 'virtio-disk1');
  assert.is(diskNameIndex('vdz'), 25);
  assert.is(diskNameIndex('vdaa'), 26);
  assert.is(diskNameIndex('sdab'), 27);
});

test.run();
