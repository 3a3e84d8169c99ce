#!/usr/bin/env bash
# Runs INSIDE the sid chroot (started by .ci/sbf/build.sh, which holds the build lock); the
# checkout is mounted at /work. Builds the linker once, prepares the target, the std patch and
# the 128-bit helpers, then compiles the given packages to SBF and copies each program to
# /work/target/deploy/<lib name>.so. Every workaround is explained in .ci/sbf/README.md.
#
#   compile.sh [--features LIST] PACKAGE...
set -euo pipefail
features=()
if [[ "${1:-}" == --features ]]; then
  features=(--features "$2")
  shift 2
fi
CACHE=/var/cache/perps-sbf # = $SBF_CACHE/sid/var/cache/perps-sbf on the host
HERE=/work/.ci/sbf
TARGET_NAME=sbf-solana
TARGET_JSON="$CACHE/$TARGET_NAME.json"
LINKER_VERSION=0.2.6
LINKER="$CACHE/sbpf-linker-$LINKER_VERSION/bin/sbpf-linker"
export CARGO_TARGET_DIR="$CACHE/target"
mkdir -p "$CACHE"

t0=$SECONDS
stage() { printf '   %-40s %s\n' "$1" "$2"; }

# --- sbpf-linker from crates.io, against Debian's libLLVM 23 (built once, ~8 minutes) --------
# Its default feature loads rustc's own LLVM at run time (rustup nightly); we link the system
# LLVM 23 instead: `--no-default-features --features bpf-linker/llvm-23` with LLVM_PREFIX.
# Built against LLVM 22 it fails ("stack arguments are not supported", "too many arguments",
# "`__multi3` ... is not supported"). The crate's rust-toolchain.toml (a nightly) only matters to
# rustup, which the chroot does not have; `cargo install --locked` uses the crate's Cargo.lock.
if [[ ! -x "$LINKER" ]]; then
  echo "   building sbpf-linker $LINKER_VERSION against LLVM 23 (first time: about 8 minutes)"
  start=$SECONDS
  LLVM_PREFIX=/usr/lib/llvm-23 CARGO_TARGET_DIR="$CACHE/linker-target" \
    cargo install sbpf-linker --version "$LINKER_VERSION" --locked --quiet \
    --no-default-features --features bpf-linker/llvm-23 --root "$CACHE/sbpf-linker-$LINKER_VERSION"
  rm -rf "$CACHE/linker-target"
  stage "sbpf-linker built" "$((SECONDS - start)) s"
fi

# --- std patch: bpf in std's 16-byte MIN_ALIGN list ------------------------------------------
# std's System allocator picks a minimum alignment per architecture and stops the build for
# any other ("add a value for MIN_ALIGN"); bpf is not listed. Solana's heap allocator aligns
# to the request, and the program installs its own global allocator anyway (anchor's
# entrypoint), so the value only has to exist. One line, added idempotently; re-applied if a
# rust-src upgrade restores the file (cargo then rebuilds std once).
ALLOC_RS=/usr/lib/rustlib/src/rust/library/std/src/sys/alloc/mod.rs
if ! grep -q 'target_arch = "bpf", // perps SBF build' "$ALLOC_RS"; then
  sed -i 's|^    target_arch = "wasm64",$|&\n    target_arch = "bpf", // perps SBF build: see .ci/sbf/README.md|' "$ALLOC_RS"
  grep -q 'target_arch = "bpf", // perps SBF build' "$ALLOC_RS" \
    || { echo "error: could not patch MIN_ALIGN in $ALLOC_RS (std changed?)" >&2; exit 1; }
  stage "std patched (MIN_ALIGN for bpf)" "$ALLOC_RS"
fi

# --- target: rustc's bpfel-unknown-none spec with these changes ------------------------------
#   os "zkvm", vendor "solana": std needs a platform layer and has none for an unknown OS
#     ("none of the predicates in this cfg_select evaluated to true"); zkvm is an existing
#     minimal one (no threads, no files). target_os = "solana" is added by a --cfg flag below.
#   atomic-cas true, min-atomic-width 8: std's sync primitives need compare-and-swap of bytes;
#     the atomics are lowered to plain memory operations at link time (link.sh).
#   cpu v4: signed division, 32-bit jumps and sign-extending loads of SBPF v3.
# Written only when it changes (cargo would otherwise see a new target and rebuild std).
target_json='{
  "arch": "bpf",
  "atomic-cas": true,
  "cpu": "v4",
  "crt-objects-fallback": "false",
  "data-layout": "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128",
  "dynamic-linking": true,
  "linker-flavor": "bpf",
  "linker-is-gnu": false,
  "llvm-target": "bpfel",
  "max-atomic-width": 64,
  "merge-functions": "disabled",
  "metadata": { "description": "SBPF v3 (Solana), for the perps workspace", "std": true, "tier": 3 },
  "min-atomic-width": 8,
  "no-builtins": true,
  "obj-is-bitcode": true,
  "os": "zkvm",
  "panic-strategy": "abort",
  "position-independent-executables": true,
  "singlethread": true,
  "target-pointer-width": 64,
  "vendor": "solana"
}'
[[ "$(cat "$TARGET_JSON" 2>/dev/null)" == "$target_json" ]] || echo "$target_json" >"$TARGET_JSON"

# --- 128-bit helpers (int128.c), compiled to bitcode for the link ----------------------------
INT128_BC="$CACHE/int128.bc"
if [[ ! -f "$INT128_BC" || "$HERE/int128.c" -nt "$INT128_BC" ]] \
  || ! cmp -s "$HERE/int128.c" "$CACHE/int128.c"; then
  cp "$HERE/int128.c" "$CACHE/int128.c"
  clang-23 -target bpfel -mcpu=v4 -O2 -emit-llvm -c "$CACHE/int128.c" -o "$INT128_BC"
  stage "128-bit helpers compiled" "$INT128_BC"
