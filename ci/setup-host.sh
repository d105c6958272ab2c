#!/usr/bin/env bash
# Installs what virtprop needs on a Debian/Ubuntu host (libvirt's QEMU driver, virsh,
# QEMU for x86_64 and aarch64, Chromium for the HTML report test, Node.js when missing)
# and the npm dependencies. Idempotent and quiet when everything is already there.
# The same script provisions CI, the nightly and the Vagrant VM.
set -euo pipefail
cd -- "$(dirname -- "$0")/.."

PACKAGES=(
  libvirt-clients            # virsh
  libvirt-daemon-driver-qemu # the QEMU driver virsh loads for qemu:///embed
  libvirt-daemon-system      # creates the libvirt-qemu user the QEMU driver insists on
  qemu-system-x86 qemu-system-arm qemu-utils
  qemu-efi-aarch64 ipxe-qemu seabios
  chromium                   # renders the HTML report in its test
)
[ "${VIRTPROP_SKIP_CHROMIUM:-}" = 1 ] && PACKAGES=("${PACKAGES[@]/chromium}")
command -v node >/dev/null 2>&1 || PACKAGES+=(nodejs npm)

SUDO=''
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO='sudo'; else
    echo "setup-host: not root and no sudo; install these Debian packages yourself: ${PACKAGES[*]}" >&2
  fi
fi

missing=()
for p in "${PACKAGES[@]}"; do
  [ -n "$p" ] || continue
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup-host: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q >/dev/null
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm dependencies and the compiled CLI: reinstall when the lock file changed.
stamp=node_modules/.virtprop-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
else
  npx tsc -p tsconfig.json
fi
