#!/bin/sh
# Draws the pictures of the demo campaign ("Open Gates", fictional) with ImageMagick 6:
# assets/demo/photos/*.jpg for the reports and image slides, assets/demo/posters/* for the
# posters folder. Nothing is downloaded: every picture is shapes, gradients and text,
# drawn big and with strong contrast because a hall's screen is read from 15 m away.
# The output is deterministic, so running it again only rewrites identical pictures.
#
# Usage: assets/tools/make-demo-art.sh   (needs `convert` and the DejaVu fonts)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
demo="$(cd "$here/.." && pwd)/demo"
photos="$demo/photos"
posters="$demo/posters"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$photos" "$posters"

bold=DejaVu-Sans-Bold
cond=DejaVu-Sans-Condensed-Bold
sans=DejaVu-Sans
serif=DejaVu-Serif-Bold

# The campaign's colours.
red='#c8102e'
deep='#7d0a1c'
yellow='#ffc20e'
navy='#14213d'
cream='#f5efe0'
ink='#0d0d0f'

# JPEG as the brief asks: quality 82, no metadata, 4:2:0; keeps each picture well under 400 KB.
save_jpeg() {
    convert "$1" -strip -sampling-factor 4:2:0 -quality 82 "$2"
}

# A deterministic stream of numbers, so the crowds vary without differing between runs.
next_random() {
    seed=$(( (seed * 1103515245 + 12345) % 2147483648 ))
    random=$(( seed / 65536 ))
}

# Draw commands for a row of people seen from behind: heads and shoulders in $1,
# centred on baseline y=$2, person width $3, from x=$4 to x=$5, varied by the seed $6.
# (It runs in a command substitution, so each row brings its own seed.)
crowd_row() {
    colour=$1 base=$2 size=$3 x=$4 last=$5 seed=$6
    out="fill $colour "
    while [ "$x" -lt "$last" ]; do
        next_random
        jitter=$(( random % (size / 3 + 1) - size / 6 ))
        head=$(( size * 30 / 100 + random % (size / 10 + 1) ))
        cx=$(( x + jitter ))
        top=$(( base - size * 13 / 10 + random % (size / 5 + 1) ))
        out="$out roundrectangle $(( cx - size / 2 )),$(( top + head * 2 )) $(( cx + size / 2 )),$(( base + size )) $(( size / 3 )),$(( size / 3 ))"
        out="$out circle $cx,$(( top + head )) $(( cx + head )),$(( top + head ))"
        x=$(( x + size * 9 / 10 ))
    done
    printf '%s rectangle %d,%d %d,%d' "$out" "$4" $(( base + size / 2 )) "$last" $(( base + size ))
}

# The campaign's mark: two gate leaves swung open, in colour $1, fitting a box of $2 px.
gate_mark() {
    colour=$1 px=$2
    convert -size "${px}x${px}" xc:none -fill "$colour" -stroke none \
        -draw "polygon $(( px * 6 / 100 )),$(( px * 20 / 100 )) $(( px * 40 / 100 )),$(( px * 32 / 100 )) $(( px * 40 / 100 )),$(( px * 96 / 100 )) $(( px * 6 / 100 )),$(( px * 84 / 100 ))" \
        -draw "polygon $(( px * 94 / 100 )),$(( px * 20 / 100 )) $(( px * 60 / 100 )),$(( px * 32 / 100 )) $(( px * 60 / 100 )),$(( px * 96 / 100 )) $(( px * 94 / 100 )),$(( px * 84 / 100 ))" \
        -draw "circle $(( px / 2 )),$(( px * 16 / 100 )) $(( px / 2 )),$(( px * 4 / 100 ))" \
        "$work/gate-$px.png"
}

