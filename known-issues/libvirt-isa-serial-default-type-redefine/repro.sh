#!/usr/bin/env bash
# libvirt accepts five serial ports without a target type on an x86 guest and saves them as
# isa-serial ports 0-4; the next time it loads its configs (here: the next virsh call of the
# embedded driver, on a host: a daemon restart) it refuses its own saved XML ("Maximum
# supported number of ISA serial ports is '4'") and the domain is gone.
set -u
cd -- "$(dirname -- "$0")"
. ../embedded-root.sh
dom=vp-known-isa-serial
vp_remove_at_exit "$dom"
"$VIRSH" -c "$URI" define input.xml || exit 1
echo "--- libvirt's saved config:"
grep -n "target type='isa-serial'" "$(find "$vp_root" -name "$dom.xml" | head -1)"
echo "--- the next connection:"
"$VIRSH" -c "$URI" dominfo "$dom"
exit 0
