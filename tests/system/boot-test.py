#!/usr/bin/python3
"""placard's system test: the Debian package at a real boot, in an emulated machine.

    tests/system/boot-test.py [--arch arm64|amd64] [--deb FILE] [--work DIR]

It builds the package (or takes --deb), makes a minimal Debian 12 system with mmdebstrap
from the PC's own Debian mirror in which apt installs the package and resolves its Depends
as on a Pi, boots it with qemu-system-aarch64 (or -x86_64) on a virtio GPU with no
desktop, and checks from the host:
  - the unit, enabled by the package, reaches active (READY=1) with no restart;
  - the VM's screen, taken with QEMU's screendump, shows the first slide, not a console;
  - the journal of the boot holds no warning or error from placard;
and prints the time from the kernel's start to the first frame, next to systemd's figure
for the whole boot. Exit 0 when all hold, 1 when one does not (each failure said), 2 when
the machine lacks what the test needs.

Run as root (mmdebstrap, binfmt_misc and mke2fs need it); it installs its tools with apt
when they are missing. Everything lives in the work folder (build/system-ARCH): the image
is made again only when the package or this script changes.
"""

import argparse
import hashlib
import html
import http.server
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent

ARCHES = {
    "arm64": {
        "qemu": "qemu-system-aarch64",
        "package": "qemu-system-arm",
        "machine": ["-M", "virt", "-cpu", "cortex-a72"],
        "console": "ttyAMA0",
        "kernel": "linux-image-arm64",
        "binfmt": "qemu-aarch64",
    },
    "amd64": {
        "qemu": "qemu-system-x86_64",
        "package": "qemu-system-x86",
        "machine": ["-M", "q35", "-cpu", "max"],
        "console": "ttyS0",
        "kernel": "linux-image-amd64",
        "binfmt": None,
    },
}

# What the booted system runs besides the package: systemd as init, udev for /dev/dri, a
# kernel, the network (systemd-networkd) and the report below. Nothing of a desktop.
BASE_PACKAGES = ["systemd-sysv", "udev", "kmod", "ifupdown-", "iproute2"]

# In the VM: waits for placard to be active (READY=1) or to have failed, lets a restart
# show itself, then writes what the host checks to a virtio serial port.
REPORT_SCRIPT = r"""#!/bin/sh
# Streams placard's status line as it changes (@@status), waits for it to be active (READY=1)
# or failed, lets a restart show itself, then writes what the host checks; when a newer
# package was left for it, installs it as an organizer would and reports again.
exec >/dev/virtio-ports/placard.report 2>&1
last=
status() {
    now=$(systemctl show -P StatusText placard.service)
    [ "$now" = "$last" ] || echo "@@status $now"
    last=$now
}
for i in $(seq 1 240); do
    status
    [ "$(systemctl show -P ActiveState placard.service)" = active ] && break
    sleep 1
done
for i in $(seq 1 "${SETTLE:-20}"); do status; sleep 1; done
timeout 600 systemctl is-system-running --wait >/dev/null
report() {
    echo "@@show"
    systemctl show placard.service -p ActiveState -p SubState -p NRestarts -p StatusText \
        -p ActiveEnterTimestampMonotonic -p ExecMainStartTimestampMonotonic -p UnitFileState
    echo "@@journal"
    journalctl -b -o short-monotonic --no-pager _SYSTEMD_UNIT=placard.service
    echo "@@warnings"
    journalctl -b -o short-monotonic --no-pager -p warning _SYSTEMD_UNIT=placard.service
    echo "@@analyze"
    systemd-analyze 2>&1
    echo "@@web"
    systemctl show placard-web.socket -P ActiveState -P UnitFileState
    stat -c '%U:%a' /run/placard-web.sock 2>&1
}
report
echo "@@end"
upgrade=/var/lib/placard-boot-test/upgrade.deb
if [ -f "$upgrade" ] && grep -qw placard.upgrade /proc/cmdline; then
    echo "@@upgrade"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -o Dpkg::Options::=--force-confold "$upgrade"
    rm -f "$upgrade"
    sleep 2
    for i in $(seq 1 240); do
        [ "$(systemctl show -P ActiveState placard.service)" = active ] && break
        sleep 1
    done
    echo "@@version"
    dpkg-query -W -f '${Version}\n' placard
    echo "@@playlist"
    cat /etc/placard/playlist.json
    echo "@@etc"
    ls /etc/placard
    report
    echo "@@end-upgrade"
fi
"""

