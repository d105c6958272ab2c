// Bad input through the built CLI: every mistake a user can make on the command line or
// in a file ends with exit 2, one paragraph on stderr that says what to do (no stack
// trace), no report written and nothing left behind, and it ends fast.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dropScratch, messageProblems, processesMentioning, runCli, scratchDir } from './support.js';

/** Runs one bad command line and checks the common promises; returns stderr for specific checks. */
async function expectUsageError(args: string[], limitMs: number, dir: string): Promise<string> {
  const out = path.join(dir, 'out');
  // Not created beforehand: the CLI must make it (a fresh CI workspace has none either).
  const base = path.join(dir, 'tmp');
  const withOut = args[0] === 'check' && !args.includes('--out') ? ['--out', out] : [];
  const r = await runCli([...args, ...withOut], { env: { VIRTPROP_TMPDIR: base } });
  assert.is(r.code, 2, `exit code of ${args.join(' ')}; stderr: ${r.stderr}`);
  assert.equal(messageProblems(r.stderr), [], `stderr of ${args.join(' ')}:\n${r.stderr}`);
  assert.ok(r.ms < limitMs, `${args.join(' ')} took ${r.ms.toFixed(0)} ms (limit ${limitMs})`);
  assert.not.ok(existsSync(out), `a usage error must write no report, but ${out} exists`);
  // Run directories (embedded roots) of a run that never started must be gone too.
  if (existsSync(base)) assert.equal(await readdir(base), [], 'run directories left in VIRTPROP_TMPDIR');
  return r.stderr;
}

const flagCases: Array<{ name: string; args: string[]; says: RegExp }> = [
  { name: 'unknown flag', args: ['check', '--frobnicate'], says: /unknown option '--frobnicate'/ },
  { name: '--runs 0', args: ['check', '--runs', '0'], says: /--runs.*'0' is invalid.*at least 1/ },
  { name: '--runs not a number', args: ['check', '--runs', 'many'], says: /--runs.*'many' is invalid/ },
  { name: '--layers foo', args: ['check', '--layers', 'foo'], says: /unknown layer "foo" \(known: xml, argv, qemu\)/ },
  { name: 'unknown --arch', args: ['check', '--arch', 'sparc64'], says: /unknown --arch "sparc64"[\s\S]*use x86_64 or aarch64/ },
  { name: 'unknown command', args: ['chekc'], says: /unknown command 'chekc'/ },
];

for (const c of flagCases) {
  test(`bad flags: ${c.name} → exit 2 with advice, within 3 s`, async () => {
    const dir = await scratchDir('flag');
    try {
      const stderr = await expectUsageError(c.args, 3_000, dir);
      assert.match(stderr, c.says);
    } finally {
      await dropScratch(dir);
    }
  });
}

test('an --out that cannot be written → exit 2 before any case runs', async () => {
  const dir = await scratchDir('out');
  try {
    const file = path.join(dir, 'a-file');
    await writeFile(file, '');
    const stderr = await expectUsageError(['check', '--runs', '3', '--out', path.join(file, 'out')], 3_000, dir);
    assert.match(stderr, /cannot write reports to .*a-file\/out: .*a-file is not a directory[\s\S]*What to do: give --out a directory you can write to/);
    // Even root cannot write below /proc/1.
    assert.match(await expectUsageError(['check', '--runs', '3', '--out', '/proc/1/vp-out'], 3_000, dir), /\/proc\/1 is not writable/);
  } finally {
    await dropScratch(dir);
  }
});

test('check --machine nosuch → exit 2 naming machines to pick, libvirt set-up torn down', async () => {
  const dir = await scratchDir('mach');
  try {
    // The machine list comes from QEMU, so this one needs the real libvirt up first.
    const stderr = await expectUsageError(['check', '--machine', 'nosuch', '--runs', '3', '--workers', '1'], 60_000, dir);
    assert.match(stderr, /QEMU does not list a machine "nosuch" for x86_64/);
    assert.match(stderr, /What to do: pick one of: .*\bpc\b/);
    assert.equal(await processesMentioning(dir), [], 'virsh or QEMU left running');
  } finally {
    await dropScratch(dir);
  }
});

test('compare: a missing file and malformed XML → exit 2 with advice', async () => {
  const dir = await scratchDir('cmp');
  try {
    const missing = await expectUsageError(['compare', path.join(dir, 'no-such.xml')], 5_000, dir);
    assert.match(missing, /no-such\.xml.*no such file/);
    const bad = path.join(dir, 'bad.xml');
    await writeFile(bad, "<domain type='kvm'><name>x</name>\n<devices>\n");
    const malformed = await expectUsageError(['compare', bad], 5_000, dir);
    assert.match(malformed, /bad\.xml is not a libvirt domain XML: malformed XML/);
    const notDomain = path.join(dir, 'net.xml');
    await writeFile(notDomain, "<network><name>default</name></network>\n");
    assert.match(await expectUsageError(['compare', notDomain], 5_000, dir), /net\.xml/);
  } finally {
    await dropScratch(dir);
  }
});

test.run();
