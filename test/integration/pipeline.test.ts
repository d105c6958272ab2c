// Pipelining must not change a single verdict: the same generated guests, judged one at a
// time (runCase) and pipelined into the worker's virsh (dispatch + judge), against the
// real libvirt, get the same outcome and the same observed state.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { setUpEnvironment, type Environment } from '../../cli/environment.js';
import { modelOracle } from '../../cli/oracle.js';
import { runCase, type CaseContext } from '../../properties/runner/caseRunner.js';
import type { CaseResult } from '../../properties/judges/caseResult.js';
import { modelJudge } from '../../properties/runner/check.js';
import { lookahead } from '../../properties/runner/lookahead.js';
import { domainSpecArb } from '../../properties/generators/domainSpec.js';
import type { DomainSpec, Layer } from '../../types/domain.js';

let env: Environment;

test.before(async () => {
  env = await setUpEnvironment({ virsh: 'virsh', workers: 1, timeoutMs: 120_000 });
});

test.after(async () => {
  await env.close();
});

const context = (layers: Layer[]): CaseContext => ({
  worker: env.workers[0], profile: env.profile('x86_64'), virtType: env.virtType('x86_64'), layers, oracle: modelOracle, domainName: 'vp-pipe', stability: true,
});

/** What must not depend on how a case was run (names and file paths do). */
const verdict = (r: CaseResult): string => [r.outcome, r.failed?.property ?? '-', r.libvirtRejected, r.libvirtRejected ? r.observed.split(':')[0] : r.observed].join(' | ');

async function bothWays(specs: DomainSpec[], layers: Layer[]): Promise<void> {
  const ctx = context(layers);
  const direct: string[] = [];
  for (const spec of specs) direct.push(verdict(await ctx.worker.withRetry(() => runCase(spec, ctx))));
  const ahead = lookahead(specs, (spec, slot) => modelJudge.dispatch!(spec, ctx, slot));
  for (let i = 0; i < specs.length; i++) {
    const piped = verdict(await ahead.take(i)!.judge());
    assert.is(piped, direct[i], `case ${i} (${layers.join(',')})`);
  }
  // Undefines in a pipeline are not waited for: any command after them is answered after them.
  await ctx.worker.virsh(['echo', 'barrier']);
  assert.equal(ctx.worker.leftovers, [], 'every slot domain was undefined');
}

test('xml layer with the redefine check: 60 guests, same verdicts pipelined and one at a time', async () => {
  const pc = fc.sample(domainSpecArb({ arch: 'x86_64', machine: 'pc', family: 'i440fx' }), { numRuns: 30, seed: 31 });
  const q35 = fc.sample(domainSpecArb({ arch: 'x86_64', machine: 'q35', family: 'q35' }), { numRuns: 30, seed: 32 });
  await bothWays([...pc, ...q35], ['xml']);
});

test('the redefine is sent as soon as libvirt answers, and never after the case was given up', async () => {
  const worker = env.workers[0];
  const xml = (name: string): string => `<domain type='qemu'><name>${name}</name><memory unit='MiB'>64</memory><os><type arch='x86_64' machine='pc'>hvm</type></os><devices/></domain>`;
  // Kept: the redefine goes out before anyone awaited the outcome, and its commands say so.
  const kept = worker.defineAhead(xml('vp-chain-kept'), 'vp-chain-kept', 0, true);
  const sent = await kept.again;
  assert.ok(sent, 'a redefine was sent');
  assert.equal(sent!.commands.map((c) => c[0]), ['define', 'dumpxml']);
  const again = await sent!.outcome;
  assert.is(again.kind, 'defined');
  const first = await kept.outcome;
  // The same domain defined again from libvirt's own XML: same UUID.
  const uuid = (x: string): string | undefined => /<uuid>([^<]+)<\/uuid>/.exec(x)?.[1];
  assert.is(again.kind === 'defined' && first.kind === 'defined' && uuid(again.xml) === uuid(first.xml), true);
  await worker.undefineNow('vp-chain-kept');
  // Given up before libvirt answered (a round ends, a failure starts shrinking): no redefine,
  // so the undefine really is the last word and the name is free for the slot's next case.
  const dropped = worker.defineAhead(xml('vp-chain-drop'), 'vp-chain-drop', 1, true);
  await worker.undefineNow('vp-chain-drop');
  assert.is(await dropped.again, undefined, 'no redefine after the undefine');
  const listed = await worker.virsh(['list', '--all', '--name']);
  assert.not.match(listed.stdout, /vp-chain-/);
  assert.equal(worker.leftovers, []);
});

test('argv and qemu layers (each case started paused): 6 guests, same verdicts', async () => {
  const q35 = fc.sample(domainSpecArb({ arch: 'x86_64', machine: 'q35', family: 'q35', faults: false }), { numRuns: 6, seed: 33 });
  await bothWays(q35, ['xml', 'argv', 'qemu']);
});

test.run();
