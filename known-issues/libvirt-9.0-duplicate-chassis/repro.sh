#!/usr/bin/env bash
# libvirt 9.0 accepts a user chassis number that equals the chassis it then gives another
# root port; QEMU refuses the second port: "Can't add chassis slot, error -16".
set -eu
cd -- "$(dirname -- "$0")"
. ../embedded-root.sh
dom=vp-known-chassis
vp_remove_at_exit "$dom"
"$VIRSH" -c "$URI" define input.xml
"$VIRSH" -c "$URI" dumpxml $dom | grep -E "<target chassis"
"$VIRSH" -c "$URI" start --paused $dom
