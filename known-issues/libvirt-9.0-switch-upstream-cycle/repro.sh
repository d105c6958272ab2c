#!/usr/bin/env bash
# libvirt 9.0 auto-addresses a pcie-switch-upstream-port onto the downstream port that
# itself sits below it; QEMU then refuses to start the domain ("Bus 'pci.2' not found").
set -eu
cd -- "$(dirname -- "$0")"
VIRSH=${VIRSH:-virsh}
root=$(mktemp -d "${TMPDIR:-/tmp}/vp-known.XXXXXX")
mkdir -p "$root/etc"
if [ "$(id -u)" -eq 0 ]; then printf '%s\n' 'user = "root"' 'group = "root"' > "$root/etc/qemu.conf"; fi
printf '%s\n' 'stdio_handler = "file"' >> "$root/etc/qemu.conf"
URI=${URI:-"qemu:///embed?root=$root"}
trap '"$VIRSH" -c "$URI" destroy vp-known-cycle >/dev/null 2>&1 || true; "$VIRSH" -c "$URI" undefine vp-known-cycle >/dev/null 2>&1 || true; rm -rf -- "$root"' EXIT
"$VIRSH" -c "$URI" define input.xml
"$VIRSH" -c "$URI" dumpxml vp-known-cycle | grep -A3 "model='pcie-switch"
"$VIRSH" -c "$URI" start --paused vp-known-cycle
