// Issue 6's bar, against the real libvirt: every input of libvirt's own PCI test corpus
// (../shared/corpus/libvirt-tests) goes through libvirt and the model on the xml layer;
// none may disagree, and at least 80% must be within the model's coverage.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { json, tempDir, virtprop } from './cli.js';

const CORPUS = path.resolve('../shared/corpus/libvirt-tests');

type Result = { file: string; verdict: string; reason?: string; diff?: string };

test('the whole libvirt corpus: 0 mismatches, at least 80% within coverage (xml layer)', async () => {
  const out = await tempDir();
  try {
    const run = await virtprop(['corpus', CORPUS, '--layers', 'xml', '--json', '--out', out, '--workers', '2'], 15 * 60_000);
    const report = json(run);
    const results = report.results as Result[];
    const files = report.files as number;
    const mismatches = results.filter((r) => r.verdict === 'mismatch');
    assert.is(mismatches.length, 0, mismatches.map((m) => `${m.file}\n${m.diff}`).join('\n'));
    assert.is(report.mismatch, 0);
    assert.is(run.code, 0, run.stderr);
    const inputs = (await fs.readdir(CORPUS)).filter((f) => f.endsWith('.xml') && !f.includes('.expected'));
    assert.is(files, inputs.length, 'every input file got a verdict');
    const outside = results.filter((r) => r.verdict === 'unsupported').length;
    assert.ok((files - outside) / files >= 0.8, `only ${files - outside} of ${files} within coverage`);
  } finally {
    await fs.rm(out, { recursive: true, force: true });
  }
});

test.run();
