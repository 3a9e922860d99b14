#!/bin/sh
# Makes the feeds that real sites serve not quite as the specifications say, each with the
# software that makes them so in the wild. Run again only to change them (Debian 12:
# iconv from libc-bin, php-cli, python3):
#     sh tests/data/feeds/sites/make-fixtures.sh
#
# - cp1252-*.xml: a feed written in Windows-1252 (curly quotes, dashes, euro signs, an
#   apostrophe) by iconv, as old PHP sites write their database's text, declaring
#   ISO-8859-1, US-ASCII, or nothing at all (served as text/xml without a charset).
# - utf16.xml: the same feed in UTF-16 with a byte order mark, by python3's codecs.
# - php-htmlentities.xml: a feed written by PHP with htmlentities() where htmlspecialchars()
#   belongs, so that it holds &eacute; &mdash; &nbsp; which XML does not know, an
#   unescaped "&" in a title, and a vertical tab (Word's line break, pasted into the CMS)
#   in one item.
# - userland-*.xml: RSS 2.0 in Userland's namespace, as the default namespace and with a
#   prefix, written by python3's ElementTree.
set -eu
here=$(cd "$(dirname "$0")" && pwd)

cp1252_feed() {  # encoding declaration (may be empty)
    cat <<XML
<?xml version="1.0"$1?>
<rss version="2.0">
  <channel>
    <title>Strike fund – Hall Street</title>
    <link>https://strikefund.example.org/</link>
    <description>News of the dockers’ strike fund</description>
    <item>
      <title>“Every €5 keeps the picket fed”</title>
      <link>https://strikefund.example.org/appeal</link>
      <description>The strikers’ kitchen needs €400 a week – don’t wait, give what you can…</description>
      <pubDate>Sat, 03 Oct 2026 10:00:00 +0000</pubDate>
    </item>
    <item>
      <title>Café meeting — Thursday</title>
      <link>https://strikefund.example.org/cafe</link>
      <description>At the Café Müller, 7pm. ‘Bring a friend’.</description>
      <pubDate>Mon, 05 Oct 2026 09:00:00 +0000</pubDate>
    </item>
  </channel>
</rss>
XML
}
cp1252_feed ' encoding="ISO-8859-1"' | iconv -f UTF-8 -t WINDOWS-1252 >"$here/cp1252-declared-latin1.xml"
cp1252_feed ' encoding="US-ASCII"' | iconv -f UTF-8 -t WINDOWS-1252 >"$here/cp1252-declared-ascii.xml"
cp1252_feed '' | iconv -f UTF-8 -t WINDOWS-1252 >"$here/cp1252-undeclared.xml"
# Declared UTF-8 in the document, for the HTTP charset to overrule.
cp1252_feed ' encoding="UTF-8"' | iconv -f UTF-8 -t WINDOWS-1252 >"$here/cp1252-declared-utf8.xml"

cp1252_feed ' encoding="UTF-16"' |
    python3 -c 'import sys; sys.stdout.buffer.write(sys.stdin.buffer.read().decode("utf-8").encode("utf-16"))' \
        >"$here/utf16.xml"

php "$here/php-htmlentities.php" >"$here/php-htmlentities.xml"

python3 - "$here" <<'PY'
import sys
import xml.etree.ElementTree as ET

ns = "http://backend.userland.com/rss2"

def feed():
    rss = ET.Element(f"{{{ns}}}rss", {"version": "2.0"})
    channel = ET.SubElement(rss, f"{{{ns}}}channel")
    ET.SubElement(channel, f"{{{ns}}}title").text = "Scripting News"
    ET.SubElement(channel, f"{{{ns}}}link").text = "http://scripting.example.com/"
    for guid, title, text, date in [
        ("http://scripting.example.com/2026/10/12#a1", "Solidarity with the dockers",
         "A message of support was read at the rally.", "Mon, 12 Oct 2026 18:30:00 GMT"),
        ("http://scripting.example.com/2026/10/13#a2", "The fund reaches its target",
         "Four thousand pounds in six weeks.", "Tue, 13 Oct 2026 08:00:00 GMT"),
    ]:
        item = ET.SubElement(channel, f"{{{ns}}}item")
        ET.SubElement(item, f"{{{ns}}}title").text = title
        ET.SubElement(item, f"{{{ns}}}description").text = text
        ET.SubElement(item, f"{{{ns}}}guid").text = guid
        ET.SubElement(item, f"{{{ns}}}pubDate").text = date
    ET.indent(rss)
    return ET.ElementTree(rss)

ET.register_namespace("", ns)
feed().write(f"{sys.argv[1]}/userland-default.xml", encoding="utf-8", xml_declaration=True)
ET.register_namespace("rss", ns)
feed().write(f"{sys.argv[1]}/userland-prefixed.xml", encoding="utf-8", xml_declaration=True)
PY
echo "fixtures written to $here"
