#!/usr/bin/env bash
# libvirt 9.0 refuses to define a domain that has <controller type='usb' model='none'/> and
# another USB controller ("Can't add another USB controller: USB is disabled for this
# domain"), but `attach-device --config` adds one to such a domain and saves the result. The
# next process that loads the saved definition (a new virsh here; libvirtd after a restart)
# fails "Failed to load config for domain": the domain is gone from libvirt's list.
set -eu
cd -- "$(dirname -- "$0")"
VIRSH=${VIRSH:-virsh}
root=$(mktemp -d "${TMPDIR:-/tmp}/vp-known.XXXXXX")
mkdir -p "$root/etc"
if [ "$(id -u)" -eq 0 ]; then printf '%s\n' 'user = "root"' 'group = "root"' > "$root/etc/qemu.conf"; fi
printf '%s\n' 'stdio_handler = "file"' >> "$root/etc/qemu.conf"
URI=${URI:-"qemu:///embed?root=$root"}
dom=vp-known-usb-none
trap '"$VIRSH" -c "$URI" undefine $dom >/dev/null 2>&1 || true; rm -rf -- "$root"' EXIT
echo '== define, attach a qemu-xhci with --config (accepted), show the saved USB controllers'
"$VIRSH" -c "$URI" "define input.xml; attach-device $dom xhci.xml --config; dumpxml --inactive $dom" 2>&1 | grep -E "controller type='usb'|attached|error" || true
echo '== a new process loads the saved definition: the domain is gone'
"$VIRSH" -c "$URI" list --all 2>&1 | grep -E "Failed to load config|$dom" || true
echo '== the same definition handed to define is refused'
"$VIRSH" -c "$URI" "define input.xml; attach-device $dom xhci.xml --config; dumpxml --inactive $dom" 2>/dev/null | sed -n '/<domain/,/<\/domain>/p' | sed "s/<name>$dom</<name>$dom-2</; /<uuid>/d" > "$root/saved.xml"
"$VIRSH" -c "$URI" define "$root/saved.xml" || true
rm -f -- "$root/etc/qemu/$dom.xml"
