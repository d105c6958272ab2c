import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, readdirSync, rmSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeReports, BundleWriteError } from '../../reports/index.js';
import { runSummary, nicCounterexample } from './fixtures.js';

const scratch = (): string => mkdtempSync(path.join(tmpdir(), 'vp-reports-'));

/** Every file under dir, as paths relative to it. */
function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name), path.join(prefix, e.name)) : [path.join(prefix, e.name)],
  );
}

test('writes every artefact and points each counterexample at its bundle', async () => {
  const out = scratch();
  try {
    const summary = runSummary();
    const written = await writeReports(out, summary);
    assert.equal(written.json, path.join(out, 'report.json'));
    assert.equal(written.bundles, [path.join(out, 'bundles', '001-xml-pc-q35-7.2'), path.join(out, 'bundles', '002-hotplug-pc-i440fx-7.2-A-B')]);
    assert.equal(summary.counterexamples.map((c) => c.bundle), ['bundles/001-xml-pc-q35-7.2', 'bundles/002-hotplug-pc-i440fx-7.2-A-B']);
    const files = walk(out).sort();
    for (const f of ['junit.xml', 'report.html', 'report.json', 'summary.md', 'bundles/001-xml-pc-q35-7.2/repro.sh', 'bundles/002-hotplug-pc-i440fx-7.2-A-B/dev1.xml']) {
      assert.ok(files.includes(f), f);
    }
    assert.not.ok(files.some((f) => /\.tmp-|\.partial-|\.old-/.test(f)), 'no temp files left');
    assert.equal(JSON.parse(readFileSync(written.json, 'utf8')), JSON.parse(JSON.stringify(summary)));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("bundles of an earlier run into the same folder do not survive", async () => {
  const out = scratch();
  try {
    mkdirSync(path.join(out, 'bundles', '007-old-run'), { recursive: true });
    writeFileSync(path.join(out, 'bundles', '007-old-run', 'repro.sh'), 'old');
    await writeReports(out, runSummary({ counterexamples: [nicCounterexample()] }));
    assert.equal(readdirSync(path.join(out, 'bundles')), ['001-xml-pc-q35-7.2']);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('no written file carries a credential from argv, commands or texts', async () => {
  const out = scratch();
  const secret = 'pa55w0rd';
  try {
    const cx = { ...nicCounterexample(), virshCommands: [`define input.xml`, `dumpxml vp-case`], observed: `qemu+tcp://root:${secret}@h/system\n` };
    const summary = runSummary({
      argv: ['virtprop', 'check', '--uri', `qemu+tls://admin:${secret}@host/system?password=${secret}`],
      versions: { libvirt: `9.0.0 (qemu+tcp://u:${secret}@h/)` },
      unsupportedReasons: { [`?token=${secret}`]: 1 },
      counterexamples: [cx],
    });
    await writeReports(out, summary);
    for (const f of walk(out)) assert.not.ok(readFileSync(path.join(out, f), 'utf8').includes(secret), `${f} carries the secret`);
    assert.ok(readFileSync(path.join(out, 'summary.md'), 'utf8').includes('qemu+tls://admin:***@host/system?password=***'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('a run without counterexamples still writes every report', async () => {
  const out = scratch();
  try {
    const written = await writeReports(out, runSummary({ counterexamples: [], mismatch: 0 }));
    assert.equal(written.bundles, []);
    for (const f of [written.html, written.junit, written.markdown, written.json]) assert.ok(existsSync(f), f);
    assert.ok(readFileSync(written.markdown, 'utf8').startsWith('# virtprop check: no mismatches on pc-q35-7.2'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('a counterexample that cannot be bundled still gets its reports, then the error', async () => {
  const out = scratch();
  try {
    const bad = { ...nicCounterexample(), property: 'argv', extraFiles: { '../evil.xml': '<x/>' } };
    const summary = runSummary({ counterexamples: [bad, nicCounterexample()] });
    let error: unknown;
    await writeReports(out, summary).catch((e) => (error = e));
    assert.instance(error, BundleWriteError);
    const e = error as BundleWriteError;
    assert.equal(e.failures.map((f) => [f.index, f.property]), [[1, 'argv']]);
    assert.equal(e.written.bundles, [path.join(out, 'bundles', '002-xml-pc-q35-7.2')]);
    assert.is(summary.counterexamples[0].bundle, undefined);
    assert.ok(readFileSync(path.join(out, 'junit.xml'), 'utf8').includes('<testcase classname="pc-q35-7.2" name="argv"'));
    assert.not.ok(existsSync(path.join(out, 'evil.xml')) || existsSync(path.join(out, 'bundles', 'evil.xml')));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test.run();
