// Device identity. A device's key must be computable from the input spec (by the
// model) and from libvirt's output XML (by the harness) without either one seeing
// the other, so it uses only things libvirt keeps: a disk's target, a NIC's MAC,
// and otherwise the device's position among its own kind in libvirt's output order.

/** Key of a disk: its target device name. */
export const diskKey = (target: string): string => `disk:${target}`;

/** Key of a NIC: its MAC address, lower-cased. */
export const netKey = (mac: string): string => `net:${mac.toLowerCase()}`;

/**
 * Key of a NIC the user gave no MAC (libvirt makes one up, so only its position among
 * the NICs identifies it: libvirt keeps `<interface>` order).
 */
export const maclessNetKey = (n: number): string => `net:#${n}`;

/** Key of a NIC a hotplug step attaches or detaches: those always carry a MAC (the sequence generator gives one). */
export function attachedNetKey(net: { mac?: string }): string {
  if (net.mac === undefined) throw new Error('a hotplugged NIC without a MAC cannot be recognised in libvirt\'s answer');
  return netKey(net.mac);
}

/** Key of the n-th NIC of a spec: by its MAC, or by its position when it has none. */
export const specNetKey = (net: { mac?: string; position?: number; macShared?: true }, n: number): string => (net.mac === undefined || net.macShared ? maclessNetKey(net.position ?? n) : netKey(net.mac));

/** Key of the n-th device of a kind (video, sound, rng, watchdog) in libvirt's output order. */
export const ordinalKey = (kind: string, n: number): string => `${kind}:${n}`;

/** Key of the n-th input on a given bus (libvirt adds implicit ps2/usb inputs of its own). */
export const inputKey = (bus: string, n: number): string => `input:${bus}:${n}`;

/** Key of the single memballoon. */
export const memballoonKey = 'memballoon';

/** Key of a controller: its type and index. */
export const controllerKey = (type: string, index: number): string => `controller:${type}:${index}`;
