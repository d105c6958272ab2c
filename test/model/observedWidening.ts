// Rows observed while widening the model to libvirt's own test inputs (issue 6): each was
// defined with `virsh -c qemu:///embed?root=…` against libvirt 9.0.0 / QEMU 7.2 (Debian 12)
// and read back with dumpxml on 2026-11-23. Same row shape as observedCases.ts.

import type { ObservedCase } from './observedCases.js';
import { mac, nics, spec } from './summary.js';

/** Virtio channels and consoles: the virtio-serial controllers libvirt adds for them, and where. */
export const VIRTIO_PORT_CASES: ObservedCase[] = [
  {
    rule: 'a virtio channel without address adds virtio-serial 0, on the first free slot',
    spec: spec('pc', { virtioPorts: [{ kind: 'channel' }] }),
    pciControllers: 1,
    at: { 'controller:virtio-serial:0': '@00:02.0', memballoon: '00:03.0' },
  },
  {
    rule: "a channel's address names the controller added; channels' controllers are appended before consoles', after the user's",
    spec: spec('pc', {
      nets: [{ model: 'virtio', mac: mac(0) }],
      controllers: [{ type: 'scsi', model: 'virtio-scsi' }],
      virtioPorts: [{ kind: 'channel', controller: 2 }, { kind: 'console' }],
    }),
    at: { [`net:${mac(0)}`]: '00:02.0', 'controller:scsi:0': 'virtio-scsi@00:03.0', 'controller:virtio-serial:2': '@00:04.0', 'controller:virtio-serial:0': '@00:05.0', memballoon: '00:06.0' },
  },
  {
    rule: 'the order is by kind, not by document order; disk controllers libvirt adds come first',
    spec: spec('pc', {
      virtioPorts: [{ kind: 'console' }, { kind: 'channel', controller: 2 }],
      disks: [{ device: 'cdrom', bus: 'scsi', target: 'sda' }],
    }),
    at: { 'controller:scsi:0': 'lsilogic@00:02.0', 'controller:virtio-serial:2': '@00:03.0', 'controller:virtio-serial:0': '@00:04.0' },
  },
  {
    rule: "q35: the added virtio-serial 0 comes after the user's virtio-serial 1 and the implicit xHCI, each on its own root port",
    spec: spec('q35', { controllers: [{ type: 'virtio-serial', index: 1 }], virtioPorts: [{ kind: 'channel' }] }),
    at: { 'controller:virtio-serial:1': '@01:00.0', 'controller:usb:0': 'qemu-xhci@02:00.0', 'controller:virtio-serial:0': '@03:00.0', memballoon: '04:00.0' },
  },
  {
    rule: 'a channel naming an existing controller adds none',
    spec: spec('pc', { controllers: [{ type: 'virtio-serial', index: 0 }], nets: nics(1), virtioPorts: [{ kind: 'channel', controller: 0 }] }),
    pciControllers: 1,
    at: { [`net:${mac(0)}`]: '00:02.0', 'controller:virtio-serial:0': '@00:03.0' },
  },
];
