#!/usr/bin/env bash
# Installs what virtprop needs (libvirt's QEMU driver, virsh, QEMU for x86_64 and
# aarch64, Chromium for the HTML report test, Vagrant for the Vagrantfile test, Node.js
# when missing) and the npm dependencies. Debian/Ubuntu (apt) and Fedora/CentOS Stream
# (dnf). Idempotent and quiet when everything is already there.
# The same script provisions CI, the nightly and the Vagrant VM.
#   VIRTPROP_SKIP_CHROMIUM=1  no Chromium (its tests then fail under ci/test.sh; run alone, they are reported skipped)
#   VIRTPROP_SKIP_VAGRANT=1   no Vagrant (inside the Vagrant VM itself, nightly-only hosts)
set -euo pipefail
cd -- "$(dirname -- "$0")/.."

if command -v apt-get >/dev/null 2>&1; then
  PM=apt
  PACKAGES=(
    libvirt-clients            # virsh
    libvirt-daemon-driver-qemu # the QEMU driver virsh loads for qemu:///embed
    libvirt-daemon-system      # creates the libvirt-qemu user the QEMU driver insists on
    qemu-system-x86 qemu-system-arm qemu-utils
    qemu-efi-aarch64 ipxe-qemu seabios
    debootstrap                # installs the other libvirt releases (`virtprop builds install`)
    tini                       # subreaper around each virsh: reaps its QEMUs at once (destroy 0.2 s, not PID 1's pace)
    chromium                   # renders the HTML report in its test
    vagrant vagrant-libvirt    # `vagrant validate` of the Vagrantfile (libvirt provider) in its test
  )
  # Ubuntu ships Chromium only as a snap; its deb is a transition stub that needs snapd.
  if grep -qi '^ID=ubuntu' /etc/os-release 2>/dev/null; then PACKAGES=("${PACKAGES[@]/chromium}"); fi
elif command -v dnf >/dev/null 2>&1; then
  PM=dnf
  PACKAGES=(
    libvirt-client             # virsh
    libvirt-daemon-driver-qemu # the QEMU driver virsh loads for qemu:///embed
    qemu-kvm qemu-img          # x86_64 QEMU (Fedora: qemu-system-x86-core comes with it)
    chromium                   # Fedora; CentOS Stream has it only in EPEL
    vagrant                    # Fedora only
  )
  # aarch64 guests: Fedora packages qemu-system-aarch64; CentOS Stream has no such package.
  if grep -qi '^ID=fedora' /etc/os-release 2>/dev/null; then
    PACKAGES+=(qemu-system-aarch64-core edk2-aarch64)
    PACKAGES+=(tini)             # subreaper around each virsh (CentOS Stream: none; virtprop runs without, slower)
  else
    PACKAGES=("${PACKAGES[@]/chromium}")
    PACKAGES=("${PACKAGES[@]/vagrant}")
  fi
else
  echo "setup-host: neither apt-get nor dnf found; install libvirt's QEMU driver, virsh, QEMU and Node.js >= 20 yourself" >&2
  exit 2
fi
[ "${VIRTPROP_SKIP_CHROMIUM:-}" = 1 ] && PACKAGES=("${PACKAGES[@]/chromium}")
[ "${VIRTPROP_SKIP_VAGRANT:-}" = 1 ] && PACKAGES=("${PACKAGES[@]/#vagrant*}")
command -v node >/dev/null 2>&1 || PACKAGES+=(nodejs npm)

SUDO=''
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO='sudo'; else
    echo "setup-host: not root and no sudo; install these $PM packages yourself: ${PACKAGES[*]}" >&2
  fi
fi

installed() {
  if [ "$PM" = apt ]; then dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
  else rpm -q "$1" >/dev/null 2>&1; fi
}

missing=()
for p in "${PACKAGES[@]}"; do
  [ -n "$p" ] || continue
  installed "$p" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup-host: installing ${missing[*]}" >&2
  if [ "$PM" = apt ]; then
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q >/dev/null
    $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  else
    $SUDO dnf install -y -q --setopt=install_weak_deps=False "${missing[@]}" >/dev/null
  fi
fi

# Node.js >= 20: distro packages may be older (Debian 12 and Ubuntu 24.04 ship 18).
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "setup-host: Node.js $(node --version) is too old; virtprop needs >= 20 (CI: actions/setup-node; elsewhere nodesource or nvm)" >&2
  exit 2
fi

# npm dependencies and the compiled CLI: reinstall when the lock file changed.
stamp=node_modules/.virtprop-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
else
  npx tsc -p tsconfig.json
fi
