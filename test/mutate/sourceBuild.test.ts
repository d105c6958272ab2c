// A libvirt built from Debian's source package with a packager's own patch
// (ci/build-libvirt.sh --debian --patch, done by ci/test.sh) is a build like the others:
// listed by `builds`, taken by --build in check, compare and diff; and `virtprop mutate`
// runs over it for real: a mutant known to be killed is killed with a shrunk bundle, an
// equivalent one is not run, and the tree is left as it was.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { baselineFile } from '../../harness/mutation/sourceBuild.js';
import { MUTATED_FILES } from '../../harness/mutation/catalogue.js';
import { runCli } from '../diff/cliRun.js';
import { PATCH_MARK, TEST_SOURCE_BUILD, USER_PATCH, testSourceBuild } from './sourceBuildFixture.js';

const test = suite('mutate: a source build with a packager patch');

const tmp = (): Promise<string> => fs.mkdtemp(path.join(os.tmpdir(), 'vp-srcbuild-'));

test('builds --json lists the source build with its version and the patch it carries', async () => {
  const r = await runCli(['builds', '--json']);
  assert.is(r.exitCode, 0, r.stderr);
  const row = (r.json!.builds as Array<Record<string, any>>).find((b) => b.name === TEST_SOURCE_BUILD);
  assert.ok(row, `no ${TEST_SOURCE_BUILD} in ${JSON.stringify(r.json)}`);
  assert.is(row!.installed, true);
  assert.is(row!.libvirt, '9.0.0');
  // The build may have been made from another checkout of this repository (the script
  // keeps a build whose patches have the same name and content), so the patch is known by
  // its name and its bytes, not by the path it was given from.
  assert.equal(row!.source.patches.map((p: string) => path.basename(p)), [path.basename(USER_PATCH)]);
  const recorded = (await testSourceBuild()).patches.map((p) => p.sha256);
  const wanted = createHash('sha256').update(await fs.readFile(USER_PATCH)).digest('hex');
  assert.equal(recorded, [wanted]);
});

test("the patch is in the build: its virsh prints the patch's line, the Debian-built host virsh does not", async () => {
  const b = await testSourceBuild();
  const root = await tmp();
  await fs.mkdir(path.join(root, 'etc'), { recursive: true });
  await fs.writeFile(path.join(root, 'etc', 'qemu.conf'), process.getuid?.() === 0 ? 'user = "root"\ngroup = "root"\n' : '');
  const mine = await execa(b.virsh, ['-c', `qemu:///embed?root=${root}`, 'version'], { reject: false, timeout: 120_000 });
  await fs.rm(root, { recursive: true, force: true });
  assert.is(mine.exitCode, 0, mine.stderr);
  assert.ok(mine.stdout.includes(PATCH_MARK), mine.stdout);
  assert.match(mine.stdout, /Using library: libvirt 9\.0\.0/);
  const host = await execa('virsh', ['--version'], { reject: false });
  assert.not.ok(host.stdout.includes(PATCH_MARK));
});

test('check --build: every layer on pc and q35 agrees with the model', async () => {
  for (const machine of ['pc', 'q35']) {
    const out = await tmp();
    const r = await runCli(['check', '--build', TEST_SOURCE_BUILD, '--machine', machine, '--layers', 'xml,argv,qemu', '--runs', '10', '--seed', '7', '--json', '--no-progress', '--out', out]);
    await fs.rm(out, { recursive: true, force: true });
    assert.ok(r.json, r.stderr);
    assert.is(r.exitCode, 0, `${machine}: ${JSON.stringify(r.json!.counterexamples?.[0]?.diff ?? r.stderr)}`);
    assert.is(r.json!.mismatch, 0);
    assert.ok(r.json!.agree > 0);
    assert.is(r.json!.versions?.Build, TEST_SOURCE_BUILD);
  }
});

