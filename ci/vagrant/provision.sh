#!/usr/bin/env bash
# Runs inside the Vagrant VM as root at `vagrant up`: Node.js >= 20 where the distro's is
# older (dnf, else the official build from nodejs.org), then ci/setup-host.sh (the same set-up CI runs) in the synced checkout.
set -euo pipefail
cd /virtprop
have_node20() { command -v node >/dev/null 2>&1 && [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ]; }
if ! have_node20; then
  # Debian 12 and Ubuntu 24.04 ship Node 18; Fedora and CentOS Stream 10 ship >= 20.
  if command -v dnf >/dev/null 2>&1; then dnf install -y -q nodejs npm || true; fi
  if ! have_node20; then
    # Debian 12 / Ubuntu 24.04: the official Node 20 build into /usr/local.
    arch=$(uname -m); case $arch in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; esac
    ver=v20.18.1
    command -v curl >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q curl xz-utils; }
    curl -fsSL "https://nodejs.org/dist/$ver/node-$ver-linux-$arch.tar.xz" | tar -xJ -C /usr/local --strip-components=1 || true
    hash -r
  fi
  if ! have_node20; then
    echo "provision: Node.js >= 20 is needed; install it in the box (e.g. from nodesource) and run 'vagrant provision' again" >&2
    exit 2
  fi
fi
# KVM inside the VM only works when the host allowed nesting (libvirt.nested above).
[ -e /dev/kvm ] || echo "provision: no /dev/kvm in the VM: nested KVM is off on the host; virtprop will use TCG" >&2
bash ci/setup-host.sh
# The libvirt releases the nightly tests besides the box's own (`virtprop builds`).
node bin/virtprop.js builds install debian-12 debian-13 debian-unstable --no-progress
