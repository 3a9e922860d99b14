#!/usr/bin/env python3
"""HTTP server for placard's tests: serves files and injects faults, on 127.0.0.1.

Prints "PORT <n>" on its first stdout line once it listens. Standard library only.

  GET /<file>                 a file under --root, with ETag and Last-Modified;
                              304 when If-None-Match or If-Modified-Since matches
  GET /gzip/<file>            the same file sent with Content-Encoding: gzip
  GET /fault/500, /404, /503  that status (503 with Retry-After: 120, or ?retry_after=N)
  GET /fault/hang             accepts and never answers
  GET /fault/slow             a byte a second
  GET /fault/truncated        Content-Length larger than what is sent, then close
  GET /fault/endless          a body that never ends
  GET /fault/html             an HTML page where a feed was expected
  GET /fault/redirect?to=P    302 to P (a path on this server)
  GET /fault/redirect-loop    302 to itself, forever
  GET /fault/redirect-file    302 to file:///etc/passwd
  GET /fault/reset            resets the connection
  GET /fault/gzip-bomb        64 kB of gzip that decodes to 64 MB
  GET /fault/invalid-utf8     an RSS feed, declared UTF-8, with bytes that are not UTF-8
  GET /fault/unknown-host     302 to a host under .invalid (RFC 6761), which never resolves
  GET /switch/<name>          whatever /_switch/<name> last named: the same URL first
                              serves a good feed, then a fault, then a good feed again
  GET /_switch/<name>?to=P    makes /switch/<name> answer as P would (a file or a fault,
                              with its query); until then it answers 404
  GET /_stats                 {"<path>": {"count": n, "conditional": m}} for every path asked
  GET /<file>?max_age=N       the file with Cache-Control: max-age=N (also on its 304)
  GET /<file>?cut=N           the file's headers in full, then its first N bytes, then close
                              (a download cut short)
  GET /<file>?delay=S         the file, after S seconds (a server far away)
  GET /<file>?login=T         the file when the request has "Authorization: Bearer T"; else 401
  Range: bytes=N-             on a file: 206 with the rest from N, when If-Range (if sent)
                              is its ETag or Last-Modified; the whole file (200) when not;
                              416 when N is past its end. Counted in /_stats as "ranges"
  GET /<dir>/?rest_route=/wp/v2/posts&per_page=N&page=K (also /wp/v2/comments)
                              WordPress's REST API over the captures in <dir> (posts-page*.json,
                              comments.json, posts-page4.json): all the posts, N a page, with
                              X-WP-Total and X-WP-TotalPages, and no validators, as WordPress
                              sends them; past the last page WordPress's 400. Counted in
                              /_stats as "/<dir>/?rest_route=/wp/v2/posts&page=K"

--port N listens on that port instead of a free one: a test that stopped the server
starts it again where its sources point.
"""
import argparse
import email.utils
import glob
import gzip
import hashlib
import json
import math
import mimetypes
import os
import signal
import socket
import struct
import sys
import threading
import time
import urllib.parse
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = "."
STATS = {}
STATS_LOCK = threading.Lock()
SWITCHES = {}  # name -> the path and query /switch/<name> answers as; under STATS_LOCK
GZIP_BOMB = []  # built on first use

HTML_PAGE = b"""<!DOCTYPE html>
<html><head><title>Site maintenance</title></head>
<body><h1>We'll be back soon</h1><p>The site is under maintenance.</p></body></html>
"""

# Latin-1 bytes and a truncated sequence in a feed that says it is UTF-8, as a WordPress
# site that pasted text from an old database writes it.
INVALID_UTF8_FEED = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<rss version="2.0"><channel><title>Solidarity campaign</title>\n'
    b"<item><title>Caf\xe9 meeting in the hall</title><guid>bad-utf8-1</guid>\n"
    b"<description>Tea and \xe2\x82 cake after the film</description></item>\n"
    b"<item><title>Caravan leaves on Sunday</title><guid>bad-utf8-2</guid></item>\n"
    b"</channel></rss>\n"
)


