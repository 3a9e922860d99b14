#!/bin/sh
# Builds placard's Debian package from a build tree and checks it as dpkg and systemd see
# it: its name, its dependencies, its files and conffile, its unit (systemd-analyze verify
# and security), the binary and the default playlist it installs, and, as root, that
# installing it into a throwaway root and then upgrading it keeps the organizer's playlist;
# then lintian, when it is installed: its errors fail the check, its warnings are printed.
#   tests/package/check-deb.sh BUILD_DIR ARCH [EMULATOR]
# ARCH is the Debian architecture the package must be for (amd64, arm64, armhf); EMULATOR
# (qemu-aarch64-static ...) runs the packaged binary of a cross build. Exit 0: all hold;
# 1: something does not (each failure printed) or a tool is missing.
set -eu

build=$1
arch=$2
emulator=${3:-}
failures=0
fail() {
    echo "check-deb: FAILED: $*" >&2
    failures=$((failures + 1))
}
for tool in cpack dpkg-deb dpkg-shlibdeps systemd-analyze readelf; do
    command -v "$tool" >/dev/null || { echo "check-deb: $tool is missing (toolchains/install-deps.sh installs it)" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/placard-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log" >&2; exit 1; }
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
deb=$work/out/placard_${version}_${arch}.deb
[ -f "$deb" ] || { fail "no $deb; cpack made: $(ls "$work/out")"; exit 1; }
echo "check-deb: $(basename "$deb"), $(stat -c %s "$deb") bytes"

# The control file.
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = placard ] || fail "Package is '$(field Package)'"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture is '$(field Architecture)', not $arch"
depends=$(field Depends)
echo "check-deb: Depends: $depends"
for lib in libc6 libsdl2-2.0-0 libsdl2-ttf-2.0-0 libsdl2-image-2.0-0 libcurl4 libxml2 libical3 libicu72 libdate-tz3 \
    libqrencode4 libfontconfig1 libsystemd0 libturbojpeg0 libexif12 libwebp7 libpng16-16 libfmt9 libssl3 \
    libstdc++6 fonts-dejavu-core tzdata libegl1 libegl-mesa0 libgles2 libgbm1 libgl1-mesa-dri \
    libmpv2 libavformat59 libavcodec59 libavutil57 libmicrohttpd12 libsodium23 libmosquitto1 libpoppler-cpp0v5; do
    case ", $depends," in *", $lib "* | *", $lib,"*) ;; *) fail "Depends lacks $lib" ;; esac
done

# The control archive: the playlist is a conffile, the maintainer scripts run.
dpkg-deb -e "$deb" "$work/control"
[ "$(cat "$work/control/conffiles")" = /etc/placard/playlist.json ] ||
    fail "conffiles is '$(cat "$work/control/conffiles")', not /etc/placard/playlist.json"
for script in postinst prerm postrm; do
    [ -x "$work/control/$script" ] || fail "$script is missing or not executable"
    sh -n "$work/control/$script" || fail "$script is not valid sh"
done

# The files.
dpkg-deb -c "$deb" | awk '{print $6}' >"$work/files"
for file in ./usr/bin/placard ./usr/lib/systemd/system/placard.service ./etc/placard/playlist.json \
    ./usr/lib/udev/rules.d/60-placard-cec.rules ./usr/lib/sysusers.d/placard.conf \
    ./usr/share/placard/config/playlist.schema.json ./usr/share/placard/config/demo.json \
    ./usr/share/placard/config/examples/hall.json ./usr/share/placard/assets/demo/reports.xml \
    ./usr/share/placard/assets/demo/meetings.ics ./usr/share/placard/assets/demo/photos/founding.jpg \
    ./usr/share/placard/assets/demo/conference-leaflet.pdf \
    ./usr/share/doc/placard/copyright ./usr/share/doc/placard/README.md ./usr/share/doc/placard/changelog.gz \
    ./usr/share/man/man1/placard.1.gz; do
    grep -qx "$file" "$work/files" || fail "the package lacks $file"
