// Every command that drives libvirt sets up the same way: signals are watched before
// anything exists that needs cleaning up (Node's default SIGINT would end us during QEMU's
// probe with the run directory left behind), and a second signal kills the sessions.

import { setUpEnvironment, type ConnectionOptions, type Environment } from './environment.js';
import { watchInterrupts, type InterruptWatch } from './interrupt.js';
import { EXIT } from './exitCodes.js';

/** A set-up environment and the signal watch that stays on until the command is done. */
export interface WatchedEnvironment {
  env: Environment;
  interrupts: InterruptWatch;
}

/**
 * Two builds (diff's A and B, upgrade's FROM and TO) set up one after the other under one
 * signal watch, so that they share the saved capability cache; a first signal cuts set-up
 * short (both cleaned up) and its exit code is returned.
 */
export async function setUpWatchedPair(a: ConnectionOptions, b: ConnectionOptions): Promise<{ a: Environment; b: Environment; interrupts: InterruptWatch } | number> {
  const envs: Environment[] = [];
  const interrupts = watchInterrupts(() => envs.forEach((e) => e.workers.forEach((w) => w.kill())));
  try {
    envs.push(await setUpEnvironment({ ...a, signal: interrupts.signal }));
    envs.push(await setUpEnvironment({ ...b, signal: interrupts.signal }));
    return { a: envs[0], b: envs[1], interrupts };
  } catch (err) {
    await Promise.all(envs.map((e) => e.close()));
    interrupts.dispose();
    const sig = interrupts.received();
    if (sig) return sig === 'SIGINT' ? EXIT.INTERRUPTED : EXIT.TERMINATED;
    throw err;
  }
}

/**
 * Sets up the environment under a signal watch. With `abortSetUp` a first signal cuts
 * set-up short and the exit code of that signal is returned (set-up cleans up after
 * itself); without it (one short case) a first signal lets set-up finish and the caller
 * checks `interrupts.signal` before its case.
 */
export async function setUpWatched(opts: ConnectionOptions, abortSetUp: boolean): Promise<WatchedEnvironment | number> {
  let ready: Environment | undefined;
  const interrupts = watchInterrupts(() => ready?.workers.forEach((w) => w.kill()));
  try {
    ready = await setUpEnvironment(abortSetUp ? { ...opts, signal: interrupts.signal } : opts);
    return { env: ready, interrupts };
  } catch (err) {
    interrupts.dispose();
    const sig = interrupts.received();
    if (abortSetUp && sig) return sig === 'SIGINT' ? EXIT.INTERRUPTED : EXIT.TERMINATED;
    throw err;
  }
}
