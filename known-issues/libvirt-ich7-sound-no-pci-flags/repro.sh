#!/usr/bin/env bash
# The QEMU driver parses <sound model='ich7'/>, gives it no PCI connect flags, and then
# fails to find a slot for it with an internal error instead of saying the model is not
# supported.
set -u
cd -- "$(dirname -- "$0")"
. ../embedded-root.sh
vp_remove_at_exit vp-known-ich7
"$VIRSH" -c "$URI" define input.xml
exit 0
