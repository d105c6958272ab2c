// Flags of `virtprop diff` and how they become DiffCommandOptions.

import type { Command } from 'commander';
import type { Arch, Layer } from '../../types/domain.js';
import { connectionFrom, flagParsers, hostArch, withConnectionOptions } from '../flags.js';
import { UsageError } from '../usageError.js';
import { DEFAULT_MACHINES } from './checkFlags.js';
import { diffCommand } from './diff.js';

/** Registers `diff`. */
export function registerDiff(program: Command): void {
  withConnectionOptions(
    program
      .command('diff')
      .description('run the same random guests through two libvirt builds (--virsh/--uri = A, --vs-virsh/--vs-uri = B) and compare XML, argv and QEMU tree; no model needed; any difference is shrunk to a repro bundle')
      .option('--vs-uri <uri>', 'libvirt URI of build B (default: the same as A: --uri, or a private embedded driver)')
      .option('--vs-virsh <path>', 'virsh binary of build B (default: the same as A: --virsh)')
      .option('--arch <arch>', 'guest architecture: x86_64 or aarch64', hostArch())
      .option('--machine <name>', 'machine type (alias or versioned); repeatable; default: pc and q35 (x86_64), virt (aarch64)', flagParsers.collect)
      .option('--runs <n>', 'random cases per machine', flagParsers.positiveInt, 100)
      .option('--seed <n>', 'fast-check seed', flagParsers.seedValue)
      .option('--layers <list>', 'layers to compare: xml (libvirt XML), argv (QEMU command line), qemu (live device tree)', flagParsers.layerList, ['xml', 'argv', 'qemu'])
      .option('--max-counterexamples <n>', 'stop after this many distinct shrunk differences per machine', flagParsers.positiveInt, 5)
      .option('--budget <seconds>', 'stop starting new cases after this many seconds', flagParsers.positiveInt),
  ).action(async (o: Record<string, unknown>, cmd: Command) => {
    const arch = String(o.arch) as Arch;
    if (arch !== 'x86_64' && arch !== 'aarch64') throw new UsageError(`unknown --arch "${arch}"`, 'use x86_64 or aarch64');
    if (o.vsUri === undefined && o.vsVirsh === undefined) throw new UsageError('diff needs a build B to compare with', 'give --vs-virsh PATH and/or --vs-uri URI (the same values twice compare a build with itself)');
    const conn = connectionFrom(o, { sessionsPerWorker: 2 });
    if (conn.uris) throw new UsageError('diff takes one --uri (build A)', 'give build B with --vs-uri; spreading over hosts is for `check`');
    // One embedded root admits one virsh process: B cannot share A's.
    const vsUri = o.vsUri === undefined ? conn.uri : String(o.vsUri);
    if (vsUri !== undefined && vsUri === conn.uri && vsUri.startsWith('qemu:///embed')) {
      throw new UsageError(`build A and build B would share the embedded root of ${vsUri}`, 'give B its own root with --vs-uri qemu:///embed?root=OTHER-DIR, or leave out both URIs (each side then gets private roots)');
    }
    const code = await diffCommand(
      {
        ...conn,
        vsVirsh: o.vsVirsh === undefined ? conn.virsh : String(o.vsVirsh),
        vsUri,
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
      },
      process.argv.slice(2),
    );
    (cmd.parent as Command & { exitCodeResult?: number }).exitCodeResult = code;
  });
}
