// Public face of the spec generators: what the properties and the CLI import.

export { domainSpecArb, bulkThreshold, type DomainSpecArbOptions } from './domainSpec.js';
export { deliberateFaults, type DeliberateFault } from './faults.js';
export { injectFault, faultArb, faultKinds, maybeFaultArb, type Fault, type FaultKind } from './faultInjection.js';
export type { GenFamily } from './family.js';
export { disksArb, diskDraftArb, nameDisks } from './disk.js';
export { netsArb, netModelArb, macFromSuffix } from './net.js';
export { usbControllersArb, scsiControllersArb, virtioSerialControllersArb, ehciSetArb } from './controller.js';
export { pciChainArb } from './pciChain.js';
export { videosArb } from './video.js';
export { soundsArb, soundArb } from './sound.js';
export { memballoonArb } from './memballoon.js';
export { rngsArb } from './rng.js';
export { watchdogsArb } from './watchdog.js';
export { inputsArb, inputArb } from './input.js';
export { addressFormArb, addressPlanArb, type AddressForm } from './address.js';
export { applyAddressPlan } from './addressPlan.js';
export { addressableDevices, type AddressableDevice } from './pciDevices.js';
