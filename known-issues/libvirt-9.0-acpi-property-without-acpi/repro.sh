#!/usr/bin/env bash
# libvirt 9.0 passes acpi=off to an aarch64 machine that has no ACPI property (collie);
# QEMU refuses: "Property 'collie-machine.acpi' not found".
set -eu
cd -- "$(dirname -- "$0")"
. ../embedded-root.sh
dom=vp-known-collie-acpi
vp_remove_at_exit "$dom"
"$VIRSH" -c "$URI" define input.xml
"$VIRSH" -c "$URI" start --paused $dom
