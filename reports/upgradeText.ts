// How an `upgrade` run's totals read in every report (text summary, Markdown, HTML).

import type { UpgradeBuild, UpgradeTotals } from '../types/run.js';

/** "debian-12 (libvirt 9.0.0, QEMU 7.2.22)". */
export const upgradeBuildText = (b: UpgradeBuild): string => `${b.build} (libvirt ${b.libvirt}, QEMU ${b.qemu})`;

/** One line: FROM → TO and how the cases ended. */
export function upgradeTotalsText(u: UpgradeTotals): string {
  return (
    `${upgradeBuildText(u.from)} → ${upgradeBuildText(u.to)}: ${u.stable} stable, ${u.expectedChanges} expected changes, ${u.findings} findings, ` +
    `${u.refusedOnTo} refused on TO as predicted, ${u.refusedOnFrom} refused on FROM, ${u.unsupported} unsupported`
  );
}
