// The pipeline's own plumbing, with judges that record what they are asked (no libvirt:
// this is about which case is judged when, not about what libvirt answers).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lookahead, PIPELINE_DEPTH } from '../../properties/runner/lookahead.js';
import { runProperty, type CaseJudge, type JudgedCase } from '../../properties/runner/check.js';
import { domainSpecArb } from '../../properties/generators/domainSpec.js';
import type { DomainSpec } from '../../types/domain.js';

test('lookahead: dispatches in order, never more than DEPTH ahead, slots come back only after a take', () => {
  const events: string[] = [];
  const inFlight = new Set<number>();
  const ahead = lookahead([0, 1, 2, 3, 4, 5, 6], (item, slot) => {
    assert.not.ok([...inFlight].some((i) => i % PIPELINE_DEPTH === slot), `slot ${slot} reused while in flight`);
    inFlight.add(item);
    events.push(`d${item}@${slot}`);
    return { item, drop: () => events.push(`x${item}`) };
  });
  for (let i = 0; i < 4; i++) {
    const d = ahead.take(i)!;
    assert.is(d.item, i);
    inFlight.delete(i);
    assert.ok(inFlight.size < PIPELINE_DEPTH, `${inFlight.size} in flight after a take`);
  }
  ahead.dropAll();
  assert.equal(events, ['d0@0', 'd1@1', 'd2@2', 'd3@0', 'd4@1', 'd5@2', 'x4', 'x5']);
  assert.is(ahead.take(4), undefined, 'dropped items are gone');
});

const arbitrary = domainSpecArb({ arch: 'x86_64', machine: 'q35', family: 'q35' });
const agree: JudgedCase = { outcome: 'agree', libvirtRejected: false, diff: '' };

/** A judge that records whether each spec came through dispatch or a direct run. */
function recordingJudge(fail?: (spec: DomainSpec) => boolean) {
  const log = { dispatched: 0, judgedAhead: 0, direct: 0, dropped: 0 };
  const verdict = (spec: DomainSpec): JudgedCase => (fail?.(spec) ? { outcome: 'mismatch', failed: { property: 'xml' }, libvirtRejected: false, diff: '-a\n+b\n' } : agree);
  const judge: CaseJudge<null, JudgedCase> = {
    run: async (spec) => {
      log.direct++;
      return verdict(spec);
    },
    dispatch: (spec) => {
      log.dispatched++;
      return {
        spec,
        judge: async () => {
          log.judgedAhead++;
          return verdict(spec);
        },
        drop: () => void log.dropped++,
      };
    },
  };
  return { judge, log };
}

test('runProperty: every value fast-check hands out was the one dispatched for it (no case runs twice)', async () => {
  const { judge, log } = recordingJudge();
  const { stats } = await runProperty({ arbitrary, runs: 150, seed: 77, contexts: [null], maxCounterexamples: 1, judge });
  assert.is(stats.cases, 150);
  assert.is(log.judgedAhead, 150, 'each case judged from its dispatch');
  assert.is(log.direct, 0, 'no case fell back to a direct run');
  assert.is(log.dispatched, 150);
  assert.is(log.dropped, 0);
});

test('runProperty: after a failure, shrinking runs directly and the cases in flight are dropped', async () => {
  // Fails whenever the guest has a NIC: shrinking must end at a spec with one NIC.
  const hasNic = (s: DomainSpec): boolean => s.nets.length > 0;
  const { judge, log } = recordingJudge(hasNic);
  const { counterexamples } = await runProperty({ arbitrary, runs: 100, seed: 5, contexts: [null], maxCounterexamples: 1, judge });
  assert.is(counterexamples.length, 1);
  assert.is(counterexamples[0].spec.nets.length, 1);
  assert.ok(log.direct > 1, 'the shrinker ran candidates directly');
  assert.is(log.dispatched - log.judgedAhead, log.dropped, 'every dispatched case was judged or dropped');
});

test.run();