REPORT_UNIT = """[Unit]
Description=placard system test: report to the host
After=placard.service

[Service]
# Not oneshot: the boot would not be finished until the report is, and the report waits for it.
Type=exec
ExecStart=/usr/local/sbin/placard-boot-report

[Install]
WantedBy=multi-user.target
"""

NETWORK = """[Match]
Name=en* eth*

[Network]
DHCP=ipv4
"""


# Raised when the way the image is made changes in a way the lines above do not show.
IMAGE_VERSION = "2"


def say(text):
    print(f"boot-test: {text}", flush=True)


def run(cmd, **kw):
    say("$ " + " ".join(str(c) for c in cmd))
    return subprocess.run([str(c) for c in cmd], check=True, **kw)


def need_tools(arch):
    wanted = {
        "mmdebstrap": "mmdebstrap",
        "mke2fs": "e2fsprogs",
        ARCHES[arch]["qemu"]: ARCHES[arch]["package"],
        "dpkg-deb": "dpkg",
    }
    if ARCHES[arch]["binfmt"]:
        wanted["/usr/libexec/qemu-binfmt/aarch64-binfmt-P"] = "qemu-user-static"
        wanted["arch-test"] = "arch-test"  # mmdebstrap's check that the foreign system runs
    wanted["debugfs"] = "e2fsprogs"
    missing = sorted({pkg for tool, pkg in wanted.items() if not shutil.which(tool) and not Path(tool).exists()})
    if missing:
        say("installing " + " ".join(missing))
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], env=env, check=True)


def register_binfmt(arch):
    """mmdebstrap runs the arm64 system's maintainer scripts through qemu-user: the kernel
    must know to hand aarch64 binaries to it (binfmt_misc), which nothing may have set up."""
    name = ARCHES[arch]["binfmt"]
    if not name:
        return
    misc = Path("/proc/sys/fs/binfmt_misc")
    if not (misc / "register").exists():
        subprocess.run(["mount", "-t", "binfmt_misc", "binfmt_misc", str(misc)], check=False)
    if (misc / name).exists():
        return
    conf = Path(f"/usr/lib/binfmt.d/{name}.conf").read_text()
    line = next(l for l in conf.splitlines() if l.startswith(":"))
    (misc / "register").write_text(line)
    say(f"registered {name} with binfmt_misc")


def debian_sources():
    """The PC's own Debian sources, so the image comes from the same mirror."""
    text = ""
    for f in [Path("/etc/apt/sources.list"), *sorted(Path("/etc/apt/sources.list.d").glob("*"))]:
        if f.suffix in (".list", ".sources") or f.name == "sources.list":
            try:
                text += f.read_text() + "\n\n"
            except OSError:
                pass
    keep = []
    for block in re.split(r"\n\s*\n", text):
        if "debian" not in block:
            continue
        if "Types:" in block:
            keep.append(block.strip())
        else:
            keep.extend(l for l in block.splitlines() if l.startswith("deb ") and "debian" in l)
    return "\n\n".join(keep) + "\n" if keep else "deb http://deb.debian.org/debian bookworm main\n"


def build_deb(arch, work):
    """The package as a user gets it: a release-type build and cpack."""
    if arch == "arm64":
        run([ROOT / "toolchains/prepare-cross.sh", "arm64"])
        build = ROOT / "build/pi-arm64"
        if not (build / "CMakeCache.txt").exists():
            run(["cmake", "--preset", "pi-arm64"], cwd=ROOT)
    else:
        build = ROOT / "build/release"
        if not (build / "CMakeCache.txt").exists():
            run(["cmake", "--preset", "release"], cwd=ROOT)
    run(["cmake", "--build", build, "--target", "placard", "placard_docs"])
    out = work / "deb"
    shutil.rmtree(out, ignore_errors=True)
    run(["cpack", "-G", "DEB", "-B", out], cwd=build, stdout=subprocess.DEVNULL)
    debs = sorted(out.glob(f"placard_*_{arch}.deb"))
    if not debs:
        sys.exit(f"boot-test: cpack made no placard_*_{arch}.deb in {out}")
    return debs[0]


