// The libvirt releases side by side: `virtprop builds` lists the three (the test command
// installs them), and `check --build NAME` runs every layer against each real release,
// libvirt and QEMU both, with no mismatch. Bad builds end in exit 2 with the one
// command that fixes them.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../diff/cliRun.js';

const BUILDS = [
  { name: 'debian-12', libvirt: '9.0.0' },
  { name: 'debian-13', libvirt: '11.3.0' },
  { name: 'debian-unstable', libvirt: '12.8.0' },
];

const test = suite('builds: three real releases on one machine');

// The roots carry QEMU's spice modules, as a default Debian install does: without them a
// virt-manager desktop guest (spice graphics, qxl video) is refused on 11.3 and 12.8.
for (const b of BUILDS.filter((x) => x.name !== 'debian-12')) {
  test(`${b.name}: a spice and qxl desktop guest is defined and placed as the model says`, async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vp-spice-'));
    try {
      const file = path.join(dir, 'desktop.xml');
      await fs.writeFile(file, `<domain type='qemu'><name>vp-spice</name><memory unit='MiB'>256</memory>
  <os><type arch='x86_64' machine='q35'>hvm</type></os><devices>
  <graphics type='spice' autoport='yes'/><video><model type='qxl' primary='yes'/></video>
  <interface type='user'><mac address='52:54:00:00:0d:01'/><model type='virtio'/></interface>
  </devices></domain>`);
      const r = await runCli(['compare', file, '--build', b.name, '--json']);
      assert.is(r.json?.verdict, 'agree', r.stdout + r.stderr);
      assert.is(r.json?.libvirtRejected, false, String(r.json?.observed));
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
}

/** `compare` on every layer of a one-device domain: refused by 9.0, else the panic where `at` says. */
async function panicOnEveryLayer(b: (typeof BUILDS)[number], name: string, os_: string, devices: string, at: RegExp): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vp-panic-'));
  try {
    const file = path.join(dir, `${name}.xml`);
    await fs.writeFile(file, `<domain type='qemu'><name>${name}</name><memory unit='MiB'>128</memory>\n  ${os_}<devices>${devices}</devices></domain>`);
    const r = await runCli(['compare', file, '--build', b.name, '--layers', 'xml,argv,qemu', '--json']);
    assert.is(r.json?.verdict, 'agree', r.stdout + r.stderr);
    assert.is(r.json?.libvirtRejected, b.name === 'debian-12', String(r.json?.observed));
    if (b.name !== 'debian-12') assert.match(String(r.json?.observed), at);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

// libvirt 9.1 added pvpanic: on 11.3 and 12.8 a q35 guest's pvpanic is placed, named on the
// command line (pvpanic-pci, no id) and found by QEMU where the model says; 9.0 refuses the model.
// A panic written without a model on aarch64 virt: 11.3 and 12.8 make it a pvpanic on pcie.0
// (alone there: its first slot); 9.0 makes it an ISA panic, which QEMU lacks there, and refuses it.
for (const b of BUILDS) {
  test(`${b.name}: a pvpanic on q35, on every layer`, () =>
    panicOnEveryLayer(b, 'vp-pvpanic', "<os><type arch='x86_64' machine='q35'>hvm</type></os>", "<panic model='pvpanic'/>", /device panic:0 @ pci 0000:00:02\.0/));
  test(`${b.name}: a panic without a model on virt, on every layer`, () =>
    panicOnEveryLayer(b, 'vp-virt-panic', "<os><type arch='aarch64' machine='virt'>hvm</type></os><cpu mode='custom'><model>cortex-a57</model></cpu>", '<panic/>', /device panic:0 @ pci 0000:00:01\.0/));
}

test('builds --json lists the three releases, installed, with the versions Debian ships', async () => {
  const r = await runCli(['builds', '--json']);
  assert.is(r.exitCode, 0, r.stderr);
  const list = r.json?.builds as Array<Record<string, unknown>>;
  for (const b of BUILDS) {
    const row = list.find((x) => x.name === b.name);
    assert.ok(row, `${b.name} missing`);
    assert.is(row!.installed, true, `${b.name} not installed: run \`virtprop builds install ${b.name}\``);
    assert.is(row!.libvirt, b.libvirt);
    assert.type(row!.virsh, 'string');
  }
});

for (const b of BUILDS) {
  test(`${b.name}: check on pc and q35 (xml) and aarch64 virt, no mismatch, no harness error`, async () => {
    for (const args of [
      ['--machine', 'pc', '--runs', '150'],
      ['--machine', 'q35', '--runs', '150'],
      ['--arch', 'aarch64', '--machine', 'virt', '--tcg', '--runs', '60'],
    ]) {
      const out = await fs.mkdtemp(path.join(os.tmpdir(), 'vp-builds-'));
      const r = await runCli(['check', '--build', b.name, '--layers', 'xml', '--seed', '41', '--json', '--no-progress', '--out', out, ...args]);
      await fs.rm(out, { recursive: true, force: true });
      assert.ok(r.json, `${args.join(' ')}: no JSON\n${r.stderr}`);
      assert.is(r.json!.mismatch, 0, `${b.name} ${args.join(' ')}: ${JSON.stringify(r.json!.counterexamples?.[0]?.diff ?? '')}`);
      assert.is(r.json!.harnessErrors ?? 0, 0);
      assert.ok(r.json!.agree > 0);
      // the run names the release it ran on
      assert.ok(JSON.stringify(r.json!.versions ?? r.json).includes(b.libvirt), `versions: ${JSON.stringify(r.json!.versions)}`);
    }
  });

  test(`${b.name}: all three layers (xml, argv, qemu) started under that release's QEMU`, async () => {
    const out = await fs.mkdtemp(path.join(os.tmpdir(), 'vp-builds-'));
    const r = await runCli(['check', '--build', b.name, '--machine', 'q35', '--layers', 'xml,argv,qemu', '--runs', '12', '--seed', '43', '--json', '--no-progress', '--out', out]);
    await fs.rm(out, { recursive: true, force: true });
    assert.ok(r.json, r.stderr);
    assert.is(r.json!.mismatch, 0, JSON.stringify(r.json!.counterexamples?.[0]?.diff ?? ''));
    assert.is(r.json!.harnessErrors ?? 0, 0);
  });
}

test('an unknown build, a build not installed, a root without virsh: exit 2 with the fixing command', async () => {
  const unknown = await runCli(['check', '--build', 'debian-99', '--runs', '1']);
  assert.is(unknown.exitCode, 2);
  assert.match(unknown.stderr, /unknown build "debian-99".*debian-13/s);
  const empty = await fs.mkdtemp(path.join(os.tmpdir(), 'vp-nobuilds-'));
  try {
    const missing = await runCli(['check', '--build', 'debian-unstable', '--runs', '1'], { VIRTPROP_BUILDS_DIR: empty });
    assert.is(missing.exitCode, 2);
    assert.match(missing.stderr, /virtprop builds install debian-unstable/);
    // a finished-looking root whose virsh is gone
    await fs.mkdir(path.join(empty, 'debian-unstable', '.virtprop'), { recursive: true });
    await fs.writeFile(path.join(empty, 'debian-unstable', '.virtprop', 'installed'), 'libvirt-clients 12.8.0-1\n');
    const broken = await runCli(['check', '--build', 'debian-unstable', '--runs', '1'], { VIRTPROP_BUILDS_DIR: empty });
    assert.is(broken.exitCode, 2);
    assert.match(broken.stderr, /no .*virsh.*builds install debian-unstable/s);
    assert.not.match(broken.stderr, /\n\s+at /, 'no stack trace');
  } finally {
    await fs.rm(empty, { recursive: true, force: true });
  }
  const both = await runCli(['check', '--build', 'debian-13', '--virsh', '/usr/bin/virsh', '--runs', '1']);
  assert.is(both.exitCode, 2);
});

test.run();
