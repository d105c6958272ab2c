// Ctrl-C and SIGTERM: the first signal asks the run to stop starting cases, finish what is
// in flight, clean up and write a partial report; a second signal kills virsh sessions
// and leaves at once (cleanup of domains still runs from the finally blocks).

/** The signal that stopped the run, if any, and the AbortSignal the run watches. */
export interface InterruptWatch {
  signal: AbortSignal;
  received(): NodeJS.Signals | undefined;
  dispose(): void;
}

/** Installs SIGINT/SIGTERM handlers for the duration of a run. */
export function watchInterrupts(onSecond: () => void): InterruptWatch {
  const controller = new AbortController();
  let got: NodeJS.Signals | undefined;
  const handler = (sig: NodeJS.Signals): void => {
    if (got) {
      onSecond();
      return;
    }
    got = sig;
    process.stderr.write(`\nvirtprop: ${sig} received: finishing the cases in flight, cleaning up, writing a partial report (again to force)\n`);
    controller.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    received: () => got,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
