#!/usr/bin/env bash
# libvirt 9.0 auto-addresses a pcie-switch-upstream-port onto the downstream port that
# itself sits below it; QEMU then refuses to start the domain ("Bus 'pci.2' not found").
set -eu
cd -- "$(dirname -- "$0")"
. ../embedded-root.sh
vp_remove_at_exit vp-known-cycle
"$VIRSH" -c "$URI" define input.xml
"$VIRSH" -c "$URI" dumpxml vp-known-cycle | grep -A3 "model='pcie-switch"
"$VIRSH" -c "$URI" start --paused vp-known-cycle
