// The nightly's verdict: reads every run's report.json, sorts each shrunk counterexample
// into known (matched by an entry of the known-issues file) or new, writes nightly.json
// and nightly.md next to the runs, and exits 1 on any new mismatch (see ci/KNOWN-ISSUES.md).
//   node ci/nightly-verdict.mjs RUNS.tsv KNOWN-ISSUES.json REPORTS-DIR
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [runsFile, knownFile, reportsDir] = process.argv.slice(2);
if (!runsFile || !knownFile || !reportsDir) {
  console.error('usage: node ci/nightly-verdict.mjs RUNS.tsv KNOWN-ISSUES.json REPORTS-DIR');
  process.exit(2);
}

/** The known-issues list; a missing file lists nothing, a malformed one stops the nightly. */
function loadKnown(file) {
  if (!existsSync(file)) return [];
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const issues = Array.isArray(doc.issues) ? doc.issues : [];
  for (const i of issues) {
    // An entry without a property would match every finding and hide regressions.
    if (typeof i.id !== 'string' || typeof i.match?.property !== 'string') throw new Error(`${file}: every issue needs "id" and "match.property": ${JSON.stringify(i)}`);
    if (i.match.diff !== undefined) new RegExp(i.match.diff, 'm');
  }
  return issues;
}

/** Shell-style glob (only *) to an anchored RegExp. */
const glob = (pattern) => new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

/** Does a known issue's match describe this counterexample of this command? */
function matches(issue, command, cx) {
  const m = issue.match;
  if (m.command !== undefined && m.command !== command) return false;
  if (!glob(m.property).test(cx.property)) return false;
  if (m.machine !== undefined && !glob(m.machine).test(cx.machine)) return false;
  if (m.diff !== undefined && !new RegExp(m.diff, 'm').test(cx.diff ?? '')) return false;
  return true;
}

const changedLines = (diff) => (diff ?? '').split('\n').filter((l) => /^[-+][^-+]/.test(l)).slice(0, 6);

let known;
try {
  known = loadKnown(knownFile);
} catch (err) {
  console.error(`nightly: ${err.message}`);
  process.exit(2);
}
const seenKnown = new Set();
const runs = [];
for (const line of readFileSync(runsFile, 'utf8').split('\n').filter(Boolean)) {
  const [command, machine, code, out, build = 'host'] = line.split('\t');
  const run = { command, machine, build, exitCode: Number(code), out: path.relative(reportsDir, out) || '.', cases: 0, mismatch: 0, harnessErrors: 0, new: [], known: [] };
  const reportFile = path.join(out, 'report.json');
  if (existsSync(reportFile) && (run.exitCode === 0 || run.exitCode === 1 || run.exitCode === 3)) {
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    Object.assign(run, { cases: report.cases, mismatch: report.mismatch, harnessErrors: report.harnessErrors });
    for (const cx of report.counterexamples ?? []) {
      const issue = known.find((i) => matches(i, command, cx));
      const record = { property: cx.property, machine: cx.machine, bundle: cx.bundle ? path.join(run.out, cx.bundle) : null, changed: changedLines(cx.diff) };
      if (issue) {
        seenKnown.add(issue.id);
        run.known.push({ id: issue.id, ...record });
      } else run.new.push(record);
    }
    // Mismatching cases that left no shrunk counterexample (not reproducible alone): never silently green.
    if (report.mismatch > 0 && (report.counterexamples ?? []).length === 0) run.new.push({ property: 'unreproduced', machine, bundle: null, changed: [`${report.mismatch} mismatching case(s) did not reproduce when run again`] });
  } else if (run.exitCode === 1) {
    run.new.push({ property: 'no-report', machine, bundle: null, changed: ['the run reported a mismatch but wrote no report.json'] });
  }
  runs.push(run);
}

const newCount = runs.reduce((n, r) => n + r.new.length, 0);
const codes = runs.map((r) => r.exitCode);
const exitCode = newCount > 0 ? 1 : codes.find((c) => c === 130 || c === 143) ?? (codes.includes(2) ? 2 : codes.includes(3) ? 3 : 0);
const stale = known.filter((i) => !seenKnown.has(i.id)).map((i) => i.id);
const verdict = { exitCode, newMismatches: newCount, knownIssuesFile: knownFile, knownIssuesNotSeen: stale, runs };
writeFileSync(path.join(reportsDir, 'nightly.json'), JSON.stringify(verdict, null, 2) + '\n');

const md = ['# virtprop nightly', '', `Verdict: **${exitCode === 0 ? 'pass' : exitCode === 1 ? `${newCount} new mismatch(es)` : `exit ${exitCode}`}**`, '', '| build | command | machine | exit | cases | new | known | report |', '| --- | --- | --- | --- | --- | --- | --- | --- |'];
for (const r of runs) md.push(`| ${r.build} | ${r.command} | ${r.machine} | ${r.exitCode} | ${r.cases} | ${r.new.length} | ${r.known.length} | ${r.out}/report.html (log: ${r.out}.log) |`);
// builds × machines at a glance: new findings (and cases) per cell
const buildNames = [...new Set(runs.map((r) => r.build))];
const machineNames = [...new Set(runs.map((r) => r.machine))];
if (buildNames.length > 1 || buildNames[0] !== 'host') {
  md.push('', `| build | ${machineNames.join(' | ')} |`, `| --- | ${machineNames.map(() => '---').join(' | ')} |`);
  for (const b of buildNames) {
    const cell = (m) => {
      const rs = runs.filter((r) => r.build === b && r.machine === m);
      if (rs.length === 0) return '—';
      const fresh = rs.reduce((n, r) => n + r.new.length, 0);
      const cases = rs.reduce((n, r) => n + r.cases, 0);
      return `${fresh === 0 ? 'ok' : `${fresh} new`} (${cases} cases)`;
    };
    md.push(`| ${b} | ${machineNames.map(cell).join(' | ')} |`);
  }
}
for (const r of runs) for (const n of r.new) md.push('', `## NEW ${n.property} on ${n.machine}, ${r.build} (${r.command})`, n.bundle ? `bundle: ${n.bundle}` : '', '```diff', ...n.changed, '```');
if (stale.length) md.push('', `Known issues not seen tonight (fixed, or not hit within the budget): ${stale.join(', ')}`);
writeFileSync(path.join(reportsDir, 'nightly.md'), md.join('\n') + '\n');
process.stdout.write(md.join('\n') + '\n');
process.exit(exitCode);
