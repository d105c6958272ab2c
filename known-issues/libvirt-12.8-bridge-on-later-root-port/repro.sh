#!/usr/bin/env bash
# libvirt 12.8 gives a pcie-to-pci-bridge that has no free root port a new one, but with a
# higher index than the bridge's own: the bridge (pci.1) sits on bus pci.2, QEMU gets the
# bridge's -device first and refuses: "Bus 'pci.2' not found". Runs on debian-unstable by
# default (BUILD=NAME or VIRSH=PATH for another libvirt).
set -eu
cd -- "$(dirname -- "$0")"
BUILD=${BUILD:-debian-unstable}
. ../embedded-root.sh
dom=vp-known-bridge-port
vp_remove_at_exit "$dom"
"$VIRSH" -c "$URI" define input.xml
"$VIRSH" -c "$URI" dumpxml $dom | grep -A3 "<controller type='pci' index='[12]'" | grep -E "controller|address"
"$VIRSH" -c "$URI" start --paused $dom