fi

# cargo does not see the linker wrapper and the helper bitcode: when either changes since the
# last build, drop the fingerprints of the packages we build so they are linked again.
link_inputs_hash="$(cat "$HERE/link.sh" "$INT128_BC" | sha256sum | cut -c1-16)"
if [[ "$(cat "$CACHE/link-inputs.hash" 2>/dev/null)" != "$link_inputs_hash" ]]; then
  for pkg in "$@"; do
    rm -rf "$CARGO_TARGET_DIR/$TARGET_NAME/release/.fingerprint/${pkg}-"*
  done
  echo "$link_inputs_hash" >"$CACHE/link-inputs.hash"
fi

# --- rustc flags, each with the error it answers ---------------------------------------------
flags=(
  # anchor-lang 0.32 and the solana 2.x crates make syscalls only under target_os = "solana".
  --cfg 'target_os="solana"' -A explicit_builtin_cfgs_in_flags
  # std's panic machinery keeps writable statics that SBPF cannot relocate ("lddw relocation
  # ... target is not rodata or text"). Side effect: a panic aborts without a message.
  -Zunstable-options -C panic=immediate-abort
  # "32-bit relocations are not supported in read-only data".
  -C relocation-model=static
  # Signed division (sdiv/smod) exists from BPF cpu v4 on.
  -C target-cpu=v4
  -C "linker=$HERE/link.sh"
  # LLVM 23 emits the byte-swap instruction, which SBPF does not have ("invalid opcode: 0xd7").
  -C link-arg=--llvm-args=--disable-bswap
  # Jump tables become `gotox`, which SBPF does not have ("invalid opcode: 0x0d").
  -C link-arg=--llvm-args=--bpf-min-jump-table-entries=100000
  # SBF's frame is 4 KiB: LLVM reports any function whose frame is larger (a failed build).
  -C link-arg=--llvm-args=--bpf-stack-size=4096
  # As in sbpf-linker's own tests: no sign-extending moves and loads (movsx/ldsx: BPF cpu v4
  # instructions SBPF does not have); SBPF allows misaligned loads and stores, so LLVM need
  # not split them into bytes.
  -C link-arg=--llvm-args=--disable-movsx -C link-arg=--llvm-args=--disable-ldsx
  -C target-feature=+allows-misaligned-mem-access
  # SBPF v3 output (sbpf-linker's default; its only other choice, v0, excludes cpu v4); no copy
  # of the program written to ./target/deploy by the linker (we copy it ourselves).
  -C link-arg=--arch=v3 -C link-arg=--deploy=false
)
export RUSTFLAGS="${flags[*]}" RUSTC_BOOTSTRAP=1 SBF_LINKER="$LINKER" SBF_INT128_BC="$INT128_BC"
# std's build script marks std "restricted" (usable only with #![feature(restricted_std)],
# which the dependencies do not have) unless CARGO_CFG_TARGET_OS is a known OS. zkvm is one,
# but our extra --cfg makes it "solana,zkvm". This variable, the hook rustc's bootstrap uses for
# its synthetic targets, skips that check. (The script tracks only its own source: after
# changing this, delete $CACHE/target so it runs again.)
export RUSTC_BOOTSTRAP_SYNTHETIC_TARGET=1
echo "   rustc $(rustc --version | cut -d' ' -f2), LLVM $(llvm-config-23 --version), $("$LINKER" --version 2>/dev/null | grep -m1 sbpf)"

cd /work
pkg_args=()
for pkg in "$@"; do pkg_args+=(-p "$pkg"); done
log="$CACHE/cargo-build.log"
start=$SECONDS
set +e
cargo build --release --locked --lib --target "$TARGET_JSON" \
  -Zjson-target-spec -Zbuild-std=std,panic_abort -Zbuild-std-features=compiler-builtins-mem \
  "${pkg_args[@]}" "${features[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
if ((status != 0)); then
  # link.sh prints one line per function whose frame is over the limit; repeat them last.
  if grep -q "SBF stack frame over" "$log"; then
    echo >&2
    grep -o "SBF stack frame over.*" "$log" | sort -u | sed 's/^/error: /' >&2
    echo "   (SBF gives each call 4,096 bytes of stack. Box large locals, or keep a large callee" >&2
    echo "   out of its caller's frame with #[inline(never)].)" >&2
  fi
  # No stale program left behind for the tests to run.
  for pkg in "$@"; do rm -f "/work/target/deploy/${pkg//-/_}.so"; done
  echo "error: the SBF build failed (log: \$SBF_CACHE/sid$log)" >&2
  exit "$status"
fi
stage "cargo build (std + ${*})" "$((SECONDS - start)) s"

mkdir -p /work/target/deploy
for pkg in "$@"; do
  lib="${pkg//-/_}" # the lib target is named after the package
  so="$CARGO_TARGET_DIR/$TARGET_NAME/release/lib$lib.so"
  cp "$so" "/work/target/deploy/$lib.so"
  flags_hex="$(od -An -tx4 -j48 -N4 "$so" | tr -d ' ')"
  stage "target/deploy/$lib.so" "$(stat -c %s "$so") bytes, e_flags 0x$flags_hex"
  frames="$CARGO_TARGET_DIR/$TARGET_NAME/release/deps/lib$lib.so.frames"
  if [[ -s "$frames" ]]; then
    echo "   largest stack frames (bytes, limit 4096):"
    head -3 "$frames" | sed 's/^/     /'
  fi
done
stage "total in chroot" "$((SECONDS - t0)) s"
