// `npm run bench` is a script, not a test: its figures go to BENCHMARKS.md and no test
// times anything. This only keeps the script working: a tiny run against the real
// libvirt must measure both sides, emit the fields the issue names, and leave nothing
// behind; bad flags must be refused before any work.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BENCH = path.resolve('dist/cli/bench.js');
/** Run and input directories of virtprop's, on tmpfs and in the temporary directory. */
const ours = (): string[] => [...readdirSync('/dev/shm').filter((f) => f.startsWith('virtprop-')), ...readdirSync(os.tmpdir()).filter((f) => /^vp-[A-Za-z0-9]{6}$/.test(f))];

test('a tiny xml run reports floor, harness, scaling, prediction time and memory', async () => {
  const before = ours();
  const r = await execa('node', [BENCH, '--cases', '16', '--trials', '1', '--layers', 'xml', '--json'], { reject: false, timeout: 300_000 });
  assert.is(r.exitCode, 0, String(r.stderr));
  const out = JSON.parse(String(r.stdout)) as Record<string, unknown>;
  for (const key of ['floorCasesPerSecond', 'harnessCasesPerSecond', 'ratio', 'scaling', 'floorScaling', 'predictMsP99', 'peakRssMb']) {
    assert.type(out[key], 'number', key);
    assert.ok((out[key] as number) > 0, `${key} is positive`);
  }
  assert.type((out.workers as Record<string, unknown>)['1'], 'number');
  const xml = (out.layers as Record<string, Record<string, unknown>>).xml;
  assert.is(xml.cases, 16);
  const cpu = xml.cpuMsPerCase as Record<string, number>;
  assert.ok(cpu.floorVirsh > 0 && cpu.virsh > 0 && cpu.node > 0, JSON.stringify(cpu));
  assert.equal(ours(), before, 'no run or tmpfs directory left');
});

test('a tiny started run reports startedSpeedup against the serial floor and the step profile of a started case', async () => {
  const before = ours();
  const r = await execa('node', [BENCH, '--cases', '16', '--trials', '1', '--layers', 'xml,argv,qemu', '--started-cases', '4', '--profile-cases', '2', '--json'], { reject: false, timeout: 600_000 });
  assert.is(r.exitCode, 0, String(r.stderr));
  const out = JSON.parse(String(r.stdout)) as Record<string, unknown>;
  assert.type(out.startedSpeedup, 'number');
  assert.ok((out.startedSpeedup as number) > 0);
  assert.is(out.startedSpeedupLayers, 'xml+argv+qemu');
  const set = (out.layers as Record<string, Record<string, unknown>>)['xml+argv+qemu'];
  assert.is(set.defaultWorkers, out.defaultStartedWorkers);
  assert.is(set.startedSpeedup, out.startedSpeedup);
  const profile = out.startedCaseProfileMs as Record<string, Record<string, number> | number>;
  assert.is(profile.cases, 2);
  for (const mode of ['withSubreaper', 'withoutSubreaper']) {
    const steps = profile[mode] as Record<string, number>;
    for (const step of ['define', 'start', 'logRead', 'qtree', 'liveXml', 'destroy', 'undefine', 'total']) assert.type(steps[step], 'number', `${mode}.${step}`);
    assert.ok(steps.start > 0 && steps.destroy > 0, JSON.stringify(steps));
  }
  assert.equal(ours(), before, 'no run or tmpfs directory left');
});

test('bad flags: exit 2 with the reason, no benchmark run', async () => {
  for (const args of [['--cases', 'many'], ['--layers', 'xml,bogus'], ['--frobnicate']]) {
    const r = await execa('node', [BENCH, ...args], { reject: false, timeout: 10_000 });
    assert.is(r.exitCode, 2, args.join(' '));
    assert.match(String(r.stderr), /error: /);
    assert.is(String(r.stdout), '');
  }
});

test('--help explains every flag', async () => {
  const r = await execa('node', [BENCH, '--help'], { reject: false });
  assert.is(r.exitCode, 0);
  for (const flag of ['--cases', '--trials', '--layers', '--started-cases', '--started-trials', '--long', '--long-layers', '--profile-cases', '--json']) assert.ok(String(r.stdout).includes(flag), flag);
});

test.run();
