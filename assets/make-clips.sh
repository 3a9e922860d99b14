#!/bin/sh
# Makes the demo's clips with Debian's ffmpeg (install-deps.sh installs it), into
# assets/demo/clips/: what config/examples/screening.json plays.
#   trailer.mp4  a trailer for the screening of "Fire in the Kilns": title cards on warm
#                moving colour, crossfaded, over a quiet chord; no black frame anywhere.
#   picket.mp4   "footage" of the picket: a moving pattern with a caption, no sound.
# H.264 at 1280x720, 25 frames a second, yuv420p with the index first (+faststart): what
# every Pi decodes in hardware. Run it again after changing it; the files are committed.
set -eu
cd "$(dirname "$0")/demo"
mkdir -p clips
font=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
light=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
size=1280x720

# One title card: a slowly moving two-colour gradient with up to two lines of text.
card() {
    # $1 seconds, $2 $3 gradient colours, $4 big line, $5 small line
    printf '%s' "gradients=s=$size:r=25:d=$1:c0=$2:c1=$3:speed=0.02:type=linear,format=yuv420p,"
    printf '%s' "drawtext=fontfile=$font:text='$4':fontcolor=0xFFF4E0:fontsize=84:x=(w-tw)/2:y=h/2-th-10,"
    printf '%s' "drawtext=fontfile=$light:text='$5':fontcolor=0xFFE3B0:fontsize=40:x=(w-tw)/2:y=h/2+40"
}

ffmpeg -nostdin -loglevel error -y \
    -f lavfi -i "$(card 3.5 0xB3261E 0xE07B24 'FIRE IN THE KILNS' 'A film about Cerámicas del Sur')" \
    -f lavfi -i "$(card 3.5 0x7A1F5C 0xC2410C 'Run by its workers' 'since the owners walked away')" \
    -f lavfi -i "$(card 3.5 0x1E3A8A 0xB3261E 'Tonight at 7.30pm' 'Q and A with the union after the film')" \
    -f lavfi -i "aevalsrc=0.12*sin(2*PI*220*t)+0.08*sin(2*PI*277.2*t)+0.06*sin(2*PI*329.6*t):s=48000:d=9.5" \
    -filter_complex "[0][1]xfade=transition=fade:duration=0.75:offset=2.75[a];[a][2]xfade=transition=fade:duration=0.75:offset=5.5[v];[3]afade=t=in:d=1,afade=t=out:st=8.5:d=1[s]" \
    -map "[v]" -map "[s]" -c:v libx264 -preset slow -crf 26 -pix_fmt yuv420p -c:a aac -b:a 64k \
    -movflags +faststart -shortest clips/trailer.mp4

ffmpeg -nostdin -loglevel error -y \
    -f lavfi -i "life=s=160x90:r=5:mold=10:ratio=0.3:death_color=0x3A4A5A:life_color=0xE0B040,fps=25,scale=$size:flags=neighbor,format=yuv420p,drawbox=y=ih-110:w=iw:h=110:color=0x000000@0.55:t=fill,drawtext=fontfile=$font:text='On the picket line, 12 November':fontcolor=white:fontsize=44:x=40:y=h-80" \
    -t 5 -c:v libx264 -preset slow -crf 28 -pix_fmt yuv420p -an -movflags +faststart clips/picket.mp4
ls -l clips
