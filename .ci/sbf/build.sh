#!/usr/bin/env bash
# `npm run build:sbf`: compiles the programs to SBF with Debian sid's LLVM 23 and rustc 1.97
# in a chroot, for machines without Solana's platform tools (where `anchor build` works, use
# it instead). Writes target/deploy/perps.so and target/deploy/sbf_selftest.so in this
# checkout. See .ci/sbf/README.md for every workaround and the README's "Building the program
# to SBF" for when this route is used.
set -euo pipefail
usage() {
  cat <<'EOF'
Usage: npm run build:sbf [-- -p PACKAGE ...]      (or: bash .ci/sbf/build.sh ...)

Builds SBF programs into target/deploy/ of this checkout (`anchor build`'s location):
  perps         -> target/deploy/perps.so
  sbf-selftest  -> target/deploy/sbf_selftest.so   (128-bit helper tests)

  -p, --package NAME   build only NAME (repeatable; default: perps sbf-selftest)
  --features LIST      cargo features for the packages (e.g. the stack-frame check's fixture:
                       -p sbf-selftest --features oversized-frame, which must fail)
  -h, --help           this text

First run (needs root or sudo, ~7 GB of disk, ~20 minutes): creates a Debian sid chroot with
rustc/cargo/rust-src 1.97 and LLVM/clang 23, builds sbpf-linker 0.2.6 from crates.io, then std
and the programs. Later runs only recompile what changed (seconds when nothing did).

Environment:
  SBF_CACHE      cache directory (default ~/.cache/perps-sbf): the chroot, the linker, the
                 cargo registry and target directory of the chroot. Shared by every checkout;
                 concurrent builds wait for each other (flock on $SBF_CACHE/build.lock).
  SID_MIRROR     Debian mirror for the chroot (default http://deb.debian.org/debian)

The build fails, naming the function, when a stack frame exceeds SBF's 4,096 bytes.
EOF
}

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
export SBF_CACHE="${SBF_CACHE:-$HOME/.cache/perps-sbf}"
export SBF_WORKSPACE="$ROOT"
packages=() features=()
while (($#)); do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    -p | --package) packages+=("${2:?$1 needs a package name}"); shift 2 ;;
    --features) features=(--features "${2:?$1 needs a list}"); shift 2 ;;
    *) echo "error: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
((${#packages[@]})) || packages=(perps sbf-selftest)

start=$SECONDS
echo "== SBF build of ${packages[*]} ($ROOT)"
echo "-- chroot (\$SBF_CACHE/sid = $SBF_CACHE/sid)"
bash "$HERE/chroot.sh"
echo "   ready after $((SECONDS - start)) s"

mkdir -p "$SBF_CACHE"
exec 9>"$SBF_CACHE/build.lock"
if ! flock -n 9; then
  echo "-- waiting for another SBF build (lock $SBF_CACHE/build.lock)"
  flock 9
fi
echo "-- compile (in the chroot, checkout mounted at /work)"
bash "$HERE/in-chroot.sh" bash /work/.ci/sbf/compile.sh "${features[@]}" "${packages[@]}"
echo "== SBF build done in $((SECONDS - start)) s"
