// `virtprop corpus DIR`: every domain XML in DIR (e.g. libvirt's own test inputs) through
// the real libvirt and the model, each adapted to this host first (properties/userxml/adaptXml.ts)
// and judged as adapted. Verdicts: agree, mismatch, unsupported (with the reason),
// libvirt-rejects (and whether the model predicted that refusal), error.

import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import type { Layer } from '../../types/domain.js';
import type { Counterexample, RunSummary } from '../../types/run.js';
import { adaptXml, type Adaptation } from '../../properties/userxml/adaptXml.js';
import { NotDomainXmlError, specFromXml } from '../../properties/userxml/specFromXml.js';
import type { XmlVerdict } from '../../properties/runner/judgeXml.js';
import { writeReports } from '../../reports/index.js';
import { type ConnectionOptions, type Environment } from '../environment.js';
import { EXIT } from '../exitCodes.js';
import { connectionFrom, flagParsers, hostArch, withConnectionOptions } from '../flags.js';
import { setUpWatched } from '../watchedSetUp.js';
import { startProgress } from '../progress.js';
import { bundleCommands, newSummary } from '../runRecord.js';
import { UsageError } from '../usageError.js';
import { hostFactsFor, isLocal, judgeFileOn } from './fileCase.js';
import { readXmlText } from './xmlFile.js';
import { buildLibvirtSource, fetchLibvirtTests, installedLibvirtSource, libvirtTestsFromTree, type LibvirtTestsCorpus } from './libvirtTests.js';
import { jsonOnUsageErrors, printingErrors } from './jsonOutcome.js';

/** Verdict of one corpus file; known-issue: a mismatch a listed libvirt bug explains (properties/judges/knownIssues.ts). */
export type CorpusVerdict = 'agree' | 'mismatch' | 'known-issue' | 'unsupported' | 'libvirt-rejects' | 'error';

/** One file's result, as `corpus --json` prints it. */
export interface CorpusResult {
  file: string;
  verdict: CorpusVerdict;
  reason: string;
  diff: string;
  /** For libvirt-rejects: the model predicted this refusal (null when the file is outside its coverage). */
  predicted?: boolean | null;
  /** For a predicted refusal: the model's reason, where libvirt gave another of the same class first. */
  otherReason?: string;
  /** Layer of a mismatch. */
  layer?: string;
  /** For known-issue: the id of the libvirt bug (known-issues/ID). */
  knownIssue?: string;
  /** Rewrites made to fit the file to this host. */
  adaptations: Adaptation[];
  /** The spec's machine, when the file could be read. */
  machine?: string;
  /** For the report: the full verdict. */
  detail?: XmlVerdict;
  /** The adapted XML that was defined. */
  xml?: string;
}

/** Files of DIR the corpus runs: *.xml, without libvirt's golden outputs (*.expected*.xml, see SOURCE.md). */
export async function corpusFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    throw new UsageError(`cannot read directory ${dir}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (err as Error).message}`, 'give a directory of domain XML files');
  }
  const files = names.filter((n) => n.endsWith('.xml') && !/\.expected[^/]*\.xml$/.test(n)).sort();
  if (files.length === 0) throw new UsageError(`${dir} holds no *.xml domain files`, 'give a directory of domain XML files (golden outputs named *.expected*.xml are skipped)');
  return files;
}

/** libvirt's refusal without virsh's "Failed to define domain from <scratch file>" line, on one line. */
export function rejectionText(message: string): string {
  return message
    .split('\n')
    .map((l) => l.trim())
    .map((l) => l.replace(/(error: )?Failed to define domain from \S+\s*/, ''))
    .filter((l) => l !== '')
    .join(' ')
    .replace(/^(rejected \([^)]*\)):\s*/, '$1: ');
}

