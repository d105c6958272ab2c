// Two `check` runs at the same time on one machine, through the built CLI against the real
// libvirt, sharing VIRTPROP_TMPDIR (and the saved capability cache): each must run all its
// cases without a harness error, in its own run directory, with its own domain names,
// and leave nothing behind; neither may touch the other's output.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { dropScratch, halfWritten, processesMentioning, readReport, scratchDir, startCli } from './support.js';

test('two checks at once: both complete, separate run dirs and domain names, nothing left', async () => {
  const dir = await scratchDir('conc');
  const base = path.join(dir, 'tmp');
  try {
    const run = (name: string, seed: number) =>
      startCli(['check', '--machine', 'q35', '--machine', 'pc', '--runs', '120', '--seed', String(seed), '--layers', 'xml', '--workers', '2', '--out', path.join(dir, name), '--no-progress', '--json'], {
        env: { VIRTPROP_TMPDIR: base },
        limitMs: 240_000,
      });
    const a = run('a', 11);
    const b = run('b', 12);
    // Watch the shared temp dir: which run directories exist, and which domain names they hold.
    const seenTogether = new Set<string>();
    const domainsByRun = new Map<string, Set<string>>();
    let overlap = false;
    const timer = setInterval(() => {
      if (!existsSync(base)) return;
      const runs = readdirSync(base);
      if (runs.length >= 2) overlap = true;
      for (const r of runs) {
        seenTogether.add(r);
        for (const w of ['w0', 'w1']) {
          const etc = path.join(base, r, w, 'etc', 'qemu');
          const names = existsSync(etc) ? readdirSync(etc).filter((f) => f.endsWith('.xml')) : [];
          for (const n of names) (domainsByRun.get(r) ?? domainsByRun.set(r, new Set()).get(r)!).add(n.replace(/\.xml$/, ''));
        }
      }
    }, 50);
    const [ra, rb] = await Promise.all([a, b]).finally(() => clearInterval(timer));

    for (const [name, r] of [['a', ra], ['b', rb]] as const) {
      assert.ok(r.exitCode === 0 || r.exitCode === 1, `run ${name}: exit ${r.exitCode}; stderr: ${String(r.stderr)}`);
      const report = await readReport(path.join(dir, name));
      assert.is(report.cases, 240, `run ${name} ran all its cases`);
      assert.is(report.harnessErrors, 0, `run ${name} had harness errors: ${report.lastHarnessError ?? ''}`);
      assert.is(report.partial, false);
      assert.equal(await halfWritten(path.join(dir, name)), []);
      // Each report is its own: the seed it was given, not the other run's.
      assert.match(readFileSync(path.join(dir, name, 'report.json'), 'utf8'), new RegExp(`"seed": ${name === 'a' ? 11 : 12}\\b`));
    }
    console.log(`  concurrent: run dirs ${[...seenTogether].join(', ')}; domains ${[...domainsByRun.entries()].map(([r, n]) => `${r}: ${[...n].join(' ')}`).join('; ')}`);
    assert.ok(overlap, 'the two runs never ran at the same time; the test proved nothing');
    assert.ok(seenTogether.size >= 2, `expected two run directories, saw ${[...seenTogether].join(', ')}`);
    // Domain names differ between runs (they carry a per-process tag) and never repeat across them.
    const names = [...domainsByRun.values()].map((s) => [...s]);
    assert.ok(names.length >= 2 && names.every((n) => n.length > 0), 'domains of both runs must be seen, or their names prove nothing');
    for (let i = 0; i < names.length; i++)
      for (let j = i + 1; j < names.length; j++) assert.equal(names[i].filter((n) => names[j].includes(n)), [], 'a domain name used by both runs');
    assert.equal(await readdir(base), [], 'run directories left behind');
    assert.equal(await processesMentioning(dir), [], 'virsh or QEMU still running');
  } finally {
    await dropScratch(dir);
  }
});

test.run();
