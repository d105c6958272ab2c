#!/usr/bin/env bash
# libvirt 12.8 refuses an x86_64 machine type QEMU does not know by claiming the machine
# "supports PCI but no PCI controller added", even for a guest with nothing that needs PCI;
# libvirt 9.0 and 11.3 name the machine as unknown there. Runs on debian-unstable by
# default (BUILD=NAME or VIRSH=PATH for another libvirt).
set -u
cd -- "$(dirname -- "$0")"
BUILD=${BUILD:-debian-unstable}
. ../embedded-root.sh
vp_remove_at_exit vp-known-unknown-machine-12
echo "# an empty domain:"
"$VIRSH" -c "$URI" define input.xml
echo "# the same with USB and the balloon switched off (nothing needs PCI):"
"$VIRSH" -c "$URI" define bare.xml
exit 0
