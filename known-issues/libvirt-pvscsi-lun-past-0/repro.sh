#!/usr/bin/env bash
# libvirt puts a second disk on a vmpvscsi controller at unit 1 and hands it to QEMU as LUN 1;
# QEMU's pvscsi has LUN 0 only and refuses to start: "bad scsi device lun: 1".
set -eu
cd -- "$(dirname -- "$0")"
. ../embedded-root.sh
dom=vp-known-pvscsi
vp_remove_at_exit "$dom"
# the disks' images live in the private root, not under /var/lib/libvirt/images
truncate -s 1M "$vp_root/pvscsi-a.img" "$vp_root/pvscsi-b.img"
sed "s|/var/lib/libvirt/images/|$vp_root/|" input.xml > "$vp_root/input.xml"
"$VIRSH" -c "$URI" define "$vp_root/input.xml"
"$VIRSH" -c "$URI" dumpxml $dom | grep -E "<address type='drive'"
"$VIRSH" -c "$URI" start --paused $dom
