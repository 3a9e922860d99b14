#!/usr/bin/env python3
"""The control page in a real browser: Debian's chromium, headless, driven over the DevTools
protocol (python3-websocket), against a running placard over HTTPS with the certificate it
made. As an organizer at the hall would: reads the setup code (the journal's copy of what the
screen shows), sets the password, blanks the screen, announces, uploads a poster, edits the
playlist (a mistake first, then a good edit), and checks what placard did: the screenshots it
wrote, the poster in the folder, the playlist on disk.

    control_page.py PLACARD_BINARY SOURCE_DIR [KEEP_DIR]

KEEP_DIR, when given, keeps the page's own screenshot and placard's, for a person to look at.
"""
import glob
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

try:
    import websocket  # python3-websocket
except ImportError:
    sys.exit("control_page: python3-websocket is missing: run toolchains/install-deps.sh")

PLACARD, SOURCE = sys.argv[1], sys.argv[2]
KEEP = sys.argv[3] if len(sys.argv) > 3 else None
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM:
    sys.exit("control_page: Debian's chromium is missing: run toolchains/install-deps.sh")


def fail(message):
    raise SystemExit("control_page: FAILED: " + message)


def wait_for(what, check, timeout=30.0):
    """Polls `check` until it returns something true; that is returned."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = check()
        if got:
            return got
        time.sleep(0.1)
    fail("waited %.0f s for %s" % (timeout, what))


class Tab:
    """One page of chromium, over its DevTools WebSocket."""

    def __init__(self, url):
        self.ws = websocket.create_connection(url, timeout=30)
        self.next_id = 0

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            answer = json.loads(self.ws.recv())
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    fail("%s: %s" % (method, answer["error"]))
                return answer.get("result", {})

    def js(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            fail("the page's script failed: %s" % result["exceptionDetails"])
        return result["result"].get("value")


def main():
    work = tempfile.mkdtemp(prefix="placard-browser-")
    placard = chromium = None
    try:
        posters = os.path.join(work, "posters")
        shots = os.path.join(work, "shots")
        os.makedirs(posters)
        shutil.copy(os.path.join(SOURCE, "assets/demo/posters/1-screening.png"), posters)
        playlist = os.path.join(work, "playlist.json")
        with open(playlist, "w") as f:
            json.dump({
                "version": 1,
                "display": {"control": {"listen": "127.0.0.1:0"}},
                "sources": {"posters": {"type": "folder", "path": posters}},
                "slides": [
                    {"type": "text", "title": "Film night at eight", "body": "In the main hall.", "duration": "3s"},
                    {"type": "text", "title": "Tea at the back", "body": "For the hardship fund.", "duration": "3s"},
                    {"type": "image", "source": "posters", "fit": "contain", "duration": "3s"},
                ],
            }, f, indent=2)
        log_path = os.path.join(work, "placard.log")
        env = dict(os.environ, SDL_VIDEODRIVER="offscreen", SDL_AUDIODRIVER="dummy")
        with open(log_path, "w") as log:
            placard = subprocess.Popen(
                [PLACARD, "run", playlist, "--headless", "--exit-after", "300s", "--state", os.path.join(work, "state"),
                 "--cache", os.path.join(work, "cache"), "--screenshots", shots],
                stdout=log, stderr=subprocess.STDOUT, env=env)

        def log_text():
            with open(log_path) as f:
                return f.read()

        page = wait_for("the control page's address in the log",
                        lambda: re.search(r"the control page is at (https://\S+)", log_text()))
        url = page.group(1)
        code = wait_for("the setup code in the log", lambda: re.search(r"sets one \((\d{4}) (\d{4})\)", log_text()))
        code = code.group(1) + code.group(2)

        chromium = subprocess.Popen(
            [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--ignore-certificate-errors", "--remote-debugging-port=0",
             "--user-data-dir=" + os.path.join(work, "chromium"), "--window-size=412,2400", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        devtools = None
        deadline = time.monotonic() + 60
        while devtools is None and time.monotonic() < deadline:
            line = chromium.stderr.readline()
            if not line and chromium.poll() is not None:
                fail("chromium stopped before it listened")
            found = re.search(r"DevTools listening on ws://([^/]+)/", line)
            if found:
                devtools = found.group(1)
        if not devtools:
            fail("chromium did not say where its DevTools listen")
        targets = json.load(urllib.request.urlopen("http://%s/json/list" % devtools))
        tab = Tab(next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page"))
        tab.send("Page.enable")
        tab.send("Page.navigate", url=url + "/")

        # The first visit: the setup form, the code from the screen, a password.
        wait_for("the setup form", lambda: tab.js(
            "document.readyState === 'complete' && !document.getElementById('setup').classList.contains('hidden')"))
        tab.js("document.getElementById('code').value = '%s';"
               "document.getElementById('new-password').value = 'picket line at dawn';"
               "document.getElementById('setup-form').requestSubmit(); true" % code)
        wait_for("the panel after the password was set",
                 lambda: tab.js("!document.getElementById('panel').classList.contains('hidden')"))
        wait_for("the live picture", lambda: tab.js(
            "document.getElementById('screen').complete && document.getElementById('screen').naturalWidth"))
        if tab.js("document.getElementById('screen').naturalWidth") != 640:
            fail("the live picture is not 640 pixels wide")

        def shots_of(kind):
            return sorted(glob.glob(os.path.join(shots, "*-%s.png" % kind)))

        # Blank the screen for the film.
        tab.js("document.querySelector('button[data-cue=\\'{\"kind\":\"blank\"}\\']').click(); true")
        wait_for("a blanked screenshot", lambda: shots_of("blanked"))
        wait_for("the message 'Sent.'", lambda: tab.js("document.getElementById('msg').textContent === 'Sent.'"))
        # Announce over it.
        tab.js("document.getElementById('text').value = 'The film starts in 5 minutes';"
               "document.getElementById('announce-form').requestSubmit(); true")
        wait_for("an announce screenshot", lambda: shots_of("announce"))
        if "announce \"The film starts in 5 minutes\"" not in log_text():
            fail("placard's log does not name the announcement")
        wait_for("both cues listed on the page", lambda: tab.js(
            "document.getElementById('cues').textContent.includes('The film starts in 5 minutes')"), timeout=15)
        tab.js("document.querySelector('button[data-cue=\\'{\"kind\":\"clear\"}\\']').click(); true")
        wait_for("the cues lifted", lambda: "every cue lifted" in log_text() or "cues cleared" in log_text()
                 or "clear (from page" in log_text())

        # A poster from the phone.
        document = tab.send("DOM.getDocument")
        node = tab.send("DOM.querySelector", nodeId=document["root"]["nodeId"], selector="#poster")
        tab.send("DOM.setFileInputFiles", nodeId=node["nodeId"],
                 files=[os.path.join(SOURCE, "assets/demo/photos/screening.jpg")])
        tab.js("document.getElementById('poster-form').requestSubmit(); true")
        wait_for("the poster in the folder", lambda: glob.glob(os.path.join(posters, "upload-*.jpg")))
        wait_for("the page's word that it was kept",
                 lambda: tab.js("document.getElementById('msg').textContent.startsWith('Kept as upload-')"))
        wait_for("the worker reading the folder again at once, and preparing the poster",
                 lambda: re.search(r"posters/upload-\S+\.jpg: picture ready", log_text()), timeout=20)

        # The playlist: a mistake is refused with its line, nothing written; then a good edit.
        with open(playlist) as f:
            before = f.read()
        wait_for("the playlist in the editor", lambda: tab.js("document.getElementById('playlist').value.length > 0"))
        tab.js("(() => { const p = document.getElementById('playlist');"
               "p.value = p.value.replace('\"duration\": \"3s\"', '\"duration\": \"soon\"');"
               "document.getElementById('playlist-save').click(); return true; })()")
        problems = wait_for("the problems listed", lambda: tab.js("document.getElementById('problems').textContent"))
        if "soon" not in problems or "Line " not in problems:
            fail("the problems do not say where: " + problems)
        with open(playlist) as f:
            if f.read() != before:
                fail("a playlist with a mistake was written")
        tab.js("(() => { const p = document.getElementById('playlist');"
               "p.value = p.value.replace('\"duration\": \"soon\"', '\"duration\": \"3s\"')"
               ".replace('Tea at the back', 'Soup at the back');"
               "document.getElementById('playlist-save').click(); return true; })()")
        wait_for("the playlist saved", lambda: "Soup at the back" in open(playlist).read())
        wait_for("placard taking the new playlist", lambda: "changed; it takes over at the next slide" in log_text())
        if not os.path.exists(playlist + ".previous"):
            fail("the version before was not kept")

        # The screenshots placard wrote: the blank is black (a PNG of a black screen is small),
        # the announcement is not.
        blank, announce = shots_of("blanked")[0], shots_of("announce")[0]
        if not os.path.getsize(blank) * 3 < os.path.getsize(announce):
            fail("the blanked screenshot (%d bytes) is not much smaller than the announcement's (%d)"
                 % (os.path.getsize(blank), os.path.getsize(announce)))

        if KEEP:
            os.makedirs(KEEP, exist_ok=True)
            import base64
            picture = tab.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)
            with open(os.path.join(KEEP, "control-page.png"), "wb") as f:
                f.write(base64.b64decode(picture["data"]))
            for shot in glob.glob(os.path.join(shots, "*.png")):
                shutil.copy(shot, KEEP)
        print("control_page: the setup code, a blank, an announcement, a poster and a playlist edit, "
              "from chromium: all seen by placard")
    finally:
        for process in (chromium, placard):
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
        if os.environ.get("PLACARD_KEEP_BROWSER_WORK"):
            print("control_page: kept " + work)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
