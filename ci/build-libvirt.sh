#!/usr/bin/env bash
# Builds libvirt (virsh + the QEMU driver, nothing else) and writes a launcher that runs
# that virsh with its own libraries and driver modules. Debian/Ubuntu hosts. Two modes:
#
#   bash ci/build-libvirt.sh PREFIX [GIT-REF]
#       libvirt's git (default: master) into PREFIX, launcher PREFIX/virsh, for
#       `virtprop diff --vs-virsh PREFIX/virsh`. Used by the nightly workflow's `upstream`
#       build; needs network access to gitlab.com.
#
#   bash ci/build-libvirt.sh --debian [--name NAME | --root DIR] [--suite SUITE]
#                            [--version VERSION] [--patch FILE]...
#       Debian's source package of libvirt (Debian's patches applied, then each --patch in
#       the order given, `patch -p1` from the top of the tree), built with meson + ninja
#       into ROOT (default NAME debian-12-source, ROOT ${VIRTPROP_BUILDS_DIR:-/var/lib/virtprop/builds}/NAME):
#         ROOT/src/libvirt-X.Y.Z/         the source tree, its meson build in build/
#         ROOT/usr/                       the installed virsh, libraries and QEMU driver
#         ROOT/.virtprop/virsh            launcher of the installed virsh (`--virsh` takes it)
#         ROOT/.virtprop/virsh-tree       launcher of the build tree's virsh (libvirt's own `run`
#                                         helper; what `virtprop mutate` rebuilds and drives)
#         ROOT/.virtprop/debian/…         the files `virtprop mutate` mutates, as Debian ships them
#         ROOT/.virtprop/baseline/…       the same after the user's patches (what a mutant is reverted to)
#         ROOT/.virtprop/source-build.json what was built from what (version, patches and their sha256)
#       A build under the builds directory is then a build every command takes: `--build NAME`.
#       QEMU is the host's. Adds a deb-src entry for SUITE under /etc/apt/sources.list.d and
#       runs `apt-get build-dep` (as root). Idempotent: a finished build of the same version
#       and patches is left alone (seconds); other patches rebuild it from scratch.
#       Measured on 2 cores: build-dep about a minute on a fresh Debian 12, meson + ninja about 3 min.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}
die() {
  echo "build-libvirt.sh: $1" >&2
  exit "${2:-1}"
}

# The files virtprop mutate mutates; kept as Debian ships them and as built.
MUTATED_FILES=(src/conf/domain_addr.c src/qemu/qemu_domain_address.c src/qemu/qemu_command.c)

write_virsh_launcher() { # FILE LIBDIR VIRSH DESCRIPTION
  cat >"$1" <<LAUNCHER
#!/usr/bin/env bash
# $4
export LD_LIBRARY_PATH=$2\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}
export LIBVIRT_DRIVER_DIR=$2/libvirt/connection-driver
exec $3 "\$@"
LAUNCHER
  chmod +x "$1"
}

upstream_build() {
  local prefix=$1 ref=${2:-master}
  apt-get update -q
  apt-get install -y -q --no-install-recommends git meson ninja-build gcc pkg-config python3-docutils \
    libglib2.0-dev libgnutls28-dev libxml2-dev libxml2-utils libtirpc-dev libjson-c-dev libreadline-dev \
    libdevmapper-dev libnl-3-dev libnl-route-3-dev libpciaccess-dev libyajl-dev xsltproc
  local src
  src=$(mktemp -d)
  git clone --depth 1 --branch "$ref" https://gitlab.com/libvirt/libvirt.git "$src"
  meson setup "$src/build" "$src" --prefix="$prefix" -Ddriver_qemu=enabled -Ddriver_libvirtd=disabled \
    -Ddriver_remote=enabled -Ddocs=disabled -Dtests=disabled -Dsystem=false
  ninja -C "$src/build" install
  local libdir
  libdir=$(find "$prefix" -name 'libvirt.so.0' -printf '%h\n' | head -n1)
  write_virsh_launcher "$prefix/virsh" "$libdir" "$prefix/bin/virsh" "virsh of the libvirt built by ci/build-libvirt.sh from $ref, with its own libraries and QEMU driver."
  "$prefix/virsh" --version
}

