// Flags of `virtprop diff` and how they become DiffCommandOptions.

import type { Command } from 'commander';
import { connectionFrom, withConnectionOptions } from '../flags.js';
import { UsageError } from '../usageError.js';
import { guestRunFrom, withGuestRunOptions } from './checkFlags.js';
import { diffCommand } from './diff.js';

/** Registers `diff`. */
export function registerDiff(program: Command): void {
  withConnectionOptions(
    withGuestRunOptions(
      program
        .command('diff')
        .description('run the same random guests through two libvirt builds (--virsh/--uri = A, --vs-virsh/--vs-uri = B) and compare XML, argv and QEMU tree; no model needed; any difference is shrunk to a repro bundle')
        .option('--vs-uri <uri>', 'libvirt URI of build B (default: the same as A: --uri, or a private embedded driver)')
        .option('--vs-virsh <path>', 'virsh binary of build B (default: the same as A: --virsh)'),
      'differences',
    )
  ).action(async (o: Record<string, unknown>, cmd: Command) => {
    const guests = guestRunFrom(o);
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
        ...guests,
      },
      process.argv.slice(2),
    );
    (cmd.parent as Command & { exitCodeResult?: number }).exitCodeResult = code;
  });
}
