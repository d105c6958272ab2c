#!/usr/bin/env bash
# libvirt 9.0 accepts a pci-root on isapc (and microvm), machines without any PCI host
# bridge, and puts the balloon on pci.0; QEMU refuses: "Bus 'pci.0' not found".
set -eu
cd -- "$(dirname -- "$0")"
. ../embedded-root.sh
dom=vp-known-isapc-pci
vp_remove_at_exit "$dom"
"$VIRSH" -c "$URI" define input.xml
"$VIRSH" -c "$URI" dumpxml $dom | grep -E "<controller type='pci'|<address type='pci'"
"$VIRSH" -c "$URI" start --paused $dom