screening() {
    # A screen glowing with the film's title above rows of silhouetted heads.
    convert -size 1000x470 gradient:'#ffb347'-'#c8381e' \
        -fill "$ink" -draw "polygon 0,470 0,300 120,300 120,200 160,200 160,300 260,300 330,250 400,300 470,250 540,300 610,250 680,300 680,150 720,150 720,300 1000,300 1000,470" \
        -fill '#ffdd66' -draw "rectangle 30,340 80,380 rectangle 200,340 250,380 rectangle 420,340 470,380 rectangle 760,340 810,380 rectangle 900,340 950,380" \
        -font "$bold" -pointsize 96 -fill "$cream" -gravity north -annotate +0+40 'FIRE IN THE KILNS' \
        "$work/screen.png"
    convert "$work/screen.png" -resize 112% -blur 0x40 -fill '#ff9a40' -colorize 30% "$work/glow.png"
    convert -size 1600x1000 gradient:'#0b0f1a'-'#22150f' \
        "$work/glow.png" -gravity north -geometry +0+50 -compose screen -composite \
        -compose over "$work/screen.png" -gravity north -geometry +0+80 -composite \
        -fill 'rgba(255,230,180,0.07)' -draw "polygon 300,550 1300,550 1600,1000 0,1000" \
        -draw "$(crowd_row '#1b1512' 700 70 240 1400 7919)" \
        -draw "$(crowd_row '#100c0a' 810 100 120 1540 15838)" \
        -draw "$(crowd_row "$ink" 950 140 -40 1700 23757)" \
        "$work/screening.png"
    save_jpeg "$work/screening.png" "$photos/screening.jpg"
}

picket() {
    # An embassy's columns under a dusk sky, a crowd in front with placards.
    convert -size 1600x1000 gradient:'#1f3358'-'#d99a62' \
        -fill '#e9dfca' -draw "rectangle 260,260 1340,800" \
        -fill '#d6c8ab' -draw "polygon 220,270 800,90 1380,270" \
        -fill '#e9dfca' -draw "polygon 280,250 800,120 1320,250" \
        -fill '#bfae8c' \
        -draw "rectangle 320,300 380,800 rectangle 480,300 540,800 rectangle 640,300 700,800 rectangle 900,300 960,800 rectangle 1060,300 1120,800 rectangle 1220,300 1280,800" \
        -fill '#3a2c22' -draw "rectangle 740,520 860,800" \
        -fill '#5a5a5a' -draw "rectangle 1395,40 1405,300" \
        -fill '#00808a' -draw "rectangle 1405,50 1565,125" -fill "$yellow" -draw "rectangle 1405,125 1565,200" \
        -fill '#f4f4f4' -draw "circle 1485,125 1485,97" \
        -draw "$(crowd_row '#22243a' 820 80 0 1650 31676)" \
        "$work/picket-back.png"
    # Placards: sticks, boards and slogans, tilted a little as people hold them.
    convert "$work/picket-back.png" -fill '#3b2a1a' \
        -draw "rectangle 247,600 259,900 rectangle 647,560 659,900 rectangle 1027,590 1039,900 rectangle 1387,610 1399,900" \
        \( -size 360x190 xc:"$yellow" -font "$bold" -pointsize 62 -fill "$ink" -gravity center -annotate +0+0 'OPEN\nGATES' -background none -rotate -4 \) -gravity northwest -geometry +73+440 -composite \
        \( -size 380x190 xc:"$cream" -font "$bold" -pointsize 56 -fill "$red" -gravity center -annotate +0+0 'NO\nEVICTION' -background none -rotate 3 \) -gravity northwest -geometry +463+395 -composite \
        \( -size 380x190 xc:"$red" -font "$bold" -pointsize 52 -fill "$cream" -gravity center -annotate +0+0 "WORKERS'\nCONTROL" -background none -rotate -2 \) -gravity northwest -geometry +843+420 -composite \
        \( -size 340x190 xc:"$cream" -font "$bold" -pointsize 62 -fill "$navy" -gravity center -annotate +0+0 'HANDS\nOFF!' -background none -rotate 5 \) -gravity northwest -geometry +1223+440 -composite \
        -draw "$(crowd_row "$ink" 940 130 -30 1700 39595)" \
        "$work/picket.png"
    save_jpeg "$work/picket.png" "$photos/picket.jpg"
}

