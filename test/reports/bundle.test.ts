import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Counterexample } from '../../types/run.js';
import { writeBundle, bundleDirName } from '../../reports/bundle.js';
import { needing, REAL_VIRSH } from '../skip.js';

// A domain name a careless script would split, expand or execute.
const NASTY = `vp 'case' "$HOME" $(touch pwned) \`id\``;
const NASTY_XML = NASTY.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function counterexample(over: Partial<Counterexample> = {}): Counterexample {
  return {
    property: 'xml',
    machine: 'pc-q35-7.2',
    arch: 'x86_64',
    layer: 'xml',
    xml: `<domain type='qemu'>\n  <name>${NASTY_XML}</name>\n  <memory>131072</memory>\n</domain>\n`,
    libvirtXml: `<domain type='qemu'>\n  <name>${NASTY_XML}</name>\n</domain>\n`,
    expected: 'net:52:54:00:00:00:01 0000:01:00.0\n',
    observed: 'net:52:54:00:00:00:01 0000:02:00.0\n',
    diff: '(runner diff)\n',
    // Written as at the virsh prompt: "…" groups, \ escapes, '…' is literal.
    virshCommands: [
      'define input.xml',
      String.raw`dumpxml "vp 'case' \"\$HOME\" \$(touch pwned) \`id\`"`,
      String.raw`attach-device "vp 'case' \"\$HOME\" \$(touch pwned) \`id\`" 'dev 1.xml' --config`,
    ],
    extraFiles: { 'dev 1.xml': "<interface type='user'/>\n" },
    seed: 1234,
    path: '7:0:1',
    ...over,
  };
}

const FAKE_VIRSH = `#!/usr/bin/env bash
# Records cwd, the embedded root's qemu.conf (or -) and argv, NUL-separated, one call per record.
conf=-
case "$2" in qemu:///embed\\?root=*) conf=$(cat "\${2#*root=}/etc/qemu.conf" 2>/dev/null || echo missing);; esac
printf '%s\\0' "$PWD" "$conf" "$#" "$@" >> "$VP_LOG"
# no command: a session reading its commands from stdin
if [ $# -eq 2 ]; then cat >> "$VP_LOG.stdin"; fi
if [ -n "\${VP_FAIL_ON:-}" ] && [ "$3" = "\${VP_FAIL_ON}" ]; then exit 3; fi
`;

interface VirshCall {
  cwd: string;
  qemuConf: string;
  argv: string[];
}

function readCalls(log: string): VirshCall[] {
  if (!existsSync(log)) return [];
  const fields = readFileSync(log, 'utf8').split('\0');
  const calls: VirshCall[] = [];
  let i = 0;
  while (i + 2 < fields.length) {
    const argc = Number(fields[i + 2]);
    calls.push({ cwd: fields[i], qemuConf: fields[i + 1], argv: fields.slice(i + 3, i + 3 + argc) });
    i += 3 + argc;
  }
  return calls;
}

function fixture(): { work: string; virsh: string; log: string } {
  const work = mkdtempSync(path.join(tmpdir(), 'vp-bundle-'));
  const virsh = path.join(work, 'fake virsh');
  writeFileSync(virsh, FAKE_VIRSH, { mode: 0o755 });
  return { work, virsh, log: path.join(work, 'calls.log') };
}

function runRepro(bundle: string, env: Record<string, string>): { status: number | null; stderr: string } {
  const res = spawnSync('bash', [path.join(bundle, 'repro.sh')], {
    cwd: path.dirname(bundle),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TMPDIR: tmpdir(), ...env },
    encoding: 'utf8',
  });
  return { status: res.status, stderr: res.stderr };
}

