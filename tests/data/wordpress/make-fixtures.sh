#!/bin/sh
# Makes the WordPress fixtures from a real WordPress: Debian 12's wordpress package
# (6.1) with its Twenty Twenty-One theme, on MariaDB and Apache with mod_php, each
# started by hand in a temporary folder (Apache on 127.0.0.1:8089, MariaDB on a socket
# only) and stopped again at the end. install.php runs wp_install(); content.php writes
# the campaign's posts, pictures (made here with ImageMagick, sized by WordPress) and
# comments through WordPress's own functions, with fixed dates in 2026. curl then saves
# what a display would fetch, under the site's real name http://hall.example (curl
# --connect-to sends it to 127.0.0.1:8089), so links in the captures are the site's.
#
# The captures are committed; run this again only to change them. As root, on Debian 12:
#     sh tests/data/wordpress/make-fixtures.sh
# It installs the packages below, and while it runs it writes the one file Debian's
# wp-config.php reads for this host, /etc/wordpress/config-hall.example.php.
# Apart from the Date in the response headers (*.headers), each run writes the same bytes.
#
# What is captured: the RSS 2.0 feed, the Atom feed, the comments feed; the REST API's
# posts with _embed, three a page (pages 1-3, and page 4, which WordPress refuses), with
# their headers (X-WP-Total, X-WP-TotalPages, Link); the public comments (approved only)
# and, as the editor, all comments (pending ones too); categories and tags; an unknown
# route's error; the front page (an HTML page where JSON was expected).
# Then, as two faults of real sites, each without changing the captures above: the RSS
# feed with an empty line before its XML declaration, which a plugin file ending in "?>"
# and an empty line prints (blank-line/feed.xml); and the site with a password-protected
# post added by protected.php, its feeds and its REST API's posts three a page
# (protected/).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
host=hall.example
port=8089

DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    wordpress wordpress-theme-twentytwentyone mariadb-server apache2 libapache2-mod-php \
    php-cli php-mysql php-gd php-xml php-mbstring imagemagick curl >/dev/null

run=$(mktemp -d /tmp/placard-wordpress.XXXXXX)
chmod 755 "$run"
config=/etc/wordpress/config-$host.php
stop() {
    [ -f "$run/apache.pid" ] && kill "$(cat "$run/apache.pid")" 2>/dev/null || true
    [ -f "$run/mysql.pid" ] && kill "$(cat "$run/mysql.pid")" 2>/dev/null || true
    sleep 2
    rm -f "$config"
    rm -rf "$run"
}
trap stop EXIT

# MariaDB of its own, on a socket in $run: nothing of the machine's databases is used.
mariadb-install-db --no-defaults --datadir="$run/db" --user=root --auth-root-authentication-method=socket \
    --skip-test-db >/dev/null
mariadbd --no-defaults --datadir="$run/db" --socket="$run/mysql.sock" --pid-file="$run/mysql.pid" \
    --skip-networking --user=root >"$run/mysql.log" 2>&1 &
for _ in $(seq 60); do
    mariadb-admin --no-defaults --socket="$run/mysql.sock" ping >/dev/null 2>&1 && break
    sleep 1
done
mariadb --no-defaults --socket="$run/mysql.sock" -u root <<SQL
CREATE DATABASE hall CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci;
CREATE USER 'hall'@'localhost' IDENTIFIED BY 'fixtures';
GRANT ALL ON hall.* TO 'hall'@'localhost';
SQL

# Uploads go to a wp-content of its own; the theme is Debian's, linked in.
mkdir -p "$run/wp-content/themes" "$run/wp-content/uploads" "$run/wp-content/plugins"
ln -s /usr/share/wordpress/wp-content/themes/twentytwentyone "$run/wp-content/themes/twentytwentyone"
cat >"$config" <<PHP
<?php
define('DB_NAME', 'hall');
define('DB_USER', 'hall');
define('DB_PASSWORD', 'fixtures');
define('DB_HOST', 'localhost:$run/mysql.sock');
define('WP_CONTENT_DIR', '$run/wp-content');
define('WP_DEFAULT_THEME', 'twentytwentyone');
// Application passwords (for the capture of pending comments) need HTTPS or a local site.
define('WP_ENVIRONMENT_TYPE', 'local');
// Nothing from the network: no update checks, no cron requests to itself.
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
PHP
chmod 644 "$config"

