#!/usr/bin/env bash
# libvirt 9.0 refuses an x86_64 machine type QEMU does not know with "No PCI buses
# available" instead of naming the machine; with nothing that needs PCI it names it.
set -u
cd -- "$(dirname -- "$0")"
. ../embedded-root.sh
vp_remove_at_exit vp-known-unknown-machine
echo "# an empty domain (libvirt adds its default USB controller and memballoon):"
"$VIRSH" -c "$URI" define input.xml
echo "# the same with USB and the balloon switched off:"
"$VIRSH" -c "$URI" define bare.xml
exit 0