test('bundle holds every artefact, with a readable sanitised name', async () => {
  const { work } = fixture();
  try {
    const bundle = await writeBundle(work, counterexample({ property: 'invariant/../../stable x' }), 7);
    assert.is(path.dirname(bundle), work);
    assert.is(path.basename(bundle), '007-invariant-stable-x-pc-q35-7.2');
    assert.equal(readdirSync(bundle).sort(), ['dev 1.xml', 'diff.patch', 'expected.txt', 'input.xml', 'libvirt.xml', 'observed.txt', 'replay.json', 'repro.sh']);
    assert.ok(statSync(path.join(bundle, 'repro.sh')).mode & 0o100, 'repro.sh is executable');
    assert.equal(JSON.parse(readFileSync(path.join(bundle, 'replay.json'), 'utf8')), {
      seed: 1234, path: '7:0:1', property: 'invariant/../../stable x', machine: 'pc-q35-7.2', arch: 'x86_64', layer: 'xml',
    });
    const patch = readFileSync(path.join(bundle, 'diff.patch'), 'utf8');
    assert.ok(patch.startsWith('--- expected.txt\n+++ observed.txt\n@@ -1 +1 @@\n-net:52:54:00:00:00:01 0000:01:00.0\n+net:52:54:00:00:00:01 0000:02:00.0\n'));
    assert.not.ok(readdirSync(work).some((n) => n.includes('.partial-')), 'no partial directory left behind');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('bundle directory names keep only safe characters', () => {
  const name = bundleDirName(counterexample({ property: '../x;rm -rf /', machine: 'pc q35$(id)' }), 12);
  assert.match(name, /^012-[A-Za-z0-9._-]+$/);
  assert.not.ok(name.includes('/'));
});

test('rewriting a bundle replaces the old one whole', async () => {
  const { work } = fixture();
  try {
    const first = await writeBundle(work, counterexample({ extraFiles: { 'old.xml': '<x/>' } }), 1);
    const second = await writeBundle(work, counterexample({ extraFiles: {} }), 1);
    assert.is(first, second);
    assert.not.ok(existsSync(path.join(second, 'old.xml')));
    assert.equal(readdirSync(work).filter((n) => n !== 'fake virsh'), [path.basename(second)]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('extra files must be plain names that do not clobber bundle files', async () => {
  const { work } = fixture();
  try {
    for (const bad of ['../escape.xml', 'sub/dev.xml', 'repro.sh', '..']) {
      let error: unknown;
      try {
        await writeBundle(work, counterexample({ extraFiles: { [bad]: 'x' } }), 1);
      } catch (err) {
        error = err;
      }
      assert.instance(error, Error, `rejects ${bad}`);
    }
    assert.not.ok(existsSync(path.join(path.dirname(work), 'escape.xml')));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('repro.sh passes every argument verbatim, from the bundle directory, then cleans up', async () => {
  const { work, virsh, log } = fixture();
  try {
    const bundle = await writeBundle(work, counterexample(), 1);
    const uri = "qemu+ssh://host/system?socket=/run/my sock&x='1'";
    const res = runRepro(bundle, { VIRSH: virsh, URI: uri, VP_LOG: log });
    assert.is(res.status, 0, res.stderr);
    const calls = readCalls(log);
    assert.equal(
      calls.map((c) => c.argv),
      [
        ['-c', uri, 'define', 'input.xml'],
        ['-c', uri, 'dumpxml', NASTY],
        ['-c', uri, 'attach-device', NASTY, 'dev 1.xml', '--config'],
        ['-c', uri, 'destroy', '--domain', NASTY],
        ['-c', uri, 'undefine', '--domain', NASTY],
      ],
    );
    assert.ok(calls.every((c) => c.cwd === bundle), 'runs from the bundle directory');
    assert.not.ok(existsSync(path.join(bundle, 'pwned')) || existsSync(path.join(work, 'pwned')), 'no command substitution ran');
    assert.ok(res.stderr.includes('+ virsh define input.xml\n'), 'each command is echoed before it runs');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('repro.sh defaults to a fresh embedded root with qemu.conf as root, and removes it', async () => {
  const { work, virsh, log } = fixture();
  try {
    const bundle = await writeBundle(work, counterexample(), 1);
    const res = runRepro(bundle, { VIRSH: virsh, VP_LOG: log });
    assert.is(res.status, 0, res.stderr);
    const calls = readCalls(log);
    const uri = calls[0].argv[1];
    const root = /^qemu:\/\/\/embed\?root=(.+)$/.exec(uri)?.[1];
    assert.ok(root, `embedded URI, got ${uri}`);
    assert.ok(path.basename(root).startsWith('virtprop-repro.'));
    assert.ok(calls.every((c) => c.argv[1] === uri), 'one root for the whole script');
    const rootLines = process.getuid?.() === 0 ? 'user = "root"\ngroup = "root"\n' : '';
    const expectedConf = `${rootLines}stdio_handler = "file"\nvnc_auto_unix_socket = 1`;
    assert.is(calls[0].qemuConf, expectedConf);
    assert.not.ok(existsSync(root), 'embedded root removed at the end');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('repro.sh stops at the first failing command and still removes the domain', async () => {
  const { work, virsh, log } = fixture();
  try {
    const bundle = await writeBundle(work, counterexample(), 1);
    const res = runRepro(bundle, { VIRSH: virsh, URI: 'test:///default', VP_LOG: log, VP_FAIL_ON: 'dumpxml' });
    assert.is(res.status, 3);
    assert.equal(
      readCalls(log).map((c) => c.argv.slice(2, 3)[0]),
      ['define', 'dumpxml', 'destroy', 'undefine'],
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('a sequence that starts a guest runs as one virsh session, commands verbatim on stdin', async () => {
  const { work, virsh, log } = fixture();
  try {
    const commands = [
      'define input.xml',
      String.raw`start --paused "vp 'case' \"\$HOME\" \$(touch pwned) \`id\`"`,
      String.raw`detach-device "vp 'case' \"\$HOME\" \$(touch pwned) \`id\`" 'dev 1.xml' --live`,
    ];
    const bundle = await writeBundle(work, counterexample({ virshCommands: commands }), 1);
    const res = runRepro(bundle, { VIRSH: virsh, VP_LOG: log });
    assert.is(res.status, 0, res.stderr);
    const calls = readCalls(log);
    assert.is(calls[0].argv.length, 2, 'the session gets no command on its command line');
    assert.equal(calls.slice(1).map((c) => c.argv[2]), ['destroy', 'undefine']);
    assert.is(readFileSync(`${log}.stdin`, 'utf8'), `${commands.join('\n')}\n`);
    assert.ok(res.stderr.includes(`+ virsh ${commands[1]}\n`), 'the commands are shown before the session');
    assert.not.ok(existsSync(path.join(bundle, 'pwned')) || existsSync(path.join(work, 'pwned')), 'no command substitution ran');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

// Observed with libvirt 9.0 on 2026-12-05: run one virsh per command and the embedded
// driver (with the guest) is gone when the first exits; the restart then finds no guest.
test('repro.sh keeps a started guest running from command to command against the real virsh', needing([REAL_VIRSH], async () => {
  const work = mkdtempSync(path.join(tmpdir(), 'vp-real-'));
  try {
    const cx = counterexample({
      xml: `<domain type='qemu'>\n  <name>vp-case</name>\n  <memory>131072</memory>\n  <os><type arch='x86_64' machine='pc'>hvm</type></os>\n</domain>\n`,
      virshCommands: ['define input.xml', 'start --paused vp-case', "attach-device vp-case 'dev 1.xml' --config", 'destroy vp-case', 'start --paused vp-case', 'dumpxml vp-case'],
      extraFiles: { 'dev 1.xml': "<interface type='user'><mac address='52:54:00:00:00:07'/><model type='virtio'/></interface>\n" },
    });
    const bundle = await writeBundle(work, cx, 1);
    const res = spawnSync('bash', [path.join(bundle, 'repro.sh')], { encoding: 'utf8', timeout: 180_000 });
    assert.is(res.status, 0, res.stderr);
    assert.not.match(res.stderr, /domain is not running/);
    // the live XML (id=) holds the NIC the restart brought in
    assert.match(res.stdout, /<domain type='qemu' id='2'>[\s\S]*52:54:00:00:00:07/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}));

test('repro.sh reproduces against the real virsh in an embedded root', needing([REAL_VIRSH], async () => {
  const work = mkdtempSync(path.join(tmpdir(), 'vp-real-'));
  try {
    const cx = counterexample({
      xml: `<domain type='qemu'>\n  <name>vp-case</name>\n  <memory>131072</memory>\n  <os><type arch='x86_64' machine='q35'>hvm</type></os>\n</domain>\n`,
      virshCommands: ['define input.xml', 'dumpxml vp-case'],
      extraFiles: {},
    });
    const bundle = await writeBundle(work, cx, 1);
    const res = spawnSync('bash', [path.join(bundle, 'repro.sh')], { encoding: 'utf8', timeout: 120_000 });
    assert.is(res.status, 0, res.stderr);
    assert.match(res.stdout, /<name>vp-case<\/name>/);
    assert.match(res.stdout, /machine='pc-q35-[0-9.]+'/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}));

test.run();
