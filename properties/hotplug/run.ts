// The hotplug run loop: each worker runs its share of random sequences with its own seed.
// A mismatching sequence is shrunk by fast-check on that worker (fewer steps, smaller base
// guest), re-run once for a complete record, and the run goes on with a fresh seed.

import fc from 'fast-check';
import { CaseAbandonedError } from '../../harness/index.js';
import type { HotplugCase } from './arbitraries.js';
import { runSequence, type HotplugContext, type SequenceResult } from './sequence.js';
import { addTally, emptyTally, type HotplugTally } from './tally.js';

/** Sequence-level totals plus the per-command tally. */
export interface HotplugStats {
  sequences: number;
  agree: number;
  mismatch: number;
  unsupported: number;
  harnessErrors: number;
  /** Sequences whose base guest hit a listed libvirt bug (properties/judges/knownIssues.ts), by issue id. */
  knownIssues: Record<string, number>;
  lastHarnessError?: string;
  /** Sequences in which some attach agreed on "no more available PCI slots". */
  exhausted: number;
  tally: HotplugTally;
}

/** A shrunk failing sequence with its fast-check coordinates. */
export interface FoundSequence {
  case: HotplugCase;
  result: SequenceResult;
  seed: number;
  path: string;
  shrinks: number;
}

/** Parameters of a hotplug run. */
export interface HotplugRunOptions {
  arbitrary: fc.Arbitrary<HotplugCase>;
  runs: number;
  seed: number;
  contexts: HotplugContext[];
  maxCounterexamples: number;
  signal?: AbortSignal;
  onSequence?: (stats: HotplugStats) => void;
}

/** Fresh, empty totals. */
export function emptyHotplugStats(): HotplugStats {
  return { sequences: 0, agree: 0, mismatch: 0, unsupported: 0, harnessErrors: 0, knownIssues: {}, exhausted: 0, tally: emptyTally() };
}

function count(stats: HotplugStats, r: SequenceResult): void {
  stats.sequences++;
  if (r.outcome === 'known-issue') stats.knownIssues[r.knownIssue!] = (stats.knownIssues[r.knownIssue!] ?? 0) + 1;
  else stats[r.outcome]++;
  if (r.tally.refusals['no-free-slot']) stats.exhausted++;
  addTally(stats.tally, r.tally);
}

/** Runs random sequences over all workers; returns totals and the shrunk failing sequences. */
export async function runHotplug(opts: HotplugRunOptions): Promise<{ stats: HotplugStats; found: FoundSequence[] }> {
  const stats = emptyHotplugStats();
  const found: FoundSequence[] = [];
  const seen = new Set<string>();
  let remaining = opts.runs;
  const stopped = (): boolean => opts.signal?.aborted === true || found.length >= opts.maxCounterexamples;

  const workerLoop = async (ctx: HotplugContext, w: number): Promise<void> => {
    for (let round = 0; remaining > 0 && !stopped(); round++) {
      const share = Math.max(1, Math.min(remaining, Math.ceil(opts.runs / opts.contexts.length)));
      remaining -= share;
      const seed = (opts.seed + w * 7919 + round * 104729) | 0;
      let shrinking = false;
      let ran = 0;
      let last: { c: HotplugCase; r: SequenceResult } | undefined;
      const property = fc.asyncProperty(opts.arbitrary, async (c) => {
        if (!shrinking && stopped()) return true;
        if (shrinking && opts.signal?.aborted) return true;
        if (!shrinking) ran++;
        let r: SequenceResult;
        try {
          r = await ctx.worker.withRetry(() => runSequence(c, ctx));
        } catch (err) {
          // our own plumbing failed twice: never a finding about libvirt
          if (!shrinking && !(err instanceof CaseAbandonedError)) {
            stats.harnessErrors++;
            stats.lastHarnessError = err instanceof Error ? err.message : String(err);
          }
          return true;
        }
        if (!shrinking) {
          count(stats, r);
          opts.onSequence?.(stats);
        }
        if (r.outcome !== 'mismatch') return true;
        shrinking = true;
        last = { c, r };
        return false;
      });
      const details = await fc.check(property, { numRuns: share, seed });
      remaining += Math.max(0, share - ran);
      if (!details.failed || !details.counterexample) continue;
      const c = details.counterexample[0];
      // one more run of the shrunk case for its complete record; if that fails, keep the last seen
      const final = await ctx.worker.withRetry(() => runSequence(c, ctx)).catch((err: unknown) => {
        if (last?.c === c) return last.r;
        throw err;
      });
      if (final.outcome !== 'mismatch') continue; // not reproducible on its own
      const signature = final.diff.split('\n').filter((l) => /^[-+][^-+]/.test(l)).join('\n');
      if (seen.has(signature)) continue;
      seen.add(signature);
      found.push({ case: c, result: final, seed, path: details.counterexamplePath ?? '', shrinks: details.numShrinks });
    }
  };

  await Promise.all(opts.contexts.map((ctx, w) => workerLoop(ctx, w)));
  return { stats, found: found.slice(0, opts.maxCounterexamples) };
}
