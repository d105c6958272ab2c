// The Vagrantfile cannot boot here (no box can be downloaded), but `vagrant validate`
// checks it against the real vagrant and vagrant-libvirt plugin: every box choice
// validates, a misspelt provider setting does not (so validation really reads the
// libvirt block), and an unknown box name is refused. ci/setup-host.sh installs vagrant;
// without it this test fails, it is never skipped.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './cliRun.js';

let dot: string;
test.before(async () => {
  dot = await mkdtemp(path.join(os.tmpdir(), 'vp-vagrant-'));
});
test.after(async () => {
  await rm(dot, { recursive: true, force: true });
});

// Machine state goes to a temp dir, not the checkout's .vagrant/.
const validate = (cwd: string, env: Record<string, string> = {}) =>
  execa('vagrant', ['validate'], { cwd, reject: false, env: { VAGRANT_DOTFILE_PATH: path.join(dot, 'state'), ...env } });

test('vagrant and its libvirt provider are installed (ci/setup-host.sh)', async () => {
  const v = await execa('vagrant', ['--version'], { reject: false });
  assert.is(v.exitCode, 0, 'vagrant is not installed: run ci/setup-host.sh (Debian package vagrant)');
  const plugins = await execa('vagrant', ['plugin', 'list'], { reject: false });
  assert.match(plugins.stdout, /vagrant-libvirt/, 'vagrant-libvirt is not installed: run ci/setup-host.sh');
});

for (const box of ['debian12', 'ubuntu2404', 'fedora', 'centos-stream']) {
  test(`Vagrantfile validates with VIRTPROP_BOX=${box}`, async () => {
    const r = await validate(repoRoot, { VIRTPROP_BOX: box });
    assert.is(r.exitCode, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /validated successfully/);
  });
}

test('a misspelt libvirt setting and an unknown box fail validation', async () => {
  const copy = path.join(dot, 'typo');
  await execa('mkdir', ['-p', copy]);
  const text = await readFile(path.join(repoRoot, 'Vagrantfile'), 'utf8');
  assert.ok(text.includes('libvirt.nested = true'));
  await writeFile(path.join(copy, 'Vagrantfile'), text.replace('libvirt.nested = true', 'libvirt.nestedd = true'));
  const typo = await validate(copy);
  assert.is(typo.exitCode, 1);
  assert.match(typo.stdout + typo.stderr, /nestedd/);
  const bogus = await validate(repoRoot, { VIRTPROP_BOX: 'bogus' });
  assert.is.not(bogus.exitCode, 0);
  assert.match(bogus.stdout + bogus.stderr, /not one of debian12/);
});

test('the VM gets nested KVM with host-passthrough and is provisioned by ci/setup-host.sh', async () => {
  const text = await readFile(path.join(repoRoot, 'Vagrantfile'), 'utf8');
  assert.match(text, /^\s*libvirt\.nested = true$/m);
  assert.match(text, /^\s*libvirt\.cpu_mode = 'host-passthrough'$/m);
  const provision = await readFile(path.join(repoRoot, 'ci', 'vagrant', 'provision.sh'), 'utf8');
  assert.match(provision, /^bash ci\/setup-host\.sh$/m);
});

test.run();
