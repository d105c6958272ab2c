// NICs without a MAC: libvirt makes one up, so its side is keyed by position for those.
// The state below has the shape libvirt 9.0 gave a q35 guest with a MAC-less virtio NIC,
// an e1000 with a MAC and a second MAC-less NIC (`virtprop compare` of such a file
// agreed); the made-up MACs differ on every define, so these are stand-ins.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DomainState } from '../../types/domain.js';
import { keyMaclessNets } from '../../properties/judges/netIdentity.js';

const pci = (bus: number, slot: number) => ({ type: 'pci' as const, pci: { domain: 0, bus, slot, function: 0 } });
const observed: DomainState = {
  machine: 'pc-q35-7.2',
  controllers: [],
  devices: [
    { key: 'net:52:54:00:5e:a1:07', address: pci(1, 0) },
    { key: 'net:52:54:00:11:22:35', address: pci(0, 2) },
    { key: 'net:52:54:00:c3:90:4d', address: pci(2, 0) },
    { key: 'memballoon', address: pci(3, 0) },
  ],
};

test('the NICs the spec names no MAC for take their position as key; the others keep their MAC', () => {
  const spec = { nets: [{ model: 'virtio' as const }, { model: 'e1000' as const, mac: '52:54:00:11:22:35' }, { model: 'virtio' as const }] };
  assert.equal(keyMaclessNets(observed, spec).devices.map((d) => d.key), ['net:#0', 'net:52:54:00:11:22:35', 'net:#2', 'memballoon']);
  // addresses are never touched
  assert.equal(keyMaclessNets(observed, spec).devices.map((d) => d.address), observed.devices.map((d) => d.address));
});

test('a spec whose NICs all have a MAC leaves the state as it is', () => {
  const spec = { nets: [{ model: 'virtio' as const, mac: '52:54:00:5e:a1:07' }] };
  assert.is(keyMaclessNets(observed, spec), observed);
});

test('NICs sharing one MAC take their position as key, each (two bridge NICs of one MAC in a hand-written OpenBSD file: libvirt 9.0, 11.3 and 12.8 defined it and kept both)', () => {
  const shared: DomainState = { ...observed, devices: [{ key: 'net:52:54:00:7a:10:01', address: pci(0, 3) }, { key: 'net:52:54:00:7a:10:01', address: pci(0, 4) }] };
  const spec = { nets: [{ model: 'e1000' as const, mac: '52:54:00:7a:10:01', macShared: true as const }, { model: 'e1000' as const, mac: '52:54:00:7A:10:01', macShared: true as const }] };
  assert.equal(keyMaclessNets(shared, spec).devices.map((d) => d.key), ['net:#0', 'net:#1']);
});

test.run();
