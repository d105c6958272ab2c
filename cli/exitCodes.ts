// Exit codes CI can act on. Documented in --help and the README.

export const EXIT = {
  /** Everything compared agreed (unsupported cases are counted, not failures). */
  OK: 0,
  /** At least one mismatch (a finding about libvirt/QEMU, or about the model). */
  MISMATCH: 1,
  /** Bad usage or an environment that cannot run (message says what to do). */
  USAGE_OR_ENVIRONMENT: 2,
  /** The harness itself failed on some cases (virsh hung or crashed twice) and no mismatch was found. */
  HARNESS_FAULT: 3,
  /** Interrupted by SIGINT (partial report written). */
  INTERRUPTED: 130,
  /** Interrupted by SIGTERM (partial report written). */
  TERMINATED: 143,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0    everything agreed (unsupported cases are counted apart, not failures)
  1    at least one mismatch; shrunk repro bundles are in --out
  2    usage or environment error (the message says what to do)
  3    harness fault: virsh hung or crashed on some cases, no mismatch found
  130  interrupted by SIGINT; the report of what finished is written, marked partial
  143  terminated by SIGTERM; likewise`;
