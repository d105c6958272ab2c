// `virtprop corpus` on libvirt's own test inputs (those of the installed release, from
// Debian's source package) against the real libvirt: one that agrees after adaptation
// (i686 → x86_64, block device → image file), a refusal the model predicts, one outside
// coverage, golden outputs that must be skipped, listed libvirt bugs, refusals over what
// the model leaves to libvirt, and `--libvirt-tests TREE` on a hand-made source tree.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { debSrcLines, fetchLibvirtTests, installedLibvirtSource, libvirtTestsCacheDir } from '../../cli/commands/libvirtTests.js';
import { json, libvirtTestsDir, pcDomain, tempDir, virtprop, writeIn } from './cli.js';

let CORPUS = '';
let dir = '';
let out = '';
const PICK = ['net-openvswitch.xml', 'pci-slot-invalid.xml', 'q35-pcie.xml', 'autoindex.expected-out.xml', 'pci-slot-invalid.expected.err'];

test.before(async () => {
  CORPUS = await libvirtTestsDir();
  dir = await tempDir();
  out = await tempDir();
  for (const f of PICK) await fs.copyFile(path.join(CORPUS, f), path.join(dir, f));
});
test.after(async () => {
  await fs.rm(dir, { recursive: true, force: true });
  await fs.rm(out, { recursive: true, force: true });
});

type Result = { file: string; verdict: string; reason: string; predicted?: boolean | null; adaptations: string[]; knownIssue?: string };

/** Copies files of the libvirt corpus into a fresh directory. */
async function corpusWith(files: string[]): Promise<string> {
  const d = await tempDir();
  for (const f of files) await fs.copyFile(path.join(CORPUS, f), path.join(d, f));
  return d;
}

test('each file gets its verdict; golden outputs are skipped; totals add up', async () => {
  const run = await virtprop(['corpus', dir, '--json', '--out', out, '--workers', '2'], 180_000);
  const j = json(run);
  const results = j.results as Result[];
  const by = (f: string): Result => {
    const r = results.find((x) => x.file === f);
    if (!r) throw new Error(`no result for ${f}`);
    return r;
  };
  assert.is(j.files, 3, 'the golden files are not inputs');
  assert.equal(results.map((r) => r.file), ['net-openvswitch.xml', 'pci-slot-invalid.xml', 'q35-pcie.xml']);

  const nic = by('net-openvswitch.xml');
  assert.is(nic.verdict, 'agree', nic.reason);
  assert.ok(nic.adaptations.includes('arch i686 → x86_64'), nic.adaptations.join('; '));
  assert.ok(nic.adaptations.some((a) => /^disk \w+: source block \/dev\/HostVG/.test(a)));

  const slot = by('pci-slot-invalid.xml');
  assert.is(slot.verdict, 'libvirt-rejects');
  assert.is(slot.predicted, true);
  assert.match(slot.reason, /slot='0x20', must be <= 0x1F/);
  assert.not.match(slot.reason, /Failed to define domain from/);

  // its 9p share and its passthrough input are read now
  const q35 = by('q35-pcie.xml');
  assert.is(q35.verdict, 'agree', q35.reason);

  assert.is(j.agree, 2);
  assert.is(j.unsupported, 0);
  assert.is(j.libvirtRejects, 1);
  assert.is(j.predictedRejects, 1);
  assert.is(j.unsupportedRejects, 0);
  assert.is(j.mismatch, 0);
  assert.is(run.code, 0, run.stderr);

  const report = JSON.parse(await fs.readFile(path.join(out, 'report.json'), 'utf8')) as { command: string; cases: number };
  assert.is(report.command, 'corpus');
  assert.is(report.cases, 3);
});

test('a QEMU refusal a listed libvirt bug explains is a known-issue, not a mismatch (exit 0)', async () => {
  const d = await corpusWith(['q35-multifunction.xml', 'q35.xml']);
  try {
    const run = await virtprop(['corpus', d, '--json', '--layers', 'xml,argv', '--out', path.join(d, 'out'), '--workers', '2'], 180_000);
    const j = json(run);
    const results = j.results as Result[];
    assert.equal(results.map((r) => [r.file, r.verdict, r.knownIssue]), [
      ['q35-multifunction.xml', 'known-issue', 'libvirt-9.0-multifunction-off-accepted'],
      ['q35.xml', 'agree', undefined],
    ]);
    assert.is(j.knownIssues, 1);
    assert.is(j.mismatch, 0);
    assert.is(run.code, 0, run.stderr);
  } finally {
    await fs.rm(d, { recursive: true, force: true });
  }
});

/** A pc guest with one NIC and extra domain-level XML (features, memory limits, os children). */
const guest = (name: string, domainLevel: string, os = ''): string =>
  pcDomain(name, [{ mac: '52:54:00:00:0c:01' }]).replace('<memory ', `${domainLevel}\n  <memory `).replace('hvm</type>', `hvm</type>${os}`);

