#!/usr/bin/env bash
# libvirt 9.0 does not reserve the USB port a usb-net NIC names: a USB keyboard is given the
# same port 2, and the domain cannot start. (Without a USB address, 9.0 refuses the NIC:
# "Cannot automatically add a new PCI bus for a device with connect flags 00".)
set -eu
cd -- "$(dirname -- "$0")"
. ../embedded-root.sh
dom=vp-known-usb-net-port
vp_remove_at_exit "$dom"
"$VIRSH" -c "$URI" define input.xml
"$VIRSH" -c "$URI" dumpxml --inactive $dom | grep -n "address type='usb'"
"$VIRSH" -c "$URI" start --paused $dom
