#!/usr/bin/env bash
# Checks the .deb packages in DIR (bash scripts/package.sh --check runs it; so does CI):
#   1. lintian: no error (warnings and notes are printed);
#   2. contents: the files each package must hold (the shared library with its SONAME and
#      links, headers, static library, CMake and pkg-config files, programs, man pages,
#      completion), extracted with dpkg-deb -x into a temporary root;
#   3. consumers built against that root: find_package(moi) and pkg-config
#      (tests/package/run_consumer.cmake MODE=install, plus a static link when libmoi.a sits
#      next to libmoi.so) and the testing kit (MODE=testing); the extracted tools run;
#   4. dependencies: each package's Depends names exactly the packages that own the libraries
#      its programs and libraries need (readelf NEEDED, resolved like ldd does), and libmoi-dev's
#      names the owners of what its headers include and of the pkg-config modules moi.pc requires.
# Usage: bash scripts/check-packages.sh DIR
set -euo pipefail
cd "$(dirname "$0")/.."

dir="${1:?usage: check-packages.sh DIR (the folder with the .deb files)}"
shopt -s nullglob
debs=("$dir"/*.deb)
[ "${#debs[@]}" -gt 0 ] || { echo "check-packages: no .deb in $dir" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/root"
mkdir -p "$root"
failures=0
fail() { echo "check-packages: FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { echo "check-packages: ok: $*"; }

multiarch="$(dpkg-architecture -qDEB_HOST_MULTIARCH)"
libdir="usr/lib/$multiarch"

declare -A deb_of=()    # package name -> .deb
declare -A owner_of=()  # extracted path (usr/...) -> package name
for deb in "${debs[@]}"; do
  package="$(dpkg-deb -f "$deb" Package)"
  deb_of[$package]="$deb"
  dpkg-deb -x "$deb" "$root"
  while read -r path; do
    owner_of[${path#./}]="$package"
  done < <(dpkg-deb --fsys-tarfile "$deb" | tar -t | grep -v '/$')
done
echo "check-packages: ${!deb_of[*]} extracted into a temporary root"

# 1. lintian
if lintian --fail-on error "${debs[@]}" \
    > "$work/lintian.txt" 2>&1; then
  ok "lintian: no error ($(grep -c '^W:' "$work/lintian.txt" || true) warnings)"
else
  fail "lintian found errors"
fi
sed 's/^/  lintian: /' "$work/lintian.txt"

# 2. contents
expect_file() {  # PACKAGE PATH
  if [ "${owner_of[$2]:-}" = "$1" ]; then ok "$1 holds /$2"; else fail "$1 lacks /$2"; fi
}
shared=0
if [ -n "${deb_of[libmoi0]:-}" ]; then
  shared=1
  real="$(readlink "$root/$libdir/libmoi.so.0")"
  expect_file libmoi0 "$libdir/libmoi.so.0"
  expect_file libmoi0 "$libdir/$real"
  soname="$(readelf -d "$root/$libdir/$real" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')"
  [ "$soname" = "libmoi.so.0" ] && ok "SONAME $soname" || fail "SONAME is '$soname'"
  [ "$(readlink "$root/$libdir/libmoi.so")" = "libmoi.so.0" ] \
    && ok "libmoi.so -> libmoi.so.0" || fail "libmoi.so does not point at libmoi.so.0"
  expect_file libmoi-dev "$libdir/libmoi.so"
  expect_file libmoi-dev "$libdir/cmake/moi/moiStaticTargets.cmake"
  [ -z "$(readelf -d "$root/$libdir/$real" | grep -E 'RPATH|RUNPATH')" ] \
    && ok "libmoi.so.0 has no RPATH" || fail "libmoi.so.0 has an RPATH"
fi
for path in usr/include/moi/moi.hpp usr/include/moi/version.hpp \
            usr/include/moi/testing/recording_transport.hpp \
            usr/include/moi_emulator/emulator.hpp "$libdir/libmoi.a" \
            "$libdir/libmoi_emulator.a" "$libdir/cmake/moi/moiConfig.cmake" \
            "$libdir/cmake/moi/moiTestingTargets.cmake" "$libdir/pkgconfig/moi.pc"; do
  expect_file libmoi-dev "$path"
done
for path in usr/bin/moi usr/bin/moi-emulator usr/share/man/man1/moi.1.gz \
            usr/share/man/man1/moi-emulator.1.gz usr/share/bash-completion/completions/moi; do
  expect_file moi-tools "$path"
done
for package in "${!deb_of[@]}"; do
  expect_file "$package" "usr/share/doc/$package/copyright"
done
bash -n "$root/usr/share/bash-completion/completions/moi" \
  && ok "the completion script parses (bash -n)" || fail "the completion script does not parse"
for page in moi moi-emulator; do
  # Here-strings, not `producer | grep -q`: with pipefail, grep leaving early can make a
  # producer that is still writing die of SIGPIPE and fail the pipeline.
  grep -q '^\.TH' <<< "$(zcat "$root/usr/share/man/man1/$page.1.gz")" \
    && ok "$page.1.gz is a man page" || fail "$page.1.gz is not a man page"
done

# 3. consumers and tools from the extracted root
export LD_LIBRARY_PATH="$root/$libdir"
version="$("$root/usr/bin/moi" --version)"
ok "extracted moi runs: $version"
"$root/usr/bin/moi-emulator" --help > /dev/null && ok "extracted moi-emulator runs"
consumer=(cmake -DSOURCE_DIR="$PWD" -DWORK_DIR="$work/consumers" -DPREFIX="$root/usr"
          -DCMAKE_CXX_COMPILER="$(command -v "${CXX:-c++}")")
if command -v ccache > /dev/null; then consumer+=(-DCCACHE="$(command -v ccache)"); fi
for mode in install testing; do
  if "${consumer[@]}" -DMODE=$mode -P tests/package/run_consumer.cmake > "$work/$mode.txt" 2>&1
  then
    ok "consumer $mode built and ran against the extracted root"
    grep -E '^-- ' "$work/$mode.txt" | sed 's/^-- /  /'
  else
    fail "consumer $mode"
    sed 's/^/  /' "$work/$mode.txt"
  fi
done

# 4. dependencies
# Depends as one alternative group per line, versions dropped ("a | b" -> "a|b").
depends_groups() { tr ',' '\n' <<< "$1" | sed 's/([^)]*)//g; s/ //g'; }
owner_package() {  # a system file -> the installed package owning it (architecture dropped)
  local path="$1" owner
  for candidate in "$path" "$(readlink -f "$path")" "/usr${path#/usr}" "${path#/usr}"; do
    owner="$(dpkg -S "$candidate" 2>/dev/null | head -1 | cut -d: -f1)" || true
    if [ -n "$owner" ]; then echo "$owner"; return; fi
  done
}
check_depends() {  # PACKAGE DEPENDS NEEDED_PACKAGE...: DEPENDS must name exactly these
  local package="$1" depends="$2"; shift 2
  local -A needed=() named=()
  local group name before=$failures
  for name in "$@"; do needed[$name]=1; done
  while read -r group; do
    [ -n "$group" ] || continue
    local justified=0
    for name in ${group//|/ }; do
      named[$name]=1
      if [ -n "${needed[$name]:-}" ]; then justified=1; fi
    done
    [ "$justified" -eq 1 ] || fail "$package Depends on '$group', which nothing in it needs"
  done < <(depends_groups "$depends")
  for name in "${!needed[@]}"; do
    [ -n "${named[$name]:-}" ] || fail "$package needs $name but does not depend on it"
  done
  if [ "$failures" -eq "$before" ]; then
    ok "$package Depends matches what it needs: $(printf '%s\n' "${!needed[@]}" | sort | xargs)"
  fi
}
needed_by_elf_files() {  # PACKAGE: the packages owning the libraries its ELF files need
  local package="$1" path file library resolved resolutions
  for path in "${!owner_of[@]}"; do
    [ "${owner_of[$path]}" = "$package" ] || continue
    file="$root/$path"
    [ -f "$file" ] && [ ! -L "$file" ] || continue
    grep -qE 'Type: +(EXEC|DYN)' <<< "$(readelf -h "$file" 2>/dev/null)" || continue
    resolutions="$(ldd "$file")"
    while read -r library; do
      if [ -n "${owner_of[$libdir/$library]:-}" ]; then
        echo "${owner_of[$libdir/$library]}"
        continue
      fi
      # ldd prints "name => path (address)", or the path alone for the dynamic loader.
      resolved="$(awk -v lib="$library" '
        $1 == lib { print $3; exit } $1 ~ ("/" lib "$") { print $1; exit }' <<< "$resolutions")"
      [ -n "$resolved" ] || { echo "UNRESOLVED:$library"; continue; }
      owner_package "$resolved"
    done < <(readelf -d "$file" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
  done | sort -u
}
for package in libmoi0 moi-tools; do
  [ -n "${deb_of[$package]:-}" ] || continue
  mapfile -t needed < <(needed_by_elf_files "$package")
  if grep -q '^UNRESOLVED:' <<< "$(printf '%s\n' "${needed[@]}")"; then
    fail "$package: ldd cannot resolve $(printf '%s\n' "${needed[@]}" | grep '^UNRESOLVED:')"
  fi
  depends="$(dpkg-deb -f "${deb_of[$package]}" Depends)"
  check_depends "$package" "$depends" "${needed[@]}"
  # The check itself can fail: a Depends without one needed package, or with one package too
  # many, is reported.
  if [ "$package" = moi-tools ]; then
    before=$failures
    check_depends "$package (self-check: one missing)" "${depends#*, }" "${needed[@]}" 2> /dev/null
    check_depends "$package (self-check: one extra)" "$depends, libfoo1" "${needed[@]}" 2> /dev/null
    if [ "$failures" -eq $((before + 2)) ]; then
      failures=$before
      ok "the Depends check reports a missing and an extra dependency"
    else
      failures=$((before + 1))
      fail "the Depends check did not report a forged Depends"
    fi
  fi
done
# libmoi-dev: what its headers include from outside the package, the pkg-config modules moi.pc
# requires (a static link needs them), and libmoi0 for the libmoi.so link.
dev_needed=()
[ "$shared" -eq 1 ] && dev_needed+=(libmoi0)
while read -r header; do
  [ -n "${owner_of[usr/include/$header]:-}" ] && continue
  [ -f "/usr/include/$header" ] || continue  # the C++ standard library
  dev_needed+=("$(owner_package "/usr/include/$header")")
done < <(grep -rhoE '#include <[^>]+>' "$root/usr/include" | sed 's/#include <\(.*\)>/\1/' | sort -u)
for module in $(sed -n 's/^Requires\(\.private\)\{0,1\}: *//p' "$root/$libdir/pkgconfig/moi.pc" \
                | tr ',' '\n' | sed 's/[<>=].*//' | tr -d ' '); do
  pc_dir="$(pkg-config --variable=pcfiledir "$module")"
  dev_needed+=("$(owner_package "$pc_dir/$module.pc")")
done
check_depends libmoi-dev "$(dpkg-deb -f "${deb_of[libmoi-dev]}" Depends)" "${dev_needed[@]}"

if [ "$failures" -ne 0 ]; then
  echo "check-packages: $failures check(s) failed" >&2
  exit 1
fi
echo "check-packages: all checks passed for ${!deb_of[*]}"