test('refusals over what the model leaves to libvirt are reported apart (predicted null), and do not fail the run', async () => {
  // three of libvirt's own inputs (SMM TSEG on i440fx and too many xHCI ports, which the
  // model predicts now, and spice TLS) and three of ours (a Hyper-V enlightenment libvirt 9.0
  // lacks, firmware features without firmware auto-selection, and memory hotplug without
  // NUMA, which the model predicts now)
  const d = await corpusWith(['tseg-i440fx.xml', 'usb-controller-xhci-limit.xml', 'graphics-spice-usb-redir.xml']);
  try {
    await writeIn(d, 'hyperv.xml', guest('cor-hv', "<features><acpi/><hyperv mode='custom'><emsr_bitmap state='on'/></hyperv></features>"));
    await writeIn(d, 'memhp.xml', guest('cor-memhp', "<maxMemory slots='16' unit='KiB'>1524288</maxMemory>"));
    await writeIn(d, 'fw.xml', guest('cor-fw', '', "<firmware><feature enabled='yes' name='secure-boot'/></firmware>"));
    const run = await virtprop(['corpus', d, '--json', '--out', path.join(d, 'out'), '--workers', '2'], 180_000);
    const j = json(run);
    const results = j.results as Result[];
    const why: Record<string, RegExp> = {
      'fw.xml': /firmware autoselection[\s\S]*firmware selection/,
      'graphics-spice-usb-redir.xml': /spice TLS port[\s\S]*graphics/,
      'hyperv.xml': /HyperV Enlightenment feature: emsr_bitmap[\s\S]*Hyper-V enlightenments/,
      'memhp.xml': /At least one numa node has to be configured when enabling memory hotplug/,
      'tseg-i440fx.xml': /SMM TSEG/,
      'usb-controller-xhci-limit.xml': /only supports up to '15' ports/,
    };
    const predicted = new Set(['memhp.xml', 'tseg-i440fx.xml', 'usb-controller-xhci-limit.xml']);
    assert.equal(results.map((r) => r.file), Object.keys(why));
    for (const r of results) {
      assert.is(r.verdict, 'libvirt-rejects', `${r.file}: ${r.reason}`);
      assert.is(r.predicted, predicted.has(r.file) ? true : null, r.file);
      assert.match(r.reason, why[r.file], r.file);
    }
    assert.is(j.unsupportedRejects, 3);
    assert.is(j.unpredictedRejects, 0);
    assert.is(j.mismatch, 0);
    assert.is(run.code, 0, run.stderr);
  } finally {
    await fs.rm(d, { recursive: true, force: true });
  }
});

test('an unreadable file is the error of that file alone (exit 3), not the end of the run', async () => {
  const d = await corpusWith(['q35.xml']);
  await fs.symlink('/nonexistent/target.xml', path.join(d, 'dangling.xml'));
  const run = await virtprop(['corpus', d, '--json', '--out', path.join(d, 'out'), '--workers', '1']);
  await fs.rm(d, { recursive: true, force: true });
  const j = json(run);
  assert.is(j.files, 2);
  assert.is(j.errors, 1);
  const dangling = (j.results as Result[]).find((r) => r.file === 'dangling.xml');
  assert.is(dangling?.verdict, 'error');
  assert.match(String(dangling?.reason), /no such file/);
  assert.is(run.code, 3);
});

test('a directory that does not exist, or holds no XML, or DIR and --libvirt-tests both or neither: usage errors', async () => {
  const missing = await virtprop(['corpus', path.join(dir, 'nope')]);
  assert.is(missing.code, 2);
  assert.match(missing.stderr, /no such directory/);
  const empty = await tempDir();
  const none = await virtprop(['corpus', empty]);
  await fs.rm(empty, { recursive: true, force: true });
  assert.is(none.code, 2);
  assert.match(none.stderr, /holds no \*\.xml domain files/);
  const both = await virtprop(['corpus', dir, '--libvirt-tests']);
  assert.is(both.code, 2);
  assert.match(both.stderr, /either DIR or --libvirt-tests/);
  const neither = await virtprop(['corpus']);
  assert.is(neither.code, 2);
  assert.match(neither.stderr, /needs a directory/);
  const notTree = await virtprop(['corpus', '--libvirt-tests', dir]);
  assert.is(notTree.code, 2);
  assert.match(notTree.stderr, /is not a libvirt source tree/);
});

