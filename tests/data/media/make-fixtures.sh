#!/bin/sh
# Makes the media test fixtures with ImageMagick's convert. The generated files are
# committed, since CI may not have ImageMagick; run this again only to change them.
#
# The orientation fixtures all show the same upright picture, 64x48: red top-left,
# lime top-right, blue bottom-left, yellow bottom-right. Each stores its pixels turned
# the other way and says in EXIF how to turn them back, so that a reader that applies
# the orientation sees the upright picture and one that ignores it does not.
set -eu
cd "$(dirname "$0")"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

convert -size 32x24 xc:red xc:lime +append \( -size 32x24 xc:blue xc:yellow +append \) -append \
    "$tmp/upright.png"

# convert writes no EXIF block into a JPEG that had none, so one is put in by hand:
# APP1 "Exif\0\0", a little-endian TIFF header and an IFD0 holding only Orientation.
with_orientation() {  # stored-picture orientation output
    /usr/bin/python3 - "$1" "$2" "$3" <<'PY'
import struct, sys
src, orientation, dst = sys.argv[1], int(sys.argv[2]), sys.argv[3]
data = open(src, "rb").read()
assert data[:2] == b"\xff\xd8"
tiff = b"II*\x00" + struct.pack("<I", 8)
tiff += struct.pack("<H", 1) + struct.pack("<HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack("<I", 0)
payload = b"Exif\x00\x00" + tiff
app1 = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
open(dst, "wb").write(data[:2] + app1 + data[2:])
PY
}

# Stored = upright turned by the inverse of what the orientation asks for.
convert "$tmp/upright.png" -rotate -90 -quality 95 "$tmp/stored6.jpg"   # 6: turn 90 clockwise
convert "$tmp/upright.png" -rotate 180 -quality 95 "$tmp/stored3.jpg"   # 3: turn 180
convert "$tmp/upright.png" -rotate 90 -quality 95 "$tmp/stored8.jpg"    # 8: turn 90 anticlockwise
with_orientation "$tmp/stored6.jpg" 6 orientation-6.jpg
with_orientation "$tmp/stored3.jpg" 3 orientation-3.jpg
with_orientation "$tmp/stored8.jpg" 8 orientation-8.jpg
convert "$tmp/upright.png" -quality 95 upright.jpg

# 40x30, left half opaque red, right half fully transparent.
convert -size 20x30 xc:red -size 20x30 xc:none +append -define png:color-type=6 alpha.png

convert "$tmp/upright.png" -resize 50x30! -quality 90 picture.webp
convert "$tmp/upright.png" -resize 33x21! picture.gif

# Pictures cut off halfway, as by a download that stopped: the headers are whole, the
# pixels are not.
convert -seed 1 -size 200x150 plasma:fractal -quality 90 "$tmp/whole.jpg"
convert -seed 1 -size 200x150 plasma:fractal -depth 8 "$tmp/whole.png"
head -c $(($(wc -c < "$tmp/whole.jpg") / 2)) "$tmp/whole.jpg" > truncated.jpg
head -c $(($(wc -c < "$tmp/whole.png") / 2)) "$tmp/whole.png" > truncated.png

printf 'This is not a picture, whatever its name says.\n' > text.jpg

# Pictures whose compressed data is damaged, as by a bad sector or a faulty copy: the
# headers and the end marker are whole, some bytes of the scan are not. libjpeg decodes
# them to the end and only warns (turbojpeg's first words in the comments), drawing grey or
# wrong colours from the damage on.
damage() {  # whole-jpeg count seed output: overwrite `count` bytes 2/5 into the scan
    /usr/bin/python3 - "$@" <<'PY'
import random, struct, sys
src, count, seed, dst = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
data = bytearray(open(src, "rb").read())
pos = 2
while data[pos + 1] != 0xDA:  # walk the marker segments up to the scan's header
    pos += 2 + struct.unpack(">H", data[pos + 2:pos + 4])[0]
start = pos + 2 + struct.unpack(">H", data[pos + 2:pos + 4])[0]
end = data.rindex(b"\xff\xd9")
at = start + (end - start) * 2 // 5
rng = random.Random(seed)
for i in range(at, at + count):  # never 0xFF: no marker is made, the layout stays
    data[i] = rng.choice([b for b in range(256) if b != 0xFF])
open(dst, "wb").write(bytes(data))
PY
}
convert -seed 1 -size 200x150 plasma:fractal -colorspace CMYK -quality 90 "$tmp/cmyk.jpg"
damage "$tmp/whole.jpg" 200 3 damaged.jpg             # premature end of data segment
damage "$tmp/whole.jpg" 200 2 damaged-extraneous.jpg  # 24 extraneous bytes before marker 0xd9
damage "$tmp/cmyk.jpg" 400 3 damaged-cmyk.jpg         # 46 extraneous bytes before marker 0xd9
with_orientation damaged.jpg 6 damaged-orientation-6.jpg
convert "$tmp/upright.png" -colorspace CMYK -quality 95 cmyk.jpg
