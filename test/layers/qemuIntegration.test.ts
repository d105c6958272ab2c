// Against the real libvirt + QEMU of this machine: define a q35 and a pc guest with
// bridges, ports and multifunction devices, start each paused (KVM), and check
//  - the qemu layer: QEMU's `info qtree` matches libvirt's live XML (model-free);
//  - model/argv: rendering libvirt's own post-define state gives the exact -device list
//    libvirt logged when it started QEMU (addresses come from libvirt, so this checks
//    drivers, ids, bus names, port/chassis).
// Everything runs in a private embedded root; the guest is destroyed and undefined in a
// finally block, and the test fails if any process from that root is still alive.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { extractLoggedCommandLine, parseQemuArgv } from '../../harness/argv.js';
import { ensureImages } from '../../harness/images.js';
import { parseDomainXml } from '../../harness/parseDomainXml.js';
import { parseQtree } from '../../harness/qtree.js';
import { processesUnder, reapProcessesUnder } from '../../harness/reaper.js';
import { VirshSession } from '../../harness/virshSession.js';
import { renderArgv } from '../../model/argv/renderArgv.js';
import { compareArgv } from '../../properties/judges/argvLayer.js';
import { compareQemuTree } from '../../properties/judges/qemuLayer.js';
import { renderDomainXml } from '../../properties/userxml/renderXml.js';
import type { DomainSpec } from '../../types/domain.js';
import type { ArgvDevice } from '../../types/qemu.js';

// No <graphics>: renderXml gives VNC a TCP listen address, and port 5900 is shared with
// every other embedded root on the host; a clash makes QEMU refuse to start.
const Q35: DomainSpec = {
  arch: 'x86_64',
  machine: 'q35',
  graphics: false,
  controllers: [
    { type: 'pci', index: 1, model: 'pcie-root-port' },
    { type: 'pci', index: 2, model: 'pcie-switch-upstream-port' },
    { type: 'pci', index: 3, model: 'pcie-switch-downstream-port' },
    { type: 'pci', index: 4, model: 'pcie-root-port' },
    { type: 'pci', index: 5, model: 'pcie-to-pci-bridge' },
    { type: 'pci', index: 6, model: 'dmi-to-pci-bridge' },
    { type: 'pci', index: 7, model: 'pci-bridge' },
    { type: 'scsi', index: 0, model: 'virtio-scsi' },
  ],
  disks: [{ device: 'disk', bus: 'virtio', target: 'vda' }, { device: 'disk', bus: 'sata', target: 'sdb' }],
  nets: [
    { model: 'virtio', mac: '52:54:00:aa:00:01', address: { type: 'pci', bus: 3, slot: 0 } },
    { model: 'e1000', mac: '52:54:00:aa:00:02' },
    { model: 'rtl8139', mac: '52:54:00:aa:00:03', address: { type: 'pci', bus: 7, slot: 4 } },
  ],
  videos: [{ model: 'qxl' }, { model: 'virtio' }],
  sounds: [{ model: 'ich9' }, { model: 'ich6' }],
  rngs: [{ model: 'virtio' }],
  watchdogs: [{ model: 'i6300esb' }],
  inputs: [{ type: 'keyboard', bus: 'virtio' }],
};

const PC: DomainSpec = {
  arch: 'x86_64',
  machine: 'pc',
  graphics: false,
  controllers: [
    { type: 'pci', index: 1, model: 'pci-bridge' },
    { type: 'pci', index: 2, model: 'pci-bridge', address: { type: 'pci', bus: 1, slot: 3 } },
    { type: 'usb', index: 0, model: 'ich9-ehci1' },
    { type: 'usb', index: 0, model: 'ich9-uhci1', masterStartport: 0 },
    { type: 'virtio-serial', index: 0 },
  ],
  disks: [{ device: 'disk', bus: 'virtio', target: 'vdc' }, { device: 'cdrom', bus: 'ide', target: 'hda' }],
  nets: [
    { model: 'e1000', mac: '52:54:00:bb:00:01', address: { type: 'pci', bus: 0, slot: 6, function: 0, multifunction: 'on' } },
    { model: 'e1000', mac: '52:54:00:bb:00:02', address: { type: 'pci', bus: 0, slot: 6, function: 3 } },
    { model: 'virtio', mac: '52:54:00:bb:00:03', address: { type: 'pci', bus: 2, slot: 1 } },
  ],
  videos: [{ model: 'vga' }],
  sounds: [{ model: 'ac97' }],
  memballoon: { model: 'virtio', address: { type: 'pci', bus: 1, slot: 0x1f } },
  rngs: [{ model: 'virtio' }, { model: 'virtio' }],
  watchdogs: [],
  inputs: [{ type: 'tablet', bus: 'usb' }, { type: 'mouse', bus: 'virtio' }],
};

/** libvirt's defaults on pc: PIIX3 USB (a -device) and IDE (built in), cirrus video, balloon. */
const PC_DEFAULTS: DomainSpec = {
  arch: 'x86_64',
  machine: 'pc',
  graphics: false,
  controllers: [],
  disks: [{ device: 'disk', bus: 'virtio', target: 'vda' }, { device: 'cdrom', bus: 'ide', target: 'hdc' }],
  nets: [{ model: 'rtl8139', mac: '52:54:00:cc:00:01' }],
  videos: [{ model: 'cirrus' }],
  sounds: [],
  rngs: [],
  watchdogs: [],
  inputs: [],
};