test('--libvirt-tests TREE: PCI inputs of both test folders are taken with their golden outputs, the rest left out', async () => {
  const tree = await tempDir();
  try {
    const argv = path.join(tree, 'tests', 'qemuxml2argvdata');
    const conf = path.join(tree, 'tests', 'qemuxmlconfdata');
    const xmlOut = path.join(tree, 'tests', 'qemuxml2xmloutdata');
    for (const d of [argv, conf, xmlOut]) await fs.mkdir(d, { recursive: true });
    const bridge = "<controller type='pci' index='1' model='pci-bridge'/>";
    // named for PCI, with the .args/.err of both layouts and an xml2xml output
    await writeIn(argv, 'pci-two-nics.xml', pcDomain('lt-nics', [{ mac: '52:54:00:00:0d:01' }, { mac: '52:54:00:00:0d:02' }]));
    await writeIn(argv, 'pci-two-nics.args', 'old args');
    await writeIn(argv, 'pci-two-nics.x86_64-latest.args', 'latest args');
    await writeIn(xmlOut, 'pci-two-nics.x86_64-latest.xml', '<domain/>');
    // taken for its content (a pci-bridge), not its name
    await writeIn(argv, 'disk-many.xml', pcDomain('lt-disks', [], bridge));
    // left out: nothing about PCI; another arch; a non-QEMU domain
    await writeIn(argv, 'serial-pty.xml', pcDomain('lt-serial', [], "<serial type='pty'/>"));
    await writeIn(argv, 'pci-ppc.xml', pcDomain('lt-ppc', [], bridge).replace("arch='x86_64' machine='pc'", "arch='ppc64' machine='pseries'"));
    await writeIn(argv, 'pci-xen.xml', pcDomain('lt-xen', [], bridge).replace("<domain type='qemu'>", "<domain type='xen'>"));
    // the newer layout: its outputs sit beside the input and are never inputs themselves
    await writeIn(conf, 'q35-bridge.xml', pcDomain('lt-q35', [], '', 'q35'));
    await writeIn(conf, 'q35-bridge.x86_64-latest.xml', '<domain/>');
    await writeIn(conf, 'q35-bridge.x86_64-latest.err', 'refused');

    const run = await virtprop(['corpus', '--libvirt-tests', tree, '--json', '--out', path.join(tree, 'out'), '--workers', '2'], 180_000);
    const j = json(run);
    const results = j.results as Result[];
    assert.equal(results.map((r) => [r.file, r.verdict]), [
      ['disk-many.xml', 'agree'],
      ['pci-two-nics.xml', 'agree'],
      ['q35-bridge.xml', 'agree'],
    ], run.stdout + run.stderr);
    assert.is(run.code, 0);
  } finally {
    await fs.rm(tree, { recursive: true, force: true });
  }
});

test("deb-src lines: a stable suite with its -updates and -security siblings, unstable alone (the archive has no sid-security: apt update failed on it)", () => {
  const key = '[signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]';
  assert.equal(debSrcLines('trixie', []), [
    `deb-src ${key} http://deb.debian.org/debian trixie main`,
    `deb-src ${key} http://deb.debian.org/debian trixie-updates main`,
    `deb-src ${key} http://deb.debian.org/debian-security trixie-security main`,
  ]);
  assert.equal(debSrcLines('sid', []), [`deb-src ${key} http://deb.debian.org/debian sid main`]);
  // the host's own mirror for its suite wins; a sid-security entry of the host is not taken
  const host = [{ uri: 'http://mirror.example/debian', suite: 'sid' }, { uri: 'http://mirror.example/debian-security', suite: 'sid-security' }];
  assert.equal(debSrcLines('sid', host), [`deb-src ${key} http://mirror.example/debian sid main`]);
});

/** What apt keeps on this host: every file under /etc/apt and the index lists, with size and mtime. */
async function hostAptState(): Promise<string> {
  const r = await execa('find', ['/etc/apt', '/var/lib/apt/lists', '/var/cache/apt', '-maxdepth', '2', '-type', 'f', '-printf', '%p %s %T@\\n'], { reject: false });
  return String(r.stdout).split('\n').sort().join('\n');
}

test('a release is fetched once into its cache directory (a second call downloads nothing), and the host apt state is untouched', async () => {
  const src = await installedLibvirtSource();
  const cacheRoot = await tempDir();
  try {
    const before = await hostAptState();
    const first = await fetchLibvirtTests(src, { cacheRoot });
    assert.is(first.downloaded, true);
    assert.is(first.dir, path.join(libvirtTestsCacheDir(src.version, cacheRoot), 'corpus'));
    assert.ok(first.inputs >= 100, `only ${first.inputs} inputs`);
    assert.is(await hostAptState(), before, "the host's apt configuration, lists or cache changed");
    const t0 = performance.now();
    const again = await fetchLibvirtTests(src, { cacheRoot });
    const ms = performance.now() - t0;
    assert.is(again.downloaded, false);
    assert.equal([again.dir, again.inputs], [first.dir, first.inputs]);
    assert.ok(ms < 2_000, `a cached corpus took ${ms.toFixed(0)} ms`);
    // nothing but the finished corpus stays: no half-done fetch directory
    assert.equal(await fs.readdir(path.join(cacheRoot, 'libvirt-src')), [src.version]);
    const manifest = JSON.parse(await fs.readFile(path.join(libvirtTestsCacheDir(src.version, cacheRoot), 'manifest.json'), 'utf8')) as { version: string; suite: string };
    assert.equal([manifest.version, manifest.suite], [src.version, src.suite]);
    // the golden outputs came along under names corpus skips
    const names = await fs.readdir(first.dir);
    assert.ok(names.includes('pci-slot-invalid.expected.err'));
    assert.ok(names.some((n) => n.endsWith('.expected.args')));
  } finally {
    await fs.rm(cacheRoot, { recursive: true, force: true });
  }
});

test.run();
