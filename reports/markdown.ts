// A Markdown summary short enough to paste into a bug report: versions, command line,
// totals, and the first counterexamples' shrunk XML and diff, all capped in length.

import type { Counterexample, RunSummary } from '../types/run.js';
import { capLines, fencedBlock, inlineCode } from './markdownText.js';
import { upgradeTotalsText } from './upgradeText.js';

/** Limits of {@link renderMarkdown}. */
export interface MarkdownOptions {
  /** Counterexamples shown in full; default 3. */
  maxCounterexamples?: number;
  /** Lines kept of each XML or diff block; default 40. */
  maxBlockLines?: number;
  /** Characters the whole summary stays under (counterexamples are dropped to fit); default 12000. */
  maxLength?: number;
}

/** fast-check paths longer than this are cut in the summary. */
const MAX_PATH = 48;

/** "1 mismatch", "2 mismatches": counts read as prose. */
const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function headline(s: RunSummary): string {
  const outcome = s.mismatch > 0 ? count(s.mismatch, 'mismatch', 'mismatches') : 'no mismatches';
  return `# virtprop ${s.command}: ${outcome} on ${s.machine} (${s.arch})`;
}

function facts(s: RunSummary): string[] {
  const versions = Object.entries(s.versions).map(([k, v]) => `${k}: ${v}`).join(', ') || 'not reported';
  const lines = [
    `- **Command:** ${inlineCode(s.argv.join(' '))}`,
    `- **Versions:** ${versions}`,
    `- **Layers:** ${s.layers.join(', ') || 'none'} · **seed** ${s.seed} · started ${s.startedAt}`,
    `- **Cases:** ${s.cases} in ${(s.durationMs / 1000).toFixed(1)} s (${s.casesPerSecond.toFixed(1)} cases/s): ` +
      `${s.agree} agree, ${s.mismatch} mismatch, ${s.unsupported} unsupported, ${count(s.libvirtErrors, 'libvirt error')}, ${count(s.harnessErrors, 'harness error')}`,
  ];
  if (s.upgrade) lines.push(`- **Upgrade:** ${upgradeTotalsText(s.upgrade)}`);
  const failing = s.properties.filter((p) => p.failures > 0);
  if (failing.length > 0) {
    const shown = failing.slice(0, 8).map((p) => `${p.property} on ${p.machine} (${p.failures}/${p.cases})`).join(', ');
    lines.push(`- **Failing:** ${shown}${failing.length > 8 ? `, and ${failing.length - 8} more` : ''}`);
  }
  const reasons = Object.entries(s.unsupportedReasons).sort((a, b) => b[1] - a[1]);
  if (reasons.length > 0) {
    const shown = reasons.slice(0, 5).map(([r, n]) => `${r} ×${n}`).join(', ');
    lines.push(`- **Outside the model:** ${shown}${reasons.length > 5 ? `, and ${reasons.length - 5} more` : ''}`);
  }
  return lines;
}

function counterexampleSection(cx: Counterexample, n: number, total: number, maxLines: number): string {
  const where = [`seed ${cx.seed}`];
  if (cx.path !== undefined) {
    // Shrinking paths run to hundreds of steps; the bundle's replay.json has the whole one.
    where.push(cx.path.length <= MAX_PATH ? `path ${cx.path}` : `path ${cx.path.slice(0, MAX_PATH)}… (whole path in replay.json)`);
  }
  if (cx.bundle !== undefined) where.push(`bundle ${inlineCode(cx.bundle)} (run ${inlineCode('repro.sh')} there)`);
  return [
    `## Counterexample ${n} of ${total}: ${cx.property} on ${cx.machine}, layer ${cx.layer}`,
    '',
    `${where.join(', ')}.`,
    '',
    'virsh commands:',
    '',
    fencedBlock('sh', cx.virshCommands.map((c) => `virsh ${c}`).join('\n')),
    '',
    'Shrunk input:',
    '',
    fencedBlock('xml', capLines(cx.xml, maxLines)),
    '',
    'Expected (model) → observed (libvirt):',
    '',
    fencedBlock('diff', capLines(cx.diff, maxLines)),
  ].join('\n');
}

/** Renders a run as a Markdown summary for a bug report. */
export function renderMarkdown(summary: RunSummary, opts: MarkdownOptions = {}): string {
  const maxCx = opts.maxCounterexamples ?? 3;
  const maxLines = opts.maxBlockLines ?? 40;
  const maxLength = opts.maxLength ?? 12_000;

  const parts: string[] = [headline(summary), ''];
  if (summary.partial) parts.push('> **Partial run:** interrupted; the totals cover only what finished.', '');
  parts.push(...facts(summary));

  const all = summary.counterexamples;
  let shown = 0;
  let length = parts.join('\n').length;
  for (const cx of all.slice(0, maxCx)) {
    const section = '\n' + counterexampleSection(cx, shown + 1, all.length, maxLines);
    // Room is kept for the closing note, so the cap holds with it.
    if (length + section.length + 200 > maxLength) break;
    parts.push(section);
    length += section.length;
    shown++;
  }
  if (shown < all.length) {
    parts.push('', `_${count(all.length - shown, 'more counterexample')} in report.html and the bundles directory._`);
  }
  return parts.join('\n') + '\n';
}
