#!/usr/bin/env bash
# libvirt 9.0 refuses an x86_64 machine type QEMU does not know with "No PCI buses
# available" instead of naming the machine; with nothing that needs PCI it names it.
set -u
cd -- "$(dirname -- "$0")"
VIRSH=${VIRSH:-virsh}
root=$(mktemp -d "${TMPDIR:-/tmp}/vp-known.XXXXXX")
mkdir -p "$root/etc"
if [ "$(id -u)" -eq 0 ]; then printf '%s\n' 'user = "root"' 'group = "root"' > "$root/etc/qemu.conf"; fi
URI=${URI:-"qemu:///embed?root=$root"}
trap '"$VIRSH" -c "$URI" undefine vp-known-unknown-machine >/dev/null 2>&1 || true; rm -rf -- "$root"' EXIT
echo "# an empty domain (libvirt adds its default USB controller and memballoon):"
"$VIRSH" -c "$URI" define input.xml
echo "# the same with USB and the balloon switched off:"
"$VIRSH" -c "$URI" define bare.xml
exit 0
