#!/bin/sh
# Writes the JSON Feed fixtures of tests/feeds_jsonfeed_test.cpp with Hugo (Debian 12's
# `hugo` package, 0.111), from a small campaign site made here in a temporary folder:
#
#   reports.json   JSON Feed 1.1 of the site's reports (relative urls and pictures,
#                  summaries, tags, item and feed authors, Hugo's \u003c escapes)
#   messages.json  JSON Feed 1.0 of its solidarity messages (numeric ids, "author"
#                  objects, content_text)
#
# Re-run from anywhere: sh tests/data/jsonfeed/make-fixtures.sh. Hugo writes the JSON
# itself (its jsonify); the templates below only say which fields go where. The other
# fixtures here are written by hand: wordpress_posts.json has the shape of WordPress's
# /wp-json/wp/v2/posts.
set -eu
out=$(cd "$(dirname "$0")" && pwd)
site=$(mktemp -d)
trap 'rm -rf "$site"' EXIT
mkdir -p "$site/content/reports" "$site/content/messages" "$site/layouts/_default"

cat >"$site/config.toml" <<'EOF'
baseURL = "https://harbour.example.org/"
title = "Harbour Solidarity Committee"
languageCode = "en"
timeZone = "Europe/London"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404", "section"]
[params]
author = "Harbour Solidarity Committee"
[mediaTypes."application/feed+json"]
suffixes = ["json"]
[outputFormats.JSONFeed]
mediaType = "application/feed+json"
baseName = "reports"
isPlainText = true
[outputFormats.JSONFeedOne]
mediaType = "application/feed+json"
baseName = "messages"
isPlainText = true
[outputs]
home = ["JSONFeed", "JSONFeedOne"]
EOF

echo '' >"$site/layouts/_default/single.html"

# JSON Feed 1.1: "authors" arrays, urls relative to home_page_url.
cat >"$site/layouts/index.jsonfeed.json" <<'EOF'
{{- $pages := where site.RegularPages "Section" "reports" -}}
{
  "version": "https://jsonfeed.org/version/1.1",
  "title": {{ site.Title | jsonify }},
  "home_page_url": {{ site.BaseURL | jsonify }},
  "feed_url": {{ "reports.json" | absURL | jsonify }},
  "language": "en",
  "authors": [{ "name": {{ site.Params.author | jsonify }} }],
  "items": [
{{- range $i, $p := $pages }}{{ if $i }},{{ end }}
    {
      "id": {{ $p.Permalink | jsonify }},
      "url": {{ $p.RelPermalink | jsonify }},
      "title": {{ $p.Title | jsonify }},
      "content_html": {{ $p.Content | jsonify }},
      {{- with $p.Params.summary }}
      "summary": {{ . | jsonify }},{{ end }}
      {{- with $p.Params.image }}
      "image": {{ . | jsonify }},{{ end }}
      {{- with $p.Params.banner }}
      "banner_image": {{ . | jsonify }},{{ end }}
      {{- with $p.Params.authors }}
      "authors": [{{ range $j, $a := . }}{{ if $j }}, {{ end }}{ "name": {{ $a | jsonify }} }{{ end }}],{{ end }}
      {{- if ne $p.Lastmod $p.Date }}
      "date_modified": {{ $p.Lastmod.Format "2006-01-02T15:04:05Z07:00" | jsonify }},{{ end }}
      "date_published": {{ $p.Date.Format "2006-01-02T15:04:05Z07:00" | jsonify }},
      "tags": {{ $p.Params.tags | default (slice) | jsonify }}
    }
{{- end }}
  ]
}
EOF

# JSON Feed 1.0: "author" objects, numeric ids as some 1.0 feeds wrote them, plain text.
cat >"$site/layouts/index.jsonfeedone.json" <<'EOF'
{{- $pages := where site.RegularPages "Section" "messages" -}}
{
  "version": "https://jsonfeed.org/version/1",
  "title": {{ printf "%s: messages of solidarity" site.Title | jsonify }},
  "home_page_url": {{ site.BaseURL | jsonify }},
  "feed_url": {{ "messages.json" | absURL | jsonify }},
  "author": { "name": {{ site.Params.author | jsonify }} },
  "items": [
{{- range $i, $p := $pages }}{{ if $i }},{{ end }}
    {
      "id": {{ $p.Params.number }},
      "url": {{ $p.Permalink | jsonify }},
      "title": {{ $p.Title | jsonify }},
      "content_text": {{ $p.RawContent | strings.TrimRight "\n" | jsonify }},
      {{- with $p.Params.from }}
      "author": { "name": {{ . | jsonify }} },{{ end }}
      "date_published": {{ $p.Date.Format "2006-01-02T15:04:05Z07:00" | jsonify }}
    }
{{- end }}
  ]
}
EOF

cat >"$site/content/reports/screening.md" <<'EOF'
---
title: "Film night in Port Glasgow: “The Yard Is Ours”"
date: 2026-11-14T19:30:00+00:00
summary: "Forty people watched the shipyard workers' film & stayed on to plan the next collection."
image: /uploads/2026/11/film-night.jpg
authors: ["Morag Lindsay", "Kwame Asante"]
tags: ["Film screenings", "Shipyards", "Film screenings"]
---
The community hall was full on Friday for **The Yard Is Ours**, the film about the welders
who kept their yard open after the owners walked away.

Afterwards a steward from the yard answered questions for an hour.
EOF

cat >"$site/content/reports/consulate.md" <<'EOF'
---
title: "Picket at the consulate <for the jailed dockers>"
date: 2026-11-02T12:00:00+00:00
lastmod: 2026-11-03T09:15:00+00:00
tags: ["Pickets"]
---
![Banners at the consulate gate](/uploads/2026/11/consulate-picket.jpg)

On Monday thirty of us stood at the consulate gate for two hours with drums and banners,
asking for the release of the six dockers held since the strike. A letter signed by
eleven union branches was handed in &amp; acknowledged.

Read more ...
EOF

cat >"$site/content/reports/appeal.md" <<'EOF'
---
title: "Make a donation to the strike fund"
date: 2026-10-28T08:00:00+00:00
summary: "Every £10 keeps a striking family in groceries for a day.\nGive at the stall or online."
banner: https://cdn.harbour.example.org/banners/strike-fund.png
authors: ["Kwame Asante"]
tags: ["Appeals"]
---
The strike is in its ninth week. The fund has paid out to 212 families so far.
EOF

cat >"$site/content/messages/from-bilbao.md" <<'EOF'
---
title: "From the port of Bilbao"
date: 2026-11-10T17:45:00+01:00
number: 311
from: "Itziar, stevedore, Bilbao"
---
Your dockers are not alone. We refused to unload the ship last night.
EOF

cat >"$site/content/messages/from-durban.md" <<'EOF'
---
title: "Greetings from Durban"
date: 2026-11-08T06:20:00+02:00
number: 307
---
The transport workers' union sends a thousand signatures and a banner.
EOF

hugo --quiet --source "$site" --destination "$site/public"
cp "$site/public/reports.json" "$out/reports.json"
cp "$site/public/messages.json" "$out/messages.json"
echo "make-fixtures: wrote $out/reports.json and $out/messages.json"