# A deb-src entry for SUITE (and its -updates and -security) unless apt already has one.
ensure_deb_src() {
  local suite=$1 list=/etc/apt/sources.list.d/virtprop-deb-src.sources
  if apt-cache showsrc libvirt 2>/dev/null | grep -q '^Package: libvirt$'; then return; fi
  [ -w /etc/apt/sources.list.d ] || die "apt has no source package of libvirt and /etc/apt/sources.list.d is not writable: run as root, or add a deb-src line for $suite yourself" 2
  cat >"$list" <<EOF
# written by virtprop's ci/build-libvirt.sh: Debian's source packages of $suite (apt-get source / build-dep libvirt)
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  apt-get update -q >/dev/null
}

debian_build() {
  local name=debian-12-source root='' suite=bookworm version='' patches=()
  while [ $# -gt 0 ]; do
    case $1 in
      --name) name=${2:?--name needs a value}; shift 2 ;;
      --root) root=${2:?--root needs a directory}; shift 2 ;;
      --suite) suite=${2:?--suite needs a value}; shift 2 ;;
      --version) version=${2:?--version needs a value}; shift 2 ;;
      --patch)
        shift
        [ $# -gt 0 ] || die "--patch needs at least one file" 2
        while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do patches+=("$(realpath -e "$1" 2>/dev/null || die "patch file $1 does not exist" 2)"); shift; done ;;
      -h|--help) usage ;;
      *) die "unknown argument '$1' (see --help)" 2 ;;
    esac
  done
  [[ $name =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || die "--name '$name': use letters, digits, '.', '_' and '-'" 2
  [ -n "$root" ] || root=${VIRTPROP_BUILDS_DIR:-/var/lib/virtprop/builds}/$name
  root=$(realpath -m "$root")
  local t0=$SECONDS
  echo "stage: deb-src"
  ensure_deb_src "$suite"
  if [ -z "$version" ]; then
    # the host's own libvirt when it comes from this suite, else the suite's newest
    version=$(dpkg-query -W -f='${Version}' libvirt-daemon-driver-qemu 2>/dev/null || true)
    if [ -z "$version" ] || ! apt-cache showsrc "libvirt" | grep -qx "Version: $version"; then
      version=$(apt-cache showsrc libvirt | sed -n 's/^Version: //p' | sort -V | tail -n1)
    fi
  fi
  [ -n "$version" ] || die "apt knows no source package of libvirt (deb-src for $suite)"
  # what this build is made of: a finished build of the same is left alone
  local want
  want=$(
    echo "libvirt $version"
    for p in "${patches[@]}"; do echo "patch $(sha256sum <"$p" | cut -c1-64) $(basename "$p")"; done
  )
  if [ -f "$root/.virtprop/source-build.json" ] && [ -x "$root/.virtprop/virsh" ] && [ "$(cat "$root/.virtprop/made-of" 2>/dev/null)" = "$want" ]; then
    echo "stage: done"
    echo "build $name ($root) is already built from libvirt $version${patches:+ with ${#patches[@]} patch(es)}"
    "$root/.virtprop/virsh" --version
    return 0
  fi
  echo "stage: build-dep"
  apt-get build-dep -y -q "libvirt=$version" >/dev/null
  echo "stage: source"
  rm -rf "$root/src" "$root/usr" "$root/.virtprop"
  mkdir -p "$root/src" "$root/.virtprop"
  (cd "$root/src" && apt-get source -q "libvirt=$version" 2>&1 | grep -v '^W: Download is performed unsandboxed' | grep -E '^(dpkg-source|Get|Fetched)' || true)
  local tree
  tree=$(find "$root/src" -mindepth 1 -maxdepth 1 -type d -name 'libvirt-*' | head -n1)
  [ -n "$tree" ] && [ -f "$tree/meson.build" ] || die "apt-get source libvirt=$version gave no source tree under $root/src"
  for f in "${MUTATED_FILES[@]}"; do mkdir -p "$root/.virtprop/debian/$(dirname "$f")" && cp "$tree/$f" "$root/.virtprop/debian/$f"; done
  echo "stage: patches"
  for p in "${patches[@]}"; do
    echo "applying $p"
    patch -d "$tree" -p1 --forward --batch <"$p" || die "patch $p does not apply to libvirt $version (with Debian's patches): fix it against $tree" 2
  done
  for f in "${MUTATED_FILES[@]}"; do mkdir -p "$root/.virtprop/baseline/$(dirname "$f")" && cp "$tree/$f" "$root/.virtprop/baseline/$f"; done
  echo "stage: meson"
  # Only what virsh and the QEMU driver need: every optional feature off, then the QEMU
  # driver on (libvirt 9.0 refuses it without libvirtd: "libvirtd is required to build
  # QEMU driver"), the remote driver, and the JSON library QEMU's monitor needs.
  meson setup "$tree/build" "$tree" --prefix="$root/usr" -Dsystem=false -Dauto_features=disabled \
    -Ddriver_qemu=enabled -Ddriver_libvirtd=enabled -Ddriver_remote=enabled -Dyajl=enabled \
    -Ddocs=disabled -Dtests=disabled -Dexpensive_tests=disabled >"$root/.virtprop/meson.log" 2>&1 \
    || { tail -n 20 "$root/.virtprop/meson.log" >&2; die "meson setup failed (whole log: $root/.virtprop/meson.log)"; }
  echo "stage: ninja"
  ninja -C "$tree/build" install >"$root/.virtprop/ninja.log" 2>&1 \
    || { tail -n 30 "$root/.virtprop/ninja.log" >&2; die "the build failed (whole log: $root/.virtprop/ninja.log)"; }
  echo "stage: launchers"
  local libdir
  libdir=$(find "$root/usr" -name 'libvirt.so.0' -printf '%h\n' | head -n1)
  write_virsh_launcher "$root/.virtprop/virsh" "$libdir" "$root/usr/bin/virsh" "virsh of libvirt $version built from Debian's source package by ci/build-libvirt.sh (build $name), with its own libraries and QEMU driver."
  cat >"$root/.virtprop/virsh-tree" <<LAUNCHER
#!/usr/bin/env bash
# virsh of build $name's build tree, through libvirt's own run helper (what virtprop mutate rebuilds).
exec $tree/build/run $tree/build/tools/virsh "\$@"
LAUNCHER
  chmod +x "$root/.virtprop/virsh-tree"
  local json_patches='' sep=''
  for p in "${patches[@]}"; do
    json_patches+="$sep{\"file\":\"$p\",\"sha256\":\"$(sha256sum <"$p" | cut -c1-64)\"}"
    sep=,
  done
  local files='' fsep=''
  for f in "${MUTATED_FILES[@]}"; do files+="$fsep\"$f\""; fsep=,; done
  cat >"$root/.virtprop/source-build.json" <<EOF
{"name":"$name","package":"libvirt","version":"$version","suite":"$suite","tree":"$tree","buildDir":"$tree/build","prefix":"$root/usr","virsh":"$root/.virtprop/virsh","treeVirsh":"$root/.virtprop/virsh-tree","patches":[$json_patches],"mutatedFiles":[$files],"buildSeconds":$((SECONDS - t0)),"built":"$(date -u +%Y-%m-%dT%H:%M:%SZ)"}
EOF
  echo "$want" >"$root/.virtprop/made-of"
  echo "stage: check"
  "$root/.virtprop/virsh" -c "qemu:///embed?root=$(mktemp -d)" version >/dev/null 2>&1 || true
  "$root/.virtprop/virsh" --version
  echo "stage: done"
  echo "build $name: libvirt $version in $root ($((SECONDS - t0)) s); use it with --build $name (when $root is under the builds directory) or --virsh $root/.virtprop/virsh"
}

case ${1:-} in
  --debian) shift; debian_build "$@" ;;
  -h|--help|'') usage ;;
  -*) die "unknown mode '$1' (see --help)" 2 ;;
  *) upstream_build "$@" ;;
esac
