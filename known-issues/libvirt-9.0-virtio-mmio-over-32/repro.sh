#!/usr/bin/env bash
# libvirt 9.0 (aarch64 virt): one virtio-mmio address moves every address-less virtio
# device onto virtio-mmio, but the virt board has 32 virtio-mmio transports; with 33 such
# devices libvirt still accepts the guest and QEMU refuses the 33rd:
# "No 'virtio-bus' bus found for device 'virtio-net-device'".
set -eu
cd -- "$(dirname -- "$0")"
. ../embedded-root.sh
dom=vp-known-mmio-33
vp_remove_at_exit "$dom"
"$VIRSH" -c "$URI" define input.xml
"$VIRSH" -c "$URI" dumpxml $dom | grep -c "<address type='virtio-mmio'/>"
"$VIRSH" -c "$URI" start --paused $dom
