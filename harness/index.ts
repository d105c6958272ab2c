// What the harness offers the judges and run loops in properties/, which observe libvirt
// only through this file (test/lint/imports.test.ts holds them to it): the worker they
// are handed (a type only: cli/ creates workers, properties/ drives them), the parsers of
// what libvirt and QEMU answer (domain XML, the logged command line, `info qtree`), the
// classifier of libvirt's refusals, disk images for started guests, the hot-plug
// commands, and the errors that mark a fault of the harness rather than a finding.

export type { DefineSent, Transcript, Worker } from './worker.js';
export type { VirshResult } from './virshSession.js';
export { CaseAbandonedError, isHarnessFault } from './errors.js';
export { parseDomainXml } from './parseDomainXml.js';
export { parseQemuArgv } from './argv.js';
export { parseQtree } from './qtree.js';
export { classifyRejection } from './rejectClass.js';
export { ensureImages } from './images.js';
export { attachDevice, detachDevice, ensureDeviceImages, inactiveXml, writeDeviceFile, type DeviceMode } from './hotplugOps.js';
