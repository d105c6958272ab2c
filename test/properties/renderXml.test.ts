// The XML a spec becomes: only the fields the spec gives, numbers as libvirt writes them,
// everything escaped, and one renderer per device kind shared by define and hotplug.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseStringPromise } from 'xml2js';
import type { DomainSpec } from '../../types/domain.js';
import { renderDeviceXml, renderDomainXml } from '../../properties/userxml/renderXml.js';

const spec = (over: Partial<DomainSpec> = {}): DomainSpec => ({
  arch: 'x86_64',
  machine: 'pc',
  graphics: false,
  controllers: [],
  disks: [],
  nets: [],
  videos: [],
  sounds: [],
  rngs: [],
  watchdogs: [],
  inputs: [],
  ...over,
});
const opts = { name: 'g', virtType: 'kvm' as const, imageDir: '/img' };

test('a partial PCI address writes only the fields given, in libvirt\'s hex widths', () => {
  const slotOnly = renderDeviceXml('net', { model: 'virtio', mac: '52:54:00:00:00:01', address: { type: 'pci', slot: 31 } });
  assert.ok(slotOnly.includes(`<address type='pci' slot='0x1f'/>`), slotOnly);
  const full = renderDeviceXml('sound', { model: 'ich9', address: { type: 'pci', domain: 0, bus: 10, slot: 3, function: 7, multifunction: 'on' } });
  assert.ok(full.includes(`<address type='pci' domain='0x0000' bus='0x0a' slot='0x03' function='0x7' multifunction='on'/>`), full);
  const mmio = renderDeviceXml('rng', { model: 'virtio', address: { type: 'virtio-mmio' } });
  assert.ok(mmio.includes(`<address type='virtio-mmio'/>`), mmio);
});

test('names, paths and text are escaped', async () => {
  const xml = renderDomainXml(spec({ disks: [{ device: 'disk', bus: 'virtio', target: 'vda' }] }), {
    ...opts,
    name: `a'b"<c>&d`,
    imageDir: `/x&y'z`,
  });
  const doc = await parseStringPromise(xml);
  assert.is(doc.domain.name[0], `a'b"<c>&d`);
  assert.is(doc.domain.devices[0].disk[0].source[0].$.file, `/x&y'z/vda.img`);
});

test('disks get a raw file source, cdroms none; a disk without an image dir is refused', async () => {
  const xml = renderDomainXml(
    spec({ disks: [{ device: 'disk', bus: 'sata', target: 'sda' }, { device: 'cdrom', bus: 'ide', target: 'hdc' }] }),
    opts,
  );
  const [disk, cdrom] = (await parseStringPromise(xml)).domain.devices[0].disk;
  assert.equal(disk.$, { type: 'file', device: 'disk' });
  assert.equal(disk.driver[0].$, { name: 'qemu', type: 'raw' });
  assert.equal(disk.source[0].$, { file: '/img/sda.img' });
  assert.equal(disk.target[0].$, { dev: 'sda', bus: 'sata' });
  assert.is(cdrom.source, undefined);
  assert.ok(cdrom.readonly);
  assert.throws(() => renderDeviceXml('disk', { device: 'disk', bus: 'virtio', target: 'vdb' }), /imageDir/);
});

test('controllers write index, model, target, master and ports only when given', async () => {
  const xml = renderDomainXml(
    spec({
      controllers: [
        { type: 'pci', model: 'pcie-root-port', target: { chassis: 3, port: 0x1a } },
        { type: 'usb', index: 0, model: 'ich9-uhci2', masterStartport: 2 },
        { type: 'virtio-serial', ports: 8 },
      ],
    }),
    opts,
  );
  const [rp, uhci, serial] = (await parseStringPromise(xml)).domain.devices[0].controller;
  assert.equal(rp.$, { type: 'pci', model: 'pcie-root-port' });
  assert.equal(rp.target[0].$, { chassis: '3', port: '0x1a' });
  assert.equal(uhci.$, { type: 'usb', index: '0', model: 'ich9-uhci2' });
  assert.equal(uhci.master[0].$, { startport: '2' });
  assert.equal(serial.$, { type: 'virtio-serial', ports: '8' });
});

