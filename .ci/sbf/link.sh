#!/usr/bin/env bash
# The linker rustc calls (`-C linker=`) for the SBF build; runs inside the sid chroot.
# See .ci/sbf/README.md. rustc passes bpf-linker arguments (`--cpu v4 --export-symbols F -O3
# INPUTS... -o OUT` plus our `-C link-arg`s); this links in three steps:
#
#   1. sbpf-linker --emit=llvm-bc: LTO of every input plus the 128-bit helpers
#      ($SBF_INT128_BC, see int128.c) into one bitcode module.
#   2. opt-23 -passes=lower-atomic: std's atomics become plain loads and stores. LLVM's BPF
#      backend cannot select 8-bit atomic swaps ("Cannot select: AtomicSwap (s8)"); SBF
#      programs are single-threaded, so the lowering is exact.
#   3. sbpf-linker on that module: code generation, the stack-frame check and the SBPF ELF.
#
# Stack frames: LLVM reports every function whose frame exceeds --bpf-stack-size as an error
# ("in function <mangled name>: Looks like the BPF stack limit is exceeded") and sbpf-linker
# then fails ("LLVM issued diagnostic with error severity"). This script turns that into one
# line per function, demangled and with its frame size ("SBF stack frame over ..."), and
# writes OUT.frames (every function's frame, largest first) after each link.
set -euo pipefail
: "${SBF_LINKER:?SBF_LINKER is set by .ci/sbf/build.sh}" "${SBF_INT128_BC:?}"
LLVM=/usr/lib/llvm-23/bin

args=() inputs=() out="" cpu=generic cpu_features="" llvm_args=() stack_limit=""
while (($#)); do
  case "$1" in
    -o) out="$2"; shift 2 ;;
    --cpu) cpu="$2"; args+=("$1" "$2"); shift 2 ;;
    --cpu-features) cpu_features="$2"; args+=("$1" "$2"); shift 2 ;;
    --export-symbols | -L | --target) args+=("$1" "$2"); shift 2 ;;
    --llvm-args=*)
      llvm_args+=("${1#--llvm-args=}")
      [[ "$1" != --llvm-args=--bpf-stack-size=* ]] || stack_limit="${1#*stack-size=}"
      args+=("$1"); shift ;;
    -*) args+=("$1"); shift ;;
    *) inputs+=("$1"); shift ;;
  esac
done
[[ -n "$out" ]] || { echo "link.sh: no -o argument" >&2; exit 1; }
bitcode="$out.linked.bc" lowered="$out.lowered.bc"
rm -f "$bitcode" "$lowered" "$out.frames"

# Every function's frame size, largest first ("BYTES NAME"), from the stack-size section LLVM
# writes for the same module and code generation options (no limit, so nothing fails).
frame_sizes() {
  local obj="$out.frames.o" opts=()
  for a in "${llvm_args[@]}"; do [[ "$a" == --bpf-stack-size=* ]] || opts+=("$a"); done
  "$LLVM/llc" -O3 -mtriple=bpfel -mcpu="$cpu" ${cpu_features:+-mattr="$cpu_features"} \
    --bpf-allows-libcalls "${opts[@]}" --bpf-stack-size=1000000000 -stack-size-section \
    -filetype=obj "$lowered" -o "$obj" 2>/dev/null || return 0
  "$LLVM/llvm-readelf" --stack-sizes "$obj" | awk '$1 ~ /^[0-9]+$/ { print $1, $2 }' \
    | sort -rn | "$LLVM/llvm-cxxfilt" -n
  rm -f "$obj"
}

# Phase 1 writes the bitcode, then sbpf-linker tries to turn that output into an SBPF program
# and fails ("Error opening object file"), since it is not an ELF: expected, and only that
# failure is accepted. Any other failure (an LLVM error) stops the link.
if ! "$SBF_LINKER" "${args[@]}" --emit=llvm-bc -o "$bitcode" "${inputs[@]}" "$SBF_INT128_BC" \
  2>"$out.phase1.log"; then
  if [[ ! -s "$bitcode" ]] || ! grep -q "Error opening object file" "$out.phase1.log"; then
    cat "$out.phase1.log" >&2
    exit 1
  fi
fi
"$LLVM/opt" -passes=lower-atomic "$bitcode" -o "$lowered"

if ! "$SBF_LINKER" "${args[@]}" -o "$out" "$lowered" 2>"$out.phase3.log"; then
  if grep -q "BPF stack limit is exceeded" "$out.phase3.log"; then
    sizes="$(frame_sizes)"
    grep -o "in function [^ ]*" "$out.phase3.log" | sort -u | cut -d' ' -f3 \
      | "$LLVM/llvm-cxxfilt" -n | while read -r fn; do
        bytes="$(awk -v f="$fn" '{ n = $1; $1 = ""; if (substr($0, 2) == f) { print n; exit } }' <<<"$sizes")"
        echo "SBF stack frame over ${stack_limit:-the limit} bytes: ${bytes:-?} bytes in $fn"
      done >&2
  else
    cat "$out.phase3.log" >&2
  fi
  exit 1
fi
frame_sizes >"$out.frames"
rm -f "$bitcode" "$out.phase1.log" "$out.phase3.log"