def clear_root(root):
    """Removes a root left by an earlier run, unmounting first what mmdebstrap had mounted
    in it (/proc, /sys, /dev/pts) when that run was stopped: never delete through a mount."""
    mounts = [line.split()[1] for line in Path("/proc/mounts").read_text().splitlines()]
    inside = sorted((m for m in mounts if m == str(root) or m.startswith(f"{root}/")), reverse=True)
    for m in inside:
        subprocess.run(["umount", "-l", m], check=False)
    if any(m.startswith(f"{root}/") for m in (line.split()[1] for line in Path("/proc/mounts").read_text().splitlines())):
        sys.exit(f"boot-test: {root} still has mounts in it: unmount them, then remove it")
    shutil.rmtree(root, ignore_errors=True)


def make_image(arch, deb, work):
    """A Debian 12 root with the package installed by apt, on an ext4 disk image; the
    kernel and initrd beside it for QEMU's direct boot."""
    stamp = work / "image.stamp"
    image = work / "root.img"
    root = work / "root"
    sources = work / "sources.list"
    local_deb = work / deb.name
    hooks = work / "hooks"
    customize = (
        'set -e; echo hall > "$1/etc/hostname"; '
        'echo "/dev/vda / ext4 rw,errors=remount-ro 0 1" > "$1/etc/fstab"; '
        f'install -m 755 {hooks}/placard-boot-report "$1/usr/local/sbin/"; '
        f'install -m 644 {hooks}/placard-boot-report.service "$1/etc/systemd/system/"; '
        f'install -m 644 {hooks}/20-wired.network "$1/etc/systemd/network/"; '
        'chroot "$1" systemctl enable placard-boot-report.service systemd-networkd.service; '
        'chroot "$1" passwd -d root'
    )
    # The initramfs with only what finds the root disk: built under qemu-user, Debian's
    # default (every module) takes most of the image's half hour.
    essential = (
        'set -e; mkdir -p "$1/etc/initramfs-tools/conf.d"; '
        'echo MODULES=list > "$1/etc/initramfs-tools/conf.d/placard-boot-test"; '
        'printf "virtio_pci\\nvirtio_blk\\next4\\n" >> "$1/etc/initramfs-tools/modules"'
    )
    include = [*BASE_PACKAGES, ARCHES[arch]["kernel"]]
    cmd = [
        "mmdebstrap", "--variant=minbase", f"--arch={arch}",
        f"--include={','.join(include)}", f"--include={local_deb}",
        # apt installs the package from inside the system being made: this hook puts the
        # file where apt looks for it.
        "--hook-dir=/usr/share/mmdebstrap/hooks/file-mirror-automount",
        "--dpkgopt=path-exclude=/usr/share/doc/*", "--dpkgopt=path-exclude=/usr/share/man/*",
        f"--essential-hook={essential}",
        f"--customize-hook={customize}",
        "bookworm", root, "-",
    ]
    # The image is made again when the package or the way it is made changes.
    made_of = [" ".join(str(c) for c in cmd), debian_sources(), REPORT_SCRIPT, REPORT_UNIT, NETWORK, IMAGE_VERSION]
    digest = hashlib.sha256(deb.read_bytes() + "\n".join(made_of).encode()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest and image.exists():
        say(f"{image} is up to date")
        return image
    clear_root(root)
    image.unlink(missing_ok=True)
    sources.write_text(debian_sources())
    if local_deb != deb:
        shutil.copy(deb, local_deb)
    hooks.mkdir(exist_ok=True)
    (hooks / "placard-boot-report").write_text(REPORT_SCRIPT)
    (hooks / "placard-boot-report.service").write_text(REPORT_UNIT)
    (hooks / "20-wired.network").write_text(NETWORK)
    for attempt in range(3):
        try:
            with sources.open() as f:
                run(cmd, stdin=f)
            break
        except subprocess.CalledProcessError:
            clear_root(root)
            if attempt == 2:
                sys.exit("boot-test: mmdebstrap failed three times (above): check the mirror in /etc/apt/sources.list*")
            say("mmdebstrap failed (a mirror in sync answers so for minutes); trying again in 60 s")
            time.sleep(60)
    for name in ("vmlinuz", "initrd.img"):
        found = sorted((root / "boot").glob(f"{name}-*"))
        if not found:
            sys.exit(f"boot-test: the image has no /boot/{name}-*")
        shutil.copy(found[-1], work / name)
    run(["mke2fs", "-q", "-t", "ext4", "-L", "root", "-d", root, image, "3G"])
    clear_root(root)
    stamp.write_text(digest)
    return image


class Qmp:
    """QEMU's machine protocol, for the screendump and the end."""

    def __init__(self, path, timeout=60):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(str(path))
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        self.file = self.sock.makefile("rw")
        self.file.readline()  # greeting
        self.call("qmp_capabilities")

    def call(self, command, **arguments):
        self.file.write(json.dumps({"execute": command, "arguments": arguments}) + "\n")
        self.file.flush()
        while True:
            reply = json.loads(self.file.readline())
            if "return" in reply or "error" in reply:
                if "error" in reply:
                    raise RuntimeError(f"qmp {command}: {reply['error']}")
                return reply["return"]


class Vm:
    def __init__(self, arch, work, image, network=True, name="boot", append="", snapshot=False):
        a = ARCHES[arch]
        self.work = work
        self.serial = work / f"{name}.serial.log"
        self.report = work / f"{name}.report.log"
        self.qmp_path = work / f"{name}.qmp"
        for f in (self.serial, self.report, self.qmp_path):
            f.unlink(missing_ok=True)
        cmd = [
            a["qemu"], *a["machine"], "-smp", "2", "-m", "1024", "-nodefaults", "-no-user-config",
            "-kernel", work / "vmlinuz", "-initrd", work / "initrd.img",
            "-append", f"root=/dev/vda rw console={a['console']} quiet {append}".strip(),
            "-drive", f"if=none,id=disk,file={image},format=raw{',snapshot=on' if snapshot else ''}",
            "-device", "virtio-blk-pci,drive=disk",
            "-device", "virtio-gpu-pci", "-display", "none",
            "-device", "virtio-serial-pci",
            "-chardev", f"file,id=report,path={self.report}",
            "-device", "virtserialport,chardev=report,name=placard.report",
            "-serial", f"file:{self.serial}",
            "-qmp", f"unix:{self.qmp_path},server=on,wait=off",
        ]
        if network:
            cmd += ["-netdev", "user,id=net", "-device", "virtio-net-pci,netdev=net"]
        if arch == "amd64" and os.uname().machine == "x86_64" and os.access("/dev/kvm", os.R_OK | os.W_OK):
            cmd += ["-accel", "kvm"]  # where the PC has it: the reason to test amd64 at all
        say("booting: " + " ".join(str(c) for c in cmd))
        self.started = time.monotonic()
        self.proc = subprocess.Popen([str(c) for c in cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.qmp = Qmp(self.qmp_path)

    def text(self):
        return self.report.read_text(errors="replace") if self.report.exists() else ""

    def wait_for(self, predicate, timeout, step=1.0):
        """Polls the report until predicate(text) is true; False at the timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"QEMU ended ({self.proc.returncode}): {self.proc.stderr.read().decode()}")
            if predicate(self.text()):
                return True
            time.sleep(step)
        return False

    def wait_report(self, timeout, end="@@end"):
        """The report up to the line `end`, parsed; None at the timeout."""
        if not self.wait_for(lambda t: f"{end}\n" in t, timeout, 2):
            return None
        text = self.text()
        if end == "@@end":
            return parse_report(text[:text.index("@@end\n")])
        start = text.index("@@upgrade\n")
        return parse_report(text[start:text.index(f"{end}\n")])

    def power_cut(self):
        """As the plug pulled: nothing the guest had not written to its disk survives."""
        self.proc.kill()
        self.proc.wait()

    def screendump(self, ppm):
        ppm.unlink(missing_ok=True)
        self.qmp.call("screendump", filename=str(ppm))
        return read_ppm(ppm)

    def stop(self):
        try:
            self.qmp.call("quit")
        except (OSError, RuntimeError, ValueError):
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def parse_report(text):
    """The sections of one report (@@name, then its lines); @@status lines are gathered
    apart, in order, under "statuses"."""
    sections, name, statuses = {}, None, []
    for line in text.splitlines():
        if line.startswith("@@status "):
            statuses.append(line[len("@@status "):])
        elif line.startswith("@@"):
            name = line[2:]
            sections[name] = []
        elif name:
            sections[name].append(line)
    show = dict(l.split("=", 1) for l in sections.get("show", []) if "=" in l)
    return {"show": show, "statuses": statuses, **{k: v for k, v in sections.items() if k != "show"}}


def read_ppm(path):
    data = path.read_bytes()
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    if not m:
        raise RuntimeError(f"{path} is not a PPM")
    w, h = int(m.group(1)), int(m.group(2))
    return w, h, data[m.end():m.end() + w * h * 3]


def write_png(path, w, h, rgb):
    rows = b"".join(b"\0" + rgb[y * w * 3:(y + 1) * w * 3] for y in range(h))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
                     chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b""))


def screen_facts(w, h, rgb):
    """What tells a slide from a console or a blank screen: a console is a few colours of
    text on black (16 at most), a blank screen one colour; a slide's antialiased words and
    pictures make many, and its background, light or dark, is not all of it."""
    step = 7  # every 7th pixel is plenty
    counts = {}
    for i in range(0, w * h, step):
        key = bytes(x & 0xF8 for x in rgb[i * 3:i * 3 + 3])
        counts[key] = counts.get(key, 0) + 1
    total = max(1, sum(counts.values()))
    return {"colours": len(counts), "background": max(counts.values(), default=0) / total}


def placard_failures(report, what):
    """What the report says is wrong with the service: not active, restarted, a warning."""
    failures = []
    show = report["show"]
    if show.get("ActiveState") != "active":
        failures.append(f"{what}: placard.service is {show.get('ActiveState')}/{show.get('SubState')}, not active")
    if show.get("NRestarts") != "0":
        failures.append(f"{what}: placard.service restarted {show.get('NRestarts')} times")
    return failures


def journal_failures(report, what):
    warnings = [l for l in report.get("warnings", []) if l.strip() and not l.startswith("-- ")]
    suspicious = [l for l in report.get("journal", [])
                  if re.search(r"XDG_RUNTIME_DIR|Fontconfig|cache director|warning|error", l, re.I)]
    return [f"{what}: the journal has: {l.strip()}" for l in dict.fromkeys(warnings + suspicious)]


def screen_failures(vm, png, what):
    """The screen, taken now: a slide, not a console or a black screen."""
    w, h, rgb = vm.screendump(png.with_suffix(".ppm"))
    write_png(png, w, h, rgb)
    facts = screen_facts(w, h, rgb)
    summary = f"{facts['colours']} colours, {facts['background'] * 100:.0f} % of it one colour"
    say(f"{what}: screen {w}x{h}: {summary}; {png}")
    if facts["colours"] < 24 or facts["background"] > 0.98:
        return [f"{what}: the screen shows no slide ({summary}): see {png}"]
    return []


def boot_seconds(analyze):
    """systemd-analyze's total: "Startup finished in 2.1s (kernel) + 1min 3.4s (userspace) = 1min 5.5s"."""
    m = re.search(r"=\s*((?:\d+min\s*)?[\d.]+s)", analyze)
    if not m:
        return None
    parts = re.match(r"(?:(\d+)min\s*)?([\d.]+)s", m.group(1))
    return int(parts.group(1) or 0) * 60 + float(parts.group(2))


def check_boot(arch, work, image):
    """The first boot of the image: placard enabled by the package, on the default playlist."""
    failures = []
    # On a snapshot: the image stays as made, for the next run and for the power cut's copy
    # (a boot that QEMU ends leaves ext4's journal to replay, over what debugfs writes after).
    vm = Vm(arch, work, image, snapshot=True)
    try:
        report = vm.wait_report(timeout=900)
        if report is None:
            say(f"no report from the VM in 900 s; its console: {vm.serial}")
            return ["the VM gave no report within 900 s"]
        failures += screen_failures(vm, work / "screen.png", "first boot")
    finally:
        vm.stop()
    show = report["show"]
    say("placard: " + ", ".join(f"{k}={v}" for k, v in sorted(show.items())))
    for line in report.get("journal", []):
        print("    " + line)
    failures += placard_failures(report, "first boot")
    if show.get("UnitFileState") != "enabled":
        failures.append(f"the package left placard.service {show.get('UnitFileState')}, not enabled")
    failures += journal_failures(report, "first boot")
    # The web slides' page drawer: its socket listening, enabled by the package, placard's alone.
    web = [line.strip() for line in report.get("web", [])]
    # (systemctl prints the two states in its own order of properties, hence a set)
    if len(web) < 3 or set(web[:2]) != {"active", "enabled"} or web[2] != "placard:600":
        failures.append(f"placard-web.socket: {web} (wanted active, enabled, /run/placard-web.sock placard:600)")
    first_frame = int(show.get("ActiveEnterTimestampMonotonic", "0") or 0) / 1e6
    started = int(show.get("ExecMainStartTimestampMonotonic", "0") or 0) / 1e6
    analyze = " ".join(report.get("analyze", [])).strip()
    total = boot_seconds(analyze)
    if first_frame:
        ratio = f", {first_frame / total:.2f} of systemd's boot time" if total else ""
        own = f" ({first_frame - started:.1f} s of it from placard's start{f', {(first_frame - started) / total:.2f}' if total else ''})"
        say(f"first frame {first_frame:.1f} s after the kernel started{own}{ratio}; systemd: {analyze}")
    return failures


class Site(http.server.ThreadingHTTPServer):
    """The campaign's site on the host, reached from the VM as 10.0.2.2 (QEMU's user network):
    the demo's reports feed, whose pictures start and never finish, so that the power is cut
    while content is being fetched."""

    daemon_threads = True

    def __init__(self):
        self.feed = (ROOT / "assets/demo/reports.xml").read_bytes()
        self.asked = []
        self.closing = threading.Event()
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                site.asked.append(self.path)
                if self.path.split("?")[0] == "/reports.xml":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml")
                    self.send_header("Content-Length", str(len(site.feed)))
                    self.end_headers()
                    self.wfile.write(site.feed)
                    return
                picture = ROOT / "assets/demo" / self.path.lstrip("/").split("?")[0]
                if self.path.startswith("/photos/") and picture.is_file():
                    body = picture.read_bytes()
                    self.send_response(200)
                    self.send_header("Content-Type", "image/jpeg")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[:1024])
                    self.wfile.flush()
                    site.closing.wait()  # the rest never comes
                    return
                self.send_error(404)

        super().__init__(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    def titles(self):
        return [html.unescape(i.findtext("title") or "") for i in ET.fromstring(self.feed).iter("item")]

    def close(self):
        self.closing.set()
        self.shutdown()
        self.server_close()


def power_playlist(port):
    return json.dumps({
        "version": 1,
        "display": {"timezone": "Europe/London", "locale": "en"},
        "sources": {"reports": {"type": "rss", "url": f"http://10.0.2.2:{port}/reports.xml", "refresh": "5m"}},
        "slides": [
            {"type": "reports", "source": "reports", "count": 2, "duration": "8s"},
            {"type": "text", "title": "Tea at the back", "body": "All proceeds to the hardship fund.",
             "duration": "4s"},
        ],
    }, indent=2) + "\n"


def repack_upgrade(deb, work):
    """The next version of the package as dpkg sees it: a higher version whose default
    playlist (a conffile) differs, so that dpkg must choose between it and the organizer's."""
    tree = work / "v2"
    shutil.rmtree(tree, ignore_errors=True)
    run(["dpkg-deb", "-R", deb, tree])
    control = tree / "DEBIAN/control"
    text = control.read_text()
    version = re.search(r"^Version: (.+)$", text, re.M).group(1)
    control.write_text(text.replace(f"Version: {version}", f"Version: {version}+boot2"))
    playlist = tree / "etc/placard/playlist.json"
    playlist.write_text(playlist.read_text().replace("placard is running", "placard (next version) is running"))
    sums = []
    for f in sorted(p for p in tree.rglob("*") if p.is_file() and "DEBIAN" not in p.relative_to(tree).parts):
        sums.append(f"{hashlib.md5(f.read_bytes()).hexdigest()}  {f.relative_to(tree)}")
    (tree / "DEBIAN/md5sums").write_text("\n".join(sums) + "\n")
    out = work / f"placard_{version}+boot2.deb"
    run(["dpkg-deb", "--root-owner-group", "-Zxz", "-b", tree, out], stdout=subprocess.DEVNULL)
    shutil.rmtree(tree, ignore_errors=True)
    return out, f"{version}+boot2"


def check_power_cut(arch, work, image, deb):
    """Power cut while fetching, a boot with no network, then an upgrade at that boot."""
    failures = []
    disk = work / "power.img"
    run(["cp", "--sparse=always", image, disk])
    site = Site()
    port = site.server_address[1]
    organizer = power_playlist(port)
    (work / "organizer.json").write_text(organizer)
    upgrade, new_version = repack_upgrade(deb, work)
    commands = work / "debugfs.cmd"
    # debugfs writes a file into its current folder, under a name without a slash.
    commands.write_text(
        "cd /etc/placard\n"
        "rm playlist.json\n"
        f"write {work / 'organizer.json'} playlist.json\n"
        "mkdir /var/lib/placard-boot-test\n"
        "cd /var/lib/placard-boot-test\n"
        f"write {upgrade} upgrade.deb\n")
    run(["debugfs", "-w", "-f", commands, disk], stdout=subprocess.DEVNULL)
    try:
        vm = Vm(arch, work, disk, name="power-1")
        try:
            fetching = vm.wait_for(lambda _: any(p.startswith("/photos/") for p in site.asked), 900)
            if not fetching:
                return [f"power cut: the VM never fetched the feed's pictures from the host (asked: {site.asked})"]
            time.sleep(2)
            say(f"power cut while fetching (asked so far: {', '.join(dict.fromkeys(site.asked))})")
            vm.power_cut()
        finally:
            vm.stop()
    finally:
        site.close()
    titles = [t[:25] for t in site.titles() if t]
    # The report script upgrades at this boot only: its kernel command line says so.
    vm = Vm(arch, work, disk, network=False, name="power-2", append="placard.upgrade")
    try:
        # STATUS= names a slide as it starts to come in: the first, before the first frame is
        # up; a later one once the slide before it has had its time on screen (READY=1 long
        # sent), and its fade is over a second or two later.
        def showing_report(text):
            statuses = [line for line in text.splitlines() if line.startswith("@@status ")]
            return any(line.startswith("@@status report") and any(t in line for t in titles)
                       for line in statuses[1:])
        if vm.wait_for(showing_report, 900, step=0.5):
            time.sleep(3)
            failures += screen_failures(vm, work / "power-reports.png", "after the power cut")
        else:
            failures.append("after the power cut: no report from the cache came on screen (statuses: "
                            f"{parse_report(vm.text())['statuses']})")
        report = vm.wait_report(900)
        if report is None:
            return failures + ["after the power cut: the VM gave no report within 900 s"]
        say("after the power cut, offline: " + " | ".join(report["statuses"]))
        failures += placard_failures(report, "after the power cut")
        upgraded = vm.wait_report(900, end="@@end-upgrade")
    finally:
        vm.stop()
    if upgraded is None:
        return failures + ["the upgrade in the VM gave no report within 900 s"]
    say("upgrade: " + "; ".join(upgraded.get("upgrade", [])[-3:]))
    version = (upgraded.get("version") or [""])[0].strip()
    if version != new_version:
        failures.append(f"upgrade: placard is {version!r} after it, not {new_version}")
    kept = "\n".join(upgraded.get("playlist", [])) + "\n"
    if kept != organizer:
        failures.append(f"upgrade: the organizer's playlist was not kept; it is now:\n{kept}")
    etc = " ".join(upgraded.get("etc", []))
    if "dpkg-new" in etc:
        failures.append(f"upgrade: dpkg left a new playlist unused beside the organizer's: /etc/placard has {etc}")
    failures += placard_failures(upgraded, "after the upgrade")
    before = int(report["show"].get("ExecMainStartTimestampMonotonic", "0") or 0)
    after = int(upgraded["show"].get("ExecMainStartTimestampMonotonic", "0") or 0)
    if after <= before:
        failures.append("upgrade: placard was not restarted on the new version")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arch", choices=sorted(ARCHES), default="arm64")
    parser.add_argument("--deb", type=Path, help="the package to test (default: build it)")
    parser.add_argument("--work", type=Path, help="the work folder (default: build/system-ARCH)")
    parser.add_argument("--first-boot-only", action="store_true",
                        help="leave out the power cut and the upgrade (two boots more)")
    args = parser.parse_args()
    if os.geteuid() != 0:
        os.execvp("sudo", ["sudo", sys.executable, *sys.argv])
    work = (args.work or ROOT / f"build/system-{args.arch}").resolve()
    work.mkdir(parents=True, exist_ok=True)
    need_tools(args.arch)
    register_binfmt(args.arch)
    deb = args.deb.resolve() if args.deb else build_deb(args.arch, work)
    say(f"package {deb}")
    image = make_image(args.arch, deb, work)
    failures = check_boot(args.arch, work, image)
    if not args.first_boot_only:
        failures += check_power_cut(args.arch, work, image, deb)
    for f in failures:
        say("FAILED: " + f)
    say("passed" if not failures else f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
