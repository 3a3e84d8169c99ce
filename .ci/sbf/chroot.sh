#!/usr/bin/env bash
# Creates (or reuses) the Debian sid chroot whose LLVM 23 + rustc 1.97 compile the perps crate
# to SBF. Idempotent: every step checks a stamp file and is skipped when already done.
#
# Why a chroot: Debian bookworm's and rustup's LLVM (22) cannot lower anchor code to BPF (stack
# arguments, 128-bit libcalls); sid's LLVM 23 can, but its libLLVM needs glibc >= 2.38 and the
# host has 2.36. A minimal sid root filesystem gives us that glibc without touching the host.
#
# Usage: chroot.sh            (reads SBF_CACHE, default ~/.cache/perps-sbf)
set -euo pipefail
SBF_CACHE="${SBF_CACHE:-$HOME/.cache/perps-sbf}"
ROOTFS="$SBF_CACHE/sid"
MIRROR="${SID_MIRROR:-http://deb.debian.org/debian}"
SUDO=""
[[ "$(id -u)" == 0 ]] || SUDO="sudo"
# Packages the build needs inside the chroot (rustc/cargo/rust-src 1.97, LLVM/clang 23).
PACKAGES=(rustc cargo rust-src llvm-23 llvm-23-dev libllvm23 clang-23 build-essential zlib1g-dev
  libzstd-dev pkg-config ca-certificates)

mkdir -p "$SBF_CACHE"
if ! command -v debootstrap >/dev/null; then
  echo "installing debootstrap (host)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq debootstrap >/dev/null
fi

if [[ ! -f "$ROOTFS/.perps-bootstrapped" ]]; then
  echo "debootstrap sid into $ROOTFS (about a minute)"
  $SUDO rm -rf "$ROOTFS"
  $SUDO debootstrap --variant=minbase --components=main sid "$ROOTFS" "$MIRROR" >"$SBF_CACHE/debootstrap.log" 2>&1 \
    || { tail -20 "$SBF_CACHE/debootstrap.log" >&2; exit 1; }
  # sid's Release file often reads as expired on this mirror; apt would refuse it.
  echo 'Acquire::Check-Valid-Until "false";' | $SUDO tee "$ROOTFS/etc/apt/apt.conf.d/99no-valid-until" >/dev/null
  $SUDO touch "$ROOTFS/.perps-bootstrapped"
fi

# The registries are reached through a proxy with its own CA: the chroot needs the host's bundle
# (cargo otherwise fails with "self-signed certificate in certificate chain"). Refreshed each run.
$SUDO mkdir -p "$ROOTFS/etc/ssl/certs"
$SUDO cp /etc/ssl/certs/ca-certificates.crt "$ROOTFS/etc/ssl/certs/ca-certificates.crt"
$SUDO cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf" 2>/dev/null || true

want="$(printf '%s\n' "${PACKAGES[@]}" | sha256sum | cut -c1-16)"
if [[ "$(cat "$ROOTFS/.perps-packages" 2>/dev/null)" != "$want" ]]; then
  echo "apt-get install in the chroot: ${PACKAGES[*]} (about 4 minutes)"
  "$(dirname "${BASH_SOURCE[0]}")/in-chroot.sh" bash -c "apt-get update -qq && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${PACKAGES[*]} >/dev/null"
  echo "$want" | $SUDO tee "$ROOTFS/.perps-packages" >/dev/null
fi
echo "chroot ready: $ROOTFS ($("$(dirname "${BASH_SOURCE[0]}")/in-chroot.sh" rustc --version))"
