// Flags of `virtprop upgrade` and how they become UpgradeCommandOptions.

import type { Command } from 'commander';
import { connectionFrom, withRunOptions } from '../flags.js';
import { guestRunFrom, withGuestRunOptions } from './checkFlags.js';
import { upgradeCommand } from './upgrade.js';

/** Registers `upgrade`. */
export function registerUpgrade(program: Command): void {
  withRunOptions(
    withGuestRunOptions(
      program
        .command('upgrade')
        .description(
          "a host moves to the next libvirt/QEMU release: random guests defined on build FROM, libvirt's full answer (every address, " +
            'the versioned machine FROM chose) defined on build TO; TO must keep every device where it was and add only what the model ' +
            'says TO adds by itself, and started paused both QEMUs must get the same PCI devices; any other difference is a finding, ' +
            'shrunk to a bundle whose repro-upgrade.sh runs the commands on both builds',
        )
        .requiredOption('--from <build>', 'the build the guests are defined on first: debian-12, debian-13 or debian-unstable (`virtprop builds`)')
        .requiredOption('--to <build>', 'the build that takes what FROM answered; older than FROM checks migrating back'),
      'findings',
      ". Its versioned machine must exist on both builds: going back to an older QEMU, an alias stands for the older build's versioned machine",
    )
      .option('--to-virsh <path>', "for tests: a wrapper run in place of TO's virsh (a planted regression, test/fixtures/planted/); it finds TO's own virsh in VIRTPROP_REAL_VIRSH"),
  ).action(async (o: Record<string, unknown>, cmd: Command) => {
    const guests = guestRunFrom(o);
    // Each worker drives one session per build, as diff's do.
    const { workers, timeoutMs, tcg } = connectionFrom(o, { sessionsPerWorker: 2 });
    const code = await upgradeCommand(
      {
        from: String(o.from),
        to: String(o.to),
        ...(o.toVirsh === undefined ? {} : { toVirsh: String(o.toVirsh) }),
        ...guests,
        workers,
        timeoutMs,
        tcg,
      },
      process.argv.slice(2),
    );
    (cmd.parent as Command & { exitCodeResult?: number }).exitCodeResult = code;
  });
}
