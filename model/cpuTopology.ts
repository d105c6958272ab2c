// A CPU topology against the vCPU count: libvirt's driver checks that the topology's product
// is the maximum vCPU count (qemuValidateDomainVCpuTopology).

import type { DomainSpec } from '../types/domain.js';
import type { ReleaseFacts } from './releases.js';

/** The vCPUs a topology makes, as the release counts them (clusters only where it reads them). */
export function topologyCpus(t: NonNullable<DomainSpec['cpuTopology']>, release: Pick<ReleaseFacts, 'topologyClusters'>): number {
  return t.sockets * t.dies * (release.topologyClusters ? t.clusters : 1) * t.cores * t.threads;
}
