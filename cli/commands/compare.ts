// `virtprop compare FILE.xml`: the verdict for one domain XML file, judged as given
// (libvirt reads the file itself; the model reads the spec parsed out of it).

import type { Command } from 'commander';
import type { Layer } from '../../types/domain.js';
import type { XmlVerdict } from '../../properties/runner/judgeXml.js';
import { adaptXml, fitForDefine, type Adaptation } from '../../properties/userxml/adaptXml.js';
import { specFromXml } from '../../properties/userxml/specFromXml.js';
import { type ConnectionOptions } from '../environment.js';
import { EXIT } from '../exitCodes.js';
import { connectionFrom, flagParsers, hostArch } from '../flags.js';
import { setUpWatched } from '../watchedSetUp.js';
import { hostFactsFor, Interrupted, isLocal, judgeFileOn } from './fileCase.js';
import { readDomainFile } from './xmlFile.js';
import { interruptedJson, jsonOnUsageErrors, printingErrors, printJson } from './jsonOutcome.js';
import { registerCorpus } from './corpus.js';
import { registerPredict } from './predict.js';
import { registerReplay } from './replay.js';

/** Connection flags of the single-file commands (no workers, no reports). */
export function withFileConnectionOptions(cmd: Command): Command {
  return cmd
    .option('--uri <uri>', 'libvirt URI to test; default: a private embedded QEMU driver, no daemon needed')
    .option('--virsh <path>', 'virsh binary to drive', 'virsh')
    .option('--build <name>', 'drive an installed libvirt release instead of the host\'s virsh (`virtprop builds`)')
    .option('--timeout <seconds>', 'per virsh command', flagParsers.positiveInt, 60)
    .option('--tcg', 'use TCG even where KVM is available')
    .option('--layers <list>', 'layers to compare: xml, argv, qemu', flagParsers.layerList, ['xml'])
    .option('--json', 'print one JSON object on stdout')
    .option('--debug', 'show stack traces of internal errors');
}

/** The JSON object of `compare --json` (a contract: see the README). */
export function compareJson(v: XmlVerdict, adaptations: Adaptation[] = []): Record<string, unknown> {
  return { verdict: v.verdict, diff: v.diff, layer: v.layer ?? null, expected: v.expected, observed: v.observed, reason: v.reason ?? null, libvirtRejected: v.libvirtRejected, otherReason: v.otherReason ?? null, knownIssue: v.knownIssue?.id ?? null, adaptations: adaptations.map((a) => a.what) };
}

/** Exit code of a single verdict (a known libvirt issue does not fail, as in `check` and `corpus`). */
export function exitCodeOfVerdict(v: XmlVerdict): number {
  if (v.verdict === 'mismatch') return EXIT.MISMATCH;
  if (v.verdict === 'error') return EXIT.HARNESS_FAULT;
  return EXIT.OK;
}

/** A verdict as a few readable lines. */
export function verdictText(file: string, v: XmlVerdict, layers: Layer[]): string {
  const head = `virtprop compare ${file}: ${v.verdict.toUpperCase()} (layers ${layers.join(',')})`;
  switch (v.verdict) {
    case 'agree':
      const other = v.otherReason === undefined ? '' : `\n  (the model's reason was another: ${v.otherReason})`;
      return `${head}\n  ${v.libvirtRejected ? `libvirt rejected it, as the model predicted: ${v.observed.trim()}${other}` : 'libvirt placed every device where the model predicted'}\n`;
    case 'unsupported':
      return `${head}\n  outside the model's coverage: ${v.reason}\n${v.libvirtRejected ? `  (libvirt rejected it: ${v.rejection?.trim()})\n` : ''}`;
    case 'error':
      return `${head}\n  ${v.reason}\n`;
    case 'known-issue':
      return `${head}\n  the disagreement on layer ${v.layer} is a listed libvirt bug, ${v.knownIssue?.id}: ${v.knownIssue?.title} (repro in ${v.knownIssue?.repro})\n`;
    default:
      return `${head}\n  first disagreement on layer ${v.layer}\n${v.diff.split('\n').slice(0, 60).join('\n')}\n`;
  }
}

/** Runs `compare` and returns the exit code. */
export async function compareCommand(file: string, opts: ConnectionOptions & { layers: Layer[]; json: boolean; adapt: boolean }): Promise<number> {
  const read = await readDomainFile(file, hostArch());
  // one case is short: a first Ctrl-C (even during set-up) lets it finish and clean up, a second kills virsh
  const watched = await setUpWatched({ ...opts, workers: 1 }, false);
  if (typeof watched === 'number') return watched;
  const { env, interrupts } = watched;
  let verdict: XmlVerdict | undefined;
  let adaptations: Adaptation[] = [];
  try {
    if (interrupts.signal.aborted) throw new Interrupted();
    let { xml, parsed } = read;
    // Without --adapt, layer xml alone still gets the rewrites libvirt's define needs on a
    // foreign host (KVM, emulator, TPM): the started layers would need more (CPU, disks, NICs).
    const xmlOnly = opts.layers.every((l) => l === 'xml');
    const host = hostFactsFor(env, 0);
    const fitting = opts.adapt ? adaptXml(xml, host) : xmlOnly ? fitForDefine(xml, host, isLocal(opts.uri)) : undefined;
    if (fitting) {
      ({ xml, adaptations } = await fitting);
      if (adaptations.length > 0) parsed = await specFromXml(xml, { defaultArch: hostArch() });
    }
    verdict = await judgeFileOn(env, 0, xml, parsed, opts.layers, isLocal(opts.uri));
  } catch (err) {
    if (!(err instanceof Interrupted)) throw err;
  } finally {
    interrupts.dispose();
    await env.close();
  }
  const signal = interrupts.received();
  if (signal || verdict === undefined) {
    if (opts.json) printJson(interruptedJson(signal ?? 'SIGINT'));
    return signal === 'SIGTERM' ? EXIT.TERMINATED : EXIT.INTERRUPTED;
  }
  const adaptText = adaptations.map((a) => `  adapted: ${a.what} (${a.reason})\n`).join('');
  process.stdout.write(opts.json ? JSON.stringify(compareJson(verdict, adaptations)) + '\n' : verdictText(file, verdict, opts.layers) + adaptText);
  return exitCodeOfVerdict(verdict);
}


/** Registers `compare`. */
export function registerCompare(program: Command): void {
  withFileConnectionOptions(
    jsonOnUsageErrors(program.command('compare'))
      .argument('<file>', 'domain XML file (as you would give to virsh define)')
      .description("judge one domain XML file as given: libvirt's placement against the model's (agree, mismatch, unsupported)")
      .option('--adapt', "first fit the file to this host as `corpus` does (disk sources, emulator, host NICs …; each rewrite is listed); needed for --layers argv,qemu with a file from another host; on layer xml alone only the domain type, a missing emulator and an emulated TPM without swtpm are rewritten, and listed"),
  ).action(async (file: string, o: Record<string, unknown>, cmd: Command) => {
    const code = await printingErrors(Boolean(o.json), () => compareCommand(file, { ...connectionFrom(o), layers: o.layers as Layer[], json: Boolean(o.json), adapt: Boolean(o.adapt) }));
    (cmd.parent as Command & { exitCodeResult?: number }).exitCodeResult = code;
  });
}

/** Registers compare, predict, replay and corpus (the commands that take a user's files). */
export function registerFileCommands(program: Command): void {
  registerCompare(program);
  registerPredict(program);
  registerReplay(program);
  registerCorpus(program);
}
