#!/usr/bin/env bash
# completion bash|zsh|fish: each script loads in its shell and completes a
# subcommand, option values and request ids.
source "$(dirname "$0")/lib.sh"
independent_of_backend
bin_dir="$WORK/bin"
mkdir -p "$bin_dir"
ln -s "$REQTRIAGE" "$bin_dir/reqtriage"
export PATH="$bin_dir:$PATH"
rt log "Alpha" --quiet
rt log "Beta" --quiet

rt completion bash
expect_rc 0
printf '%s\n' "$OUT" >"$WORK/reqtriage.bash"
complete_bash() {  # complete_bash WORD... : what bash offers for the last word
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _reqtriage; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$WORK/reqtriage.bash" "$@"
}
expect_true '[ "$(complete_bash reqtriage sh)" = show ]' "bash completes a subcommand"
expect_true '[ "$(complete_bash reqtriage list --format j | tr "\n" " ")" = "json jsonl " ]' "bash completes option values"
expect_true '[ "$(complete_bash reqtriage show "" | grep -c "^[0-9]")" = 2 ]' "bash completes request ids"
expect_true '[ "$(complete_bash reqtriage config "" | head -3 | tr "\n" " ")" = "check show init " ]' "bash completes nested subcommands"
expect_true 'complete_bash reqtriage log x --stage "" | grep -qx proposal' "bash completes the config's stages"

# A config name that is not a plain word never reaches the script: sourcing
# it must not run what a hostile (shared) config put in a name.
cat >"$WORK/hostile.toml" <<TOML
[profiles]
"x\\"; touch $WORK/pwned; \\"" = "value"
'\$(touch $WORK/pwned)' = "value"
plain = "value"
TOML
rt --config "$WORK/hostile.toml" completion bash
expect_rc 0
printf '%s\n' "$OUT" >"$WORK/hostile.bash"
complete_hostile() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _reqtriage; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$WORK/hostile.bash" "$@"
}
expect_true 'complete_hostile reqtriage score --profile "" | grep -qx plain' "plain names are completed"
expect_true '[ ! -e "$WORK/pwned" ]' "a hostile name runs nothing"

rt completion zsh
expect_rc 0
printf '%s\n' "$OUT" >"$WORK/reqtriage.zsh"
expect_true '[ "$(zsh -c "source $WORK/reqtriage.zsh && print -- \${_comps[reqtriage]}" 2>&1)" = "_bash_complete -F _reqtriage" ]' "zsh loads it and registers the completion"

rt completion fish
expect_rc 0
printf '%s\n' "$OUT" >"$WORK/reqtriage.fish"
expect_true '[ "$(fish -c "source $WORK/reqtriage.fish; complete -C \"reqtriage sh\"" | cut -f1)" = show ]' "fish completes a subcommand"
expect_true 'fish -c "source $WORK/reqtriage.fish; complete -C \"reqtriage list --status \"" | cut -f1 | grep -qx declined' "fish completes statuses"

rt completion tcsh
expect_rc 2
expect_err_has "unknown shell 'tcsh'"
finish