test('compare --build judges a file on the patched build; diff finds no difference from the Debian-built host libvirt', async () => {
  const dir = await tmp();
  const file = path.join(dir, 'guest.xml');
  await fs.writeFile(
    file,
    `<domain type='qemu'><name>vp-srcbuild</name><memory unit='MiB'>64</memory><os><type arch='x86_64' machine='q35'>hvm</type></os><devices><controller type='pci' index='1' model='pcie-to-pci-bridge'/><interface type='user'><model type='e1000'/></interface><interface type='user'><model type='virtio'/></interface></devices></domain>`,
  );
  const c = await runCli(['compare', file, '--build', TEST_SOURCE_BUILD, '--json']);
  assert.is(c.exitCode, 0, c.stderr);
  assert.is(c.json!.verdict, 'agree', JSON.stringify(c.json));
  const d = await runCli(['diff', '--build', TEST_SOURCE_BUILD, '--vs-virsh', 'virsh', '--layers', 'xml', '--runs', '40', '--seed', '3', '--json', '--no-progress', '--out', path.join(dir, 'diff')]);
  await fs.rm(dir, { recursive: true, force: true });
  assert.is(d.exitCode, 0, d.stderr);
  assert.is(d.json!.mismatch, 0);
  assert.ok(d.json!.agree > 0);
});

test('mutate over two mutants against the real build: the root port formula is killed on q35 with a shrunk bundle, the equivalent one is not run; the tree is as before', async () => {
  const b = await testSourceBuild();
  const out = await tmp();
  const before = await Promise.all(MUTATED_FILES.map((f) => fs.readFile(path.join(b.tree, f), 'utf8')));
  const r = await runCli(['mutate', '--build', TEST_SOURCE_BUILD, '--only', 'qda-root-port-port-formula,qc-function-test-unsigned', '--machine', 'q35', '--budget', '20', '--runs', '20', '--no-baseline', '--min-score', '1', '--json', '--out', out]);
  assert.is(r.exitCode, 0, r.stderr);
  const j = r.json!;
  for (const k of ['mutants', 'killed', 'survived', 'equivalent', 'timedOut', 'buildSeconds', 'results']) assert.ok(k in j, `no ${k}`);
  assert.is(j.mutants, 2);
  assert.is(j.killed, 1);
  assert.is(j.equivalent, 1);
  assert.is(j.survived, 0);
  assert.ok(j.buildSeconds > 0);
  const killed = j.results.find((x: Record<string, any>) => x.id === 'qda-root-port-port-formula');
  assert.is(killed.status, 'killed');
  assert.match(killed.killedBy, /^q35:/);
  assert.is(killed.file, 'src/qemu/qemu_domain_address.c');
  assert.ok(killed.seconds > 0);
  // the bundle is a shrunk guest whose expected and observed port differ
  const observed = await fs.readFile(path.join(killed.bundle, 'observed.txt'), 'utf8');
  const expected = await fs.readFile(path.join(killed.bundle, 'expected.txt'), 'utf8');
  assert.is.not(observed, expected);
  assert.ok(await fs.stat(path.join(killed.bundle, 'repro.sh')));
  const eq = j.results.find((x: Record<string, any>) => x.id === 'qc-function-test-unsigned');
  assert.is(eq.status, 'equivalent');
  assert.is(eq.killedBy, null);
  const md = await fs.readFile(path.join(out, 'mutate.md'), 'utf8');
  assert.match(md, /qda-root-port-port-formula.*killed/);
  // put back: the tree's files are the build's baseline again, byte for byte
  const after = await Promise.all(MUTATED_FILES.map((f) => fs.readFile(path.join(b.tree, f), 'utf8')));
  assert.equal(after, before);
  for (const [i, f] of MUTATED_FILES.entries()) assert.is(after[i], await fs.readFile(baselineFile(b, f), 'utf8'));
  await fs.rm(out, { recursive: true, force: true });
});

test('a mutant left in the tree by a killed run is put back before the next run', async () => {
  const b = await testSourceBuild();
  const f = path.join(b.tree, MUTATED_FILES[0]);
  const base = await fs.readFile(baselineFile(b, MUTATED_FILES[0]), 'utf8');
  await fs.writeFile(f, base + '\n/* left over */\n');
  const out = await tmp();
  const r = await runCli(['mutate', '--build', TEST_SOURCE_BUILD, '--only', 'qc-function-test-unsigned', '--no-baseline', '--out', out]);
  await fs.rm(out, { recursive: true, force: true });
  assert.is(r.exitCode, 0, r.stderr);
  assert.match(r.stderr, /put back src\/conf\/domain_addr\.c/);
  assert.is(await fs.readFile(f, 'utf8'), base);
});

test.run();
