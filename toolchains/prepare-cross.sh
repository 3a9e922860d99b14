#!/bin/sh
# Prepares a Debian 12 PC to cross-build placard for the Raspberry Pi:
#   toolchains/prepare-cross.sh arm64   (64-bit Pi OS: Pi 3, 4, 5, Zero 2 W)
#   toolchains/prepare-cross.sh armhf   (32-bit Pi OS on ARMv7: Pi 2, 3, 4, 5, Zero 2 W)
# It installs Debian's cross compiler and qemu-user, then makes a sysroot in
# build/sysroot-<arch> holding the Pi's -dev packages, fonts and time zones, taken from the
# same Debian mirror as the PC's own packages (nothing from outside Debian).
#
# Why a sysroot and not multiarch: libical-dev:arm64 drags in libdb-dev:arm64, which cannot
# be co-installed with libdb-dev:amd64, so apt removes the PC's own libical-dev; and adding
# armhf as a foreign architecture has broken apt-get update on these machines. A sysroot
# leaves the PC's packages alone and gives qemu one consistent C library to run tests with.
#
# Re-runs itself through sudo when not root (mmdebstrap and apt need it). Safe to run again:
# the sysroot is rebuilt only when this script's package list changes.
set -eu
arch=${1:-}
case "$arch" in
    arm64) triplet=aarch64-linux-gnu qemu=qemu-aarch64-static ;;
    armhf) triplet=arm-linux-gnueabihf qemu=qemu-arm-static ;;
    *) echo "usage: $0 arm64|armhf [sysroot folder]" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
# An absolute path without "..": the dpkg database below records files under it, and
# dpkg-shlibdeps looks them up by the path it finds them at.
sysroot=$(realpath -m "${2:-$here/../build/sysroot-$arch}")
if [ "$(id -u)" -ne 0 ]; then
    exec sudo "$0" "$arch" "$sysroot"
fi

# The Pi's side: what placard links against, and what its tests read at run time.
target_packages="
    libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev
    libcurl4-openssl-dev libssl-dev nlohmann-json3-dev doctest-dev libfmt-dev
    libxml2-dev libqrencode-dev libfontconfig-dev libexif-dev libsystemd-dev
    libical-dev libicu-dev libhowardhinnant-date-dev libpng-dev libturbojpeg0-dev libwebp-dev
    libmpv-dev libavformat-dev libavcodec-dev libavutil-dev
    libmicrohttpd-dev libsodium-dev libmosquitto-dev libpoppler-cpp-dev
    libstdc++-12-dev libc6-dev
    tzdata fonts-dejavu-core fonts-droid-fallback fonts-noto-color-emoji fonts-symbola
"
host_packages="crossbuild-essential-$arch qemu-user-static mmdebstrap"

missing=""
for p in $host_packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "prepare-cross: installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing
fi

