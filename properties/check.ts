// The run loop: each worker runs its own share of fast-check runs with its own seed.
// When a case fails, fast-check shrinks it on that worker while the failing property
// (layer) stays fixed, so a qemu-layer failure never shrinks into an xml-layer one;
// the run then goes on with fresh seeds until the budget of runs is spent.
// The loop is generic over how a case is judged: `check` judges a spec against the
// model (runCase), `diff` judges it by running it on two libvirt builds.

import fc from 'fast-check';
import type { DomainSpec } from '../types/domain.js';
import { dispatchCase, judgeDispatched, runCase, type CaseContext, type CaseResult, type DispatchedCase } from './caseRunner.js';
import { knownIssueOf } from './knownIssues.js';
import { lookahead } from './lookahead.js';
import { CaseAbandonedError, isHarnessFault } from '../harness/errors.js';

/** Running totals of a run (only first-time cases count, not shrink attempts). */
export interface CheckStats {
  cases: number;
  agree: number;
  mismatch: number;
  unsupported: number;
  libvirtErrors: number;
  harnessErrors: number;
  unsupportedReasons: Record<string, number>;
  predictMs: number[];
  lastHarnessError?: string;
  /** Cases explained by a listed libvirt bug (properties/knownIssues.ts), by issue id. */
  knownIssues: Record<string, number>;
}

/** What the loop needs to know of a judged case (CaseResult and diff mode's result both fit). */
export interface JudgedCase {
  outcome: 'agree' | 'mismatch' | 'unsupported';
  /** The failed property; the shrinker keeps it fixed. */
  failed?: { property: string };
  unsupportedReason?: string;
  libvirtRejected: boolean;
  diff: string;
  /** Model time, when a model was asked. */
  predictMs?: number;
}

/** Judges one spec on one context; harness faults it could not recover from are thrown. */
export interface CaseJudge<C, R extends JudgedCase> {
  run(spec: DomainSpec, ctx: C): Promise<R>;
  /**
   * Sends a case to libvirt before it is its turn, so libvirt works while earlier cases
   * are judged; cases in flight at once get distinct slots. Judges without it run one
   * case at a time.
   */
  dispatch?(spec: DomainSpec, ctx: C, slot: number): Dispatched<R>;
  /** Id of a listed bug that explains a mismatch: counted apart, never shrunk. */
  knownIssue?(result: R): string | undefined;
}

/** A case already on its way to libvirt. */
export interface Dispatched<R> {
  spec: DomainSpec;
  judge(): Promise<R>;
  /** Gives the case up unjudged (the run moved on): its domain is undefined. */
  drop(): void;
}

/** A shrunk failure with the spec and the fast-check coordinates to replay it. */
export interface FoundCounterexample<R extends JudgedCase = CaseResult> {
  spec: DomainSpec;
  result: R;
  seed: number;
  path: string;
  shrinks: number;
  worker: number;
}

/** Parameters of a check run. */
export interface CheckOptions {
  arbitrary: fc.Arbitrary<DomainSpec>;
  runs: number;
  seed: number;
  contexts: CaseContext[];
  maxCounterexamples: number;
  /** Stop starting new cases after this wall-clock time (ms since epoch). */
  deadline?: number;
  signal?: AbortSignal;
  onCase?: (stats: CheckStats, result: CaseResult | undefined) => void;
}

/** The loop's parameters for any judge: contexts of the judge's kind instead of CaseContext. */
export interface LoopOptions<C, R extends JudgedCase> extends Omit<CheckOptions, 'contexts' | 'onCase'> {
  contexts: C[];
  judge: CaseJudge<C, R>;
  onCase?: (stats: CheckStats, result: R | undefined) => void;
}

/** The model judge of `check`: one case through runCase, retried once on a harness fault. */
export const modelJudge: CaseJudge<CaseContext, CaseResult> = {
  run: (spec, ctx) => ctx.worker.withRetry(() => runCase(spec, ctx)),
  dispatch: (spec, ctx, slot) => {
    const d = dispatchCase(spec, ctx, slot);
    return { spec, judge: () => judgeOrRerun(d, ctx), drop: () => void ctx.worker.undefineNow(d.input.name, false).catch(() => undefined) };
  },
  knownIssue: (r) => knownIssueOf(r)?.id,
};

