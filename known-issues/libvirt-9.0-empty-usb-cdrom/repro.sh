#!/usr/bin/env bash
# libvirt 9.0 accepts a USB cdrom without media, but passes QEMU a usb-storage device
# without a drive, which QEMU refuses at start ("drive property not set").
set -u
cd -- "$(dirname -- "$0")"
. ../embedded-root.sh
vp_remove_at_exit vp-known-usb-cdrom
"$VIRSH" -c "$URI" define input.xml
"$VIRSH" -c "$URI" start --paused vp-known-usb-cdrom
exit 0