/** Classifies one judged file into a corpus verdict. */
export function corpusVerdict(v: XmlVerdict): Pick<CorpusResult, 'verdict' | 'reason' | 'predicted' | 'otherReason' | 'diff' | 'layer' | 'knownIssue'> {
  // counted apart, as `check` does: the model is right, libvirt has a listed bug
  if (v.knownIssue) return { verdict: 'known-issue', reason: v.knownIssue.title, diff: v.diff, knownIssue: v.knownIssue.id, ...(v.layer ? { layer: v.layer } : {}) };
  if (v.libvirtRejected) {
    const predicted = v.verdict === 'unsupported' ? null : v.predictedRejection === true;
    const why = v.otherReason === undefined ? '' : ` (model predicted a refusal for another reason: ${v.otherReason})`;
    const reason = `${rejectionText(v.rejection ?? v.observed)}${v.verdict === 'unsupported' ? ` (model: unsupported: ${v.reason})` : predicted ? why : ' (model predicted otherwise)'}`;
    return { verdict: 'libvirt-rejects', reason, predicted, diff: v.diff, ...(v.otherReason === undefined ? {} : { otherReason: v.otherReason }) };
  }
  const r = { verdict: v.verdict, reason: v.reason ?? '', diff: v.diff };
  return v.layer ? { ...r, layer: v.layer } : r;
}

/** Judges one corpus file on one worker. */
async function judgeCorpusFile(env: Environment, w: number, dir: string, file: string, layers: Layer[], local: boolean): Promise<CorpusResult> {
  let text: string;
  try {
    text = await readXmlText(path.join(dir, file));
  } catch (err) {
    // one unreadable file (a dangling symlink, no permission) is that file's verdict, not the run's end
    if (err instanceof UsageError) return { file, verdict: 'error', reason: err.message, diff: '', adaptations: [] };
    throw err;
  }
  const host = hostFactsFor(env, w);
  try {
    const { xml, adaptations } = await adaptXml(text, host);
    // as compare reads a file: one naming no arch gets the host's, as libvirt gives it
    const parsed = await specFromXml(xml, { defaultArch: hostArch() });
    const v = await judgeFileOn(env, w, xml, parsed, layers, local);
    const machine = 'unsupported' in parsed ? undefined : parsed.spec.machine;
    return { file, ...corpusVerdict(v), adaptations, machine, detail: v, xml };
  } catch (err) {
    if (err instanceof NotDomainXmlError) return { file, verdict: 'error', reason: `not a domain XML: ${err.message}`, diff: '', adaptations: [] };
    throw err;
  }
}

/** Totals of a corpus run (the JSON contract of `corpus --json`). */
export function corpusJson(results: CorpusResult[]): Record<string, unknown> {
  const n = (v: CorpusVerdict): number => results.filter((r) => r.verdict === v).length;
  return {
    files: results.length,
    agree: n('agree'),
    mismatch: n('mismatch'),
    knownIssues: n('known-issue'),
    unsupported: n('unsupported'),
    libvirtRejects: n('libvirt-rejects'),
    predictedRejects: results.filter((r) => r.predicted === true).length,
    // of those, the ones whose first refusal libvirt gave was another of the same class
    predictedRejectsOtherReason: results.filter((r) => r.predicted === true && r.otherReason !== undefined).length,
    unpredictedRejects: results.filter((r) => r.predicted === false).length,
    // refusals of files (or over parts of files) outside the model's coverage: reported, never failures
    unsupportedRejects: results.filter((r) => r.predicted === null).length,
    errors: n('error'),
    results: results.map((r) => ({ file: r.file, verdict: r.verdict, reason: r.reason, diff: r.diff, ...(r.predicted !== undefined ? { predicted: r.predicted } : {}), ...(r.otherReason !== undefined ? { otherReason: r.otherReason } : {}), ...(r.layer ? { layer: r.layer } : {}), ...(r.knownIssue ? { knownIssue: r.knownIssue } : {}), adaptations: r.adaptations.map((a) => a.what) })),
  };
}