test('every other device kind, and graphics only when asked', async () => {
  const xml = renderDomainXml(
    spec({
      graphics: true,
      nets: [{ model: 'e1000e', mac: '52:54:00:aa:bb:cc' }],
      videos: [{ model: 'vga' }, { model: 'qxl', primary: true }],
      sounds: [{ model: 'ac97' }],
      memballoon: { model: 'none' },
      rngs: [{ model: 'virtio' }],
      watchdogs: [{ model: 'ib700' }],
      inputs: [{ type: 'tablet', bus: 'usb' }],
    }),
    opts,
  );
  const d = (await parseStringPromise(xml)).domain.devices[0];
  assert.equal(d.interface[0].$, { type: 'user' });
  assert.equal(d.interface[0].mac[0].$, { address: '52:54:00:aa:bb:cc' });
  assert.equal(d.interface[0].model[0].$, { type: 'e1000e' });
  assert.equal(d.video.map((v: { model: { $: unknown }[] }) => v.model[0].$), [{ type: 'vga' }, { type: 'qxl', primary: 'yes' }]);
  assert.equal(d.sound[0].$, { model: 'ac97' });
  assert.equal(d.memballoon[0].$, { model: 'none' });
  assert.equal(d.rng[0].backend[0], { _: '/dev/urandom', $: { model: 'random' } });
  assert.equal(d.watchdog[0].$.model, 'ib700');
  assert.equal(d.input[0].$, { type: 'tablet', bus: 'usb' });
  // No TCP listen address: the harness's qemu.conf gives each guest its own VNC UNIX socket.
  assert.equal(d.graphics[0].$, { type: 'vnc', autoport: 'yes' });
  const bare = (await parseStringPromise(renderDomainXml(spec(), opts))).domain;
  assert.is(bare.devices[0].graphics, undefined);
  assert.is(bare.devices[0].memballoon, undefined, 'no memballoon element unless the spec has one');
});

test('the domain carries type, memory, one vcpu, arch and machine; aarch64 gets a 64-bit CPU', async () => {
  const x86 = (await parseStringPromise(renderDomainXml(spec(), { ...opts, emulator: '/usr/bin/qemu-system-x86_64' }))).domain;
  assert.equal(x86.$, { type: 'kvm' });
  assert.equal(x86.memory[0], { _: '128', $: { unit: 'MiB' } });
  assert.is(x86.vcpu[0], '1');
  assert.equal(x86.os[0].type[0], { _: 'hvm', $: { arch: 'x86_64', machine: 'pc' } });
  assert.is(x86.cpu, undefined);
  assert.is(x86.devices[0].emulator[0], '/usr/bin/qemu-system-x86_64');
  const arm = (await parseStringPromise(renderDomainXml(spec({ arch: 'aarch64', machine: 'virt' }), { ...opts, virtType: 'qemu' }))).domain;
  assert.equal(arm.$, { type: 'qemu' });
  assert.is(arm.cpu[0].model[0]._, 'cortex-a57');
});

test('a device in the domain XML is exactly its hotplug XML, indented', () => {
  const net = { model: 'virtio' as const, mac: '52:54:00:00:00:09', address: { type: 'pci' as const, bus: 0, slot: 9 } };
  const alone = renderDeviceXml('net', net);
  const inDomain = renderDomainXml(spec({ nets: [net] }), opts);
  const indented = alone.trimEnd().split('\n').map((l) => `    ${l}`).join('\n');
  assert.ok(inDomain.includes(indented), inDomain);
});

test('devices keep spec order within their kind', async () => {
  const macs = ['52:54:00:00:00:03', '52:54:00:00:00:01', '52:54:00:00:00:02'];
  const xml = renderDomainXml(spec({ nets: macs.map((mac) => ({ model: 'virtio' as const, mac })) }), opts);
  const got = (await parseStringPromise(xml)).domain.devices[0].interface.map((i: { mac: { $: { address: string } }[] }) => i.mac[0].$.address);
  assert.equal(got, macs);
});

// The XML below (root, port, disk and NIC with user aliases) was defined by libvirt 9.0.0 on
// 2026-12-05 and its inactive XML kept each alias on its element (fixture q35-ua).
test('a user alias is written as <alias name=…/> on controllers, disks and NICs, nowhere when absent', () => {
  const xml = renderDomainXml(
    spec({
      machine: 'q35',
      controllers: [{ type: 'pci', index: 0, model: 'pcie-root', alias: 'ua-root' }, { type: 'pci', index: 1, model: 'pcie-root-port' }],
      disks: [{ device: 'disk', bus: 'virtio', target: 'vda', alias: 'ua-disk0' }],
      nets: [{ model: 'virtio', mac: '52:54:00:00:00:01', alias: 'ua-net-0', address: { type: 'pci', bus: 1, slot: 0 } }],
    }),
    opts,
  );
  assert.match(xml, /<controller type='pci' index='0' model='pcie-root'>\s*<alias name='ua-root'\/>\s*<\/controller>/);
  assert.match(xml, /<target dev='vda' bus='virtio'\/>\s*<alias name='ua-disk0'\/>/);
  assert.match(xml, /<model type='virtio'\/>\s*<alias name='ua-net-0'\/>\s*<address type='pci' bus='0x01' slot='0x00'\/>/);
  assert.is(xml.match(/<alias /g)?.length, 3);
});

test.run();
