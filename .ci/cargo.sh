# Sourced by .ci/setup, .ci/test and .ci/idl: how CI runs cargo so that one build serves all.
#
# `cargo clippy` checks every dependency in check mode (metadata only), a second compile of the
# whole tree that `cargo build`/`cargo test` cannot reuse. Instead, every CI cargo command compiles
# the workspace's own crates through clippy-driver (cargo's RUSTC_WORKSPACE_WRAPPER; clippy-driver
# is rustc plus clippy's lints), so the lints come with the build the tests use and dependencies
# are compiled once. Builds with and without the wrapper keep separate artifacts: a plain
# `cargo build` afterwards recompiles only the workspace crates, once.
ws_cargo() { RUSTC_WORKSPACE_WRAPPER=clippy-driver cargo "$@"; }

# `cargo clippy --workspace --all-targets -- -D warnings` as part of the test build: builds every
# target as `cargo test` does (cargo replays the diagnostics of crates that are already built),
# prints each diagnostic and fails if there is any, warnings included.
clippy_check() {
  local out status=0 count
  out="$(mktemp)"
  ws_cargo test --workspace --all-targets --no-run --quiet --message-format=json >"$out" || status=$?
  count="$(grep -c '"reason":"compiler-message"' "$out")"
  node -e '
    const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n");
    for (const line of lines) {
      if (line.includes("\"reason\":\"compiler-message\"")) process.stdout.write(JSON.parse(line).message.rendered);
    }' "$out"
  rm -f "$out"
  if ((count > 0)); then
    echo "clippy: $count diagnostic(s); any warning fails the check, as with -D warnings"
    status=1
  fi
  return "$status"
}
