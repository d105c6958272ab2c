// The end of a run: a short text summary a developer can paste into a bug report, or the
// JSON object other tools parse (its keys are a contract: see the README), and the exit code.

import type { RunSummary } from '../types/run.js';
import type { CheckStats } from '../properties/runner/check.js';
import { BundleWriteError, writeReports, type WrittenReports } from '../reports/index.js';
import { EXIT } from './exitCodes.js';
import { scrubCredentials } from '../reports/scrub.js';
import type { InterruptWatch } from './interrupt.js';
import type { TimelineRecorder } from './runRecord.js';
import { UsageError } from './usageError.js';

/** Percentile of a list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** The JSON object of `check --json` (and `diff --json`, which has the same shape). */
export function checkJson(summary: RunSummary, written: WrittenReports | undefined): Record<string, unknown> {
  return {
    cases: summary.cases,
    agree: summary.agree,
    mismatch: summary.mismatch,
    unsupported: summary.unsupported,
    libvirtErrors: summary.libvirtErrors,
    casesPerSecond: Number(summary.casesPerSecond.toFixed(2)),
    counterexamples: summary.counterexamples.map((c) => ({ xml: c.xml, diff: c.diff, bundle: c.bundle ?? null, property: c.property, machine: c.machine, layer: c.layer, shrinks: c.shrinks, seed: c.seed, path: c.path })),
    harnessErrors: summary.harnessErrors,
    knownIssues: summary.knownIssues ?? {},
    partial: summary.partial,
    unsupportedReasons: summary.unsupportedReasons,
    versions: summary.versions,
    reports: written ? { json: written.json, junit: written.junit, html: written.html, markdown: written.markdown } : null,
  };
}

/** Prints the run's outcome to stdout: JSON when asked, a readable summary otherwise. */
export function printSummary(summary: RunSummary, written: WrittenReports | undefined, opts: { json: boolean; lastHarnessError?: string; predictMs?: number[] }): void {
  if (opts.json) {
    process.stdout.write(JSON.stringify(checkJson(summary, written)) + '\n');
    return;
  }
  const pct = (n: number): string => (summary.cases ? `${((100 * n) / summary.cases).toFixed(1)}%` : '0%');
  const lines = [
    `virtprop ${summary.command}${summary.partial ? ' (PARTIAL: interrupted)' : ''}: ${summary.machine} ${summary.arch}, layers ${summary.layers.join(',')}, seed ${summary.seed}`,
    `  libvirt ${summary.versions['Using library'] ?? '?'}, ${summary.versions['Running hypervisor'] ?? 'hypervisor ?'}${summary.versions.Build ? ` (build ${summary.versions.Build})` : ''}`,
    ...(summary.versions['Model facts'] ? [`  NOTE: ${summary.versions['Model facts']}`] : []),
    `  cases ${summary.cases}: agree ${summary.agree}, mismatch ${summary.mismatch}, unsupported ${summary.unsupported} (${pct(summary.unsupported)}), libvirt rejections ${summary.libvirtErrors}, harness errors ${summary.harnessErrors}`,
    `  ${summary.casesPerSecond.toFixed(1)} cases/s over ${(summary.durationMs / 1000).toFixed(1)} s${opts.predictMs?.length ? `; model predict p50 ${percentile(opts.predictMs, 50).toFixed(3)} ms, p99 ${percentile(opts.predictMs, 99).toFixed(3)} ms` : ''}`,
  ];
  const reasons = Object.entries(summary.unsupportedReasons).sort((a, b) => b[1] - a[1]).slice(0, 5);
  if (reasons.length) lines.push('  unsupported, most frequent reasons:', ...reasons.map(([r, n]) => `    ${n} × ${r}`));
  const known = Object.entries(summary.knownIssues ?? {});
  if (known.length) lines.push('  known libvirt issues hit (counted apart, see known-issues/):', ...known.map(([id, n]) => `    ${n} × ${id}`));
  // virsh's errors may repeat a URI with its password: scrubbed like every report.
  if (opts.lastHarnessError) lines.push(`  last harness error: ${scrubCredentials(opts.lastHarnessError)}`);
  for (const c of summary.counterexamples) {
    lines.push('', `MISMATCH [${c.property}] on ${c.machine} (layer ${c.layer})${c.bundle ? ` → ${c.bundle}` : ''}`);
    lines.push(c.diff.split('\n').slice(0, 40).join('\n'));
  }
  if (written) lines.push('', `reports: ${written.html}  ${written.junit}  ${written.markdown}`);
  process.stdout.write(lines.join('\n') + '\n');
}

/** Exit code for a finished run (see exitCodes.ts). */
export function exitCodeFor(summary: RunSummary, signal: NodeJS.Signals | undefined): number {
  if (signal === 'SIGINT') return EXIT.INTERRUPTED;
  if (signal) return EXIT.TERMINATED;
  if (summary.mismatch > 0 || summary.counterexamples.length > 0) return EXIT.MISMATCH;
  if (summary.harnessErrors > 0) return EXIT.HARNESS_FAULT;
  return EXIT.OK;
}

/** What a finished run hands to finishRun. */
export interface FinishedRun {
  summary: RunSummary;
  out: string;
  started: number;
  timeline: TimelineRecorder;
  /** Totals across machines (the last harness error, model times) for the final timeline point. */
  total: CheckStats;
  interrupts: InterruptWatch;
}

/**
 * The end of a run whose environments are closed: duration, rate and the last timeline
 * point, then every report written and the summary printed with `print`. The findings reach
 * the user even when the disk does not take them. Disposes the signal watch; returns the exit code.
 */
export async function finishRun(run: FinishedRun, print: (written: WrittenReports | undefined) => void): Promise<number> {
  const { summary, interrupts } = run;
  summary.durationMs = Date.now() - run.started;
  summary.casesPerSecond = summary.durationMs > 0 ? summary.cases / (summary.durationMs / 1000) : 0;
  summary.partial = interrupts.received() !== undefined;
  run.timeline.sample({ ...run.total, cases: summary.cases, agree: summary.agree, mismatch: summary.mismatch, unsupported: summary.unsupported, libvirtErrors: summary.libvirtErrors }, true);
  summary.timeline = run.timeline.points;
  try {
    print(await writeReports(run.out, summary));
  } catch (err) {
    if (err instanceof BundleWriteError) {
      print(err.written);
      process.stderr.write(`virtprop: warning: ${err.message}\n`);
    } else {
      print(undefined);
      throw new UsageError(`the run finished but its reports could not be written to ${run.out}: ${(err as Error).message}`, 'free space or fix permissions there; the findings are in the summary above');
    }
  } finally {
    interrupts.dispose();
  }
  // The signal that made the report partial decides the code, not one that came after it.
  return exitCodeFor(summary, summary.partial ? interrupts.received() : undefined);
}
