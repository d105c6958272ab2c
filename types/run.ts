// Shapes of a run's results, shared by the properties (which produce them), the CLI
// and the reports (which turn them into artefacts). Plain data only.

import type { Layer } from './domain.js';

/** A shrunk failing case, with everything a developer needs to reproduce it without virtprop. */
export interface Counterexample {
  /** Which property failed: xml, argv, qemu, invariant-unique, invariant-stable, hotplug, diff, … */
  property: string;
  machine: string;
  arch: string;
  /** Layer that disagreed first. */
  layer: Layer | 'invariant' | 'hotplug' | 'diff';
  /** The shrunk input domain XML. */
  xml: string;
  /** libvirt's XML after define, when it got that far. */
  libvirtXml?: string;
  /** Canonical text of what was expected (model prediction, or build A in diff mode). */
  expected: string;
  /** Canonical text of what was observed. */
  observed: string;
  /** Unified diff expected → observed. */
  diff: string;
  /** Exact virsh commands (in order) that reproduce it; files are referred to by bundle-relative name. */
  virshCommands: string[];
  /** Extra files for the bundle (hotplug device XMLs …): name → content. */
  extraFiles?: Record<string, string>;
  /** fast-check seed and path, for `virtprop replay`. */
  seed: number;
  path?: string;
  /** How many shrink steps fast-check took to reach this case. */
  shrinks?: number;
  /** Filled in by the reports layer once the bundle is written. */
  bundle?: string;
}

/** One sample of progress, for the charts in the HTML report. */
export interface TimelinePoint {
  /** Milliseconds since the run started. */
  t: number;
  cases: number;
  agree: number;
  mismatch: number;
  unsupported: number;
  libvirtErrors: number;
}

/** Totals of one property on one machine: one JUnit test case each. */
export interface PropertyResult {
  property: string;
  machine: string;
  cases: number;
  failures: number;
  durationMs: number;
}

/** Everything a run produced. */
export interface RunSummary {
  command: 'check' | 'compare' | 'hotplug' | 'corpus' | 'diff' | 'machines' | 'upgrade';
  argv: string[];
  machine: string;
  arch: string;
  layers: Layer[];
  seed: number;
  startedAt: string;
  durationMs: number;
  /** true when the run was interrupted and this is what finished. */
  partial: boolean;
  cases: number;
  agree: number;
  mismatch: number;
  unsupported: number;
  libvirtErrors: number;
  /** Faults of the harness itself (timeouts, crashes): never counted as mismatches. */
  harnessErrors: number;
  casesPerSecond: number;
  /** libvirt + QEMU versions as reported. */
  versions: Record<string, string>;
  properties: PropertyResult[];
  counterexamples: Counterexample[];
  /** Cases explained by a listed libvirt bug (known-issues/), by issue id; counted apart from mismatches. */
  knownIssues?: Record<string, number>;
  /** Unsupported reasons and how often each came up. */
  unsupportedReasons: Record<string, number>;
  timeline: TimelinePoint[];
  /** `upgrade` runs: how each case ended, and the two builds. */
  upgrade?: UpgradeTotals;
}

/** One side of an upgrade: the build and its versions. */
export interface UpgradeBuild {
  build: string;
  libvirt: string;
  qemu: string;
}

/**
 * How the cases of an `upgrade` run ended (each case exactly one way; harness errors apart).
 * In the shared totals: agree = stable + expectedChanges + refusedOnTo + refusedOnFrom,
 * mismatch = findings.
 */
export interface UpgradeTotals {
  from: UpgradeBuild;
  to: UpgradeBuild;
  /** The machine each --machine became in the generated guests (a versioned one both builds have). */
  machines: Record<string, string>;
  stable: number;
  expectedChanges: number;
  findings: number;
  /** TO refused FROM's answer, as the model predicted. */
  refusedOnTo: number;
  /** FROM refused the generated guest (define, or QEMU's start): nothing to upgrade. */
  refusedOnFrom: number;
  unsupported: number;
  /** Lines that changed in expected changes (FROM → TO), and in how many cases. */
  changes: Record<string, number>;
  /** Why cases were refused on FROM or (as predicted) on TO, and how often. */
  refusals: Record<string, number>;
}
