// libvirt 9.0's alias scheme (src/qemu/qemu_alias.c), which becomes each device's QEMU
// id. Every rule here was also checked against `domxml-to-native` on this machine.

import type { ControllerState } from '../../types/domain.js';
import { diskNameToIndex } from '../diskNames.js';
import { type ArgvFamily, unsupported } from './rendering.js';

/** id of a controller: pci.N / pcie.0, usb / usbN, the built-in "ide", or TYPE + index. */
export function controllerAlias(controller: ControllerState, family: ArgvFamily): string {
  if (controller.type === 'pci') {
    return controller.model === 'pcie-root' ? `pcie.${controller.index}` : `pci.${controller.index}`;
  }
  if (controller.type === 'usb' && controller.index === 0) return 'usb';
  // The first IDE controller of i440fx and the first SATA controller of q35 are built
  // into the machine; QEMU names their buses ide.N, so libvirt calls both "ide".
  if (controller.type === 'ide' && family === 'i440fx' && controller.index === 0) return 'ide';
  if (controller.type === 'sata' && family === 'q35' && controller.index === 0) return 'ide';
  return `${controller.type}${controller.index}`;
}

/** Index of a disk target name as libvirt counts it (vda → 0, vdz → 25, vdaa → 26); argv-unsupported when it has none. */
export function diskNameIndex(target: string): number {
  return diskNameToIndex(target) ?? unsupported(`disk target ${target}: not a name libvirt can index`);
}

/** id of a virtio disk: "virtio-disk" + the index of its target name. */
export const virtioDiskAlias = (target: string): string => `virtio-disk${diskNameIndex(target)}`;

/** id of the n-th device of a kind in libvirt's order: net0, video1, sound0, rng0, input3 … */
export const positionalAlias = (prefix: string, n: number): string => `${prefix}${n}`;

/** id of the memballoon: there is at most one. */
export const BALLOON_ALIAS = 'balloon0';
