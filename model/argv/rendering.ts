// What model/argv answers: the `-device` list libvirt 9.0 will pass to QEMU, or the
// reason it cannot say. "unsupported" is an honest answer, never a guess dressed up.

import type { ArgvDevice } from '../../types/qemu.js';

/** The predicted PCI-relevant `-device` entries, or why they cannot be predicted. */
export type ArgvRendering = { kind: 'ok'; devices: ArgvDevice[] } | { kind: 'unsupported'; reason: string };

/** The machine families whose command lines were observed here. */
export type ArgvFamily = 'i440fx' | 'q35' | 'arm-virt';

/** Thrown inside model/argv when a case is outside what was verified; caught by renderArgv. */
export class ArgvUnsupported extends Error {}

/** Stops the rendering with an "unsupported" answer carrying `reason`. */
export function unsupported(reason: string): never {
  throw new ArgvUnsupported(reason);
}
