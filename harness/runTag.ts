// A tag that tells this process's domains from every other's on a shared libvirt. The pid
// alone is not enough: CI jobs in containers (own pid namespaces) that share one host's
// libvirtd can have the same pid, and would then define, start and undefine each other's
// guests under one name.

import { randomBytes } from 'node:crypto';

/** This process's pid in base 36 and four random base-36 characters; fixed for its lifetime. */
export const RUN_TAG = `${process.pid.toString(36)}${(randomBytes(4).readUInt32BE(0) % 36 ** 4).toString(36).padStart(4, '0')}`;
