# Shared helpers for the lab scripts. Sourced, never run.
# shellcheck shell=bash

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB_CACHE=${LAB_CACHE:-$LAB_DIR/cache}
LAB_RUN=${LAB_RUN:-$LAB_DIR/run}

# The Debian packages the lab is made of. Library packages are listed by hand because
# following every Depends pulls in python3, perl and udev; the build checks afterwards that
# every binary's libraries were found inside the unpacked tree (see check_libs in lab/build).
LAB_XEN_PKG=xen-hypervisor-4.17-amd64
LAB_KERNEL_META=linux-image-amd64
# The device model HVM guests need (issue 22): libxl 4.17 starts /usr/libexec/xen-qemu-system-i386
# and loads /usr/share/seabios/bios-256k.bin for every type="hvm" domain, even one whose
# firmware_override replaces hvmloader. The libraries are the device model's (ldd) that the
# Xen packages above do not bring; check_libs in lab/build proves the list complete.
LAB_PKGS_DM=(
  qemu-system-xen seabios qemu-system-data libglib2.0-0 libpcre2-8-0 libffi8 libpixman-1-0
  libspice-server1 libusb-1.0-0 libudev1 libfdt1 libjpeg62-turbo libssl3 libsasl2-2 libopus0
  liblz4-1 libstdc++6 libgstreamer1.0-0 libgstreamer-plugins-base1.0-0 liborc-0.4-0 libdw1
  libelf1 libunwind8
)
# A Python in dom0 for xtf-runner (lab/real-xtf-xl compares the harness with it on one boot).
LAB_PKGS_PYTHON=(python3.11-minimal libpython3.11-minimal libpython3.11-stdlib libexpat1)
LAB_PKGS_FIXED=(
  "$LAB_XEN_PKG" xen-utils-4.17 xenstore-utils busybox-static dropbear-bin openssh-sftp-server
  libc6 libgcc-s1 libxenmisc4.17 libxencall1 libxendevicemodel1 libxenevtchn1
  libxenforeignmemory1 libxengnttab1 libxenhypfs1 libxenstore4 libxentoolcore1
  libxentoollog1 libyajl2 libncurses6 libtinfo6 libcrypt1 libtomcrypt1 libtommath1
  libgmp10 zlib1g liblzma5 libzstd1 libext2fs2 libuuid1 libcom-err2 libbz2-1.0
  "${LAB_PKGS_DM[@]}" "${LAB_PKGS_PYTHON[@]}"
)

log() { printf 'lab: %s\n' "$*" >&2; }
die() { printf 'lab: error: %s\n' "$*" >&2; exit 1; }

# Seconds since the epoch with millisecond precision, for the figures.
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

apt_quiet() { DEBIAN_FRONTEND=noninteractive apt-get -q -o APT::Sandbox::User=root "$@"; }

# apt-get update at most once per script run, and only when asked for.
LAB_APT_UPDATED=0
apt_update_once() {
  if [ "$LAB_APT_UPDATED" = 0 ]; then
    log "apt-get update"
    apt_quiet update >/dev/null || die "apt-get update failed"
    LAB_APT_UPDATED=1
  fi
}

# The only things installed on the build machine: QEMU and cpio (and the ssh client, gcc
# and make for xtf-mini, which machines of this kind already have).
ensure_host_tools() {
  local missing=()
  command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
  command -v cpio >/dev/null || missing+=(cpio)
  command -v ssh >/dev/null || missing+=(openssh-client)
  command -v ssh-keygen >/dev/null || missing+=(openssh-client)
  command -v gcc >/dev/null || missing+=(gcc)
  command -v make >/dev/null || missing+=(make)
  [ ${#missing[@]} = 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "need root to install: ${missing[*]}"
  apt_update_once
  log "installing ${missing[*]}"
  apt_quiet install -y --no-install-recommends "${missing[@]}" >/dev/null ||
    die "apt-get install ${missing[*]} failed"
}

# "name=version" of each package's candidate, in one apt-cache call (each call costs
# about half a second). Updates the package lists once if apt knows nothing of one.
candidates() {
  apt-cache policy "$@" 2>/dev/null | awk '
    /^[^ ].*:$/ { name = substr($0, 1, length($0) - 1) }
    /^  Candidate:/ && $2 != "(none)" { print name "=" $2 }'
}

# The versioned kernel package behind linux-image-amd64, e.g. linux-image-6.1.0-56-amd64.
kernel_pkg() {
  apt-cache depends "$LAB_KERNEL_META" 2>/dev/null |
    sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -1
}

# All packages as sorted "name=version" lines: the cache key is made from these.
resolve_packages() {
  local kpkg out n
  kpkg=$(kernel_pkg)
  if [ -z "$kpkg" ]; then
    apt_update_once
    kpkg=$(kernel_pkg)
    [ -n "$kpkg" ] || die "cannot resolve the kernel package behind $LAB_KERNEL_META"
  fi
  out=$(candidates "${LAB_PKGS_FIXED[@]}" "$kpkg" | sort)
  n=$(printf '%s\n' "$out" | grep -c =)
  if [ "$n" != $((${#LAB_PKGS_FIXED[@]} + 1)) ]; then
    apt_update_once
    out=$(candidates "${LAB_PKGS_FIXED[@]}" "$kpkg" | sort)
    n=$(printf '%s\n' "$out" | grep -c =)
    [ "$n" = $((${#LAB_PKGS_FIXED[@]} + 1)) ] ||
      die "no installable version of: $(printf '%s\n' "${LAB_PKGS_FIXED[@]}" "$kpkg" |
        grep -vxFf <(printf '%s\n' "$out" | cut -d= -f1) | tr '\n' ' ')"
  fi
  printf '%s\n' "$out"
}

# The key of an image: the exact package versions plus the lab's own build inputs, so
# that a change to an init script also makes a new image.
image_key() {
  local versions=$1
  { printf '%s\n' "$versions"
    cat "$LAB_DIR/build" "$LAB_DIR/lib.sh" "$LAB_DIR"/files/* \
      "$LAB_DIR"/guest-kernel/{Makefile,link.ld,head.S,main.c,make-tree,behaviours.sh}; } |
    sha256sum | cut -c1-16
}

# State of a running lab.
lab_state() { [ -f "$LAB_RUN/lab.env" ] && . "$LAB_RUN/lab.env"; }
qemu_alive() { [ -f "$LAB_RUN/qemu.pid" ] && kill -0 "$(cat "$LAB_RUN/qemu.pid")" 2>/dev/null; }

# ssh into dom0 of the running lab.
lab_ssh() { ssh -F "$LAB_RUN/ssh_config" xtf-lab "$@"; }
