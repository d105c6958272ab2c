// Progress for long runs: a live bar on a terminal, and on a pipe (CI logs) a plain line
// every tenth of the run, so a log shows the run is alive without flooding it.

import cliProgress from 'cli-progress';

/** Progress display for a run of `total` cases. */
export interface Progress {
  update(done: number, counts: { mismatch: number; unsupported: number; rate: number }): void;
  stop(): void;
}

/** A bar on stderr when it is a terminal and output is not silenced; plain lines otherwise. */
export function startProgress(label: string, total: number, enabled: boolean): Progress {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {value}/{total} cases | {rate}/s | mismatch {mismatch} | unsupported {unsupported} | ETA {eta_formatted}`,
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { rate: '0', mismatch: 0, unsupported: 0 });
    return {
      update: (done, c) => bar.update(done, { rate: c.rate.toFixed(0), mismatch: c.mismatch, unsupported: c.unsupported }),
      stop: () => bar.stop(),
    };
  }
  let nextMark = Math.max(1, Math.ceil(total / 10));
  return {
    update(done, c) {
      if (done < nextMark) return;
      nextMark += Math.max(1, Math.ceil(total / 10));
      process.stderr.write(`${label}: ${done}/${total} cases, ${c.rate.toFixed(0)}/s, ${c.mismatch} mismatch, ${c.unsupported} unsupported\n`);
    },
    stop: () => undefined,
  };
}
