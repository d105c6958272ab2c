#!/usr/bin/env bash
# libvirt 9.0 fills a gap in PCI controller indexes (index 1 here) with a pcie-root-port
# appended at the END of its in-memory controller list. A `start` in the same process that
# defined the domain (one virsh session, or any libvirtd before it restarts) builds QEMU's
# command line in list order, so the bridge comes before the port it sits on:
#   -device {"driver":"pcie-pci-bridge","id":"pci.2","bus":"pci.1",…}: Bus 'pci.1' not found
# After a fresh load from disk the list is sorted and the same definition starts.
set -eu
cd -- "$(dirname -- "$0")"
. ../embedded-root.sh
dom=vp-known-gap-order
vp_remove_at_exit "$dom"
echo '== define, dumpxml and start in ONE virsh process (fails: root port 1 listed last)'
"$VIRSH" -c "$URI" "define input.xml; dumpxml $dom; start --paused $dom" 2>&1 | grep -E "<controller type='pci'|error|not found" || true
"$VIRSH" -c "$URI" destroy $dom >/dev/null 2>&1 || true
echo '== start in a NEW virsh process (the definition is re-read from disk, sorted: starts)'
"$VIRSH" -c "$URI" start --paused $dom
