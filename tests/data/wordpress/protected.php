<?php
// Adds a password-protected post, the site's newest, through WordPress's own functions
// (wp_insert_post with a post_password), as an organizer would for members' minutes.
// Its feeds then carry it as "Protected: …" with the password form for its content, and
// the REST API with "protected": true and empty content; a display must leave it out.
// Run by make-fixtures.sh after the other captures, which it must not change.
$_SERVER['HTTP_HOST'] = getenv('HTTP_HOST');
$_SERVER['REQUEST_URI'] = '/';
require '/usr/share/wordpress/wp-load.php';
wp_set_current_user(1);

$category = get_term_by('name', 'Campaign news', 'category');
$id = wp_insert_post([
    'post_title' => 'Minutes of the branch committee, November',
    'post_content' => "<!-- wp:paragraph -->\n<p>Present: eleven members. The committee agreed the budget for the "
        . "caravan and the date of the next general meeting.</p>\n<!-- /wp:paragraph -->",
    'post_password' => 'members-only',
    'post_status' => 'publish',
    'post_author' => 1,
    'post_date_gmt' => '2026-11-12 18:00:00',
    'post_category' => [$category->term_id],
    'comment_status' => 'closed',
], true);
if (is_wp_error($id) || !$id) {
    fwrite(STDERR, "protected.php: the post could not be written\n");
    exit(1);
}
// Run before its date (a clock behind 2026), WordPress would schedule the post.
if (get_post_status($id) === 'future') {
    global $wpdb;
    $wpdb->update($wpdb->posts, ['post_status' => 'publish'], ['ID' => $id]);
    wp_clear_scheduled_hook('publish_future_post', [$id]);
    clean_post_cache($id);
}
