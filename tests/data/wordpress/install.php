<?php
// Installs the site as WordPress's installer does, without the web form: wp_install()
// from wp-admin/includes/upgrade.php creates the tables, the options and the first user.
// Run by make-fixtures.sh with HTTP_HOST=hall.example, which Debian's wp-config.php uses
// to pick /etc/wordpress/config-hall.example.php.
$_SERVER['HTTP_HOST'] = getenv('HTTP_HOST');
$_SERVER['REQUEST_URI'] = '/';
define('WP_INSTALLING', true);
require '/usr/share/wordpress/wp-load.php';
// No mail about the new site: the machine has no mailer, and nobody reads it.
function wp_new_blog_notification() {}
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

$result = wp_install('Hall Street Solidarity', 'rosa', 'rosa@hall.example', true, '', 'fixtures-only');
// The address the site gives its links, as on a real host; curl reaches it through
// 127.0.0.1:8089 with --connect-to.
update_option('siteurl', 'http://hall.example');
update_option('home', 'http://hall.example');
fwrite(STDERR, "installed, user {$result['user_id']}\n");
