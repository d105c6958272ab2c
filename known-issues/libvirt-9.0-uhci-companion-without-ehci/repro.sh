#!/usr/bin/env bash
# libvirt 9.0 accepts an ICH9 UHCI companion at an index without an ich9-ehci1 when
# another USB controller is declared too, then fails every start ("masterbus not found").
set -u
cd -- "$(dirname -- "$0")"
. ../embedded-root.sh
vp_remove_at_exit vp-known-uhci-companion
"$VIRSH" -c "$URI" define input.xml
"$VIRSH" -c "$URI" start --paused vp-known-uhci-companion
exit 0
