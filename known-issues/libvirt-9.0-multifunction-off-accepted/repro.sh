#!/usr/bin/env bash
# libvirt 9.0 accepts multifunction='off' on function 0 of a slot whose function 1 is in
# use; QEMU refuses: "single function device can't be populated in function 4.1".
set -eu
cd -- "$(dirname -- "$0")"
. ../embedded-root.sh
dom=vp-known-mf-off
vp_remove_at_exit "$dom"
"$VIRSH" -c "$URI" define input.xml
"$VIRSH" -c "$URI" dumpxml $dom | grep -E "<address type='pci'"
"$VIRSH" -c "$URI" start --paused $dom
