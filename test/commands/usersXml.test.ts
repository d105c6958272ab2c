// Domain XML as users write it, judged as written (no --adapt) by `virtprop corpus` against
// the real libvirt: NICs without a MAC, no machine attribute, an ISA panic with its I/O
// port, transitional virtio NICs, SATA drive addresses on other controllers, multifunction PCI controllers, 9p shares, pcie-expander-buses on
// q35 (the last one with pcie.0 so full that libvirt puts its root ports on the expander's
// bus). Each file agreed on every layer when first compared by hand on debian-12,
// debian-13 and debian-unstable; here the host's libvirt runs all three layers and
// debian-unstable the xml layer.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { json, tempDir, virtprop } from './cli.js';

const DIR = path.resolve('test/fixtures/users-xml');

type Result = { file: string; verdict: string; reason: string };

let out = '';
test.before(async () => {
  out = await tempDir();
});
test.after(async () => {
  await fs.rm(out, { recursive: true, force: true });
});

async function verdicts(args: string[]): Promise<{ code: number; results: Result[]; stderr: string }> {
  const run = await virtprop(['corpus', DIR, '--json', '--out', out, ...args], 600_000);
  return { code: run.code, results: json(run).results as Result[], stderr: run.stderr };
}

test("host libvirt (9.0): every file agrees on xml, argv and qemu, but the aarch64 files on integratorcp, the board 9.0 picks for them", async () => {
  const { code, results, stderr } = await verdicts(['--layers', 'xml,argv,qemu', '--workers', '2']);
  const files = (await fs.readdir(DIR)).filter((f) => f.endsWith('.xml')).sort();
  assert.equal(results.map((r) => r.file).sort(), files);
  for (const r of results) {
    if (r.file === 'no-machine-aarch64.xml') {
      // one vCPU: libvirt takes it (placement not modelled), then hands QEMU acpi=off, which the board has no property for
      assert.is(r.verdict, 'known-issue', r.reason);
      assert.match(r.reason, /acpi=off is passed on -machine to a machine without an ACPI property/);
    } else if (r.file === 'no-machine-aarch64-four-vcpus.xml') {
      // observed on 9.0: integratorcp has one CPU
      const refused = r as Result & { predicted?: boolean; otherReason?: string };
      assert.is(refused.verdict, 'libvirt-rejects', refused.reason);
      assert.is(refused.predicted, true, refused.reason);
      assert.is(refused.otherReason, undefined);
      assert.match(refused.reason, /Maximum CPUs greater than specified machine type limit 1/);
    } else assert.is(r.verdict, 'agree', `${r.file}: ${r.verdict} ${r.reason}`);
  }
  assert.is(code, 0, stderr);
});

test('debian-unstable (12.8): every file agrees on xml, the aarch64 one without a machine included (virt)', async () => {
  const { code, results, stderr } = await verdicts(['--layers', 'xml', '--build', 'debian-unstable']);
  for (const r of results) assert.is(r.verdict, 'agree', `${r.file}: ${r.verdict} ${r.reason}`);
  assert.is(code, 0, stderr);
});

const XML_LAYER_DIR = path.resolve('test/fixtures/users-xml-layer-xml');

