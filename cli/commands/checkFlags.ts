// Flags of `virtprop check` and how they become CheckCommandOptions.

import type { Command } from 'commander';
import type { Arch, Layer } from '../../types/domain.js';
import { connectionFrom, flagParsers, hostArch, withConnectionOptions } from '../flags.js';
import { UsageError } from '../usageError.js';
import { checkCommand, type CheckCommandOptions } from './check.js';

/** Default machines per arch when --machine is not given. */
export const DEFAULT_MACHINES: Record<Arch, string[]> = { x86_64: ['pc', 'q35'], aarch64: ['virt'] };

/**
 * The options of every run of random guests (check, diff, upgrade). `shrunk` names what a
 * run shrinks (mismatches, differences, findings); `machineNote` adds to --machine's help.
 */
export function withGuestRunOptions(cmd: Command, shrunk: string, machineNote = ''): Command {
  return cmd
    .option('--arch <arch>', 'guest architecture: x86_64 or aarch64', hostArch())
    .option('--machine <name>', `machine type as the user writes it (alias or versioned); repeatable; default: pc and q35 (x86_64), virt (aarch64)${machineNote}`, flagParsers.collect)
    .option('--runs <n>', 'random cases per machine', flagParsers.positiveInt, 100)
    .option('--seed <n>', 'fast-check seed (the report names it, so any run can be replayed)', flagParsers.seedValue)
    .option('--layers <list>', 'layers to compare: xml (libvirt XML), argv (QEMU command line), qemu (live device tree)', flagParsers.layerList, ['xml', 'argv', 'qemu'])
    .option('--max-counterexamples <n>', `stop after this many distinct shrunk ${shrunk} per machine`, flagParsers.positiveInt, 5)
    .option('--budget <seconds>', 'stop starting new cases after this many seconds (nightly runs)', flagParsers.positiveInt);
}

/** What a run of random guests takes from withGuestRunOptions' flags (and the output flags); a seed is drawn when none is given. */
export type GuestRunOptions = Pick<CheckCommandOptions, 'arch' | 'machines' | 'runs' | 'seed' | 'layers' | 'out' | 'json' | 'maxCounterexamples' | 'budgetSeconds' | 'progress'>;

/** Reads withGuestRunOptions' flags; an unknown --arch is a usage error. */
export function guestRunFrom(o: Record<string, unknown>): GuestRunOptions {
  const arch = String(o.arch) as Arch;
  if (arch !== 'x86_64' && arch !== 'aarch64') throw new UsageError(`unknown --arch "${arch}"`, 'use x86_64 or aarch64');
  return {
    arch,
    machines: (o.machine as string[] | undefined) ?? DEFAULT_MACHINES[arch],
    runs: Number(o.runs),
    seed: o.seed === undefined ? (Date.now() ^ (process.pid << 16)) | 0 : Number(o.seed),
    layers: o.layers as Layer[],
    out: String(o.out),
    json: Boolean(o.json),
    maxCounterexamples: Number(o.maxCounterexamples),
    budgetSeconds: o.budget === undefined ? undefined : Number(o.budget),
    progress: o.progress !== false,
  };
}

/** Registers `check`. */
export function registerCheck(program: Command): void {
  withConnectionOptions(
    withGuestRunOptions(
      program
        .command('check')
        .description('generate random guests, define them through libvirt, compare every layer with the model; shrink any mismatch to a repro bundle'),
      'mismatches',
    )
      .option('--no-stability', "skip the redefine check (libvirt's own XML defined again must keep every address): on the xml layer it is half of libvirt's work per case, so this nearly doubles the cases per second, at the cost of that invariant"),
  ).action(async (o: Record<string, unknown>, cmd: Command) => {
    const code = await checkCommand({ ...connectionFrom(o), ...guestRunFrom(o), stability: o.stability !== false }, process.argv.slice(2));
    (cmd.parent as Command & { exitCodeResult?: number }).exitCodeResult = code;
  });
}
