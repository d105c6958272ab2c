// Flags of `virtprop hotplug` and how they become HotplugCommandOptions.

import type { Command } from 'commander';
import { connectionFrom, flagParsers, withConnectionOptions } from '../flags.js';
import { hotplugCommand } from './hotplug.js';

/** Registers `hotplug`. */
export function registerHotplug(program: Command): void {
  withConnectionOptions(
    program
      .command('hotplug')
      .description('random attach/detach/restart sequences on a paused guest (x86_64 pc, q35), every step held against the hotplug model; failing sequences shrink to a repro bundle')
      .option('--machine <name>', 'machine type (alias or versioned); repeatable; default: pc and q35', flagParsers.collect)
      .option('--runs <n>', 'random sequences per machine', flagParsers.positiveInt, 50)
      .option('--seed <n>', 'fast-check seed', flagParsers.seedValue)
      .option('--max-counterexamples <n>', 'stop after this many distinct shrunk mismatches per machine', flagParsers.positiveInt, 3),
  ).action(async (o: Record<string, unknown>, cmd: Command) => {
    const code = await hotplugCommand(
      {
        ...connectionFrom(o, { startsDomains: true }),
        arch: 'x86_64',
        machines: (o.machine as string[] | undefined) ?? ['pc', 'q35'],
        runs: Number(o.runs),
        seed: o.seed === undefined ? (Date.now() ^ (process.pid << 16)) | 0 : Number(o.seed),
        out: String(o.out),
        json: Boolean(o.json),
        maxCounterexamples: Number(o.maxCounterexamples),
        progress: o.progress !== false,
      },
      process.argv.slice(2),
    );
    (cmd.parent as Command & { exitCodeResult?: number }).exitCodeResult = code;
  });
}
