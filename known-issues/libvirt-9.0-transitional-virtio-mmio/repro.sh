#!/usr/bin/env bash
# libvirt accepts a virtio-transitional device on virtio-mmio and names a QEMU device that
# does not exist ("virtio-rng-device-transitional"); QEMU refuses it at start.
set -u
cd -- "$(dirname -- "$0")"
. ../embedded-root.sh
vp_remove_at_exit vp-known-transitional-mmio
"$VIRSH" -c "$URI" define input.xml
"$VIRSH" -c "$URI" start --paused vp-known-transitional-mmio
exit 0