/** The run summary the reports layer writes for a corpus run. */
export function corpusSummary(results: CorpusResult[], argv: string[], layers: Layer[], versions: Record<string, string>, durationMs: number): RunSummary {
  const s = newSummary('corpus', argv, 'corpus', 'mixed', layers, 0, versions);
  for (const r of results) {
    s.cases++;
    const unpredicted = r.predicted === false;
    if (r.verdict === 'agree' || r.predicted === true) s.agree++;
    if (r.verdict === 'mismatch' || unpredicted) s.mismatch++;
    if (r.verdict === 'unsupported' || (r.verdict === 'libvirt-rejects' && r.predicted === null)) {
      s.unsupported++;
      const reason = r.detail?.reason ?? r.reason;
      s.unsupportedReasons[reason] = (s.unsupportedReasons[reason] ?? 0) + 1;
    }
    if (r.verdict === 'libvirt-rejects') s.libvirtErrors++;
    if (r.knownIssue) (s.knownIssues ??= {})[r.knownIssue] = (s.knownIssues?.[r.knownIssue] ?? 0) + 1;
    if (r.verdict === 'error') s.harnessErrors++;
    const machine = r.machine ?? 'unknown';
    const failed = r.verdict === 'mismatch' || unpredicted;
    s.properties.push({ property: r.file, machine, cases: 1, failures: failed ? 1 : 0, durationMs: 0 });
    const res = r.detail?.result;
    if (failed && res) {
      const cx: Counterexample = {
        property: r.file,
        machine,
        arch: r.xml && /arch='aarch64'/.test(r.xml) ? 'aarch64' : 'x86_64',
        layer: res.failed?.layer ?? 'xml',
        xml: r.xml ?? res.inputXml,
        expected: res.expected,
        observed: res.observed,
        diff: res.diff,
        virshCommands: bundleCommands(res),
        seed: 0,
      };
      if (res.libvirtXml) cx.libvirtXml = res.libvirtXml;
      s.counterexamples.push(cx);
    }
  }
  s.durationMs = durationMs;
  s.casesPerSecond = durationMs > 0 ? s.cases / (durationMs / 1000) : 0;
  return s;
}

/** A corpus run as readable text. */
function corpusText(results: CorpusResult[], reportsDir: string): string {
  const j = corpusJson(results) as Record<string, number>;
  const lines = [
    `virtprop corpus: ${j.files} files: agree ${j.agree}, mismatch ${j.mismatch}, known libvirt issues ${j.knownIssues}, unsupported ${j.unsupported}, libvirt rejects ${j.libvirtRejects} (model predicted ${j.predictedRejects}${j.predictedRejectsOtherReason > 0 ? `, ${j.predictedRejectsOtherReason} of them for another reason` : ''}, predicted otherwise ${j.unpredictedRejects}, outside the model's coverage ${j.unsupportedRejects}), errors ${j.errors}`,
  ];
  for (const r of results) {
    const flag = r.verdict === 'libvirt-rejects' ? `libvirt-rejects${r.predicted === true ? ' (predicted)' : r.predicted === false ? ' (NOT predicted)' : ''}` : r.verdict === 'known-issue' ? `known-issue ${r.knownIssue}` : r.verdict;
    lines.push(`  ${flag.padEnd(30)} ${r.file}${r.reason ? `: ${r.reason.split('\n')[0].slice(0, 160)}` : ''}`);
  }
  for (const r of results.filter((x) => x.verdict === 'mismatch' || x.predicted === false)) lines.push('', `MISMATCH ${r.file} (layer ${r.layer ?? 'xml'})`, r.diff.split('\n').slice(0, 40).join('\n'));
  lines.push('', `reports: ${reportsDir}`);
  return lines.join('\n') + '\n';
}

/** Runs `corpus` and returns the exit code. */
export async function corpusCommand(dir: string, opts: ConnectionOptions & { layers: Layer[]; json: boolean; out: string; progress: boolean }, argv: string[]): Promise<number> {
  const files = await corpusFiles(dir);
  // installed before set-up, so a Ctrl-C while QEMU is probed still cleans up the run directory
  const watched = await setUpWatched({ ...opts, workers: Math.min(opts.workers, files.length) }, false);
  if (typeof watched === 'number') return watched;
  const { env, interrupts } = watched;
  const ready = env;
  const started = Date.now();
  const results: CorpusResult[] = new Array(files.length);
  const progress = startProgress('corpus', files.length, opts.progress && !opts.json);
  let next = 0;
  let done = 0;
  try {
    await Promise.all(
      ready.workers.map(async (_, w) => {
        while (next < files.length && !interrupts.signal.aborted) {
          const i = next++;
          results[i] = await judgeCorpusFile(ready, w, dir, files[i], opts.layers, isLocal(opts.uri));
          progress.update(++done, { mismatch: results.filter((r) => r && (r.verdict === 'mismatch' || r.predicted === false)).length, unsupported: results.filter((r) => r?.verdict === 'unsupported').length, rate: done / Math.max(0.001, (Date.now() - started) / 1000) });
        }
      }),
    );
    progress.stop();
  } finally {
    interrupts.dispose();
    await ready.close();
  }
  const finished = results.filter((r) => r !== undefined);
  const summary = corpusSummary(finished, argv, opts.layers, ready.versions, Date.now() - started);
  summary.partial = interrupts.received() !== undefined;
  await writeReports(opts.out, summary);
  process.stdout.write(opts.json ? JSON.stringify(corpusJson(finished)) + '\n' : corpusText(finished, opts.out));
  if (interrupts.received() === 'SIGINT') return EXIT.INTERRUPTED;
  if (interrupts.received()) return EXIT.TERMINATED;
  if (summary.mismatch > 0) return EXIT.MISMATCH;
  return summary.harnessErrors > 0 ? EXIT.HARNESS_FAULT : EXIT.OK;
}

