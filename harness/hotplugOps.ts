// The virsh operations of a hotplug sequence: attach and detach one device (live or to
// the persistent definition), the inactive XML, and the disk image an attached disk
// opens. Observation only: what libvirt answers is returned as it is, never judged here.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { VirshResult } from './virshSession.js';
import type { Worker } from './worker.js';
import { ensureImages } from './images.js';

/** `--live` or `--config`, as virsh spells the flag. */
export type DeviceMode = 'live' | 'config';

// A live detach waits for QEMU's DEVICE_DELETED for 5 s before libvirt gives up waiting.
const DETACH_TIMEOUT_MS = 30_000;

/** Writes device XML to the worker's scratch directory under `file` and returns its path. */
export async function writeDeviceFile(worker: Worker, file: string, xml: string): Promise<string> {
  const full = path.join(worker.scratchDir, path.basename(file));
  await fs.writeFile(full, xml);
  return full;
}

/** `virsh attach-device NAME FILE --live|--config`. */
export async function attachDevice(worker: Worker, name: string, file: string, mode: DeviceMode): Promise<VirshResult> {
  return worker.virsh(['attach-device', name, file, `--${mode}`]);
}

/** `virsh detach-device NAME FILE --live|--config` (a live one may wait for the guest). */
export async function detachDevice(worker: Worker, name: string, file: string, mode: DeviceMode): Promise<VirshResult> {
  return worker.virsh(['detach-device', name, file, `--${mode}`], Math.max(worker.options.timeoutMs, DETACH_TIMEOUT_MS));
}

/** The persistent definition of a domain (`dumpxml --inactive`). */
export async function inactiveXml(worker: Worker, name: string): Promise<VirshResult> {
  return worker.virsh(['dumpxml', '--inactive', name]);
}

/** Creates the image files a device's `<disk><source file=…>` names, inside `imageDir` only. */
export async function ensureDeviceImages(deviceXml: string, imageDir: string): Promise<void> {
  await ensureImages(`<domain><devices>${deviceXml}</devices></domain>`, imageDir);
}
