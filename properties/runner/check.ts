// The run loop: each worker runs its own share of fast-check runs with its own seed.
// When a case fails, fast-check shrinks it on that worker while the failing property
// (layer) stays fixed, so a qemu-layer failure never shrinks into an xml-layer one;
// the run then goes on with fresh seeds until the budget of runs is spent.
// The loop is generic over how a case is judged: `check` judges a spec against the
// model (runCase), `diff` judges it by running it on two libvirt builds.

import fc from 'fast-check';
import type { DomainSpec } from '../../types/domain.js';
import type { RunSummary } from '../../types/run.js';
import { dispatchCase, judgeDispatched, runCase, type CaseContext, type DispatchedCase } from './caseRunner.js';
import type { CaseResult } from '../judges/caseResult.js';
import { knownIssueOf } from '../judges/knownIssues.js';
import { lookahead } from './lookahead.js';
import { CaseAbandonedError, isHarnessFault } from '../../harness/index.js';

/** Running totals of a run (only first-time cases count, not shrink attempts); the counts are the run summary's. */
export interface CheckStats extends Pick<RunSummary, 'cases' | 'agree' | 'mismatch' | 'unsupported' | 'libvirtErrors' | 'harnessErrors'> {
  unsupportedReasons: Record<string, number>;
  predictMs: number[];
  lastHarnessError?: string;
  /** Cases explained by a listed libvirt bug (properties/judges/knownIssues.ts), by issue id. */
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
    return { spec, judge: () => judgeOrRerun(d, ctx), drop: () => void ctx.worker.undefineNow(d.input.name).catch(() => undefined) };
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

/** Seeds of the rounds: each worker and each round gets its own (primes keep them apart). */
const WORKER_SEED_STRIDE = 7919;
const ROUND_SEED_STRIDE = 104729;

/** The state all workers of one run share. */
interface RunState<C, R extends JudgedCase> {
  opts: LoopOptions<C, R>;
  stats: CheckStats;
  found: FoundCounterexample<R>[];
  /** failureSignature of every counterexample found: each is reported once. */
  seen: Set<string>;
  /** Runs of the budget not handed to a round yet. */
  remaining: number;
}

/** One fast-check round on one worker, and how far it got. */
interface Round<R> {
  seed: number;
  /** The failed property the round shrinks on, once a case failed. */
  target?: string;
  shrinking: boolean;
  /** First-time cases run (not shrink attempts). */
  ran: number;
  /** The latest failing run; fast-check's counterexample is the spec of this very run. */
  lastFailure?: { spec: DomainSpec; result: R };
}

/** Runs any judge over all contexts with shrinking pinned to the first failed property. */
export async function runProperty<C, R extends JudgedCase>(opts: LoopOptions<C, R>): Promise<{ stats: CheckStats; counterexamples: FoundCounterexample<R>[] }> {
  const run: RunState<C, R> = { opts, stats: emptyStats(), found: [], seen: new Set(), remaining: opts.runs };
  await Promise.all(opts.contexts.map((ctx, w) => workerLoop(run, ctx, w)));
  return { stats: run.stats, counterexamples: run.found.slice(0, opts.maxCounterexamples) };
}

/** True once the run must start no new case: aborted, past its deadline, or enough counterexamples. */
function stopped<C, R extends JudgedCase>(run: RunState<C, R>): boolean {
  const { opts } = run;
  return opts.signal?.aborted === true || (opts.deadline !== undefined && Date.now() > opts.deadline) || run.found.length >= opts.maxCounterexamples;
}

/** One worker's rounds until the budget is spent or the run stops. */
async function workerLoop<C, R extends JudgedCase>(run: RunState<C, R>, ctx: C, w: number): Promise<void> {
  const { opts } = run;
  for (let round = 0; run.remaining > 0 && !stopped(run); round++) {
    // Rounds of at most ROUND_RUNS: after a deadline fast-check still generates (and
    // passes) every value of its round, so the round's size bounds how long a stop takes.
    const share = Math.max(1, Math.min(run.remaining, Math.ceil(opts.runs / opts.contexts.length), ROUND_RUNS));
    run.remaining -= share;
    const state: Round<R> = { seed: (opts.seed + w * WORKER_SEED_STRIDE + round * ROUND_SEED_STRIDE) | 0, shrinking: false, ran: 0 };
    const ahead = opts.judge.dispatch ? pipeline(opts.judge.dispatch, ctx, opts.arbitrary, state.seed, share, () => state.shrinking || stopped(run)) : undefined;
    const details = await fc.check(caseProperty(run, ctx, state, ahead), { numRuns: share, seed: state.seed });
    ahead?.dropAll();
    // fast-check ends a run at its first failure: give the unused runs back to the pool.
    run.remaining += Math.max(0, share - state.ran);
    if (details.failed && details.counterexample) await recordCounterexample(run, ctx, w, state, details);
  }
}

/** The fast-check property of one round: judges a case, counts it, and pins shrinking to the first failed property. */
function caseProperty<C, R extends JudgedCase>(run: RunState<C, R>, ctx: C, state: Round<R>, ahead: Pipeline<R> | undefined) {
  const { opts } = run;
  return fc.asyncProperty(opts.arbitrary, async (spec) => {
    if (!state.shrinking && stopped(run)) return true;
    // Ctrl-C while shrinking: pass every further candidate, so fast-check ends at once
    // with the smallest failure found so far instead of shrinking on for minutes.
    if (state.shrinking && opts.signal?.aborted) return true;
    const dispatched = state.shrinking ? undefined : ahead?.take(state.ran, spec);
    if (!state.shrinking) state.ran++;
    let r: R;
    try {
      r = await (dispatched ? dispatched.judge() : opts.judge.run(spec, ctx));
    } catch (err) {
      if (!state.shrinking) countHarnessError(run, err);
      return true;
    }
    const knownIssue = opts.judge.knownIssue?.(r);
    if (!state.shrinking) {
      count(run.stats, r, knownIssue);
      opts.onCase?.(run.stats, r);
    }
    const failedHere = r.outcome === 'mismatch' && !knownIssue && (state.target === undefined || r.failed?.property === state.target);
    if (failedHere && state.target === undefined) {
      state.target = r.failed!.property;
      state.shrinking = true;
    }
    if (failedHere) state.lastFailure = { spec, result: r };
    return !failedHere;
  });
}

/**
 * A fault of our own plumbing (already retried once) is never a finding about libvirt; a
 * case cut off by a forced stop (second Ctrl-C) is no fault at all, only abandoned.
 */
function countHarnessError<C, R extends JudgedCase>(run: RunState<C, R>, err: unknown): void {
  if (err instanceof CaseAbandonedError) return;
  run.stats.harnessErrors++;
  run.stats.lastHarnessError = err instanceof Error ? err.message : String(err);
  run.opts.onCase?.(run.stats, undefined);
}

/** Judges the round's shrunk counterexample once more and keeps it when it still fails and is new. */
async function recordCounterexample<C, R extends JudgedCase>(run: RunState<C, R>, ctx: C, w: number, state: Round<R>, details: fc.RunDetails<[DomainSpec]>): Promise<void> {
  const spec = details.counterexample![0];
  const { judge } = run.opts;
  // Run the shrunk spec once more for a complete record of it (commands, XMLs, diff).
  // If that rerun cannot be done (virsh hung twice, the run was forced to stop), the
  // finding stands as last seen: losing it would throw away what the run was for.
  const final = await judge.run(spec, ctx).catch((err: unknown) => {
    if (state.lastFailure?.spec === spec) return state.lastFailure.result;
    throw err;
  });
  if (final.outcome !== 'mismatch' || judge.knownIssue?.(final)) return; // flaky: not reproducible on its own
  const signature = failureSignature(final);
  if (run.seen.has(signature)) return;
  run.seen.add(signature);
  run.found.push({ spec, result: final, seed: state.seed, path: details.counterexamplePath ?? '', shrinks: details.numShrinks, worker: w });
}

/** The cases of a round already on their way, taken in the round's order. */
interface Pipeline<R> {
  /** The case dispatched for the round's index-th run, if it is this spec. */
  take(index: number, spec: DomainSpec): Dispatched<R> | undefined;
  dropAll(): void;
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
): Pipeline<R> {
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
