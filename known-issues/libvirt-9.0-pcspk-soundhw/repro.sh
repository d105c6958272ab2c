#!/usr/bin/env bash
# libvirt 9.0 accepts a PC speaker (<sound model='pcspk'/>) and asks QEMU for it with
# -soundhw, an option QEMU 7.1 removed: every start fails.
set -u
cd -- "$(dirname -- "$0")"
. ../embedded-root.sh
vp_remove_at_exit vp-known-pcspk
"$VIRSH" -c "$URI" define input.xml
"$VIRSH" -c "$URI" start --paused vp-known-pcspk
exit 0