caravan() {
    # Three vans on a road into a sunset, hills on either side.
    convert -size 1600x600 gradient:'#3d1550'-'#ff9d3b' \
        -fill '#ffe08a' -draw "circle 800,560 800,450" \
        -size 1600x1000 -background none -extent 1600x1000 \
        -fill '#5c2346' -draw "polygon 0,600 0,470 220,420 450,500 650,560 950,560 1150,470 1400,430 1600,480 1600,600" \
        -fill '#2a1030' -draw "rectangle 0,590 1600,1000" \
        -fill '#1a1a1f' -draw "polygon 770,590 830,590 1500,1000 100,1000" \
        -fill "$cream" -draw "polygon 770,590 774,590 118,1000 100,1000 polygon 826,590 830,590 1500,1000 1482,1000" \
        -fill "$yellow" -draw "polygon 797,600 803,600 806,640 794,640 polygon 792,670 808,670 814,740 786,740 polygon 783,780 817,780 828,900 772,900" \
        "$work/road.png"
    van() {
        # $1 width, $2 centre x, $3 bottom y
        w=$1 cx=$2 b=$3 h=$(( $1 * 55 / 100 ))
        l=$(( cx - w / 2 )) r=$(( cx + w / 2 )) t=$(( b - h ))
        printf '%s' "fill $cream roundrectangle $l,$t $r,$(( b - w / 12 )) $(( w / 20 )),$(( w / 20 )) fill $red rectangle $l,$(( t + h * 45 / 100 )) $r,$(( t + h * 62 / 100 )) fill '#2b2b33' rectangle $(( l + w / 10 )),$(( t + h / 10 )) $(( r - w / 10 )),$(( t + h * 35 / 100 )) fill $ink circle $(( l + w / 4 )),$(( b - w / 12 )) $(( l + w / 4 + w / 10 )),$(( b - w / 12 )) circle $(( r - w / 4 )),$(( b - w / 12 )) $(( r - w / 4 + w / 10 )),$(( b - w / 12 )) fill '#ff3b30' rectangle $l,$(( t + h * 70 / 100 )) $(( l + w / 14 )),$(( t + h * 80 / 100 )) rectangle $(( r - w / 14 )),$(( t + h * 70 / 100 )) $r,$(( t + h * 80 / 100 ))"
    }
    convert "$work/road.png" \
        -draw "$(van 70 762 640)" -draw "$(van 190 675 740)" -draw "$(van 460 470 960)" \
        -font "$bold" -pointsize 32 -fill "$cream" -gravity north -annotate -330+824 'SOLIDARITY CARAVAN' \
        "$work/caravan.png"
    save_jpeg "$work/caravan.png" "$photos/caravan.jpg"
}

founding() {
    # The campaign's banner on the wall of a hall, a top table, heads in the front rows.
    gate_mark "$yellow" 260
    convert -size 1600x1000 gradient:'#8a5a3c'-'#4a2d1e' \
        -fill '#3a2418' -draw "rectangle 0,700 1600,1000" \
        -fill "$yellow" -draw "rectangle 130,70 1470,500" \
        -fill "$red" -draw "rectangle 145,85 1455,485" \
        "$work/gate-260.png" -gravity northwest -geometry +190+155 -composite \
        -font "$bold" -pointsize 128 -fill "$cream" -gravity northwest -annotate +490+140 'OPEN GATES' \
        -font "$cond" -pointsize 54 -fill "$yellow" -annotate +500+320 'SOLIDARITY WITH THE WORKERS' \
        -annotate +500+385 'OF THE OCCUPIED FACTORIES' \
        -draw "$(crowd_row '#1e130c' 620 90 480 1200 47514)" \
        -fill '#5e3b25' -draw "rectangle 280,600 1320,640" \
        -fill '#2a1a10' -draw "rectangle 300,640 1300,700" \
        -draw "$(crowd_row "$ink" 960 150 -30 1700 55433)" \
        "$work/founding.png"
    save_jpeg "$work/founding.png" "$photos/founding.jpg"
}

kilns() {
    # Portrait: the occupied plant at dusk, kilns glowing in the windows, a banner on the wall.
    convert -size 1000x1500 gradient:'#17224a'-'#ff7a3a' \
        -fill 'rgba(200,200,210,0.35)' -draw "circle 300,170 370,170 circle 390,100 480,100 circle 520,50 630,50 circle 720,280 780,280 circle 810,210 890,210 circle 920,150 1020,150" \
        -blur 0x12 \
        -fill "$ink" -draw "rectangle 240,230 330,900 rectangle 660,330 740,900" \
        -fill "$red" -draw "rectangle 240,260 330,300 rectangle 660,360 740,400" \
        -fill "$ink" -draw "polygon 0,1500 0,880 200,760 200,880 400,760 400,880 600,760 600,880 800,760 800,880 1000,760 1000,1500" \
        -fill '#ff9a2e' -draw "rectangle 90,960 210,1080 rectangle 330,960 450,1080 rectangle 570,960 690,1080 rectangle 810,960 930,1080" \
        -fill "$red" -draw "rectangle 60,1140 940,1370" \
        -font "$bold" -pointsize 96 -fill "$cream" -gravity north -annotate +0+1150 'OCUPADA' \
        -font "$cond" -pointsize 58 -fill "$yellow" -annotate +0+1272 'BAJO CONTROL OBRERO' \
        -fill "$ink" -draw "rectangle 760,560 768,900" \
        -fill "$red" -draw "polygon 768,565 900,600 768,640" \
        "$work/kilns.png"
    save_jpeg "$work/kilns.png" "$photos/kilns.jpg"
}

