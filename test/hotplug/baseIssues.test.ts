// Recognising the gap-controller order bug (known-issues/libvirt-9.0-gap-controller-order)
// on real output: libvirt's XML of known-issues/…/input.xml as the defining virsh session
// dumps it (root port 1 listed last) and as a fresh session reloads it (sorted), and the
// start error QEMU gave for it here (libvirt 9.0.0, QEMU 7.2).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { gapControllerOrder, stepIssue, USB_NONE_CONFIG_ATTACH } from '../../properties/hotplug/baseIssues.js';
import type { HotplugStep } from '../../model/hotplugTypes.js';
import { predictStep, startWorld } from '../../model/hotplugWorld.js';
import { spec, X86_PROFILE } from '../model/summary.js';

const input = readFileSync('known-issues/libvirt-9.0-gap-controller-order/input.xml', 'utf8');
const session = readFileSync('test/hotplug/fixtures/gap-order.session.xml', 'utf8');
const reloaded = readFileSync('test/hotplug/fixtures/gap-order.reloaded.xml', 'utf8');
const error = `Failed to start domain 'vp-known-gap-order'
internal error: process exited while connecting to monitor: 2026-11-23T18:10:44.969624Z qemu-system-x86_64: warning: host doesn't support requested feature: CPUID.01H:ECX.pni [bit 0]
2026-11-23T18:10:45.030148Z qemu-system-x86_64: -device {"driver":"pcie-pci-bridge","id":"pci.2","bus":"pci.1","addr":"0x0"}: Bus 'pci.1' not found`;

test('the defining session lists the bridge on bus 1 before controller 1: recognised', () => {
  assert.ok(gapControllerOrder(input, session, error));
});

test('the same definition reloaded is sorted: not this bug, whatever the error says', () => {
  assert.not.ok(gapControllerOrder(input, reloaded, error));
});

test('the same missing bus without a gap in the input (libvirt did not add controller 1) is not this bug', () => {
  const noGap = input.replace("<controller type='pci' index='2' model='pcie-to-pci-bridge'/>", "<controller type='pci' index='1' model='pcie-root-port'/><controller type='pci' index='2' model='pcie-to-pci-bridge'/>");
  assert.not.ok(gapControllerOrder(noGap, session, error));
});

test('a start failure of another kind is not this bug', () => {
  assert.not.ok(gapControllerOrder(input, session, "Failed to start domain 'x'\ninternal error: qemu unexpectedly closed the monitor: Failed to find an available port"));
});

// known-issues/libvirt-9.0-usb-none-config-attach: libvirt accepted this step (pc, usb model='none')
test('a --config qemu-xhci next to usb none that libvirt accepts is the listed bug; other steps are not', () => {
  const start = startWorld(spec('pc', { controllers: [{ type: 'usb', model: 'none' }] }), X86_PROFILE, true);
  assert.is(start.kind, 'ok');
  if (start.kind !== 'ok') return;
  const xhci: HotplugStep = { op: 'attach', mode: 'config', device: { kind: 'controller', spec: { type: 'usb', model: 'qemu-xhci' } } };
  const p = predictStep(start.world, xhci);
  assert.is(p.kind, 'refused');
  assert.is(stepIssue(xhci, p, true), USB_NONE_CONFIG_ATTACH);
  // libvirt refusing it as the model says is no bug; a live attach of it is another matter
  assert.is(stepIssue(xhci, p, false), undefined);
  const live: HotplugStep = { ...xhci, mode: 'live' };
  assert.is(stepIssue(live, predictStep(start.world, live), true), undefined);
});

test.run();
