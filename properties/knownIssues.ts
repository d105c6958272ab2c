// Real libvirt bugs virtprop has found and that are still present in the build under
// test. The model keeps predicting libvirt's real behaviour; a case that fails only
// because of a listed bug is counted apart (never hidden, never shrunk again), and each
// entry points at a committed repro under known-issues/.

import type { CaseResult } from './caseRunner.js';

/** One known libvirt bug and how to recognise a case that hits it. */
export interface KnownIssue {
  id: string;
  title: string;
  /** Folder under known-issues/ with README.md, input.xml and repro.sh. */
  repro: string;
  matches(result: CaseResult): boolean;
}

const upstreamPortMisplaced = (xml: string | undefined): boolean =>
  xml !== undefined && /model='pcie-switch-upstream-port'>\s*<model name='x3130-upstream'\/>\s*<address type='pci' domain='0x0000' bus='0x([0-9a-f]+)'/.test(xml) &&
  [...xml.matchAll(/<controller type='pci' index='(\d+)' model='pcie-switch-upstream-port'>\s*<model name='x3130-upstream'\/>\s*<address type='pci' domain='0x0000' bus='0x([0-9a-f]+)'/g)].some((m) => parseInt(m[2], 16) > Number(m[1]));

/** The list, newest last. */
export const KNOWN_ISSUES: KnownIssue[] = [
  {
    id: 'libvirt-9.0-switch-upstream-cycle',
    title: 'pcie-switch-upstream-port auto-addressed onto a higher-indexed (downstream) bus; QEMU refuses to start',
    repro: 'known-issues/libvirt-9.0-switch-upstream-cycle',
    matches: (r) =>
      (r.failed?.property === 'invariant-bus' || r.failed?.property === 'qemu-refused') && upstreamPortMisplaced(r.libvirtXml),
  },
];

/** The known issue a failed case is explained by, if any. */
export function knownIssueOf(result: CaseResult): KnownIssue | undefined {
  if (result.outcome !== 'mismatch') return undefined;
  return KNOWN_ISSUES.find((k) => k.matches(result));
}
