#!/usr/bin/env bash
# Builds libvirt's main branch (virsh + the QEMU driver, nothing else) into PREFIX and
# writes PREFIX/virsh, a launcher that runs that virsh with its own libraries and driver
# modules, for `virtprop diff --vs-virsh PREFIX/virsh`. Debian/Ubuntu hosts. Used by the
# nightly workflow's `upstream` build; needs network access to gitlab.com.
#   bash ci/build-libvirt.sh PREFIX [GIT-REF]
set -euo pipefail
prefix=${1:?usage: build-libvirt.sh PREFIX [GIT-REF]}
ref=${2:-master}
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends git meson ninja-build gcc pkg-config python3-docutils \
  libglib2.0-dev libgnutls28-dev libxml2-dev libxml2-utils libtirpc-dev libjson-c-dev libreadline-dev \
  libdevmapper-dev libnl-3-dev libnl-route-3-dev libpciaccess-dev libyajl-dev xsltproc
src=$(mktemp -d)
git clone --depth 1 --branch "$ref" https://gitlab.com/libvirt/libvirt.git "$src"
meson setup "$src/build" "$src" --prefix="$prefix" -Ddriver_qemu=enabled -Ddriver_libvirtd=disabled \
  -Ddriver_remote=enabled -Ddocs=disabled -Dtests=disabled -Dsystem=false
ninja -C "$src/build" install
libdir=$(find "$prefix" -name 'libvirt.so.0' -printf '%h\n' | head -n1)
cat >"$prefix/virsh" <<LAUNCHER
#!/usr/bin/env bash
# virsh of the libvirt built by ci/build-libvirt.sh from $ref, with its own libraries and QEMU driver.
export LD_LIBRARY_PATH=$libdir\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}
export LIBVIRT_DRIVER_DIR=$libdir/libvirt/connection-driver
exec $prefix/bin/virsh "\$@"
LAUNCHER
chmod +x "$prefix/virsh"
"$prefix/virsh" --version