/**
 * The corpus `--libvirt-tests [TREE]` names: TREE's PCI test inputs, selected into a
 * scratch directory (given back for removal), or without TREE those of the Debian libvirt
 * under test (`build`'s, else the host's), fetched once into the cache. Stages of a
 * fetch are told on stderr.
 */
export async function libvirtTestsCorpus(tree: string | true, build?: string): Promise<{ corpus: LibvirtTestsCorpus; scratch?: string }> {
  if (tree !== true) {
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'vp-libvirt-tests-'));
    try {
      return { corpus: await libvirtTestsFromTree(tree, scratch), scratch };
    } catch (err) {
      await rm(scratch, { recursive: true, force: true });
      throw err;
    }
  }
  const src = build === undefined ? await installedLibvirtSource() : await buildLibvirtSource(build);
  const corpus = await fetchLibvirtTests(src, { onStage: (stage) => process.stderr.write(`virtprop corpus: ${stage} …\n`) });
  return { corpus };
}

/** Registers `corpus`. */
export function registerCorpus(program: Command): void {
  withConnectionOptions(
    jsonOnUsageErrors(program.command('corpus'))
      .argument('[dir]', 'directory of domain XML files (e.g. libvirt tests/qemuxmlconfdata inputs)')
      .description("every *.xml in DIR through the real libvirt and the model, adapted to this host in documented ways: agree, mismatch, known-issue, unsupported, libvirt-rejects")
      .option(
        '--libvirt-tests [tree]',
        "instead of DIR: libvirt's own PCI test inputs (tests/qemuxml2argvdata, tests/qemuxmlconfdata) of the libvirt source tree TREE, or without TREE of the installed Debian libvirt release, fetched once with apt-get source into ~/.cache/virtprop/libvirt-src/VERSION (the host's apt configuration is not changed); with --build, that build's release",
      )
      .option('--layers <list>', 'layers to compare: xml, argv, qemu', flagParsers.layerList, ['xml']),
  ).action(async (dir: string | undefined, o: Record<string, unknown>, cmd: Command) => {
    const code = await printingErrors(Boolean(o.json), async () => {
      const tests = o.libvirtTests as string | true | undefined;
      if ((dir === undefined) === (tests === undefined)) {
        throw new UsageError(dir === undefined ? 'corpus needs a directory of domain XML files' : 'give either DIR or --libvirt-tests, not both', 'run `virtprop corpus DIR`, or `virtprop corpus --libvirt-tests [TREE]` for libvirt\'s own test inputs');
      }
      const opts = { ...connectionFrom(o), layers: o.layers as Layer[], json: Boolean(o.json), out: String(o.out), progress: o.progress !== false };
      if (tests === undefined) return corpusCommand(dir!, opts, process.argv.slice(2));
      const { corpus, scratch } = await libvirtTestsCorpus(tests, opts.build);
      try {
        return await corpusCommand(corpus.dir, opts, process.argv.slice(2));
      } finally {
        if (scratch) await rm(scratch, { recursive: true, force: true });
      }
    });
    (cmd.parent as Command & { exitCodeResult?: number }).exitCodeResult = code;
  });
}
