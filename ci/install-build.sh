#!/usr/bin/env bash
# Installs one Debian release's libvirt + QEMU into a root of its own, beside the host's,
# so that virtprop can drive that release's virsh (qemu:///embed) on this machine.
#   install-build.sh SUITE ROOT
# Prints one line per stage ("stage: NAME") for the caller's progress bar. Idempotent:
# a finished root (ROOT/.virtprop/installed) only gets its launchers rewritten; an
# unfinished one is completed. Needs root, debootstrap and unshare (util-linux).
set -euo pipefail
suite=${1:?usage: install-build.sh SUITE ROOT}
root=${2:?usage: install-build.sh SUITE ROOT}
mirror=${VIRTPROP_DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [ "$(id -u)" -ne 0 ]; then echo "install-build: must run as root (debootstrap and chroot need it)" >&2; exit 2; fi
installed() { [ -f "$root/.virtprop/installed" ]; }

# Runs a command inside the root in a private mount namespace (nothing stays mounted).
in_root() {
  unshare --mount --propagation private sh -c '
    r=$1; shift
    mount --bind "$r" "$r"
    for d in proc sys dev; do mount --rbind /$d "$r/$d"; done
    exec chroot "$r" "$@"' sh "$root" "$@"
}

if ! installed; then
  if ! command -v debootstrap >/dev/null 2>&1; then
    echo "stage: debootstrap-package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends debootstrap >/dev/null
  fi
  mkdir -p "$(dirname "$root")"
  # A base system first: debootstrap leaves a half-made root behind when it fails, so it
  # works in ROOT.partial and the root appears whole or not at all.
  if [ ! -x "$root/usr/bin/apt-get" ]; then
    echo "stage: debootstrap"
    rm -rf "$root.partial"
    # --no-check-gpg: the archive's copy of unstable may carry an expired Release file.
    debootstrap --variant=minbase --no-check-gpg "$suite" "$root.partial" "$mirror" >"$root.debootstrap.log" 2>&1 || {
      echo "install-build: debootstrap of $suite failed; see $root.debootstrap.log" >&2; exit 1; }
    rm -rf "$root"
    mv "$root.partial" "$root"
    rm -f "$root.debootstrap.log"
  fi

  # Inside the root: no service may start (invoke-rc.d asks policy-rc.d), DNS as the host has it.
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 755 "$root/usr/sbin/policy-rc.d"
  cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
  echo "deb $mirror $suite main" >"$root/etc/apt/sources.list"

  echo "stage: packages"
  in_root env DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Check-Valid-Until=false update -q >"$root.apt.log" 2>&1 || {
    echo "install-build: apt-get update inside $root failed; see $root.apt.log" >&2; exit 1; }
  in_root env DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Check-Valid-Until=false install -y -q --no-install-recommends \
    libvirt-clients libvirt-daemon-driver-qemu qemu-system-x86 qemu-system-arm qemu-efi-aarch64 \
    qemu-utils seabios ipxe-qemu ovmf >>"$root.apt.log" 2>&1 || {
    echo "install-build: installing libvirt and QEMU inside $root failed; see $root.apt.log" >&2; exit 1; }
  in_root apt-get clean
  rm -f "$root.apt.log"
fi

# What a default install of the release brings beside QEMU (Recommends): its spice and
# qxl modules, without which a release from Debian 13 on refuses spice graphics and qxl
# video that its users have. Added to roots made before this too (marker extras).
if ! grep -qx spice "$root/.virtprop/extras" 2>/dev/null; then
  echo "stage: extras"
  if in_root apt-cache show qemu-system-modules-spice >/dev/null 2>&1; then
    in_root env DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Check-Valid-Until=false install -y -q --no-install-recommends \
      qemu-system-modules-spice >"$root.apt.log" 2>&1 || {
      echo "install-build: installing QEMU's spice modules inside $root failed; see $root.apt.log" >&2; exit 1; }
    in_root apt-get clean
    rm -f "$root.apt.log"
  fi
  mkdir -p "$root/.virtprop"
  echo spice >>"$root/.virtprop/extras"
fi

echo "stage: launchers"
mkdir -p "$root/.virtprop"
# The launchers, rewritten at every install so that a newer virtprop updates them: virsh
# and any other program of the root, run in a private mount namespace where the root is
# a mount point of its own (libvirt refuses to start QEMU otherwise: "Failed disable
# mount propagation out of the root filesystem") and the host's /proc, /sys, /dev (with
# /dev/shm) and /tmp are the root's, so a path under /tmp or /dev/shm names the same file
# inside and out. The caller's working directory is bound in at its own path as well, so
# a repro.sh that names input.xml works. exec all the way: the launcher's PID is the
# program's, and a signal sent to it reaches the program.
cat >"$root/.virtprop/run" <<'EOF'
#!/bin/sh
# Runs a program of a virtprop build root (written by virtprop's ci/install-build.sh).
r=$(cd "$(dirname "$0")/.." && pwd -P)
here=$(pwd -P)
exec unshare --mount --propagation private sh -c '
  r=$1; here=$2; shift 2
  mount --bind "$r" "$r" &&
  mount --rbind /proc "$r/proc" && mount --rbind /sys "$r/sys" && mount --rbind /dev "$r/dev" &&
  mount --bind /tmp "$r/tmp" || { echo "virtprop: cannot set up the mounts of $r (run as root)" >&2; exit 126; }
  case "$here" in
    /|/tmp|/tmp/*|/dev|/dev/*|/proc|/proc/*|/sys|/sys/*|"$r"|"$r"/*) ;;
    *) mkdir -p "$r$here" && mount --bind "$here" "$r$here" ;;
  esac
  exec chroot "$r" /bin/sh -c "cd \"\$0\" 2>/dev/null || cd /; exec \"\$@\"" "$here" "$@"' sh "$r" "$here" "$@"
EOF
cat >"$root/.virtprop/virsh" <<'EOF'
#!/bin/sh
exec "$(dirname "$0")/run" /usr/bin/virsh "$@"
EOF
chmod 755 "$root/.virtprop/run" "$root/.virtprop/virsh"

echo "stage: check"
if ! installed; then
  versions=$("$root/.virtprop/run" dpkg-query -W -f='${Package} ${Version}\n' libvirt-clients qemu-system-x86)
  "$root/.virtprop/run" /usr/bin/virsh --version >/dev/null
  printf '%s\n' "$versions" >"$root/.virtprop/installed"
fi
echo "stage: done"
