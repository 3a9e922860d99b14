<?php
// A feed as hand-written PHP sites print it: their text escaped with htmlentities(), which
// writes HTML's named entities (&eacute; &mdash; &nbsp;) that XML does not know, a title
// printed as it is (its "&" bare), and a vertical tab that came with a text pasted from
// Word. Run by make-fixtures.sh.
header('Content-Type: application/rss+xml; charset=UTF-8');
$items = [
    ['Solidarité avec les dockers', 'https://comite.example.fr/dockers',
     "Réunion publique jeudi\u{00A0}: les délégués — venus du port — parleront à 19\u{00A0}h."],
    ['Q&A with the strikers', 'https://comite.example.fr/qa',
     'Bring your questions: the strikers answer them live.'],
    ['Fête de soutien', 'https://comite.example.fr/fete',
     "Musique, repas et tombola\v; entrée libre."],
];
echo '<?xml version="1.0" encoding="UTF-8"?>', "\n";
echo "<rss version=\"2.0\">\n<channel>\n<title>Comité de solidarité</title>\n";
echo "<link>https://comite.example.fr/</link>\n";
foreach ($items as [$title, $link, $text]) {
    echo "<item>\n";
    echo "<title>$title</title>\n";
    echo "<link>$link</link>\n";
    echo '<description>', htmlentities($text, ENT_QUOTES | ENT_HTML401, 'UTF-8'), "</description>\n";
    echo "</item>\n";
}
echo "</channel>\n</rss>\n";