/** A private embedded root whose qemu.conf lets guests start without a libvirt daemon. */
async function makeRoot(): Promise<string> {
  // Short on purpose: QEMU's monitor socket lives under the root (108-byte limit).
  const root = await mkdtemp(path.join(os.tmpdir(), 'vpl-'));
  await mkdir(path.join(root, 'etc'), { recursive: true });
  // root:root avoids the capability-cache trap (ARCHITECTURE.md, "The capability cache trap"); stdio_handler=file makes
  // QEMU's output go to a log file instead of virtlogd, which is not running here.
  await writeFile(path.join(root, 'etc', 'qemu.conf'), 'user = "root"\ngroup = "root"\nstdio_handler = "file"\n');
  return root;
}

/** Runs a virsh command, failing the test with virsh's error when it fails. */
async function virsh(session: VirshSession, args: string[]): Promise<string> {
  const result = await session.run(args);
  if (!result.ok) throw new Error(`virsh ${args.join(' ')}: ${result.error}`);
  return result.stdout;
}

/** Defines, starts paused and inspects one guest; always cleans up after itself. */
async function checkGuest(spec: DomainSpec, name: string, expectBridges = true): Promise<ArgvDevice[]> {
  const root = await makeRoot();
  const imageDir = path.join(root, 'images');
  // The embedded driver kills its guests when virsh exits, so one session does it all.
  const session = await VirshSession.open({ virsh: 'virsh', uri: `qemu:///embed?root=${root}`, timeoutMs: 120_000 });
  let defined = false;
  let logged: ArgvDevice[] = [];
  try {
    // TCG: CI machines have no /dev/kvm, and the PCI tree does not depend on the accelerator
    const xml = renderDomainXml(spec, { name, virtType: 'qemu', imageDir });
    await ensureImages(xml, imageDir);
    const xmlFile = path.join(root, `${name}.xml`);
    await writeFile(xmlFile, xml);
    await virsh(session, ['define', xmlFile]);
    defined = true;
    const inactive = await parseDomainXml(await virsh(session, ['dumpxml', name]));
    const started = await session.run(['start', '--paused', name]);
    if (!started.ok) {
      // virsh shows only QEMU's first stderr line; the reason is at the end of the log.
      const log = await readFile(path.join(root, 'log', 'qemu', `${name}.log`), 'utf8').catch(() => '');
      throw new Error(`virsh start --paused ${name}: ${started.error}\n${log.split('\n').slice(-4).join('\n')}`);
    }
    const live = await parseDomainXml(await virsh(session, ['dumpxml', name]));
    const tree = parseQtree(await virsh(session, ['qemu-monitor-command', name, '--hmp', 'info qtree']));

    const qemu = compareQemuTree(live, tree);
    assert.is(qemu.diff, '', `${name}: QEMU's tree differs from libvirt's live XML`);
    // The check must have had something to compare: bridges and their devices.
    if (expectBridges) assert.ok(tree.filter((d) => d.childBuses.length > 0).length >= 2, `${name}: expected bridges in QEMU's tree`);

    const rendering = renderArgv(spec, inactive);
    if (rendering.kind !== 'ok') throw new Error(`${name}: renderArgv declined: ${rendering.reason}`);
    logged = parseQemuArgv(extractLoggedCommandLine(await readFile(path.join(root, 'log', 'qemu', `${name}.log`), 'utf8')));
    const argv = compareArgv(rendering.devices, logged);
    assert.is(argv.diff, '', `${name}: rendered -device list differs from the one libvirt started QEMU with`);
  } finally {
    // Each step may fail on its own (the guest may not be running); none may skip the rest.
    if (defined) {
      await session.run(['destroy', name]).catch(() => undefined);
      await session.run(['undefine', name]).catch(() => undefined);
    }
    await session.close();
    const leaked = await reapProcessesUnder(root);
    await rm(root, { recursive: true, force: true });
    assert.is(leaked, 0, `${leaked} process(es) from ${root} outlived the test and were killed`);
  }
  assert.equal(await processesUnder(root), []);
  return logged;
}

test('q35 with root ports, a switch, pcie-to-pci and DMI bridges: qtree = live XML, argv = rendering', async () => {
  await checkGuest(Q35, 'vpl-q35');
});

test('pc with nested pci-bridges, a multifunction pair and USB companions: qtree = live XML, argv = rendering', async () => {
  await checkGuest(PC, 'vpl-pc');
});

test("pc with libvirt's default controllers: PIIX3 USB is on the command line, PIIX3 IDE is not", async () => {
  const logged = await checkGuest(PC_DEFAULTS, 'vpl-pcdef', false);
  assert.equal(logged.find((d) => d.id === 'usb'), { driver: 'piix3-usb-uhci', id: 'usb', bus: 'pci.0', addr: '01.2' });
  assert.not.ok(logged.some((d) => d.driver === 'piix3-ide'));
});

test.run();
