#!/usr/bin/env bash
# libvirt 9.0 accepts a serial port and a controller that share a user alias, then refuses
# to define its own XML of that domain: "non unique alias detected: ua-vser1".
set -eu
cd -- "$(dirname -- "$0")"
. ../embedded-root.sh
dom=vp-known-alias-clash
vp_remove_at_exit "$dom"
"$VIRSH" -c "$URI" define input.xml
"$VIRSH" -c "$URI" dumpxml --inactive $dom > "$vp_root/again.xml"
grep -n "ua-vser1" "$vp_root/again.xml"
"$VIRSH" -c "$URI" define "$vp_root/again.xml"
