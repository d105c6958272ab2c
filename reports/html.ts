// report.html: one self-contained page (inline CSS and SVG, no script, no network):
// run summary, charts from the timeline, and for every counterexample a side-by-side
// diff, the repro commands and the shrunk input.

import type { Counterexample, RunSummary } from '../types/run.js';
import { casesPerSecondChart, verdictsChart } from './charts.js';
import { sideBySide, type SideCell } from './sideBySide.js';
import { escapeXml as esc } from './xmlEscape.js';
import { upgradeTotalsText } from './upgradeText.js';

/** Diff rows shown per counterexample before the view points to diff.patch. */
const MAX_DIFF_ROWS = 1500;

const STYLE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-soft: #f6f8fa;
  --del: #ffebe9; --del-strong: #ffcecb; --add: #dafbe1; --add-strong: #aceebb; --hunk: #ddf4ff; }
* { box-sizing: border-box; }
body { font: 15px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: var(--fg);
  margin: 0 auto; max-width: 1280px; padding: 24px 32px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 40px 0 8px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 6px; }
.sub { color: var(--muted); margin: 0 0 20px; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 999px; font-size: 13px; font-weight: 600;
  vertical-align: middle; margin-left: 8px; color: #fff; }
.badge.fail { background: #cf222e; } .badge.pass { background: #1a7f37; } .badge.partial { background: #9a6700; }
table { border-collapse: collapse; }
table.facts td, table.facts th, table.grid td, table.grid th { border: 1px solid var(--line); padding: 5px 10px; text-align: left; vertical-align: top; }
table.facts th, table.grid th { background: var(--bg-soft); font-weight: 600; }
table.grid td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.failing td { background: var(--del); }
code, pre, .diff td.code { font: 13px/1.45 ui-monospace, SFMono-Regular, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
pre { background: var(--bg-soft); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; overflow-x: auto; margin: 6px 0; }
.verdicts span { display: inline-block; margin-right: 14px; }
.dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 5px; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; }
.charts figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
svg.chart { max-width: 100%; height: auto; font-family: inherit; }
svg .grid { stroke: #eaeef2; } svg .axis { stroke: #6e7781; }
svg .tick { font-size: 11px; fill: var(--muted); } svg .label, svg .legend { font-size: 12px; fill: var(--fg); }
svg .chart-title { font-size: 14px; font-weight: 600; fill: var(--fg); } svg .chart-empty { font-size: 13px; fill: var(--muted); }
nav.toc ol { margin: 4px 0; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
dl.meta dt { color: var(--muted); } dl.meta dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
table.facts td { overflow-wrap: anywhere; }
table.diff { width: 100%; table-layout: fixed; border: 1px solid var(--line); }
table.diff col.num { width: 3.5em; }
table.diff th { background: var(--bg-soft); text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); }
table.diff td { padding: 0 8px; vertical-align: top; }
table.diff td.num { color: var(--muted); text-align: right; user-select: none; border-right: 1px solid var(--line); }
table.diff td.code { white-space: pre-wrap; word-break: break-all; }
table.diff td.removed { background: var(--del); } table.diff td.num.removed { background: var(--del-strong); }
table.diff td.added { background: var(--add); } table.diff td.num.added { background: var(--add-strong); }
table.diff td.empty { background: var(--bg-soft); }
table.diff tr.hunk td { background: var(--hunk); color: var(--muted); padding: 2px 8px; }
.mark { display: inline-block; width: 1.2em; color: var(--muted); }
details { margin: 6px 0; } summary { cursor: pointer; font-weight: 600; }
footer { margin-top: 48px; color: var(--muted); font-size: 13px; }
@media print { details { display: block; } body { padding: 0; } }
`;

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** A link to a bundle-relative file, with each path segment URL-encoded. */
const href = (p: string): string => esc(p.split('/').map(encodeURIComponent).join('/'));

function statusBadge(s: RunSummary): string {
  const badges: string[] = [];
  badges.push(s.mismatch > 0 || s.counterexamples.length > 0 ? '<span class="badge fail">FAIL</span>' : '<span class="badge pass">PASS</span>');
  if (s.partial) badges.push('<span class="badge partial">PARTIAL</span>');
  return badges.join('');
}

function summaryTable(s: RunSummary): string {
  const versions = Object.entries(s.versions).map(([k, v]) => `${esc(k)}: <code>${esc(v)}</code>`).join(', ') || 'not reported';
  const verdict = (color: string, label: string, n: number): string => `<span><span class="dot" style="background:${color}"></span>${n} ${label}</span>`;
  const rows: Array<[string, string]> = [
    ['Command', `<code>${esc(s.argv.join(' '))}</code>`],
    ['Versions', versions],
    ['Machine', `<code>${esc(s.machine)}</code> (${esc(s.arch)})`],
    ['Layers', esc(s.layers.join(', ') || 'none')],
    ['Seed', `<code>${s.seed}</code>`],
    ['Started', esc(s.startedAt)],
    ['Duration', `${seconds(s.durationMs)}${s.partial ? ' — <strong>interrupted; totals cover what finished</strong>' : ''}`],
    ['Cases', `${s.cases} at ${s.casesPerSecond.toFixed(1)} cases/s`],
    ...(s.upgrade ? ([['Upgrade', esc(upgradeTotalsText(s.upgrade))]] as Array<[string, string]>) : []),
    [
      'Verdicts',
      `<div class="verdicts">${verdict('#1a7f37', 'agree', s.agree)}${verdict('#cf222e', 'mismatch', s.mismatch)}` +
        `${verdict('#9a6700', 'unsupported', s.unsupported)}${verdict('#8250df', 'libvirt errors', s.libvirtErrors)}` +
        `${verdict('#6e7781', 'harness errors', s.harnessErrors)}</div>`,
    ],
  ];
  return `<table class="facts">${rows.map(([k, v]) => `<tr><th scope="row">${k}</th><td>${v}</td></tr>`).join('')}</table>`;
}

function propertiesTable(s: RunSummary): string {
  if (s.properties.length === 0) return '<p>No property results were recorded.</p>';
  const rows = s.properties
    .map(
      (p) =>
        `<tr${p.failures > 0 ? ' class="failing"' : ''}><td>${esc(p.property)}</td><td><code>${esc(p.machine)}</code></td>` +
        `<td class="n">${p.cases}</td><td class="n">${p.failures}</td><td class="n">${seconds(p.durationMs)}</td></tr>`,
    )
    .join('');
  return `<table class="grid"><thead><tr><th>Property</th><th>Machine</th><th>Cases</th><th>Failures</th><th>Time</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function unsupportedTable(s: RunSummary): string {
  const reasons = Object.entries(s.unsupportedReasons).sort((a, b) => b[1] - a[1]);
  if (reasons.length === 0) return '';
  const rows = reasons.map(([r, n]) => `<tr><td>${esc(r)}</td><td class="n">${n}</td></tr>`).join('');
  return `<h3>Outside the model's coverage</h3><table class="grid"><thead><tr><th>Reason</th><th>Cases</th></tr></thead><tbody>${rows}</tbody></table>`;
}

const MARKS: Record<SideCell['kind'], string> = { removed: '−', added: '+', context: ' ', empty: '' };

function diffCells(cell: SideCell): string {
  const cls = cell.kind === 'context' ? '' : ` ${cell.kind}`;
  return `<td class="num${cls}">${cell.line ?? ''}</td><td class="code${cls}"><span class="mark">${MARKS[cell.kind]}</span>${esc(cell.text)}</td>`;
}

/** The side-by-side table of a diff, or the raw text when it has no hunks. */
function diffTable(diff: string): string {
  const rows = sideBySide(diff);
  if (rows.length === 0) return diff.trim() === '' ? '<p>No textual difference was recorded.</p>' : `<pre>${esc(diff)}</pre>`;
  const shown = rows.slice(0, MAX_DIFF_ROWS);
  const body = shown
    .map((row) => (row.kind === 'hunk' ? `<tr class="hunk"><td colspan="4">${esc(row.header)}</td></tr>` : `<tr>${diffCells(row.left)}${diffCells(row.right)}</tr>`))
    .join('\n');
  const more = rows.length > shown.length ? `<p>${rows.length - shown.length} more rows: see diff.patch in the bundle.</p>` : '';
  return (
    '<table class="diff"><colgroup><col class="num"><col><col class="num"><col></colgroup>' +
    '<thead><tr><th colspan="2">expected (model)</th><th colspan="2">observed (libvirt)</th></tr></thead>' +
    `<tbody>\n${body}\n</tbody></table>${more}`
  );
}

function reproBlock(cx: Counterexample): string {
  const commands = cx.virshCommands.map((c) => `virsh -c "$URI" ${c}`).join('\n');
  const run = cx.bundle !== undefined
    ? `<p>Run the bundle's script (a private embedded QEMU driver unless <code>URI</code> is set): ` +
      `<a href="${href(cx.bundle)}/repro.sh"><code>${esc(cx.bundle)}/repro.sh</code></a></p>`
    : '';
  return `<h3>Reproduce</h3>${run}<p>or run these virsh commands from the bundle directory:</p><pre class="repro">${esc(commands)}</pre>`;
}

function textDetails(title: string, text: string | undefined): string {
  if (text === undefined || text === '') return '';
  return `<details><summary>${esc(title)}</summary><pre>${esc(text)}</pre></details>`;
}

function counterexampleSection(cx: Counterexample, n: number): string {
  const meta: Array<[string, string]> = [
    ['Property', esc(cx.property)],
    ['Machine', `<code>${esc(cx.machine)}</code> (${esc(cx.arch)})`],
    ['Layer', esc(cx.layer)],
    ['Seed', `<code>${cx.seed}</code>${cx.path !== undefined ? `, path <code>${esc(cx.path)}</code>` : ''}`],
  ];
  if (cx.bundle !== undefined) meta.push(['Bundle', `<a href="${href(cx.bundle)}/"><code>${esc(cx.bundle)}</code></a>`]);
  return [
    `<section class="cx" id="cx-${n}">`,
    `<h2>${n}. ${esc(cx.property)} on ${esc(cx.machine)} <small>(layer ${esc(cx.layer)})</small></h2>`,
    `<dl class="meta">${meta.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`,
    '<h3>Expected vs observed</h3>',
    diffTable(cx.diff),
    reproBlock(cx),
    textDetails('Shrunk input XML (input.xml)', cx.xml),
    textDetails("libvirt's XML after define (libvirt.xml)", cx.libvirtXml),
    ...Object.entries(cx.extraFiles ?? {}).map(([name, content]) => textDetails(name, content)),
    '</section>',
  ].join('\n');
}

function tableOfContents(cxs: readonly Counterexample[]): string {
  if (cxs.length < 2) return '';
  const items = cxs.map((cx, i) => `<li><a href="#cx-${i + 1}">${esc(cx.property)} on ${esc(cx.machine)} (layer ${esc(cx.layer)})</a></li>`).join('');
  return `<nav class="toc"><strong>Counterexamples</strong><ol>${items}</ol></nav>`;
}

/** Renders a run as one self-contained HTML page. */
export function renderHtml(s: RunSummary): string {
  const title = `virtprop ${s.command} — ${s.machine} (${s.arch})`;
  const cxs = s.counterexamples;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No network at all: the page must open from a CI artefact store or offline.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${esc(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${esc(title)}${statusBadge(s)}</h1>`,
    `<p class="sub">${cxs.length} counterexample${cxs.length === 1 ? '' : 's'} from ${s.cases} cases.</p></header>`,
    tableOfContents(cxs),
    '<h2>Summary</h2>',
    summaryTable(s),
    '<h3>Properties</h3>',
    propertiesTable(s),
    unsupportedTable(s),
    '<h2>Over the run</h2>',
    `<div class="charts"><figure>${casesPerSecondChart(s.timeline)}</figure><figure>${verdictsChart(s.timeline)}</figure></div>`,
    ...cxs.map((cx, i) => counterexampleSection(cx, i + 1)),
    `<footer>Generated by virtprop from report.json; bundles hold input.xml, expected.txt, observed.txt, diff.patch and repro.sh for each counterexample.</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
