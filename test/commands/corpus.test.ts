// `virtprop corpus DIR` on a few of libvirt's own test inputs (real libvirt): one that
// agrees after adaptation (i686 → x86_64, block device → image file), one refusal the
// model predicts, one outside coverage, and a golden output file that must be skipped.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { json, tempDir, virtprop } from './cli.js';

const CORPUS = path.resolve('../shared/corpus/libvirt-tests');
const PICK = ['net-virtio.xml', 'pci-slot-invalid.xml', 'q35-pcie.xml', 'x86_64-pc-minimal.expected-out.xml'];

let dir = '';
let out = '';
test.before(async () => {
  dir = await tempDir();
  out = await tempDir();
  for (const f of PICK) await fs.copyFile(path.join(CORPUS, f), path.join(dir, f));
});
test.after(async () => {
  await fs.rm(dir, { recursive: true, force: true });
  await fs.rm(out, { recursive: true, force: true });
});

type Result = { file: string; verdict: string; reason: string; predicted?: boolean | null; adaptations: string[] };

test('each file gets its verdict; golden outputs are skipped; totals add up', async () => {
  const run = await virtprop(['corpus', dir, '--json', '--out', out, '--workers', '2'], 180_000);
  const j = json(run);
  const results = j.results as Result[];
  const by = (f: string): Result => {
    const r = results.find((x) => x.file === f);
    if (!r) throw new Error(`no result for ${f}`);
    return r;
  };
  assert.is(j.files, 3, 'the *.expected-out.xml golden file is not an input');
  assert.equal(results.map((r) => r.file), ['net-virtio.xml', 'pci-slot-invalid.xml', 'q35-pcie.xml']);

  const nic = by('net-virtio.xml');
  assert.is(nic.verdict, 'agree', nic.reason);
  assert.ok(nic.adaptations.includes('arch i686 → x86_64'), nic.adaptations.join('; '));
  assert.ok(nic.adaptations.some((a) => /^disk \w+: source block \/dev\/HostVG/.test(a)));

  const slot = by('pci-slot-invalid.xml');
  assert.is(slot.verdict, 'libvirt-rejects');
  assert.is(slot.predicted, true);
  assert.match(slot.reason, /slot='0x20', must be <= 0x1F/);
  assert.not.match(slot.reason, /Failed to define domain from/);

  const fs9p = by('q35-pcie.xml');
  assert.is(fs9p.verdict, 'unsupported');
  assert.match(fs9p.reason, /<filesystem mount>/);

  assert.is(j.agree, 1);
  assert.is(j.unsupported, 1);
  assert.is(j.libvirtRejects, 1);
  assert.is(j.predictedRejects, 1);
  assert.is(j.mismatch, 0);
  assert.is(run.code, 0, run.stderr);

  const report = JSON.parse(await fs.readFile(path.join(out, 'report.json'), 'utf8')) as { command: string; cases: number };
  assert.is(report.command, 'corpus');
  assert.is(report.cases, 3);
});

test('a QEMU refusal a listed libvirt bug explains is a known-issue, not a mismatch (exit 0)', async () => {
  const d = await tempDir();
  try {
    for (const f of ['isapc-pci.xml', 'q35-multifunction.xml']) await fs.copyFile(path.join(CORPUS, f), path.join(d, f));
    const run = await virtprop(['corpus', d, '--json', '--layers', 'xml,argv', '--out', path.join(d, 'out'), '--workers', '2'], 180_000);
    const j = json(run);
    const results = j.results as Array<Result & { knownIssue?: string }>;
    assert.equal(results.map((r) => [r.file, r.verdict, r.knownIssue]), [
      ['isapc-pci.xml', 'known-issue', 'libvirt-9.0-pci-root-without-pci'],
      ['q35-multifunction.xml', 'known-issue', 'libvirt-9.0-multifunction-off-accepted'],
    ]);
    assert.is(j.knownIssues, 2);
    assert.is(j.mismatch, 0);
    assert.is(run.code, 0, run.stderr);
  } finally {
    await fs.rm(d, { recursive: true, force: true });
  }
});

test('an unreadable file is the error of that file alone (exit 3), not the end of the run', async () => {
  const d = await tempDir();
  await fs.copyFile(path.join(CORPUS, 'q35.xml'), path.join(d, 'q35.xml'));
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

test('a directory that does not exist, or holds no XML, is a usage error', async () => {
  const missing = await virtprop(['corpus', path.join(dir, 'nope')]);
  assert.is(missing.code, 2);
  assert.match(missing.stderr, /no such directory/);
  const empty = await tempDir();
  const none = await virtprop(['corpus', empty]);
  await fs.rm(empty, { recursive: true, force: true });
  assert.is(none.code, 2);
  assert.match(none.stderr, /holds no \*\.xml domain files/);
});

test.run();
