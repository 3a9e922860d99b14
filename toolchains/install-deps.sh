#!/bin/sh
# Installs what placard needs to build, test and run on Debian 12 / Raspberry Pi OS bookworm.
# clang and libclang-rt-14-dev are for the fuzz targets (cmake --preset fuzz, tests/fuzz/run.sh) and the
# clang build (cmake --preset clang); clang-format checks the layout (tests/style/check-format.sh) and
# clang-tidy reads .clang-tidy (clang-tidy -p build/dev FILE);
# tests/data/jsonfeed/make-fixtures.sh also needs hugo, which nothing else does.
# dpkg-dev (dpkg-shlibdeps), systemd (systemd-analyze), binutils (readelf) and lintian are for the
# package's test, tests/package/check-deb.sh.
# libmpv plays clips, libavformat checks them (`placard check`); ffmpeg makes the tests' clips
# and the screening example's trailer (assets/make-clips.sh).
# libmicrohttpd serves the control page, libsodium hashes its password (Argon2id) and makes its tokens.
# libmosquitto is the broker's client (cues to many halls, libsodium signs and checks them); mosquitto
# (the broker) and openssl (its test certificates) are for the tests of it.
# libpoppler-cpp renders PDF posters; qpdf and librsvg2-bin (rsvg-convert) make the tests' PDFs.
# xvfb gives the benchmark (tests/bench) and the renderer's tests a real X11 window with no display.
# mpv (the player) is for the benchmark only: it compares placard's clips against mpv's own player.
# chromium and python3-websocket are for the control page's browser test (tests/browser), which
# drives Debian's chromium, headless, over the DevTools protocol; chromium-headless-shell draws
# web slides (web/browser.cpp), and its tests run it.
# The fonts beyond DejaVu are the fallbacks for CJK and emoji (README, "Text in every script").
# Re-runs itself through sudo when not root. Safe to run again: apt skips what is there.
set -eu
if [ "$(id -u)" -ne 0 ]; then
    exec sudo "$0" "$@"
fi
packages="
    cmake ninja-build g++ pkg-config git
    libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev
    libcurl4-openssl-dev libssl-dev nlohmann-json3-dev doctest-dev libfmt-dev
    libxml2-dev libqrencode-dev libfontconfig-dev libexif-dev libsystemd-dev
    libical-dev libicu-dev libhowardhinnant-date-dev tzdata
    libpng-dev libturbojpeg0-dev libwebp-dev
    libmpv-dev libavformat-dev libavcodec-dev libavutil-dev ffmpeg
    libmicrohttpd-dev libsodium-dev libmosquitto-dev mosquitto openssl
    libpoppler-cpp-dev qpdf librsvg2-bin
    fonts-dejavu-core fonts-droid-fallback fonts-noto-color-emoji fonts-symbola
    python3 python3-jsonschema python3-icalendar python3-vobject python3-dateutil python3-tz
    clang libclang-rt-14-dev clang-format clang-tidy
    dpkg-dev systemd binutils lintian
    xvfb mpv
    chromium chromium-headless-shell python3-websocket
"
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "install-deps: installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing
fi
