#!/usr/bin/env bash
# Installs the Debian 12 packages reqtriage needs to build and test.
# Idempotent: installs only what is missing; needs root (or sudo) to install.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config
  libcli11-dev libfmt-dev libtomlplusplus-dev libsqlitecpp-dev libsqlite3-dev libpqxx-dev postgresql
  catch2 libcsv-dev libutf8proc-dev nlohmann-json3-dev libxlsxwriter-dev libstemmer-dev
  sqlite3 mandoc jq unzip clang libclang-rt-14-dev bash-completion zsh fish
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing: ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