tiles() {
    # Hand-painted tiles laid out on the stall's cloth, with the price card.
    for pattern in 1 2 3 4; do
        case $pattern in
            1) draw="fill '#1f4fa0' circle 100,100 100,20 fill $cream circle 100,100 100,55 fill $yellow circle 100,100 100,80" ;;
            2) draw="fill $red polygon 100,14 186,100 100,186 14,100 fill $cream polygon 100,50 150,100 100,150 50,100" ;;
            3) draw="fill '#1f4fa0' polygon 0,0 60,0 0,60 polygon 200,0 140,0 200,60 polygon 0,200 60,200 0,140 polygon 200,200 140,200 200,140 fill $yellow circle 100,100 100,40" ;;
            4) draw="fill '#2e8b57' ellipse 100,55 22,45 0,360 ellipse 100,145 22,45 0,360 ellipse 55,100 45,22 0,360 ellipse 145,100 45,22 0,360 fill $red circle 100,100 100,78" ;;
        esac
        convert -size 200x200 xc:"$cream" -stroke none -draw "$draw" \
            -bordercolor '#d8cdb4' -border 6 "$work/tile-$pattern.png"
    done
    set --
    row=0
    while [ $row -lt 4 ]; do
        col=0
        while [ $col -lt 6 ]; do
            set -- "$@" "$work/tile-$(( (row + col) % 4 + 1 )).png" -geometry "+$(( 80 + col * 240 ))+$(( 40 + row * 235 ))" -composite
            col=$(( col + 1 ))
        done
        row=$(( row + 1 ))
    done
    convert -size 1600x1000 xc:"$deep" "$@" \
        -fill "$yellow" -draw "roundrectangle 1180,720 1560,960 20,20" \
        -font "$bold" -pointsize 120 -fill "$ink" -gravity northwest -annotate +1240+730 '£5' \
        -font "$cond" -pointsize 40 -annotate +1205+880 'FOR THE FUND' \
        "$work/tiles.png"
    save_jpeg "$work/tiles.png" "$photos/tiles.jpg"
}

poster_screening() {
    # Portrait A-format poster: a film strip around a glowing frame, then the facts.
    strip=""
    y=30
    while [ $y -lt 1754 ]; do
        strip="$strip rectangle 28,$y 68,$(( y + 34 )) rectangle 1172,$y 1212,$(( y + 34 ))"
        y=$(( y + 70 ))
    done
    convert -size 1240x1754 xc:"$ink" \
        -fill "$cream" -draw "$strip" \
        \( -size 1000x620 gradient:'#ffb347'-'#c8381e' \
           -fill "$ink" -draw "polygon 0,620 0,420 150,420 150,260 200,260 200,420 320,420 420,340 520,420 620,340 720,420 720,200 770,200 770,420 1000,420 1000,620" \
           -fill '#ffdd66' -draw "rectangle 40,480 110,540 rectangle 300,480 370,540 rectangle 560,480 630,540 rectangle 840,480 910,540" \) \
        -gravity north -geometry +0+120 -composite \
        -font "$bold" -pointsize 84 -fill "$yellow" -annotate +0+790 'FILM SCREENING' \
        -font "$serif" -pointsize 120 -fill "$cream" -annotate +0+905 'Fire in the' -annotate +0+1040 'Kilns' \
        -font "$bold" -pointsize 64 -fill "$cream" -annotate +0+1230 'Thursday 3 December' \
        -font "$bold" -pointsize 64 -fill "$yellow" -annotate +0+1315 '7pm' \
        -font "$sans" -pointsize 48 -fill "$cream" -annotate +0+1420 'Trades Hall, Room 2' -annotate +0+1480 '12 Union Street, Sheffield' \
        -font "$cond" -pointsize 42 -fill '#bbbbbb' -annotate +0+1590 'FREE ENTRY · DISCUSSION AFTERWARDS' \
        -colors 64 -strip -define png:exclude-chunks=date,time "PNG8:$posters/1-screening.png"
}