stamp="$sysroot/.placard-sysroot"
# The packages and this script: a sysroot made by an older version of the script is made again.
want=$({ echo "$arch $target_packages" | tr -s ' \n' ' '; cat "$0"; } | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    echo "prepare-cross: $sysroot is up to date"
    exit 0
fi

rm -rf "$sysroot"
mkdir -p "$(dirname "$sysroot")"
# The PC's own apt sources (deb822 or one-line), so the sysroot comes from the same mirror.
sources=$(mktemp)
trap 'rm -f "$sources"' EXIT
cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list \
    2>/dev/null | grep -v '^#' >"$sources" || true
if ! grep -q 'debian' "$sources"; then
    echo "deb http://deb.debian.org/debian bookworm main" >"$sources"
fi
# Only Debian's own sources: a third-party repository (nodesource, ...) has no $arch.
python3 - "$sources" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
keep = []
for block in re.split(r"\n\s*\n", text):
    if "debian" in block and ("Types:" in block or block.lstrip().startswith("deb ")):
        lines = [l for l in block.splitlines() if not l.startswith("deb ") or "debian" in l]
        keep.append("\n".join(lines))
open(sys.argv[1], "w").write("\n\n".join(keep) + "\n")
PY

packages=$(echo "$target_packages" | tr -s ' \n' ',' | sed 's/^,//; s/,$//')
echo "prepare-cross: making the $arch sysroot in $sysroot"
# The same sources without the security suite, for when only that one fails: a sysroot is
# linked against its libraries' interfaces, which a security update does not change.
sources_main=$(mktemp)
trap 'rm -f "$sources" "$sources_main"' EXIT
python3 - "$sources" "$sources_main" <<'PY'
import re, sys
blocks = re.split(r"\n\s*\n", open(sys.argv[1]).read())
keep = []
for block in blocks:
    if "Types:" in block and "security" in block:
        continue
    keep.append("\n".join(l for l in block.splitlines() if not (l.startswith("deb ") and "security" in l)))
open(sys.argv[2], "w").write("\n\n".join(keep) + "\n")
PY

# A Debian mirror that is syncing answers for a while with index files of the wrong size
# ("Mirror sync in progress?"): try again after a pause, then without the security suite.
attempt=1
list=$sources
until mmdebstrap --quiet --variant=extract --arch="$arch" --include="$packages" \
    --skip=cleanup/apt/cache bookworm "$sysroot" - <"$list"; do
    rm -rf "$sysroot"
    case $attempt in
        1) echo "prepare-cross: mmdebstrap failed (a mirror in sync answers so for a few minutes); trying again in 60 s" >&2
           sleep 60 ;;
        2) echo "prepare-cross: mmdebstrap failed again; trying without the security suite" >&2
           list=$sources_main ;;
        3) echo "prepare-cross: mmdebstrap failed without the security suite; trying again in 120 s" >&2
           sleep 120 ;;
        *) echo "prepare-cross: mmdebstrap failed $attempt times (see above); check the network and the mirror in /etc/apt/sources.list*, then run this again" >&2
           exit 1 ;;
    esac
    attempt=$((attempt + 1))
done

# Absolute symlinks (libfoo.so -> /lib/...) point into the PC once outside a chroot.
find "$sysroot" -type l -lname '/*' | while read -r link; do
    target=$(readlink "$link")
    rel=$(python3 -c 'import os,sys; print(os.path.relpath(sys.argv[1], os.path.dirname(sys.argv[2])))' \
        "$sysroot$target" "$link")
    ln -sfn "$rel" "$link"
done

# The links that update-alternatives makes when a package is configured, which an extract
# never is: BLAS and LAPACK, loaded by libmpv through libavfilter's speech recognition
# (libsphinxbase); without them libmpv cannot be opened under qemu-user.
for lib in "$sysroot"/usr/lib/*/blas/lib*.so.3 "$sysroot"/usr/lib/*/lapack/lib*.so.3; do
    [ -e "$lib" ] || continue
    dir=$(dirname "$lib")
    ln -sfn "$(basename "$dir")/$(basename "$lib")" "$(dirname "$dir")/$(basename "$lib")"
done

# A dpkg database for dpkg-shlibdeps, so that CPack computes the package's Depends from the
# sysroot's libraries as it does for a native build. The files are recorded under the
# sysroot's own path, which is where dpkg-shlibdeps finds them.
admin="$sysroot/var/lib/placard-dpkg"
rm -rf "$admin"
mkdir -p "$admin/info" "$admin/updates"
# Format 1: the info files of Multi-Arch: same packages are named pkg:arch, as below.
echo 1 >"$admin/info/format"
: >"$admin/status"
: >"$admin/available"
for deb in "$sysroot"/var/cache/apt/archives/*.deb; do
    name=$(dpkg-deb -f "$deb" Package)
    multiarch=$(dpkg-deb -f "$deb" Multi-Arch)
    key=$name
    [ "$multiarch" = same ] && key="$name:$arch"
    dpkg-deb -f "$deb" >>"$admin/status.new"
    echo "Status: install ok installed" >>"$admin/status.new"
    echo >>"$admin/status.new"
    control=$(mktemp -d)
    dpkg-deb -e "$deb" "$control"
    for f in shlibs symbols; do
        [ -f "$control/$f" ] && cp "$control/$f" "$admin/info/$key.$f"
    done
    rm -rf "$control"
    dpkg-deb -c "$deb" | awk -v root="$sysroot" '{ p = $6; sub(/^\./, "", p); sub(/\/$/, "", p); if (p != "") print root p }' \
        >"$admin/info/$key.list"
done
mv "$admin/status.new" "$admin/status"
rm -f "$sysroot"/var/cache/apt/archives/*.deb

echo "$want" >"$stamp"
echo "prepare-cross: $sysroot is ready ($(du -sh "$sysroot" | cut -f1)); build with: cmake --workflow --preset pi-$arch"
