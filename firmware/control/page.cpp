#include "control/page.hpp"

namespace placard::control {

const std::string& control_page() {
    static const std::string page = R"html(<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>placard</title>
<style>
body{font:17px/1.4 system-ui,sans-serif;margin:0;background:#111418;color:#f4f1ea}
main{max-width:36rem;margin:auto;padding:1rem}
h1{font-size:1.3rem;margin:.2rem 0 1rem}h2{font-size:1.05rem;margin:1.4rem 0 .5rem;color:#e63946}
input,select,button,textarea{font:inherit;padding:.6rem;border-radius:.4rem;border:1px solid #555;
 background:#1d2228;color:inherit;box-sizing:border-box}
input,select,textarea{width:100%;margin:.2rem 0 .6rem}
button{background:#e63946;border:0;color:#fff;margin:.2rem .2rem .2rem 0;min-width:6rem}
button.quiet{background:#2d343c}
.row{display:flex;flex-wrap:wrap;gap:.3rem}
.cue{display:flex;justify-content:space-between;align-items:center;border-bottom:1px solid #333;padding:.4rem 0}
#msg{min-height:1.4em;color:#ffb703}
#screen{width:100%;aspect-ratio:16/9;background:#000;border-radius:.3rem;display:block;object-fit:contain}
table{width:100%;border-collapse:collapse;font-size:.9rem}td,th{text-align:left;padding:.25rem .3rem;border-bottom:1px solid #333;vertical-align:top}
a{color:#8ecae6}.warning{color:#ffb703}.bad{color:#ff6b6b}.fine{color:#8fd694}.small{font-size:.85rem;color:#aaa}
.hidden{display:none}
</style></head><body><main>
<h1>placard</h1>
<p id="msg" role="status"></p>
<section id="login" class="hidden">
 <form id="login-form"><label>Password <input id="password" type="password" autocomplete="current-password" required></label>
 <button>Log in</button></form>
</section>
<section id="setup" class="hidden">
 <p>No password is set yet. Enter the code that the screen shows in its corner, and choose a password.</p>
 <form id="setup-form"><label>Code on the screen <input id="code" inputmode="numeric" autocomplete="off" required></label>
 <label>New password (8 characters or more) <input id="new-password" type="password" minlength="8"
  autocomplete="new-password" required></label><button>Set the password</button></form>
</section>
<section id="panel" class="hidden">
 <img id="screen" alt="What the screen shows now">
 <p id="showing"></p>
 <h2>Announce</h2>
 <form id="announce-form">
  <textarea id="text" rows="2" maxlength="300" placeholder="The film starts in 5 minutes" required></textarea>
  <div class="row"><select id="for"><option value="5m">for 5 minutes</option><option value="15m">for 15 minutes</option>
  <option value="30m">for 30 minutes</option><option value="1h">for an hour</option><option value="">until lifted</option></select>
  <select id="style"><option value="slide">on the whole screen</option><option value="banner">as a banner</option></select></div>
  <button>Announce</button>
 </form>
 <h2>The screen</h2>
 <div class="row">
  <button data-cue='{"kind":"blank"}'>Blank</button>
  <button data-cue='{"kind":"blank","for":"2h","intermission":"15m"}' class="quiet">Blank 2 h, then a 15 min break</button>
  <button data-cue='{"kind":"back"}' class="quiet">&#9664; Back</button>
  <button data-cue='{"kind":"skip"}' class="quiet">Skip &#9654;</button>
  <button data-cue='{"kind":"pause"}' class="quiet">Pause</button>
  <button data-cue='{"kind":"resume"}' class="quiet">Play</button>
  <button data-cue='{"kind":"reload"}' class="quiet">Reload</button>
  <button data-cue='{"kind":"clear"}' class="quiet">Lift every cue</button>
 </div>
 <h2>Cues in force</h2><div id="cues"></div>
 <h2>Health</h2><ul id="health"></ul><p id="facts" class="small"></p>
 <h2>Sources</h2><table><thead><tr><th>Source</th><th>State</th><th>Fetched</th></tr></thead><tbody id="sources"></tbody></table>
 <h2>Play log</h2><p id="plays"></p>
 <table><thead><tr><th>From</th><th>What</th><th>For</th></tr></thead><tbody id="showings"></tbody></table>
 <h2>Posters</h2>
 <p class="small">A picture sent here is put in one of the playlist's folder sources, under a name of its own,
  and shows at its next turn. JPEG, PNG, WebP or GIF, up to 25 MB.</p>
 <form id="poster-form"><select id="poster-source"></select>
  <input id="poster" type="file" accept="image/jpeg,image/png,image/webp,image/gif" required>
  <button>Send the poster</button></form>
 <h2>Playlist</h2>
 <p class="small">Checked as <code>placard check</code> checks it, and saved only when it has no problem; the
  version before is kept beside it. The screen takes it at the next slide.</p>
 <textarea id="playlist" rows="18" spellcheck="false" autocapitalize="off" autocomplete="off"
  style="font:13px/1.35 ui-monospace,monospace;white-space:pre;overflow:auto"></textarea>
 <div class="row"><button id="playlist-save">Check and save</button>
  <button id="playlist-load" class="quiet">Load it again</button></div>
 <ul id="problems" class="bad"></ul>
 <p><button id="logout" class="quiet">Log out</button></p>
</section>
<script>
"use strict";
const $ = id => document.getElementById(id);
let csrf = sessionStorage.getItem("csrf") || "";
function show(which) { for (const s of ["login", "setup", "panel"]) $(s).classList.toggle("hidden", s !== which); }
function say(text) { $("msg").textContent = text || ""; }
async function call(method, path, body) {
  const headers = {"Content-Type": "application/json"};
  if (csrf) headers["X-CSRF-Token"] = csrf;
  const r = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body),
                               credentials: "same-origin"});
  let data = {};
  try { data = await r.json(); } catch (e) {}
  return {status: r.status, data};
}
function loggedIn(data) { csrf = data.csrf; sessionStorage.setItem("csrf", csrf); refresh(); }
async function refresh() {
  const r = await call("GET", "/api/status");
  if (r.status === 401) { show(r.data.setup_needed ? "setup" : "login"); return; }
  if (r.status !== 200) { say(r.data.error || "The display did not answer."); return; }
  if (!csrf) { const s = await call("GET", "/api/session"); if (s.status === 200) { csrf = s.data.csrf; sessionStorage.setItem("csrf", csrf); } }
  show("panel");
  const now = r.data.showing || {};
  $("showing").textContent = now.title ? "On screen: " + now.kind + ": " + now.title : "On screen: " + (now.kind || "nothing yet");
  const list = $("cues"); list.textContent = "";
  for (const c of r.data.cues || []) {
    const row = document.createElement("div"); row.className = "cue";
    const words = document.createElement("span");
    words.textContent = c.kind + (c.text ? ": " + c.text : "") + (c.until ? " (until " + new Date(c.until).toLocaleTimeString([], {hour: "2-digit", minute: "2-digit"}) + ")" : "");
    const lift = document.createElement("button"); lift.className = "quiet"; lift.textContent = "Lift";
    lift.onclick = async () => { await call("DELETE", "/api/cues/" + encodeURIComponent(c.id)); setTimeout(refresh, 300); };
    row.append(words, lift); list.append(row);
  }
  if (!(r.data.cues || []).length) list.textContent = "None.";
  if (!playlistLoaded) loadPlaylist();
  const folders = r.data.folders || [], chooser = $("poster-source");
  if (chooser.options.length !== folders.length) {
    chooser.textContent = "";
    for (const f of folders) { const o = document.createElement("option"); o.value = f; o.textContent = "into " + f; chooser.append(o); }
  }
  $("poster-form").classList.toggle("hidden", !folders.length);
  showHealth(r.data.health || {});
  showSources(r.data.sources || []);
  $("screen").src = "/api/screen.jpg?t=" + Date.now();
  const p = await call("GET", "/api/plays");
  if (p.status === 200) {
    const n = p.data.showings.length;
    $("plays").textContent = "";
    const words = document.createElement("span");
    words.textContent = "Today: " + n + " showing" + (n === 1 ? "" : "s") + ". ";
    const link = document.createElement("a"); link.href = "/api/plays.csv"; link.textContent = "Download as CSV";
    $("plays").append(words, link);
    const body = $("showings"); body.textContent = "";
    for (const one of p.data.showings.slice(-8).reverse()) {
      const row = document.createElement("tr");
      const from = document.createElement("td"); from.textContent = (one.start || "").slice(11, 16);
      const what = document.createElement("td");
      what.textContent = one.kind + (one.title ? ": " + one.title : "") + (one.screen_on === false ? " (screen off)" : "");
      const long = document.createElement("td"); long.textContent = Math.round(one.seconds) + " s";
      row.append(from, what, long); body.append(row);
    }
  }
}
function ago(seconds) {
  if (seconds === undefined || seconds === null) return "never";
  if (seconds < 90) return Math.round(seconds) + " s ago";
  if (seconds < 5400) return Math.round(seconds / 60) + " min ago";
  if (seconds < 172800) return Math.round(seconds / 3600) + " h ago";
  return Math.round(seconds / 86400) + " days ago";
}
function showHealth(h) {
  const list = $("health"); list.textContent = "";
  for (const f of h.findings || []) {
    const li = document.createElement("li"); li.className = f.severity === "warning" ? "bad" : "warning";
    li.textContent = f.words; list.append(li);
  }
  if (!(h.findings || []).length) { const li = document.createElement("li"); li.className = "fine"; li.textContent = "Nothing to report."; list.append(li); }
  const facts = [];
  if (h.temperature_c !== undefined) facts.push(Math.round(h.temperature_c) + " \u00b0C");
  if (h.disk) facts.push(Math.round(h.disk.free_bytes / 1048576) + " MiB free on the cache's disk");
  if (h.memory && h.memory.available_bytes !== undefined) facts.push(Math.round(h.memory.available_bytes / 1048576) + " MiB of memory free");
  if (h.clock_synced !== undefined) facts.push(h.clock_synced ? "clock synchronised" : "clock not synchronised");
  for (const p of h.hdmi || []) facts.push(p.port + (p.connected ? ": a screen" : ": nothing"));
  $("facts").textContent = facts.join(" \u00b7 ");
}
function showSources(list) {
  const body = $("sources"); body.textContent = "";
  for (const s of list) {
    const row = document.createElement("tr");
    const name = document.createElement("td"); name.textContent = s.name;
    const state = document.createElement("td"); state.textContent = s.state + (s.error ? ": " + s.error : "");
    state.className = s.error ? "bad" : (s.state === "fine" ? "fine" : "warning");
    const when = document.createElement("td"); when.textContent = ago(s.age_seconds);
    row.append(name, state, when); body.append(row);
  }
  if (!list.length) body.innerHTML = "<tr><td colspan=3>The playlist has no sources.</td></tr>";
}
async function cue(body) {
  const r = await call("POST", "/api/cues", body);
  say(r.status < 300 ? "Sent." : (r.data.error || "Refused."));
  setTimeout(refresh, 400);
}
$("login-form").onsubmit = async e => { e.preventDefault(); say("Checking...");
  const r = await call("POST", "/api/login", {password: $("password").value});
  if (r.status === 200) { say(""); loggedIn(r.data); } else say(r.data.error); };
$("setup-form").onsubmit = async e => { e.preventDefault();
  const r = await call("POST", "/api/setup", {code: $("code").value.replace(/\s/g, ""), password: $("new-password").value});
  if (r.status === 200) { say("The password is set."); loggedIn(r.data); } else say(r.data.error); };
$("announce-form").onsubmit = e => { e.preventDefault();
  const body = {kind: "announce", text: $("text").value, style: $("style").value};
  if ($("for").value) body.for = $("for").value;
  cue(body); };
for (const b of document.querySelectorAll("button[data-cue]")) b.onclick = () => cue(JSON.parse(b.dataset.cue));
let playlistTag = "", playlistLoaded = false;
async function loadPlaylist() {
  const r = await fetch("/api/playlist", {credentials: "same-origin"});
  $("problems").textContent = "";
  if (r.status !== 200) { let d = {}; try { d = await r.json(); } catch (e) {} $("playlist").value = ""; $("playlist").placeholder = d.error || ""; return; }
  playlistTag = r.headers.get("ETag") || ""; $("playlist").value = await r.text(); playlistLoaded = true;
}
$("playlist-load").onclick = () => { say(""); loadPlaylist(); };
$("playlist-save").onclick = async () => {
  say("Checking...");
  const r = await fetch("/api/playlist", {method: "PUT", credentials: "same-origin", body: $("playlist").value,
    headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf, "If-Match": playlistTag}});
  let d = {}; try { d = await r.json(); } catch (e) {}
  const list = $("problems"); list.textContent = "";
  for (const p of d.problems || []) {
    const li = document.createElement("li");
    li.textContent = (p.line ? "Line " + p.line + (p.column ? ", column " + p.column : "") + ": " : "") + (p.path ? p.path + ": " : "") + p.message;
    list.append(li);
  }
  if (r.status === 200) { playlistTag = d.etag; say(d.saved ? "Saved: the screen takes it at the next slide." : "Nothing changed."); }
  else say(d.error || "Not saved.");
};
$("poster-form").onsubmit = async e => { e.preventDefault();
  const file = $("poster").files[0]; if (!file) return;
  say("Sending...");
  const r = await fetch("/api/posters?source=" + encodeURIComponent($("poster-source").value), {method: "POST",
    credentials: "same-origin", body: file, headers: {"X-CSRF-Token": csrf, "Content-Type": file.type || "application/octet-stream"}});
  let d = {}; try { d = await r.json(); } catch (e) {}
  say(r.status === 201 ? "Kept as " + d.file + " (" + d.width + " x " + d.height + ")." : (d.error || "Refused."));
  if (r.status === 201) $("poster").value = ""; };
$("logout").onclick = async () => { await call("POST", "/api/logout"); csrf = ""; sessionStorage.removeItem("csrf"); refresh(); };
refresh(); setInterval(() => { if (!document.hidden && !$("panel").classList.contains("hidden")) refresh(); }, 5000);
</script></main></body></html>
)html";
    return page;
}

}  // namespace placard::control
