#!/usr/bin/env bash
# Installs the Debian 12 packages moi-cpp needs to build, test and run its tools, skipping
# those already present. Run as root (or with sudo available).
#   scripts/install-deps.sh            what building and testing need
#   scripts/install-deps.sh packaging  also what building and checking .deb packages needs
#   scripts/install-deps.sh bench      also bsdtar (libarchive-tools), the GenAI bench's yardstick
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config ccache git
  libcurl4-openssl-dev nlohmann-json3-dev libarchive-dev libsqlite3-dev
  libgtest-dev libgmock-dev libcpp-httplib-dev libcli11-dev libbenchmark-dev
  python3 python3-requests
  clang libclang-rt-14-dev doxygen
)
for group in "$@"; do
  case "$group" in
    packaging) packages+=(dpkg-dev file lintian) ;;
    bench) packages+=(libarchive-tools) ;;
    *) echo "install-deps: unknown group '$group' (groups: packaging, bench)" >&2; exit 2 ;;
  esac
done

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
