# Sourced by .ci/setup and .ci/test: stage headers with their wall time, so a CI log shows where
# the time goes.
#   stage NAME   closes the open stage ("== NAME: N s") and opens the next ("== NAME")
#   stage        closes the open stage (call it at the end; a failing script shows the stage it
#                failed in, without a time)
# STAGE_TIMES collects "NAME N s" for each closed stage, for a summary line.

STAGE_TIMES=()
_stage_name=""
_stage_start=$SECONDS

stage() {
  if [[ -n "$_stage_name" ]]; then
    local took=$((SECONDS - _stage_start))
    printf '== %s: %d s\n' "$_stage_name" "$took"
    STAGE_TIMES+=("$_stage_name $took s")
  fi
  _stage_name="${1:-}"
  _stage_start=$SECONDS
  if [[ -n "$_stage_name" ]]; then printf '\n== %s\n' "$_stage_name"; fi
}

# "a 1 s, b 2 s" from STAGE_TIMES.
stage_times() {
  local out="" entry
  for entry in "${STAGE_TIMES[@]}"; do out+="${out:+, }$entry"; done
  printf '%s' "$out"
}
