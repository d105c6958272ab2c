#!/usr/bin/env bash
# libvirt 9.0 accepts a user chassis number that equals the chassis it then gives another
# root port; QEMU refuses the second port: "Can't add chassis slot, error -16".
set -eu
cd -- "$(dirname -- "$0")"
VIRSH=${VIRSH:-virsh}
root=$(mktemp -d "${TMPDIR:-/tmp}/vp-known.XXXXXX")
mkdir -p "$root/etc"
if [ "$(id -u)" -eq 0 ]; then printf '%s\n' 'user = "root"' 'group = "root"' > "$root/etc/qemu.conf"; fi
printf '%s\n' 'stdio_handler = "file"' >> "$root/etc/qemu.conf"
URI=${URI:-"qemu:///embed?root=$root"}
dom=vp-known-chassis
trap '"$VIRSH" -c "$URI" destroy $dom >/dev/null 2>&1 || true; "$VIRSH" -c "$URI" undefine $dom >/dev/null 2>&1 || true; rm -rf -- "$root"' EXIT
"$VIRSH" -c "$URI" define input.xml
"$VIRSH" -c "$URI" dumpxml $dom | grep -E "<target chassis"
"$VIRSH" -c "$URI" start --paused $dom
