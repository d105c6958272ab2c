// A test that needs something outside the project (Chromium, a real virsh) either runs,
// fails, or is reported as skipped: never passes having asserted nothing.
//
//   test('name', needing([REAL_VIRSH], async () => { … }));
//
// When a requirement is missing, the test fails with the install hint if the host must
// have it (CI=true, or VIRTPROP_TEST_REQUIRE_ALL=1, which ci/test.sh sets because its
// set-up installs everything), and otherwise prints one SKIP_MARKER line with the reason.
// test/run.mjs counts those lines: the test is then neither passed nor failed but
// skipped, and its reason is listed above the closing "N passed, M failed, K skipped".

import { spawnSync } from 'node:child_process';
import * as assert from 'uvu/assert';
import type { Callback } from 'uvu';

/** Something a test needs from the host. */
export interface Requirement {
  /** What it is, as a reader would name it. */
  what: string;
  /** Whether this host has it (asked once, when the test runs). */
  present: () => boolean;
  /** How to get it. */
  install: string;
}

/** Starts each skip line on stdout; test/run.mjs reads them (keep the two in step). */
export const SKIP_MARKER = 'virtprop-skip:';

/** Whether a program of this name is on PATH. */
export const onPath = (bin: string): boolean => spawnSync('which', [bin]).status === 0;

export const REAL_VIRSH: Requirement = {
  what: 'virsh',
  present: () => spawnSync('virsh', ['--version']).status === 0,
  install: 'install libvirt-clients and libvirt-daemon-driver-qemu (or run ci/setup-host.sh)',
};

/** True when every requirement must be met: a missing one fails the test instead of skipping it. */
export const requirementsAreMandatory = (): boolean => process.env.CI === 'true' || process.env.VIRTPROP_TEST_REQUIRE_ALL === '1';

/** The test body, run only when every requirement is present; otherwise a failure or a reported skip. */
export function needing<T>(requirements: Requirement[], body: Callback<T>): Callback<T> {
  return (context) => {
    const missing = requirements.filter((r) => !r.present());
    if (missing.length === 0) return body(context);
    const reason = missing.map((r) => `${r.what} not found; ${r.install}`).join('; ');
    if (requirementsAreMandatory()) assert.unreachable(`${reason} (required: CI=true or VIRTPROP_TEST_REQUIRE_ALL=1)`);
    const name = [context.__suite__, context.__test__].filter(Boolean).join(' › ');
    // uvu writes its progress marks without a newline: start a line of our own.
    process.stdout.write(`\n${SKIP_MARKER} ${name}: ${reason}\n`);
  };
}