done
if grep -E '\.(py|sh)$|/build/|\.cpp$' "$work/files"; then fail "the package holds the files above, which are the repo's, not the program's"; fi
root=$work/root
dpkg-deb -x "$deb" "$root"
# The changelog: gzip -9n (no file name, no time stamp: bytes 4-7 and the FNAME flag are
# zero), its newest entry this version.
changelog=$root/usr/share/doc/placard/changelog.gz
if [ -f "$changelog" ]; then
    header=$(od -An -tx1 -N10 "$changelog" | tr -d ' \n')
    case $header in 1f8b0800000000000203) ;; *) fail "changelog.gz is not made by gzip -9n (header $header)" ;; esac
    top=$(gzip -dc "$changelog" | head -n 1)
    case $top in "placard ($version) "*) ;; *) fail "the changelog's newest entry is '$top', not placard ($version)" ;; esac
fi
run() { if [ -n "$emulator" ]; then $emulator "$@"; else "$@"; fi; }
# shellcheck disable=SC2086
if ! out=$(run "$root/usr/bin/placard" --version 2>&1); then fail "placard --version: $out"; fi
case $out in "placard $version"*) ;; *) fail "placard --version says '$out'" ;; esac
if readelf -S "$root/usr/bin/placard" | grep -q '\.symtab'; then fail "the binary is not stripped"; fi

# The default playlist, read where it would be installed: its paths moved into the root.
sed "s|/usr/share/placard|$root/usr/share/placard|g" "$root/etc/placard/playlist.json" >"$work/playlist.json"
if ! out=$(run "$root/usr/bin/placard" check "$work/playlist.json" 2>&1); then fail "the default playlist: $out"; fi
echo "check-deb: default playlist: $out"

# The unit, with its ExecStart pointed at the binary that exists here.
unit=$work/placard.service
sed "s|^ExecStart=/usr/bin/placard|ExecStart=$root/usr/bin/placard|" "$root/usr/lib/systemd/system/placard.service" >"$unit"
grep -q "^ExecStart=$root/usr/bin/placard run$" "$unit" || fail "the unit's ExecStart is not /usr/bin/placard run"
if ! out=$(systemd-analyze verify "$unit" 2>&1) || [ -n "$out" ]; then fail "systemd-analyze verify: $out"; fi
for setting in Type=notify WatchdogSec= Restart=always CacheDirectory=placard User=placard ProtectSystem=strict \
    "ReadWritePaths=-/etc/placard -/srv/placard" \
    NoNewPrivileges=yes ExecReload= RuntimeDirectory=placard Environment=XDG_RUNTIME_DIR= \
    Environment=XDG_CACHE_HOME=; do
    grep -q "^$setting" "$unit" || fail "the unit lacks $setting"
done
# The web page drawer: its socket, placard's alone, and its service, a throwaway user of its
# own with a memory cap, its connection on standard input and output.
for name in placard-web.socket placard-web@.service; do
    [ -f "$root/usr/lib/systemd/system/$name" ] || fail "the package lacks /usr/lib/systemd/system/$name"
done
web=$work/placard-web@.service
sed "s|^ExecStart=/usr/bin/placard|ExecStart=$root/usr/bin/placard|" "$root/usr/lib/systemd/system/placard-web@.service" >"$web"
cp "$root/usr/lib/systemd/system/placard-web.socket" "$work/placard-web.socket"
grep -q "^ExecStart=$root/usr/bin/placard web-helper$" "$web" || fail "the drawer's ExecStart is not /usr/bin/placard web-helper"
if ! out=$(cd "$work" && systemd-analyze verify placard-web.socket "$web" 2>&1) || [ -n "$out" ]; then
    fail "systemd-analyze verify (the page drawer): $out"
