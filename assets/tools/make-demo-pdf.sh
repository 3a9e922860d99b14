#!/bin/sh
# Writes the demo campaign's conference leaflet (fictional, like the rest of the demo) as a
# two-page A4 PDF, assets/demo/conference-leaflet.pdf, the way a designer's tool would: each
# page drawn as SVG and put into one PDF by rsvg-convert (cairo). Vector text and shapes, so
# placard's PDF slides draw it sharp at any screen size. Deterministic: running it again
# rewrites the same pages (cairo stamps a creation date, which placard does not read).
#
# Usage: assets/tools/make-demo-pdf.sh   (needs rsvg-convert, Debian's librsvg2-bin, and the DejaVu fonts)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
demo="$(cd "$here/.." && pwd)/demo"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

red='#c8102e'
deep='#7d0a1c'
yellow='#ffc20e'
cream='#f5efe0'
ink='#0d0d0f'

# Page one: the poster. A4 in points, 595 x 842.
cat > "$work/1.svg" <<SVG
<svg xmlns="http://www.w3.org/2000/svg" width="595" height="842" viewBox="0 0 595 842">
  <rect width="595" height="842" fill="$red"/>
  <rect y="610" width="595" height="232" fill="$deep"/>
  <g fill="none" stroke="$cream" stroke-width="14">
    <path d="M 207 200 L 207 110 Q 297 40 387 110 L 387 200"/>
    <path d="M 252 200 L 252 130 M 297 200 L 297 95 M 342 200 L 342 130"/>
  </g>
  <rect x="190" y="200" width="214" height="14" fill="$cream"/>
  <g font-family="DejaVu Sans" text-anchor="middle">
    <text x="297.5" y="290" font-size="30" font-weight="bold" fill="$yellow" letter-spacing="4">CONFERENCE</text>
    <text x="297.5" y="370" font-size="60" font-weight="bold" fill="$cream">Workers’</text>
    <text x="297.5" y="438" font-size="60" font-weight="bold" fill="$cream">Control Today</text>
    <text x="297.5" y="500" font-size="22" fill="$cream">Co-operatives, occupations and union law:</text>
    <text x="297.5" y="530" font-size="22" fill="$cream">a day of workshops with the people doing it</text>
    <text x="297.5" y="672" font-size="34" font-weight="bold" fill="$cream">Saturday 6 February 2027</text>
    <text x="297.5" y="716" font-size="26" font-weight="bold" fill="$yellow">Registration from 9:30</text>
    <text x="297.5" y="760" font-size="20" fill="$cream">Students’ Union, Hallam Road, Sheffield</text>
    <text x="297.5" y="810" font-size="15" fill="$cream" letter-spacing="2">LUNCH PROVIDED · CRÈCHE ON REQUEST · OPEN GATES</text>
  </g>
</svg>
SVG

# Page two: the day's programme.
cat > "$work/2.svg" <<SVG
<svg xmlns="http://www.w3.org/2000/svg" width="595" height="842" viewBox="0 0 595 842">
  <rect width="595" height="842" fill="$cream"/>
  <rect width="595" height="120" fill="$ink"/>
  <g font-family="DejaVu Sans">
    <text x="48" y="78" font-size="40" font-weight="bold" fill="$yellow">The programme</text>
    <g font-size="22" fill="$ink">
      <text x="48" y="190" font-weight="bold" fill="$red">9:30</text><text x="150" y="190">Registration, tea and coffee</text>
      <text x="48" y="260" font-weight="bold" fill="$red">10:00</text><text x="150" y="260">Opening: the occupied tile works</text>
      <text x="150" y="290" font-size="18" fill="#444444">by video link from Puerto Lindo</text>
      <text x="48" y="360" font-weight="bold" fill="$red">11:00</text><text x="150" y="360">Workshops: running a co-operative,</text>
      <text x="150" y="390">what the law says about occupations</text>
      <text x="48" y="460" font-weight="bold" fill="$red">13:00</text><text x="150" y="460">Lunch</text>
      <text x="48" y="530" font-weight="bold" fill="$red">14:00</text><text x="150" y="530">Workshops: union branches and</text>
      <text x="150" y="560">solidarity across borders</text>
      <text x="48" y="630" font-weight="bold" fill="$red">16:00</text><text x="150" y="630">Plenary: what we do next</text>
    </g>
    <rect x="48" y="700" width="499" height="90" rx="12" fill="$red"/>
    <text x="297.5" y="740" font-size="22" font-weight="bold" fill="$cream" text-anchor="middle">Free for members, £5 waged</text>
    <text x="297.5" y="772" font-size="18" fill="$cream" text-anchor="middle">Book at the stall or at example.org/conference</text>
  </g>
</svg>
SVG

rsvg-convert -f pdf -o "$demo/conference-leaflet.pdf" "$work/1.svg" "$work/2.svg"
ls -l "$demo/conference-leaflet.pdf"
