#!/usr/bin/env bash
# cpack builds a .deb that installs and runs, then is removed. Needs root
# (dpkg); skipped otherwise.
source "$(dirname "$0")/lib.sh"
independent_of_backend
: "${REQTRIAGE_BUILD:?set REQTRIAGE_BUILD to the build folder}"

if [ "$(id -u)" -ne 0 ] || ! command -v dpkg >/dev/null; then
  echo "skipped: installing a package needs root and dpkg"
  finish
  exit
fi
(cd "$REQTRIAGE_BUILD" && cpack -B "$WORK/package" >"$WORK/cpack.log" 2>&1)
deb=$(ls "$WORK"/package/reqtriage_*.deb 2>/dev/null | head -1)
expect_true '[ -f "$deb" ]' "cpack builds a .deb"
if dpkg-query -W reqtriage >/dev/null 2>&1; then
  echo "skipped: a reqtriage package is already installed here"
  finish
  exit
fi
dpkg -i "$deb" >"$WORK/dpkg.log" 2>&1
expect_true '[ $? -eq 0 ]' "dpkg -i installs it"
expect_true '[ "$(/usr/bin/reqtriage --version)" = "reqtriage 0.1.0" ]' "the installed binary runs"
expect_true '[ -f /usr/lib/x86_64-linux-gnu/reqtriage/reqtriage-pg.so ] || [ -f /usr/lib/reqtriage/reqtriage-pg.so ]' "the PostgreSQL module is installed"
/usr/bin/reqtriage --db postgresql://nobody@127.0.0.1:1/none list >/dev/null 2>"$WORK/pg.err"
expect_true 'grep -q "cannot connect to the database server" "$WORK/pg.err"' "the installed binary loads it: $(cat "$WORK/pg.err")"
expect_true '[ -f /usr/lib/x86_64-linux-gnu/reqtriage/reqtriage-xlsx.so ] || [ -f /usr/lib/reqtriage/reqtriage-xlsx.so ]' "the spreadsheet module is installed"
/usr/bin/reqtriage --db "$WORK/package.db" log "Packaged" --quiet >/dev/null 2>&1
/usr/bin/reqtriage --db "$WORK/package.db" export --format xlsx --output "$WORK/package.xlsx" 2>"$WORK/xlsx.err"
expect_true '[ -s "$WORK/package.xlsx" ]' "the installed binary writes a workbook: $(cat "$WORK/xlsx.err")"
expect_true '[ -f /usr/share/man/man1/reqtriage.1 ]' "the man page is installed"
expect_true '[ -f /usr/share/man/man1/reqtriage-score.1 ]' "the command pages are installed"
expect_true '[ -f /usr/share/man/man5/reqtriage.toml.5 ]' "the config format page is installed"
expect_true '[ -f /usr/share/bash-completion/completions/reqtriage ]' "the bash completion is installed"
expect_true '[ -f /usr/share/fish/vendor_completions.d/reqtriage.fish ]' "the fish completion is installed"
expect_true '[ -f /usr/share/zsh/vendor-completions/_reqtriage ]' "the zsh completion is installed"
dpkg -r reqtriage >>"$WORK/dpkg.log" 2>&1
expect_true '[ ! -e /usr/bin/reqtriage ]' "dpkg -r removes it"
finish
