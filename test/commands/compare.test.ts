// `virtprop compare FILE` against the real libvirt: an agreeing file, a refusal the model
// predicted, a file outside coverage, a refusal over something outside coverage, a listed
// libvirt bug (known-issue, exit 0), a planted libvirt bug (mismatch, exit 1), and bad
// input (exit 2, one paragraph, no stack trace; with --json one JSON object on stdout).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { promises as fs } from 'node:fs';
import { execa } from 'execa';
import path from 'node:path';
import { json, pcDomain, PLANTED, tempDir, virtprop, writeIn } from './cli.js';

let dir = '';
test.before(async () => {
  dir = await tempDir();
});
test.after(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** A private embedded libvirt root for virsh run by the test itself; its URI. */
async function embeddedRoot(name: string): Promise<string> {
  const root = path.join(dir, name);
  await fs.mkdir(path.join(root, 'etc'), { recursive: true });
  // as root, without this every define re-probes QEMU (see ARCHITECTURE.md, "The capability cache trap")
  await fs.writeFile(path.join(root, 'etc', 'qemu.conf'), 'user = "root"\ngroup = "root"\n');
  return `qemu:///embed?root=${root}`;
}

test('a small pc guest with a serial console agrees (serial/console are left out of the comparison)', async () => {
  const file = await writeIn(dir, 'agree.xml', pcDomain('cmp-agree', [{ mac: '52:54:00:00:01:01' }, { mac: '52:54:00:00:01:02', slot: 7, model: 'e1000' }], "<serial type='pty'/><console type='pty'/><disk type='file' device='disk'><source file='/nonexistent/vda.img'/><target dev='vda' bus='virtio'/></disk>"));
  const run = await virtprop(['compare', file, '--json']);
  const out = json(run);
  assert.is(out.verdict, 'agree', `${run.stdout}`);
  assert.is(out.libvirtRejected, false);
  assert.is(run.code, 0);
  // the text form says the same
  const text = await virtprop(['compare', file]);
  assert.match(text.stdout, /AGREE/, `${text.stdout}\n${text.stderr}`);
  assert.is(text.code, 0);
});

test('two NICs on one PCI slot: libvirt refuses, the model predicted it → agree', async () => {
  const file = await writeIn(dir, 'clash.xml', pcDomain('cmp-clash', [{ mac: '52:54:00:00:02:01', slot: 5 }, { mac: '52:54:00:00:02:02', slot: 5 }]));
  const run = await virtprop(['compare', file, '--json']);
  const out = json(run);
  assert.is(out.verdict, 'agree', run.stdout);
  assert.is(out.libvirtRejected, true);
  assert.match(String(out.observed), /rejected \(address-in-use\)/);
  assert.is(run.code, 0);
});

test('a SATA disk past the AHCI ports is outside coverage: unsupported with the reason, exit 0', async () => {
  const file = await writeIn(dir, 'fs.xml', pcDomain('cmp-fs', [], "<disk type='file' device='disk'><source file='/tmp/x.img'/><target dev='sdz' bus='sata'/><address type='drive' controller='0' bus='0' target='0' unit='7'/></disk>"));
  const run = await virtprop(['compare', file, '--json']);
  const out = json(run);
  assert.is(out.verdict, 'unsupported');
  assert.match(String(out.reason), /disk sdz: drive address past unit 5/);
  assert.is(run.code, 0);
});

test('more USB devices than ports: the hub libvirt adds is left out on both sides → agree', async () => {
  const inputs = ['tablet', 'mouse', 'keyboard'].map((t) => `<input type='${t}' bus='usb'/>`).join('');
  const file = await writeIn(dir, 'hub.xml', pcDomain('cmp-hub', [], inputs));
  // the premise: piix3-uhci has two ports, so libvirt adds a hub for the third device and
  // the model predicts it too
  const uri = await embeddedRoot('hub-root');
  const defined = await execa('virsh', ['-c', uri, `define ${file}; dumpxml cmp-hub`], { reject: false });
  assert.match(String(defined.stdout), /<hub type='usb'>/, `libvirt added no hub:\n${defined.stdout}\n${defined.stderr}`);
  const predicted = json(await virtprop(['predict', file, '--json']));
  assert.match(String(predicted.state), /^device hub:0 @ usb$/m);
  const run = await virtprop(['compare', file, '--json']);
  const out = json(run);
  assert.is(out.verdict, 'agree', String(out.diff));
  assert.not.match(String(out.expected), /hub:0/, 'the hub is not compared on the model side either');
  assert.is(run.code, 0);
});

test('a listed libvirt bug (known-issues/…/input.xml) is a known-issue with its id, exit 0, as in corpus', async () => {
  const file = path.resolve('known-issues/libvirt-9.0-multifunction-off-accepted/input.xml');
  const run = await virtprop(['compare', file, '--json', '--layers', 'xml,argv']);
  const out = json(run);
  assert.is(out.verdict, 'known-issue', run.stdout + run.stderr);
  assert.is(out.knownIssue, 'libvirt-9.0-multifunction-off-accepted');
  assert.is(out.layer, 'qemu');
  assert.is(run.code, 0);
  const text = await virtprop(['compare', file, '--layers', 'xml,argv']);
  assert.match(text.stdout, /KNOWN-ISSUE[\s\S]*libvirt-9\.0-multifunction-off-accepted/);
  assert.is(text.code, 0);
});

test('a refusal over something the model leaves to libvirt (a Hyper-V enlightenment 9.0 lacks) is unsupported, not a mismatch; memory hotplug without NUMA is predicted', async () => {
  const hyperv = pcDomain('cmp-hv', [{ mac: '52:54:00:00:0b:01' }]).replace('<devices>', "<features><acpi/><hyperv mode='custom'><emsr_bitmap state='on'/></hyperv></features>\n  <devices>");
  const run = await virtprop(['compare', await writeIn(dir, 'hv.xml', hyperv), '--json']);
  const out = json(run);
  assert.is(out.verdict, 'unsupported', run.stdout);
  assert.is(out.libvirtRejected, true);
  assert.match(String(out.observed), /unsupported HyperV Enlightenment feature: emsr_bitmap/);
  assert.match(String(out.reason), /Hyper-V enlightenments/);
  assert.is(run.code, 0);
  // libvirt 9.0 refuses <maxMemory> without a NUMA node (later releases add one): the model says so
  const memhp = pcDomain('cmp-memhp', [{ mac: '52:54:00:00:0b:02' }]).replace('<memory ', "<maxMemory slots='16' unit='KiB'>1524288</maxMemory>\n  <memory ");
  const memRun = await virtprop(['compare', await writeIn(dir, 'memhp.xml', memhp), '--json']);
  const mem = json(memRun);
  assert.is(mem.verdict, 'agree', memRun.stdout);
  assert.is(mem.libvirtRejected, true);
  assert.match(String(mem.observed), /numa node has to be configured when enabling memory hotplug/);
  assert.is(mem.otherReason, null);
});

test('boot order on a device and in <os> at once: a refusal the model predicts; a CPU count beyond the machine refused: unsupported, the construct named', async () => {
  // observed with libvirt 9.0, 11.3 and 12.8: both refused at define, over nothing PCI
  const boot = await writeIn(dir, 'boot.xml', pcDomain('cmp-boot', [{ mac: '52:54:00:00:0b:02' }], "<disk type='file' device='disk'><source file='/nonexistent/vda.img'/><target dev='vda' bus='virtio'/><boot order='1'/></disk>").replace('hvm</type>', "hvm</type><boot dev='hd'/>"));
  const bootRun = await virtprop(['compare', boot, '--json']);
  const booted = json(bootRun);
  assert.is(booted.verdict, 'agree', bootRun.stdout);
  assert.is(booted.libvirtRejected, true);
  assert.match(String(booted.observed), /per-device boot elements cannot be used together with os\/boot elements/);
  // "Maximum CPUs greater than specified machine type limit 255" (observed on 9.0, 11.3 and 12.8): the model does not read <vcpu>
  const cpus = await writeIn(dir, 'cpus.xml', pcDomain('cmp-cpus', [{ mac: '52:54:00:00:0b:03' }]).replace('</memory>', '</memory><vcpu>300</vcpu>'));
  const cpusRun = await virtprop(['compare', cpus, '--json']);
  const out = json(cpusRun);
  assert.is(out.verdict, 'unsupported', cpusRun.stdout);
  assert.is(out.libvirtRejected, true);
  assert.match(String(out.reason), /CPU definition/);
  assert.is(cpusRun.code, 0);
});

test('a libvirt that misreports a NIC slot (planted) is a mismatch on layer xml, exit 1', async () => {
  const nics = [1, 2, 3].map((i) => ({ mac: `52:54:00:00:03:0${i}`, slot: 4 + i }));
  const file = await writeIn(dir, 'planted.xml', pcDomain('cmp-planted', nics));
  const run = await virtprop(['compare', file, '--json', '--virsh', PLANTED]);
  const out = json(run);
  assert.is(out.verdict, 'mismatch', run.stdout + run.stderr);
  assert.is(out.layer, 'xml');
  // the first addressed NIC (slot 5) is reported at slot 6
  assert.match(String(out.diff), /-device net:52:54:00:00:03:01 @ pci 0000:00:05\.0/);
  assert.match(String(out.diff), /\+device net:52:54:00:00:03:01 @ pci 0000:00:06\.0/);
  assert.is(run.code, 1);
});

test('a file from another host: layer xml as given but for its domain type and emulator (listed); the started layers need --adapt, which lists every rewrite and QEMU starts it', async () => {
  const file = await writeIn(dir, 'foreign.xml', `<domain type='kvm'><name>cmp-foreign</name><memory unit='MiB'>128</memory>
  <os><type arch='x86_64' machine='q35'>hvm</type></os><devices>
  <emulator>/opt/nowhere/qemu-system-x86_64</emulator>
  <disk type='block' device='disk'><driver name='qemu' type='qcow2'/><source dev='/dev/HostVG/foreign'/><target dev='vda' bus='virtio'/></disk>
  <interface type='bridge'><source bridge='br-nonexistent'/><mac address='52:54:00:00:09:01'/><model type='virtio'/></interface>
  </devices></domain>`);
  const kvmHere = await fs.access('/dev/kvm').then(() => true, () => false);
  const xmlRun = await virtprop(['compare', file, '--json']);
  const asGiven = json(xmlRun);
  assert.is(asGiven.verdict, 'agree', xmlRun.stdout + xmlRun.stderr);
  const fitted = asGiven.adaptations as string[];
  assert.equal(fitted, [...(kvmHere ? [] : ['domain type kvm → qemu']), fitted.find((a) => a.startsWith('emulator /opt/nowhere/qemu-system-x86_64 → '))], fitted.join('; '));
  const started = json(await virtprop(['compare', file, '--json', '--layers', 'xml,qemu']));
  assert.is(started.verdict, 'unsupported');
  assert.match(String(started.reason), /emulator \/opt\/nowhere\/qemu-system-x86_64, which does not exist here/);
  const run = await virtprop(['compare', file, '--json', '--adapt', '--layers', 'xml,qemu']);
  const out = json(run);
  assert.is(out.verdict, 'agree', run.stdout + run.stderr);
  const adaptations = out.adaptations as string[];
  assert.ok(adaptations.some((a) => a.startsWith('emulator /opt/nowhere/qemu-system-x86_64 → ')), adaptations.join('; '));
  assert.ok(adaptations.some((a) => a.startsWith('disk vda: source block /dev/HostVG/foreign → ')));
  assert.ok(adaptations.includes('interface #0: type bridge → user'));
  assert.is(run.code, 0);
});

test('on a shared connection, a domain of the same name is never overwritten: error, exit 3, the domain untouched', async () => {
  const uri = await embeddedRoot('shared-root');
  const theirs = await writeIn(dir, 'theirs.xml', pcDomain('cmp-taken', [{ mac: '52:54:00:00:0a:01' }]));
  const mine = await writeIn(dir, 'mine.xml', pcDomain('cmp-taken', [{ mac: '52:54:00:00:0a:02' }]));
  await execa('virsh', ['-c', uri, 'define', theirs]);
  try {
    const run = await virtprop(['compare', mine, '--json', '--uri', uri]);
    const out = json(run);
    assert.is(out.verdict, 'error');
    assert.match(String(out.reason), /a domain named 'cmp-taken' already exists/);
    assert.is(run.code, 3);
    const still = await execa('virsh', ['-c', uri, 'dumpxml', 'cmp-taken']);
    assert.match(String(still.stdout), /52:54:00:00:0a:01/, 'the existing definition is unchanged');
  } finally {
    await execa('virsh', ['-c', uri, 'undefine', 'cmp-taken'], { reject: false });
  }
});

function assertUsageError(run: { code: number; stderr: string; stdout: string }, message: RegExp): void {
  assert.is(run.code, 2, run.stderr);
  assert.match(run.stderr, message);
  assert.match(run.stderr, /What to do:/);
  assert.not.match(run.stderr, /\n\s+at .+:\d+:\d+/, 'no stack trace without --debug');
  assert.is(run.stdout, '');
}

/** With --json: the same exit code and paragraph, and stdout is exactly one JSON object saying error. */
function assertJsonError(run: { code: number; stderr: string; stdout: string }, message: RegExp): Record<string, unknown> {
  assert.is(run.code, 2, run.stderr);
  assert.match(run.stderr, /What to do:|--help/);
  assert.is(run.stdout.trim().split('\n').length, 1, `one line on stdout: ${run.stdout}`);
  const out = json(run);
  assert.is(out.verdict, 'error');
  assert.match(String(out.reason), message);
  return out;
}

test('malformed XML → exit 2, one paragraph, no stack trace', async () => {
  const file = await writeIn(dir, 'broken.xml', "<domain type='qemu'><name>x</name><devices>");
  assertUsageError(await virtprop(['compare', file]), /is not a libvirt domain XML: malformed XML/);
});

test('a missing file → exit 2', async () => {
  assertUsageError(await virtprop(['compare', `${dir}/no-such-file.xml`]), /cannot read .*no-such-file\.xml: no such file/);
});

test('an XML that is not a domain (a network) → exit 2', async () => {
  const file = await writeIn(dir, 'net.xml', '<network><name>default</name></network>');
  assertUsageError(await virtprop(['compare', file]), /root element is <network>, not <domain>/);
  assertJsonError(await virtprop(['compare', file, '--json']), /root element is <network>, not <domain>/);
});

test('--json: a missing or malformed file, or a bad flag, is one JSON error object on stdout with the usual exit code', async () => {
  const broken = await writeIn(dir, 'broken-json.xml', "<domain type='qemu'><name>x</name><devices>");
  const missing = `${dir}/no-such-file.xml`;
  for (const cmd of ['compare', 'predict']) {
    assertJsonError(await virtprop([cmd, missing, '--json']), /cannot read .*no-such-file\.xml: no such file/);
    assertJsonError(await virtprop([cmd, broken, '--json']), /is not a libvirt domain XML: malformed XML/);
  }
  assert.is(assertJsonError(await virtprop(['predict', broken, '--json']), /malformed/).prediction, 'error');
  assert.is(assertJsonError(await virtprop(['replay', `${dir}/no-such-bundle`, '--json']), /is not a repro bundle/).reproduces, null);
  assertJsonError(await virtprop(['corpus', `${dir}/no-such-dir`, '--json']), /no such directory/);
  assertJsonError(await virtprop(['compare', broken, '--json', '--layers', 'bogus']), /unknown layer "bogus"/);
  assertJsonError(await virtprop(['compare', '--json']), /missing required argument 'file'/);
});

test.run();
