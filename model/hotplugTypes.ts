// The vocabulary of hotplug sequences, shared by the hotplug model (which predicts each
// step) and the properties (which generate steps and run them through virsh). Plain data:
// a step names a concrete device (its MAC or target already fixed), so a sequence can be
// replayed, shrunk and written into a repro bundle as it is.

import type { ControllerSpec, DiskSpec, DomainSpec, DomainState, BuildProfile, NetSpec, RejectClass } from '../types/domain.js';

/** A device an attach or detach step hands to virsh, as one element of device XML. */
export type HotplugDevice =
  | { kind: 'net'; spec: NetSpec }
  | { kind: 'disk'; spec: DiskSpec }
  /** modelName: written as `<model name=>`, making a PCI controller's definition complete (with index and target). */
  | { kind: 'controller'; spec: ControllerSpec; modelName?: string };

/** `--live` changes the running guest, `--config` the persistent definition. */
export type HotplugMode = 'live' | 'config';

/** One command of a sequence. */
export type HotplugStep =
  | { op: 'attach'; mode: HotplugMode; device: HotplugDevice }
  | { op: 'detach'; mode: HotplugMode; device: HotplugDevice }
  /** destroy + start --paused: the persistent definition becomes the live one. */
  | { op: 'restart' };

/** Why libvirt (or QEMU through libvirt) refuses a step; each is a message observed here. */
export type HotplugRefusal =
  /** "No more available PCI slots": no free hotpluggable slot on any bus. */
  | 'no-free-slot'
  /** QEMU: "Bus 'pci.0' does not support hotplugging" (pc without ACPI). */
  | 'bus-not-hotpluggable'
  /** "'usb' controller cannot be hot plugged." (every controller type but SCSI). */
  | 'controller-not-hotpluggable'
  /** "Required option 'modelName' is not set for PCI controller …": a PCI controller in device XML. */
  | 'controller-needs-model-name'
  /** "no device found …" / "no target device …": detaching what the definition does not hold. */
  | 'device-not-found'
  /** QEMU: "Device … is already in the process of unplug" (a paused guest never completes one). */
  | 'unplug-in-progress'
  /** A `--config` attach the full cold assignment refuses; the class says why. */
  | 'config-rejected';

/** One side of the domain: the spec with every address pinned, and the state it yields. */
export interface HotplugSide {
  /** The definition as libvirt re-reads it: every controller explicit, every PCI address given. */
  spec: DomainSpec;
  state: DomainState;
}

/** What the model tracks between steps; it never holds anything libvirt answered. */
export interface HotplugWorld {
  profile: BuildProfile;
  /** Whether the guest has `<features><acpi/>`: on pc, QEMU hotplugs into pci.0 only then. */
  acpi: boolean;
  live: HotplugSide;
  config: HotplugSide;
  /** Keys of live devices whose unplug was requested: a paused guest never lets them go. */
  pending: string[];
  /** Keys of live devices attached --live since the guest last started. */
  hotAttached: string[];
}

/** The model's answer for one step. */
export type StepPrediction =
  | { kind: 'ok'; world: HotplugWorld }
  /** errorClass is set for 'config-rejected': the class a define of that definition would fail with. */
  | { kind: 'refused'; refusal: HotplugRefusal; detail: string; errorClass?: RejectClass }
  | { kind: 'unsupported'; reason: string };