cat >"$run/apache.conf" <<CONF
ServerRoot /etc/apache2
ServerName $host
Listen 127.0.0.1:$port
PidFile $run/apache.pid
DefaultRuntimeDir $run
Mutex file:$run default
LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule dir_module /usr/lib/apache2/modules/mod_dir.so
LoadModule mime_module /usr/lib/apache2/modules/mod_mime.so
LoadModule alias_module /usr/lib/apache2/modules/mod_alias.so
LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so
LoadModule php_module /usr/lib/apache2/modules/libphp8.2.so
User www-data
Group www-data
ErrorLog $run/apache-error.log
LogFormat "%h %t \"%r\" %>s %b" common
CustomLog $run/apache-access.log common
TypesConfig /etc/mime.types
DocumentRoot /usr/share/wordpress
DirectoryIndex index.php
Alias /wp-content $run/wp-content
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory /usr/share/wordpress>
    Options FollowSymLinks
    Require all granted
    # What WordPress writes into .htaccess for pretty permalinks.
    RewriteEngine On
    RewriteRule .* - [E=HTTP_AUTHORIZATION:%{HTTP:Authorization}]
    RewriteBase /
    RewriteRule ^index\.php$ - [L]
    RewriteCond %{REQUEST_FILENAME} !-f
    RewriteCond %{REQUEST_FILENAME} !-d
    RewriteRule . /index.php [L]
</Directory>
<Directory $run/wp-content>
    Options FollowSymLinks
    Require all granted
</Directory>
<FilesMatch "\.php\$">
    SetHandler application/x-httpd-php
</FilesMatch>
CONF
/usr/sbin/apache2 -f "$run/apache.conf" -k start

# Pictures for the posts. WordPress makes its sizes from these (GD), so what matters
# is their dimensions; -strip leaves out dates, so the files are the same each run.
picture() {  # file width height from to
    convert -size "$2x$3" "gradient:$4-$5" -fill '#f4ecdf' \
        -draw "rectangle $(($2 / 8)),$(($3 / 6)) $(($2 * 7 / 8)),$(($3 * 2 / 3))" \
        -fill '#20150f' -draw "rectangle 0,$(($3 * 5 / 6)) $2,$3" -quality 82 -strip "$run/$1"
}
picture screening-leeds.jpg 2400 1350 '#4a0d12' '#d9822b'
picture assembly-hall.jpg 1200 800 '#16324f' '#7aa5c9'
picture strike-fund.jpg 1080 1350 '#1f4d2b' '#c9b458'
picture embassy-picket.jpg 2000 1333 '#3b1f4a' '#d1495b'
picture consulate-banner.jpg 1600 900 '#2b2b2b' '#b33939'
picture film-night.jpg 1600 1067 '#0f3d3e' '#e0a458'

wp_php() {  # script.php: run with the site's host name, which picks $config
    HTTP_HOST=$host php -d display_errors=stderr "$here/$1" "$run"
}
wp_php install.php
app_password=$(wp_php content.php)

get() {  # path output [curl options...]: body to output, headers beside it when asked
    path=$1 out=$2
    shift 2
    case $out in /*) ;; *) out=$here/$out ;; esac
    curl -sS --connect-to "$host:80:127.0.0.1:$port" "$@" -o "$out" "http://$host$path"
}
get /feed/ feed.xml
get /feed/atom/ atom.xml
get /comments/feed/ comments.xml
for page in 1 2 3 4; do
    get "/wp-json/wp/v2/posts?_embed&per_page=3&page=$page" "posts-page$page.json" -D "$here/posts-page$page.headers"
done
# The form without pretty permalinks answers the same: placard asks for that one.
get "/?rest_route=/wp/v2/posts&_embed&per_page=3&page=2" "$run/rest-route.json"
cmp "$run/rest-route.json" "$here/posts-page2.json"
get "/wp-json/wp/v2/comments?_embed" comments.json -D "$here/comments.headers"
# As the site's editor (an application password): pending comments too, which a display
# must never show.
get "/wp-json/wp/v2/comments?_embed&status=all" comments-all.json -u "rosa:$app_password"
# The public list holds no pending comment; the editor's does.
if grep -q '"status":"hold"' "$here/comments.json"; then echo "pending comments in the public list" >&2; exit 1; fi
grep -q '"status":"hold"' "$here/comments-all.json"
get "/wp-json/wp/v2/categories?per_page=100" categories.json
get "/wp-json/wp/v2/tags?per_page=100" tags.json
get /wp-json/wp/v2/nothing-here no-route.json -D "$here/no-route.headers"
get / front-page.html

# A must-use plugin saved with an empty line after its closing tag: PHP prints that line
# before anything WordPress writes.
mkdir -p "$run/wp-content/mu-plugins" "$here/blank-line" "$here/protected"
printf '<?php\n// Nothing but the empty line below.\n?>\n\n' >"$run/wp-content/mu-plugins/stray-line.php"
get /feed/ blank-line/feed.xml
rm "$run/wp-content/mu-plugins/stray-line.php"
head -c 1 "$here/blank-line/feed.xml" | grep -q '^$'

wp_php protected.php
get /feed/ protected/feed.xml
get /feed/atom/ protected/atom.xml
for page in 1 2 3; do
    get "/wp-json/wp/v2/posts?_embed&per_page=3&page=$page" "protected/posts-page$page.json" \
        -D "$here/protected/posts-page$page.headers"
done
grep -q '"protected":true' "$here/protected/posts-page1.json"
echo "fixtures written to $here"
