// Soak: many cases through the exported `check` command in this very process, against
// the real libvirt, to catch what only shows over time: leaked file descriptors, child
// processes, QEMUs, run directories, domains, and memory that grows with the case count.
//
//   VIRTPROP_SOAK_CASES   cases of the long run (default 1500: a few seconds at today's rate,
//                         yet long enough that memory is sampled well over a hundred times)
//   VIRTPROP_SOAK_LAYERS  layers (default xml: the soak is about the harness, and the other
//                         layers' model gaps would spend its time shrinking; add argv or
//                         qemu to soak those paths too)
//
// The nightly-size soak (10,000 cases took 28 s here at ~355 cases/s with two workers;
// RSS 111 → 126 MB between the first and last thirds, fds 21 → 21):
//   npx tsc -p tsconfig.json && VIRTPROP_SOAK_CASES=10000 node node_modules/uvu/bin.js dist/test 'faults/soak\.test\.js$'

import { test } from 'uvu';
import { PIPELINE_DEPTH } from '../../properties/runner/lookahead.js';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkCommand, type CheckCommandOptions } from '../../cli/commands/check.js';
import { layerList } from '../../cli/flags.js';
import { dropScratch, halfWritten, processesMentioning, readReport, scratchDir } from './support.js';

const CASES = Number(process.env.VIRTPROP_SOAK_CASES ?? 1500);
// Sampled often: a fast harness runs the default soak in seconds, and memory needs many points.
const SAMPLE_MS = 20;
const MIN_SAMPLES = 30;
const LAYERS = layerList(process.env.VIRTPROP_SOAK_LAYERS ?? 'xml');

/** Open file descriptors of this process. */
const openFds = (): number => readdirSync('/proc/self/fd').length;

/** Live (non-zombie) children of this process. */
async function children(): Promise<string[]> {
  const out: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    // pid (comm) state ppid …; comm may contain spaces, so split after the last ')'.
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(ppid) === process.pid && state !== 'Z') out.push(`${pid} ${stat.slice(0, stat.lastIndexOf(')') + 1)}`);
  }
  return out;
}

/** Domain definitions present in each worker root under base, right now. */
function definedPerRoot(base: string): number[] {
  const counts: number[] = [];
  if (!existsSync(base)) return counts;
  for (const run of readdirSync(base)) {
    for (const w of readdirSync(path.join(base, run)).filter((d) => /^w\d+$/.test(d))) {
      const dir = path.join(base, run, w, 'etc', 'qemu');
      counts.push(existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.xml')).length : 0);
    }
  }
  return counts;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/** Runs `check` in this process with its stdout (one JSON line) kept out of the test log. */
async function quietCheck(opts: CheckCommandOptions): Promise<number> {
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return await checkCommand(opts, ['check', '(soak)']);
  } finally {
    process.stdout.write = write;
  }
}

test(`soak: ${CASES} cases (${LAYERS.join(',')}) leak no fd, process, QEMU, directory or domain, and RSS stays flat`, async () => {
  const dir = await scratchDir('soak');
  const base = path.join(dir, 'tmp');
  const saved = process.env.VIRTPROP_TMPDIR;
  process.env.VIRTPROP_TMPDIR = base;
  const options = (runs: number, out: string): CheckCommandOptions => ({
    virsh: 'virsh',
    workers: 2,
    timeoutMs: 60_000,
    arch: 'x86_64',
    machines: ['pc', 'q35'],
    runs,
    seed: 4242,
    layers: LAYERS,
    out: path.join(dir, out),
    json: true,
    // Model findings must not end the soak early: it is about running many cases.
    maxCounterexamples: 1_000,
    progress: false,
  });
  try {
    const fdsBefore = openFds();
    // Warm-up: the first run loads modules and opens what Node keeps for good.
    const warmCode = await quietCheck(options(15, 'warm'));
    assert.ok(warmCode === 0 || warmCode === 1, `warm-up exit ${warmCode}`);
    const fdsWarm = openFds();

    const samples: Array<{ t: number; rss: number }> = [];
    let maxDefined = 0;
    const t0 = performance.now();
    const timer = setInterval(() => {
      samples.push({ t: performance.now() - t0, rss: process.memoryUsage().rss });
      maxDefined = Math.max(maxDefined, ...definedPerRoot(base));
    }, SAMPLE_MS);
    let code: number;
    try {
      code = await quietCheck(options(Math.ceil(CASES / 2), 'soak'));
    } finally {
      clearInterval(timer);
    }
    const seconds = (performance.now() - t0) / 1000;
    const fdsAfter = openFds();
    const report = await readReport(path.join(dir, 'soak'));

    assert.ok(code === 0 || code === 1, `the soak run itself failed: exit ${code}`);
    assert.ok(report.cases >= CASES - 1, `only ${report.cases} of ${CASES} cases ran`);
    assert.is(report.harnessErrors, 0, 'virsh hung or crashed during the soak');
    assert.is(report.partial, false);

    // Nothing outlives a run: no child process, no QEMU, no run directory, no temp file.
    assert.equal(await children(), [], 'child processes outlived the run');
    assert.equal(await processesMentioning(dir), [], 'processes from the run directory still alive');
    assert.equal(existsSync(base) ? await readdir(base) : [], [], 'run directories left behind');
    assert.equal(await halfWritten(path.join(dir, 'soak')), []);
    // Each worker holds only the cases in flight in its pipeline (one domain name per slot),
    // and undefines each before its slot is used again.
    assert.ok(maxDefined <= PIPELINE_DEPTH, `a worker root held ${maxDefined} domains at once`);
    assert.is(fdsAfter, fdsWarm, `file descriptors: ${fdsBefore} before, ${fdsWarm} after warm-up, ${fdsAfter} after the soak`);

    // Memory: the last third of the run must not sit much above the first third.
    const span = samples.length ? samples[samples.length - 1].t : 0;
    const first = median(samples.filter((s) => s.t < span / 3).map((s) => s.rss));
    const last = median(samples.filter((s) => s.t >= (2 * span) / 3).map((s) => s.rss));
    console.log(
      `  soak: ${report.cases} cases in ${seconds.toFixed(1)} s (${(report.cases / seconds).toFixed(1)}/s); ` +
        `RSS median first third ${mb(first)}, last third ${mb(last)} (${(((last - first) / first) * 100).toFixed(1)}%); ` +
        `fds ${fdsBefore} → ${fdsWarm} → ${fdsAfter}; ${samples.length} samples`,
    );
    assert.ok(samples.length >= MIN_SAMPLES, `only ${samples.length} RSS samples: too few to judge memory (raise VIRTPROP_SOAK_CASES)`);
    // Generous for GC timing, yet a leak of a few KB per case over thousands of cases trips it.
    assert.ok(last <= first * 1.2 + 16 * 2 ** 20, `RSS grew from ${mb(first)} to ${mb(last)}`);
  } finally {
    if (saved === undefined) delete process.env.VIRTPROP_TMPDIR;
    else process.env.VIRTPROP_TMPDIR = saved;
    await dropScratch(dir);
  }
});

test.run();