fi
for setting in DynamicUser=yes StandardInput=socket StandardOutput=socket MemoryMax= MemorySwapMax=0 \
    CPUWeight=idle ProtectSystem=strict PrivateTmp=yes NoNewPrivileges=yes; do
    grep -q "^$setting" "$web" || fail "the page drawer's unit lacks $setting"
done
for setting in ListenStream=/run/placard-web.sock Accept=yes SocketUser=placard SocketMode=0600; do
    grep -q "^$setting" "$work/placard-web.socket" || fail "the page drawer's socket lacks $setting"
done
# The drawer lets the browser make its own sandbox (namespaces), hence more than placard's: 3.8 when written.
if ! out=$(cd "$work" && systemd-analyze security --offline=yes --threshold=45 "$web" 2>&1); then
    fail "systemd-analyze security (the page drawer): exposure above 4.5: $(echo "$out" | tail -n 1)"
fi
echo "check-deb: the page drawer: $(echo "$out" | grep -o 'Overall exposure level.*')"
# Exposure 0 (locked down) to 10 (UNSAFE), times ten: 1.7 when this was written.
if ! out=$(systemd-analyze security --offline=yes --threshold=25 "$unit" 2>&1); then
    fail "systemd-analyze security: exposure above 2.5: $(echo "$out" | tail -n 1)"
fi
echo "check-deb: $(echo "$out" | grep -o 'Overall exposure level.*')"

# Installing, editing the playlist, upgrading: dpkg keeps the edited conffile. dpkg needs
# root to own the files it unpacks, so this part runs only as root (as CI does).
if [ "$(id -u)" -eq 0 ]; then
    target=$work/target
    mkdir -p "$target/var/lib/dpkg/info" "$target/var/lib/dpkg/updates"
    touch "$target/var/lib/dpkg/status"
    install_deb() {
        dpkg --root="$target" --force-depends --force-script-chrootless --force-architecture \
            --log=/dev/null -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; return 1; }
    }
    if install_deb; then
        echo '{ "version": 1, "slides": [{ "type": "text", "title": "Our meeting" }] }' >"$target/etc/placard/playlist.json"
        install_deb || fail "reinstalling (an upgrade) failed"
        grep -q "Our meeting" "$target/etc/placard/playlist.json" || fail "the upgrade replaced the organizer's playlist"
        [ -f "$target/etc/placard/playlist.json.dpkg-new" ] && fail "dpkg left playlist.json.dpkg-new"
        dpkg --root="$target" --force-script-chrootless --log=/dev/null --purge placard >>"$work/dpkg.log" 2>&1 ||
            fail "purge failed: $(cat "$work/dpkg.log")"
        [ ! -e "$target/usr/bin/placard" ] || fail "the purge left /usr/bin/placard"
        [ ! -e "$target/etc/placard/playlist.json" ] || fail "the purge left /etc/placard/playlist.json"
        echo "check-deb: installed, upgraded with the playlist kept, and purged in a throwaway root"
    else
        fail "dpkg --root -i failed"
    fi
else
    echo "check-deb: not root: the install and upgrade in a throwaway root are left out"
fi

# lintian, Debian's own checks: an error fails; the warnings left are explained in the
# README ("The Debian package").
if command -v lintian >/dev/null; then
    status=0
    lintian --fail-on error --tag-display-limit 0 "$deb" >"$work/lintian.log" 2>"$work/lintian.err" || status=$?
    sed 's/^/check-deb: lintian: /' "$work/lintian.log"
    case $status in
    0) echo "check-deb: lintian: no errors" ;;
    2) fail "lintian found errors (E: above)" ;;
    *) fail "lintian itself failed ($status): $(cat "$work/lintian.err")" ;;
    esac
else
    echo "check-deb: lintian is not installed: Debian's own checks are left out"
fi

[ "$failures" -eq 0 ] || { echo "check-deb: $failures check(s) failed" >&2; exit 1; }
echo "check-deb: all checks hold"