/** What each build did with the files judged on layer xml (observed with `compare` on each, 2026-12-06): a refusal names its cause. */
const XML_LAYER_EXPECTED: Record<string, Record<string, RegExp | 'agree'>> = {
  'debian-12': {
    'panic-shares-vsock-virt.xml': /does not support the ISA panic device/,
    'passt-nic-pc.xml': /Invalid value for attribute 'type' in element 'backend': 'passt'/,
    'smartcard-usb-hostdevs-q35.xml': 'agree',
    'unknown-machine-unplaced-devices.xml': /does not support machine type 'pc-q35-99.0'/,
    'virtiofs-shared-memory-q35.xml': 'agree',
    // observed on each build with virsh define (2026-12-07): the same answer on all three
    'ovirt-lease-placeholder-q35.xml': /Invalid value for attribute 'offset' in element 'target': 'LEASE-OFFSET:7a9c1e3f'/,
    'usb-port-before-ide-pc.xml': /requested USB port 7 not present on USB bus 0/,
    'scsi-hostdev-undeclared-controllers-pc.xml': 'agree',
    'iothread-missing-q35.xml': /Disk iothread '2' not defined in iothreadid/,
    'gic-on-q35.xml': /The 'gic' feature is not supported for architecture 'x86_64'/,
    // observed with compare on each build (2026-12-07, a later session): NVMe is parsed from 12.8 on
    'nvme-disks-q35.xml': /Invalid value for attribute 'bus' in element 'target': 'nvme'/,
    'ovirt-qos-preserve-q35.xml': /doesn't support the 'preserve' action for 'on_reboot'\/'on_poweroff'/,
    'kvmclock-virt.xml': /Configuring the 'kvmclock' timer is not supported/,
    'ib700-watchdog-virt.xml': 'agree',
    // observed with corpus on each build (2026-12-07, this file's last rows): rules unseen files taught
    'hyperv-tlbflush-without-vpindex-q35.xml': 'agree',
    'kvmclock-tickpolicy-q35.xml': /timer kvmclock doesn't support setting of timer tickpolicy/,
    'memory-hotplug-without-numa-q35.xml': /At least one numa node has to be configured when enabling memory hotplug/,
    'shared-mac-nics-pc.xml': 'agree',
    'virtio-disk-without-target-q35.xml': /missing target information for device \/var\/lib\/libvirt\/images\/data\.img/,
    'sata-duplicate-drive-address-q35.xml': /Found duplicate drive address for disk with target name 'sda' controller='0' bus='0' target='0' unit='0'/,
    'scsi-target-before-usb-cdrom-q35.xml': /target must be 0 for controller model 'lsilogic'/,
    // observed with compare on each build (2026-12-07, a later session): libvirt's list of disks
    'disk-without-bus-listed-apart-q35.xml': 'agree',
    // observed with compare on each build (2026-12-07): the started layers stay out (QEMU refuses the hub libvirt adds)
    'ehci-standalone-hub-q35.xml': 'agree',
    'cpu-topology-short-q35.xml': /CPU topology doesn't match maximum vcpu count/,
    'disk-named-by-guest-path-pc.xml': /Unknown disk name '\/dev\/vdb' and no address specified/,
    // corpus gives each disk an image of this host named by its target
    'duplicate-disk-target-q35.xml': /target 'vdb' duplicated for disk sources '[^']*\/vdb\.img' and '[^']*\/vdb\.img'/,
    'sata-disk-without-target-before-virtio-cdrom-q35.xml': /missing target information for device \/var\/lib\/libvirt\/images\/data\.qcow2/,
  },
};
for (const build of ['debian-13', 'debian-unstable']) {
  XML_LAYER_EXPECTED[build] = { ...XML_LAYER_EXPECTED['debian-12'], 'panic-shares-vsock-virt.xml': 'agree', 'passt-nic-pc.xml': 'agree' };
}
XML_LAYER_EXPECTED['debian-unstable']['nvme-disks-q35.xml'] = 'agree';
for (const build of ['debian-13', 'debian-unstable']) XML_LAYER_EXPECTED[build]['ib700-watchdog-virt.xml'] = /ib700 model of watchdog cannot be used with this machine type/;
// 11.3 and 12.8 add a NUMA node for memory hotplug; 12.8 checks Hyper-V's dependencies
for (const build of ['debian-13', 'debian-unstable']) XML_LAYER_EXPECTED[build]['memory-hotplug-without-numa-q35.xml'] = 'agree';
XML_LAYER_EXPECTED['debian-unstable']['hyperv-tlbflush-without-vpindex-q35.xml'] = /'tlbflush' hyperv feature requires 'vpindex' feature/;

