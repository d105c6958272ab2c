#!/usr/bin/env bash
# libvirt 9.0 on aarch64 virt: once one device is on virtio-mmio, the lsilogic
# SCSI controller gets <address type='virtio-mmio'/> too, but `-device lsi` has no bus,
# so QEMU plugs it into pcie.0 at a slot libvirt's XML does not show.
set -eu
cd -- "$(dirname -- "$0")"
. ../embedded-root.sh
vp_remove_at_exit vp-known-lsi-mmio
"$VIRSH" -c "$URI" define input.xml
echo "# libvirt's XML: the lsilogic controller is on virtio-mmio"
"$VIRSH" -c "$URI" dumpxml vp-known-lsi-mmio | grep -A2 "<controller type='scsi'"
echo "# what QEMU is told: lsi without a bus"
"$VIRSH" -c "$URI" domxml-to-native qemu-argv --domain vp-known-lsi-mmio | tr ' ' '\n' | grep '"driver":"lsi"'
"$VIRSH" -c "$URI" start --paused vp-known-lsi-mmio
echo "# where QEMU put it"
"$VIRSH" -c "$URI" qemu-monitor-command vp-known-lsi-mmio --hmp "info qtree" | grep -B1 -A3 'dev: lsi53c895a'