poster_meeting() {
    # Red poster with the campaign's mark. Stored sideways with EXIF Orientation 6
    # ("RightTop": rotate 90 degrees clockwise to show), so the demo proves EXIF rotation.
    gate_mark "$cream" 360
    convert -size 1240x1754 xc:"$red" \
        -fill "$deep" -draw "rectangle 0,1380 1240,1754" \
        "$work/gate-360.png" -gravity north -geometry +0+90 -composite \
        -font "$bold" -pointsize 150 -fill "$cream" -gravity north -annotate +0+500 'PUBLIC' -annotate +0+670 'MEETING' \
        -font "$cond" -pointsize 70 -fill "$yellow" -annotate +0+880 "Workers' control:" -annotate +0+965 'how Puerto Lindo did it' \
        -font "$sans" -pointsize 50 -fill "$cream" -annotate +0+1100 "Marta Quiroga, ceramic workers’ union," -annotate +0+1165 'by video link from Costa Alta' \
        -font "$bold" -pointsize 60 -fill "$cream" -annotate +0+1420 'Thursday 21 January 2027 · 7pm' \
        -font "$sans" -pointsize 50 -fill "$yellow" -annotate +0+1530 'Trades Hall, Main Hall, 12 Union Street' \
        -font "$cond" -pointsize 40 -fill "$cream" -annotate +0+1640 'ALL WELCOME · OPEN GATES · example.org' \
        "$work/meeting.png"
    # The header is written by hand: ImageMagick 6 writes no EXIF orientation from -orient.
    # It is big-endian TIFF with one IFD entry, tag 0x0112 (Orientation), SHORT, value 6.
    printf 'Exif\000\000MM\000\052\000\000\000\010\000\001\001\022\000\003\000\000\000\001\000\006\000\000\000\000\000\000' > "$work/orientation-6.exif"
    convert "$work/meeting.png" -rotate -90 -strip -profile "APP1:$work/orientation-6.exif" \
        -sampling-factor 4:2:0 -quality 82 "$posters/2-public-meeting.jpg"
}

poster_social() {
    # Navy poster with bunting, for the fundraising social.
    # The string is the quadratic Bezier (0,40) (620,150) (1240,40): y = 40 + 220 t (1 - t).
    string_y() { echo $(( 40 + 220 * $1 * (1240 - $1) / (1240 * 1240) )); }
    bunting=""
    x=0
    i=0
    while [ $x -lt 1240 ]; do
        case $(( i % 3 )) in 0) c=$red ;; 1) c=$yellow ;; 2) c=$cream ;; esac
        bunting="$bunting fill $c polygon $x,$(string_y $x) $(( x + 100 )),$(string_y $(( x + 100 ))) $(( x + 50 )),$(( $(string_y $(( x + 50 ))) + 130 ))"
        x=$(( x + 110 ))
        i=$(( i + 1 ))
    done
    convert -size 1240x1754 xc:"$navy" \
        -stroke "$cream" -strokewidth 4 -fill none -draw "bezier 0,40 620,150 1240,40" -stroke none \
        -draw "$bunting" \
        -fill "$yellow" -draw "circle 620,560 620,330" \
        -font "$sans" -pointsize 300 -fill "$navy" -gravity north -annotate +0+380 '♫' \
        -font "$bold" -pointsize 130 -fill "$cream" -gravity north -annotate +0+850 'FUNDRAISING' -annotate +0+1000 'SOCIAL' \
        -font "$cond" -pointsize 72 -fill "$yellow" -annotate +0+1170 'Live music · cumbia DJ · raffle' \
        -font "$bold" -pointsize 66 -fill "$cream" -annotate +0+1320 'Friday 18 December · 7:30pm' \
        -font "$sans" -pointsize 50 -fill "$cream" -annotate +0+1420 'The Grindstone Club, 3 Forge Lane' \
        -font "$bold" -pointsize 60 -fill "$yellow" -annotate +0+1530 '£5  ·  £3 concessions' \
        -font "$cond" -pointsize 40 -fill '#9fb0d0' -annotate +0+1650 'FOR THE HARDSHIP FUND · OPEN GATES' \
        -colors 64 -strip -define png:exclude-chunks=date,time "PNG8:$posters/3-social.png"
}

screening
picket
caravan
founding
kilns
tiles
poster_screening
poster_meeting
poster_social
ls -l "$photos" "$posters"
