#!/usr/bin/env bash
# libvirt 9.0 accepts a USB cdrom without media, but passes QEMU a usb-storage device
# without a drive, which QEMU refuses at start ("drive property not set").
set -u
cd -- "$(dirname -- "$0")"
VIRSH=${VIRSH:-virsh}
root=$(mktemp -d "${TMPDIR:-/tmp}/vp-known.XXXXXX")
mkdir -p "$root/etc"
if [ "$(id -u)" -eq 0 ]; then printf '%s\n' 'user = "root"' 'group = "root"' > "$root/etc/qemu.conf"; fi
printf '%s\n' 'stdio_handler = "file"' >> "$root/etc/qemu.conf"
URI=${URI:-"qemu:///embed?root=$root"}
trap '"$VIRSH" -c "$URI" destroy vp-known-usb-cdrom >/dev/null 2>&1 || true; "$VIRSH" -c "$URI" undefine vp-known-usb-cdrom >/dev/null 2>&1 || true; rm -rf -- "$root"' EXIT
"$VIRSH" -c "$URI" define input.xml
"$VIRSH" -c "$URI" start --paused vp-known-usb-cdrom
exit 0
