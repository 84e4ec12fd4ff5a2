#!/usr/bin/env bash
# Builds the Debian packages libmoi0, libmoi-dev and moi-tools with CPack into
# build/package/packages/ (cmake/MoiPackaging.cmake says what each one holds).
#   bash scripts/package.sh            build them
#   bash scripts/package.sh --check    build them, then check them as CI does
#                                      (scripts/check-packages.sh: lintian, extracted root,
#                                      consumers, dependencies)
#   bash scripts/package.sh --static   a static libmoi: libmoi-dev and moi-tools, no libmoi0
#                                      (in build/package-static/packages/)
set -euo pipefail
cd "$(dirname "$0")/.."

check=0
shared=ON
build_dir=build/package
for argument in "$@"; do
  case "$argument" in
    --check) check=1 ;;
    --static) shared=OFF; build_dir=build/package-static ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "package.sh: unknown option '$argument' (options: --check, --static)" >&2; exit 2 ;;
  esac
done

scripts/install-deps.sh packaging
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1

# Debian's build flags (hardening: stack protector, _FORTIFY_SOURCE, RELRO, BIND_NOW), without
# -g: the packages are stripped and no debug symbol package is made. The source path is mapped
# away so the binaries do not depend on where the checkout is.
export DEB_BUILD_MAINT_OPTIONS="hardening=+all"
export DEB_CXXFLAGS_MAINT_STRIP="-g"
cxxflags="$(dpkg-buildflags --get CPPFLAGS) $(dpkg-buildflags --get CXXFLAGS)"
cxxflags="$cxxflags -ffile-prefix-map=$PWD=."
ldflags="$(dpkg-buildflags --get LDFLAGS)"

# Reproducible packages: CPack stamps the files in each .deb with SOURCE_DATE_EPOCH, taken from
# the last commit (or CHANGELOG.md outside a git checkout) unless the caller set it; the same
# sources then give the same .deb bytes, whatever the folder or the compiler cache. (The build
# tree's RPATH is relative, $ORIGIN: installing blanks it but keeps its length in the binary.)
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
  SOURCE_DATE_EPOCH="$(git log -1 --format=%ct 2>/dev/null || stat -c %Y CHANGELOG.md)"
fi
export SOURCE_DATE_EPOCH

rm -rf "$build_dir/packages"
cmake -S . -B "$build_dir" -G Ninja \
  -DCMAKE_BUILD_TYPE=None \
  -DCMAKE_INSTALL_PREFIX=/usr \
  "-DCMAKE_CXX_FLAGS=$cxxflags" \
  "-DCMAKE_EXE_LINKER_FLAGS=$ldflags" \
  "-DCMAKE_SHARED_LINKER_FLAGS=$ldflags" \
  -DBUILD_SHARED_LIBS="$shared" \
  -DCMAKE_BUILD_RPATH_USE_ORIGIN=ON \
  -DMOI_DEBIAN_PACKAGES=ON \
  -DMOI_BUILD_TOOLS=ON -DMOI_BUILD_TESTS=OFF -DMOI_BUILD_EXAMPLES=OFF \
  -DMOI_WARNINGS_AS_ERRORS=ON
cmake --build "$build_dir" -j 2
(cd "$build_dir" && cpack --config CPackConfig.cmake)

echo "package.sh: built in $build_dir/packages:"
for deb in "$build_dir"/packages/*.deb; do
  printf '  %-40s %8s bytes\n' "$(basename "$deb")" "$(stat -c %s "$deb")"
done

if [ "$check" -eq 1 ]; then
  bash scripts/check-packages.sh "$build_dir/packages"
fi