// Devices whose started layers are not judged (host USB devices, a smartcard, virtiofs, a passt
// NIC, a vsock, a host SCSI LUN), a file whose unknown machine is refused before its unplaced
// devices matter, and refusals the model learned from unseen files (an oVirt lease, a USB port
// before a second IDE controller's, a missing IOThread, a GIC on q35, NVMe drives, preserve on
// poweroff beside an oVirt element, kvmclock on aarch64, Hyper-V dependencies, timer settings,
// memory hotplug, shared MACs, a disk without a target, a duplicate drive address, the disks' order).
for (const [build, expected] of Object.entries(XML_LAYER_EXPECTED)) {
  test(`${build}: smartcards, host devices, virtiofs, a passt NIC, panic on virt, an unknown machine beside unplaced devices and refusals learned from unseen files, each as predicted (layer xml)`, async () => {
    const args = build === 'debian-12' ? [] : ['--build', build];
    const run = await virtprop(['corpus', XML_LAYER_DIR, '--json', '--out', out, '--layers', 'xml', ...args], 600_000);
    const results = json(run).results as Array<Result & { predicted?: boolean; otherReason?: string }>;
    assert.equal(results.map((r) => r.file).sort(), Object.keys(expected).sort());
    for (const r of results) {
      const want = expected[r.file];
      if (want === 'agree') assert.is(r.verdict, 'agree', `${r.file}: ${r.verdict} ${r.reason}`);
      else {
        assert.is(r.verdict, 'libvirt-rejects', `${r.file}: ${r.verdict} ${r.reason}`);
        assert.is(r.predicted, true, `${r.file}: the model did not predict the refusal`);
        // the model's own words are libvirt's, not only its class
        assert.is(r.otherReason, undefined, `${r.file}: the model predicted another reason`);
        assert.match(r.reason, want);
      }
    }
    assert.is(json(run).predictedRejectsOtherReason, 0);
    assert.is(run.code, 0, run.stderr);
  });
}

// Secure boot from a named loader on i440fx, judged as written (corpus would drop a loader this
// host lacks): refused with the model's words on each build (observed with compare, 2026-12-07).
for (const build of ['debian-12', 'debian-13', 'debian-unstable']) {
  test(`${build}: secure boot from a named loader on i440fx is the predicted refusal`, async () => {
    const file = path.resolve('test/fixtures/users-xml-named-loader/secure-boot-i440fx.xml');
    const run = await virtprop(['compare', file, '--json', ...(build === 'debian-12' ? [] : ['--build', build])], 300_000);
    const v = json(run);
    assert.is(v.verdict, 'agree', run.stdout);
    assert.is(v.libvirtRejected, true);
    assert.match(String(v.observed), /Secure boot is supported with q35 machine types only/);
    assert.is(v.otherReason, null);
    assert.is(run.code, 0, run.stderr);
  });
}

// A share of a directory this host lacks: QEMU would refuse to start, so only the xml layer
// is judged and the started ones are reported as not judged, never as passed.
test("a 9p share whose directory does not exist here: xml judged, the started layers unsupported with the reason", async () => {
  const dir = await tempDir();
  try {
    const xml = (await fs.readFile(path.join(DIR, 'filesystem-9p-shares-q35.xml'), 'utf8')).replace("<source dir='/tmp'/>", "<source dir='/srv/virtprop-no-such-share'/>");
    await fs.writeFile(path.join(dir, 'missing-share.xml'), xml);
    const run = await virtprop(['compare', path.join(dir, 'missing-share.xml'), '--json', '--layers', 'xml,argv,qemu'], 300_000);
    const j = json(run);
    assert.is(j.verdict, 'unsupported', JSON.stringify(j));
    assert.match(String(j.reason), /argv, qemu: the 9p filesystem's directory \/srv\/virtprop-no-such-share does not exist here/);
    assert.is(run.code, 0, run.stderr);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

// A hub on a lone EHCI stops QEMU (observed on 9.0, 11.3 and 12.8): the started layers are
// reported as not judged; without the rule they read as a mismatch (QEMU refused the domain).
test('seven USB devices on a standalone EHCI: xml judged, the started layers unsupported with the reason', async () => {
  const run = await virtprop(['compare', path.join(XML_LAYER_DIR, 'ehci-standalone-hub-q35.xml'), '--adapt', '--json', '--layers', 'xml,argv,qemu'], 300_000);
  const j = json(run);
  assert.is(j.verdict, 'unsupported', JSON.stringify(j));
  assert.match(String(j.reason), /argv, qemu: an EHCI without companion controllers takes high-speed USB devices only/);
  assert.is(run.code, 0, run.stderr);
});

test.run();
