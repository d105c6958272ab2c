// properties/judges/argvLayer.ts busOrderViolations: libvirt 9.0 defining and starting in one
// process (as libvirtd does) emitted an upstream port before the root port it sits on
// (test/fixtures/layers/order-bug.*; QEMU refused: "Bus 'pci.1' not found").

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { extractLoggedCommandLine, parseQemuArgv } from '../../harness/argv.js';
import { busOrderViolations } from '../../properties/judges/argvLayer.js';
import { readFixture } from './fixtures.js';

test('the logged command line of the order bug: x3130-upstream pci.4 before pcie-root-port pci.1', () => {
  const devices = parseQemuArgv(extractLoggedCommandLine(readFixture('order-bug.qemu.log')));
  // Read off the log: pci.3 (port), pci.4 (upstream on pci.1), pci.1, pci.2 (ports).
  assert.equal(devices.map((d) => d.id), ['pci.3', 'pci.4', 'pci.1', 'pci.2']);
  assert.equal(busOrderViolations(devices), ['pci.4 on pci.1 comes before pci.1 is created (device 2 vs 3)']);
});

test('every other captured start is well ordered', () => {
  for (const name of ['q35a', 'q35b', 'q35c', 'q35x', 'pca', 'pcb', 'pcx', 'arm1', 'arm2', 'arm3']) {
    const devices = parseQemuArgv(extractLoggedCommandLine(readFixture(`${name}.qemu.log`)));
    assert.equal(busOrderViolations(devices), [], name);
  }
});

test('root and non-PCI buses (no provider in the list) are never violations', () => {
  assert.equal(busOrderViolations([{ driver: 'e1000', id: 'net0', bus: 'pcie.0', addr: '03.0' }]), []);
});

test.run();