/**
 * Judges a dispatched case. A hang or crash kills the session and with it every case in
 * flight, and the fresh session starts by removing their domains: the case that hit the
 * fault gets one more try, as withRetry gives any case; the cases behind it run afresh.
 */
async function judgeOrRerun(d: DispatchedCase, ctx: CaseContext): Promise<CaseResult> {
  const { worker } = ctx;
  if (d.session !== worker.sessionNumber) return worker.withRetry(() => runCase(d.spec, ctx));
  try {
    return await judgeDispatched(d, ctx);
  } catch (err) {
    if (worker.killed) throw new CaseAbandonedError(err);
    if (!isHarnessFault(err)) throw err;
  }
  try {
    await worker.restartSession();
    return await runCase(d.spec, ctx);
  } catch (err) {
    if (worker.killed) throw new CaseAbandonedError(err);
    throw err;
  }
}

/** Most runs one fast-check call gets; the budget and stop checks happen between calls too. */
export const ROUND_RUNS = 200;

/** A fresh, empty set of totals. */
export function emptyStats(): CheckStats {
  return { cases: 0, agree: 0, mismatch: 0, unsupported: 0, libvirtErrors: 0, harnessErrors: 0, unsupportedReasons: {}, predictMs: [], knownIssues: {} };
}

function count(stats: CheckStats, r: JudgedCase, knownIssue: string | undefined): void {
  stats.cases++;
  if (knownIssue) stats.knownIssues[knownIssue] = (stats.knownIssues[knownIssue] ?? 0) + 1;
  else stats[r.outcome]++;
  if (r.libvirtRejected) stats.libvirtErrors++;
  if (r.outcome === 'unsupported' && r.unsupportedReason) {
    // counted by the reason's full text
    stats.unsupportedReasons[r.unsupportedReason] = (stats.unsupportedReasons[r.unsupportedReason] ?? 0) + 1;
  }
  if (r.predictMs !== undefined && stats.predictMs.length < 100_000) stats.predictMs.push(r.predictMs);
}

/** Signature used to report a given failure once even when several seeds find it. */
export const failureSignature = (r: JudgedCase): string => `${r.failed?.property}\n${r.diff.split('\n').filter((l) => /^[-+][^-+]/.test(l)).join('\n')}`;

/** Runs the model property over all workers; returns totals and the shrunk counterexamples. */
export function runCheck(opts: CheckOptions): Promise<{ stats: CheckStats; counterexamples: FoundCounterexample[] }> {
  return runProperty({ ...opts, judge: modelJudge });
}

