// A NIC the user gave no MAC gets one libvirt makes up, and two NICs may share one, so the
// model cannot key those by MAC (types/keys.ts). libvirt keeps `<interface>` order, so its n-th NIC is the spec's n-th:
// libvirt's side is re-keyed by position for those NICs, the only thing taken from its
// answer being which element is which, never an address.

import type { DomainSpec, DomainState } from '../../types/domain.js';
import { maclessNetKey } from '../../types/keys.js';

/** libvirt's state with the NICs the spec names no MAC (or a shared one) for keyed by their position. */
export function keyMaclessNets(state: DomainState, spec: Pick<DomainSpec, 'nets'>): DomainState {
  const byPosition = (n: DomainSpec['nets'][number]): boolean => n.mac === undefined || n.macShared === true;
  if (!spec.nets.some(byPosition)) return state;
  let position = -1;
  const devices = state.devices.map((d) => {
    if (!d.key.startsWith('net:')) return d;
    position++;
    const specNet = spec.nets.find((n, i) => (n.position ?? i) === position);
    return specNet !== undefined && byPosition(specNet) ? { ...d, key: maclessNetKey(position) } : d;
  });
  return { ...state, devices };
}
