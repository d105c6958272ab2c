// libvirt 9.0's alias scheme (src/qemu/qemu_alias.c), which becomes each device's QEMU
// id. Every rule here was also checked against `domxml-to-native` on this machine.

import type { ControllerState, DiskSpec, NetSpec } from '../../types/domain.js';
import { diskNameToIndex } from '../diskNames.js';
import { isUserAlias } from '../userAliases.js';
import { type ArgvFamily, unsupported } from './rendering.js';

const isPciRoot = (c: ControllerState): boolean => c.type === 'pci' && (c.model === 'pci-root' || c.model === 'pcie-root');

/**
 * id of a controller, which is also the name of the bus a PCI controller provides: the
 * user alias when it has one, except on a PCI root. libvirt passes no -device for the
 * root, so its bus keeps QEMU's own name (pci.0 / pcie.0) whatever the user called it
 * (observed with libvirt 9.0, 11.3 and 12.8: bus=pcie.0 beside ua-rp1 on ua-root).
 */
export function controllerAlias(controller: ControllerState, family: ArgvFamily): string {
  if (!isPciRoot(controller) && isUserAlias(controller.alias)) return controller.alias;
  return automaticControllerAlias(controller, family);
}

/** libvirt's own id of a controller: pci.N / pcie.0, usb / usbN, the built-in "ide", or TYPE + index. */
function automaticControllerAlias(controller: ControllerState, family: ArgvFamily): string {
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

/** id of a disk: its user alias, else libvirt's name from its target (a neighbour's user alias changes nothing). */
export const diskAlias = (disk: DiskSpec): string => (isUserAlias(disk.alias) ? disk.alias : virtioDiskAlias(disk.target));

/**
 * id of the NIC at `index`: its user alias, else "net" + the count of the NICs before it
 * that have none. libvirt numbers only the NICs it names itself (observed with 9.0, 11.3 and
 * 12.8: NICs ua-nic, -, ua-nic3, - become ua-nic, net0, ua-nic3, net1).
 */
export function netAlias(nets: NetSpec[], index: number): string {
  const own = nets[index].alias;
  if (isUserAlias(own)) return own;
  return positionalAlias('net', nets.slice(0, index).filter((n) => !isUserAlias(n.alias)).length);
}

/** id of the n-th device of a kind in libvirt's order: net0, video1, sound0, rng0, input3 … */
export const positionalAlias = (prefix: string, n: number): string => `${prefix}${n}`;

/** id of the memballoon: there is at most one. */
export const BALLOON_ALIAS = 'balloon0';