/** Runs any judge over all contexts with shrinking pinned to the first failed property. */
export async function runProperty<C, R extends JudgedCase>(opts: LoopOptions<C, R>): Promise<{ stats: CheckStats; counterexamples: FoundCounterexample<R>[] }> {
  const { judge } = opts;
  const stats = emptyStats();
  const found: FoundCounterexample<R>[] = [];
  const seen = new Set<string>();
  let remaining = opts.runs;
  const stopped = (): boolean => opts.signal?.aborted === true || (opts.deadline !== undefined && Date.now() > opts.deadline) || found.length >= opts.maxCounterexamples;

  const workerLoop = async (ctx: C, w: number): Promise<void> => {
    for (let round = 0; remaining > 0 && !stopped(); round++) {
      // Rounds of at most ROUND_RUNS: after a deadline fast-check still generates (and
      // passes) every value of its round, so the round's size bounds how long a stop takes.
      const share = Math.max(1, Math.min(remaining, Math.ceil(opts.runs / opts.contexts.length), ROUND_RUNS));
      remaining -= share;
      const seed = (opts.seed + w * 7919 + round * 104729) | 0;
      let target: string | undefined;
      let shrinking = false;
      let ran = 0;
      // The latest failing run; fast-check's counterexample is the spec of this very run.
      let lastFailure: { spec: DomainSpec; result: R } | undefined;
      const ahead = judge.dispatch ? pipeline(judge.dispatch, ctx, opts.arbitrary, seed, share, () => shrinking || stopped()) : undefined;
      const property = fc.asyncProperty(opts.arbitrary, async (spec) => {
        if (!shrinking && stopped()) return true;
        // Ctrl-C while shrinking: pass every further candidate, so fast-check ends at once
        // with the smallest failure found so far instead of shrinking on for minutes.
        if (shrinking && opts.signal?.aborted) return true;
        const dispatched = shrinking ? undefined : ahead?.take(ran, spec);
        if (!shrinking) ran++;
        let r: R;
        try {
          r = await (dispatched ? dispatched.judge() : judge.run(spec, ctx));
        } catch (err) {
          // A fault of our own plumbing (already retried once) is never a finding about libvirt;
          // a case cut off by a forced stop (second Ctrl-C) is no fault at all, only abandoned.
          if (!shrinking && !(err instanceof CaseAbandonedError)) {
            stats.harnessErrors++;
            stats.lastHarnessError = err instanceof Error ? err.message : String(err);
            opts.onCase?.(stats, undefined);
          }
          return true;
        }
        const knownIssue = judge.knownIssue?.(r);
        if (!shrinking) {
          count(stats, r, knownIssue);
          opts.onCase?.(stats, r);
        }
        const failedHere = r.outcome === 'mismatch' && !knownIssue && (target === undefined || r.failed?.property === target);
        if (failedHere && target === undefined) {
          target = r.failed!.property;
          shrinking = true;
        }
        if (failedHere) lastFailure = { spec, result: r };
        return !failedHere;
      });
      const details = await fc.check(property, { numRuns: share, seed });
      ahead?.dropAll();
      // fast-check ends a run at its first failure: give the unused runs back to the pool.
      remaining += Math.max(0, share - ran);
      if (!details.failed || !details.counterexample) continue;
      const spec = details.counterexample[0];
      // Run the shrunk spec once more for a complete record of it (commands, XMLs, diff).
      // If that rerun cannot be done (virsh hung twice, the run was forced to stop), the
      // finding stands as last seen: losing it would throw away what the run was for.
      const final = await judge.run(spec, ctx).catch((err: unknown) => {
        if (lastFailure?.spec === spec) return lastFailure.result;
        throw err;
      });
      if (final.outcome !== 'mismatch' || judge.knownIssue?.(final)) continue; // flaky: not reproducible on its own
      const signature = failureSignature(final);
      if (seen.has(signature)) continue;
      seen.add(signature);
      found.push({ spec, result: final, seed, path: details.counterexamplePath ?? '', shrinks: details.numShrinks, worker: w });
    }
  };

  await Promise.all(opts.contexts.map((ctx, w) => workerLoop(ctx, w)));
  return { stats, counterexamples: found.slice(0, opts.maxCounterexamples) };
}

/**
 * The cases of one fast-check round, sent to libvirt ahead of their turn. fast-check hands
 * the property one value at a time; sampling the arbitrary with the round's seed yields the
 * very same values in the same order, so the next cases can be on their way while one is
 * judged. A value that differs from the sample (never seen) is dropped and runs directly.
 */
function pipeline<C, R>(
  dispatch: NonNullable<CaseJudge<C, R & JudgedCase>['dispatch']>,
  ctx: C,
  arbitrary: fc.Arbitrary<DomainSpec>,
  seed: number,
  runs: number,
  halted: () => boolean,
): { take(index: number, spec: DomainSpec): Dispatched<R> | undefined; dropAll(): void } {
  const planned = fc.sample(arbitrary, { seed, numRuns: runs });
  const ahead = lookahead(planned, (spec, slot) => {
    const dispatched = dispatch(spec, ctx, slot);
    return { key: JSON.stringify(spec), dispatched, drop: () => dispatched.drop() };
  }, halted);
  return {
    take(index, spec) {
      const entry = ahead.take(index);
      if (!entry) return undefined;
      if (entry.key === JSON.stringify(spec)) return entry.dispatched;
      entry.drop();
      return undefined;
    },
    dropAll: () => ahead.dropAll(),
  };
}