def gzip_bomb():
    # Compressing 64 MB takes half a second of CPU, seconds on a busy machine: longer than
    # a test's low-speed limit, which then ends the request before a byte of the bomb is
    # sent. So 1 MB of zeros is compressed once and the block repeated: a full flush makes
    # each block byte-aligned and free of references to the one before, so that the
    # repeats are valid deflate (gzip.decompress unpacks it, CRC and length checked). The
    # CRC-32 of 64 MB of zeros is a constant, written out so as not to spend 64 MB on it.
    if not GZIP_BOMB:
        squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)  # -15: raw deflate, no wrapper
        block = squeeze.compress(bytes(1 << 20)) + squeeze.flush(zlib.Z_FULL_FLUSH)
        last = zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # an empty final block
        header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # gzip, deflate, no name, no time
        trailer = struct.pack("<II", 0xB2EB30ED, 64 << 20)  # CRC-32 and length of the 64 MB
        GZIP_BOMB.append(header + block * 64 + last + trailer)
    return GZIP_BOMB[0]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "placard-test/1"

    def log_message(self, format, *args):  # keep the test output clean
        pass

    def count(self, path):
        conditional = "If-None-Match" in self.headers or "If-Modified-Since" in self.headers
        with STATS_LOCK:
            entry = STATS.setdefault(path, {"count": 0, "conditional": 0})
            entry["count"] += 1
            if conditional:
                entry["conditional"] += 1

    def send_body(self, status, body, content_type="text/plain; charset=utf-8", extra=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        parsed = urllib.parse.urlsplit(self.path)
        path = parsed.path
        query = urllib.parse.parse_qs(parsed.query)
        if path == "/_stats":
            with STATS_LOCK:
                body = json.dumps(STATS).encode()
            return self.send_body(200, body, "application/json")
        if path.startswith("/_switch/"):
            with STATS_LOCK:
                SWITCHES[path[len("/_switch/"):]] = query.get("to", [""])[0]
            return self.send_body(200, b"switched\n")
        if "rest_route" in query:
            return self.wordpress(path, query)
        self.count(path)
        if path.startswith("/switch/"):
            with STATS_LOCK:
                target = SWITCHES.get(path[len("/switch/"):])
            if not target:
                return self.send_body(404, b"switch not set\n")
            parsed = urllib.parse.urlsplit(target)
            path = parsed.path
            query = urllib.parse.parse_qs(parsed.query)
        if path.startswith("/fault/"):
            return self.fault(path[len("/fault/"):], query)
        if path.startswith("/gzip/"):
            return self.serve_file(path[len("/gzip"):], compress=True)
        cut = query.get("cut", [None])[0]
        if "login" in query and self.headers.get("Authorization") != "Bearer " + query["login"][0]:
            return self.send_body(401, b"log in first\n")
        if "delay" in query:
            time.sleep(float(query["delay"][0]))
        return self.serve_file(path, max_age=query.get("max_age", [None])[0], charset=query.get("charset", [None])[0],
                               cut=int(cut) if cut else None)

    def fault(self, name, query):
        if name in ("500", "404"):
            return self.send_body(int(name), f"fault {name}\n".encode())
        if name == "503":
            retry_after = query.get("retry_after", ["120"])[0]
            return self.send_body(503, b"busy\n", extra={"Retry-After": retry_after})
        if name == "hang":
            self.close_connection = True
            threading.Event().wait()  # daemon thread: dies with the server
            return
        if name == "slow":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            try:
                for _ in range(1000):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(1)
            except OSError:
                pass
            self.close_connection = True
            return
        if name == "truncated":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"<rss>" + b" " * 95)
            self.wfile.flush()
            self.close_connection = True
            return
        if name == "endless":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b"<item>" + b"x" * 65530
            try:
                while True:
                    self.wfile.write(chunk)
            except OSError:
                pass
            self.close_connection = True
            return
        if name == "html":
            return self.send_body(200, HTML_PAGE, "text/html; charset=utf-8")
        if name == "redirect":
            target = query.get("to", ["/"])[0]
            return self.send_body(302, b"", extra={"Location": target})
        if name == "redirect-loop":
            return self.send_body(302, b"", extra={"Location": "/fault/redirect-loop"})
        if name == "redirect-file":
            return self.send_body(302, b"", extra={"Location": "file:///etc/passwd"})
        if name == "gzip-bomb":
            return self.send_body(200, gzip_bomb(), "application/rss+xml", {"Content-Encoding": "gzip"})
        if name == "invalid-utf8":
            return self.send_body(200, INVALID_UTF8_FEED, "application/rss+xml; charset=utf-8")
        if name == "unknown-host":
            return self.send_body(302, b"", extra={"Location": "http://feeds.placard-test.invalid/feed.xml"})
        if name == "reset":
            # SO_LINGER with a zero timeout: close() sends RST instead of FIN.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        return self.send_body(404, b"no such fault\n")

    def wordpress(self, path, query):
        route = query["rest_route"][0]
        try:
            per_page = int(query.get("per_page", ["10"])[0])
            page = int(query.get("page", ["1"])[0])
        except ValueError:
            return self.send_body(400, b'{"code":"rest_invalid_param"}', "application/json; charset=UTF-8")
        self.count(f"{path}?rest_route={route}&page={page}")
        root = os.path.realpath(ROOT)
        folder = os.path.realpath(os.path.join(root, urllib.parse.unquote(path).strip("/")))
        if not folder.startswith(root):
            return self.send_body(404, b"not found\n")
        if route == "/wp/v2/posts":
            files = sorted(glob.glob(os.path.join(folder, "posts-page[1-3].json")))
        elif route == "/wp/v2/comments":
            files = [os.path.join(folder, "comments.json")]
        else:
            files = []
        listed = []
        for name in files:
            with open(name, "rb") as f:
                listed.extend(json.load(f))
        if not files:
            with open(os.path.join(folder, "no-route.json"), "rb") as f:
                return self.send_body(404, f.read(), "application/json; charset=UTF-8")
        pages = max(1, math.ceil(len(listed) / per_page))
        headers = {"X-WP-Total": str(len(listed)), "X-WP-TotalPages": str(pages)}
        if page < 1 or page > pages:
            with open(os.path.join(folder, "posts-page4.json"), "rb") as f:
                return self.send_body(400, f.read(), "application/json; charset=UTF-8")
        body = json.dumps(listed[(page - 1) * per_page : page * per_page]).encode()
        return self.send_body(200, body, "application/json; charset=UTF-8", headers)

    def serve_file(self, path, compress=False, max_age=None, charset=None, cut=None):
        root = os.path.realpath(ROOT)
        full = os.path.realpath(os.path.join(root, urllib.parse.unquote(path).lstrip("/")))
        if not full.startswith(root + os.sep) or not os.path.isfile(full):
            return self.send_body(404, b"not found\n")
        with open(full, "rb") as f:
            body = f.read()
        mtime = int(os.stat(full).st_mtime)
        etag = '"' + hashlib.sha1(body).hexdigest() + '"'
        last_modified = email.utils.formatdate(mtime, usegmt=True)
        headers = {"ETag": etag, "Last-Modified": last_modified}
        if max_age is not None:
            headers["Cache-Control"] = "public, max-age=" + max_age
        if_none_match = self.headers.get("If-None-Match")
        if_modified_since = self.headers.get("If-Modified-Since")
        not_modified = False
        if if_none_match is not None:
            not_modified = etag in [t.strip() for t in if_none_match.split(",")]
        elif if_modified_since is not None:
            try:
                since = email.utils.parsedate_to_datetime(if_modified_since).timestamp()
                not_modified = mtime <= since
            except (TypeError, ValueError):
                pass
        if not_modified:
            self.send_response(304)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            return
        content_type = mimetypes.guess_type(full)[0] or "application/octet-stream"
        if full.endswith((".xml", ".rss")):
            content_type = "application/rss+xml"
        if charset:  # ?charset=: as a server that names the feed's charset in its header
            content_type += "; charset=" + charset
        if compress:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        status = 200
        wanted = self.headers.get("Range", "")
        if_range = self.headers.get("If-Range")
        resumable = if_range is None or if_range in (etag, last_modified)
        if wanted.startswith("bytes=") and wanted.endswith("-") and resumable:
            start = int(wanted[len("bytes="):-1])
            asked = urllib.parse.urlsplit(self.path).path
            with STATS_LOCK:
                entry = STATS.setdefault(asked, {"count": 0, "conditional": 0})
                entry["ranges"] = entry.get("ranges", 0) + 1
            if start >= len(body):
                return self.send_body(416, b"", extra={"Content-Range": f"bytes */{len(body)}"})
            headers["Content-Range"] = f"bytes {start}-{len(body) - 1}/{len(body)}"
            body = body[start:]
            status = 206
        if cut is not None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body[:cut])
            self.wfile.flush()
            self.close_connection = True
            return
        return self.send_body(status, body, content_type, headers)


class Server(ThreadingHTTPServer):
    daemon_threads = True  # a hanging request must not hold up the exit
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # Clients that reset or give up are what the faults provoke: no traceback for them.
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


def main():
    global ROOT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=".")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    ROOT = args.root
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    # A test that crashed cannot stop us: leave with it rather than linger.
    parent = os.getppid()

    def watch_parent():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch_parent, daemon=True).start()
    server = Server(("127.0.0.1", args.port), Handler)
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever(poll_interval=0.1)


if __name__ == "__main__":
    sys.exit(main())
