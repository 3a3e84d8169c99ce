#!/usr/bin/env bash
# Runs a command inside the sid chroot. /proc, /dev and the workspace are mounted in a private
# mount namespace (unshare -m), so they disappear with the command — nothing to unmount, and
# concurrent invocations cannot pull mounts from under each other. The workspace appears at
# /work; the chroot's cargo home lives in the chroot (under the cache), so nothing is refetched.
#
#   in-chroot.sh CMD [ARGS...]     env: SBF_CACHE, SBF_WORKSPACE (default: this repository),
#                                  SBF_CHROOT_ENV ("NAME=value ..." passed into the chroot)
set -euo pipefail
SBF_CACHE="${SBF_CACHE:-$HOME/.cache/perps-sbf}"
ROOTFS="$SBF_CACHE/sid"
WORKSPACE="${SBF_WORKSPACE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
SUDO=""
[[ "$(id -u)" == 0 ]] || SUDO="sudo"
[[ -d "$ROOTFS/usr" ]] || { echo "error: no chroot at $ROOTFS; run .ci/sbf/chroot.sh" >&2; exit 1; }
mkdir -p "$ROOTFS/work" 2>/dev/null || $SUDO mkdir -p "$ROOTFS/work"

# shellcheck disable=SC2086,SC2016
exec $SUDO unshare --mount --propagation private /bin/bash -c '
  set -e
  root="$1"; ws="$2"; shift 2
  mount -t proc proc "$root/proc"
  mount --rbind /dev "$root/dev"
  mount --bind "$ws" "$root/work"
  exec chroot "$root" /usr/bin/env -i \
    HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 TERM=dumb CARGO_HOME=/var/cache/cargo-home \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt '"${SBF_CHROOT_ENV:-}"' "$@"
' in-chroot "$ROOTFS" "$WORKSPACE" "$@"
