# Sourced by every known issue's repro.sh. Sets VIRSH (default: virsh on PATH; BUILD=NAME
# picks an installed virtprop build, see `virtprop builds`) and URI (default: a private
# embedded libvirt in a fresh temp dir, no daemon needed), and
# `vp_remove_at_exit DOMAIN` destroys and undefines the domain and removes the temp dir
# when the script ends, however it ends.
if [ -n "${BUILD:-}" ] && [ -x "${VIRTPROP_BUILDS_DIR:-/var/lib/virtprop/builds}/$BUILD/.virtprop/virsh" ]; then
  VIRSH=${VIRTPROP_BUILDS_DIR:-/var/lib/virtprop/builds}/$BUILD/.virtprop/virsh
fi
VIRSH=${VIRSH:-virsh}
vp_root=$(mktemp -d "${TMPDIR:-/tmp}/vp-known.XXXXXX")
mkdir -p "$vp_root/etc"
# As root, QEMU runs as root too (else libvirt re-probes QEMU on every call); no virtlogd
# serves an embedded driver, so QEMU logs to a file.
if [ "$(id -u)" -eq 0 ]; then printf '%s\n' 'user = "root"' 'group = "root"' > "$vp_root/etc/qemu.conf"; fi
# QEMU in the host's mount namespace: a build's root cannot build QEMU's private /dev.
printf '%s\n' 'stdio_handler = "file"' 'vnc_auto_unix_socket = 1' 'namespaces = []' >> "$vp_root/etc/qemu.conf"
URI=${URI:-"qemu:///embed?root=$vp_root"}
vp_remove_at_exit() {
  vp_domain=$1
  trap '"$VIRSH" -c "$URI" destroy "$vp_domain" >/dev/null 2>&1 || true; "$VIRSH" -c "$URI" undefine "$vp_domain" >/dev/null 2>&1 || true; rm -rf -- "$vp_root"' EXIT
}
