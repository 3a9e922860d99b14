<?php
// Writes the campaign's site through WordPress's own functions: options, two authors,
// categories and tags (wp_insert_term), eight posts with fixed dates in 2026
// (wp_insert_post), pictures (media_handle_sideload, which makes WordPress's size list
// through wp_generate_attachment_metadata), and comments, approved and pending
// (wp_insert_comment). Prints an application password for the site's editor, with which
// make-fixtures.sh fetches the pending comments too. Run by make-fixtures.sh, whose
// temporary folder (holding the pictures) is the first argument.
$_SERVER['HTTP_HOST'] = getenv('HTTP_HOST');
$_SERVER['REQUEST_URI'] = '/';
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/file.php';
require_once ABSPATH . 'wp-admin/includes/media.php';
require_once ABSPATH . 'wp-admin/includes/image.php';

$pictures = $argv[1];
// Written as the site's administrator in the editor would: no kses filtering of the markup.
wp_set_current_user(1);

function fail($what) {
    fwrite(STDERR, "content.php: $what\n");
    exit(1);
}

function must($value, $what) {
    if (is_wp_error($value)) fail("$what: " . $value->get_error_message());
    if (!$value) fail("$what failed");
    return $value;
}

// The site as an organizer would set it up.
update_option('blogname', 'Hall Street Solidarity');
update_option('blogdescription', 'Screenings, pickets and meetings in support of workers in struggle');
update_option('timezone_string', 'Europe/London');
update_option('permalink_structure', '/%year%/%monthnum%/%postname%/');
update_option('posts_per_rss', 10);
update_option('rss_use_excerpt', 0);
update_option('default_comment_status', 'open');
switch_theme('twentytwentyone');
flush_rewrite_rules(false);

// wp_install's sample content goes: the post, its comment, the pages.
foreach (get_posts(['post_type' => ['post', 'page'], 'post_status' => 'any', 'numberposts' => -1]) as $sample)
    wp_delete_post($sample->ID, true);

wp_update_user(['ID' => 1, 'display_name' => 'Rosa Kettle', 'nickname' => 'Rosa Kettle',
                'first_name' => 'Rosa', 'last_name' => 'Kettle']);
$dev = must(wp_insert_user(['user_login' => 'dev', 'user_pass' => 'fixtures-only', 'user_email' => 'dev@hall.example',
                               'display_name' => 'Dev Anand', 'nickname' => 'Dev Anand', 'first_name' => 'Dev',
                               'last_name' => 'Anand', 'role' => 'author']), 'author');

$categories = [];
foreach (['Screenings', 'Pickets & protests', 'Campaign news'] as $name)
    $categories[$name] = must(wp_insert_term($name, 'category'), "category $name")['term_id'];
$tags = [];
foreach (['film', 'workers’ control', 'embassy', 'strike fund', 'public meeting', 'caravan'] as $name)
    $tags[$name] = must(wp_insert_term($name, 'post_tag'), "tag $name")['term_id'];

function paragraphs(array $texts) {
    $blocks = [];
    foreach ($texts as $text) $blocks[] = "<!-- wp:paragraph -->\n<p>$text</p>\n<!-- /wp:paragraph -->";
    return implode("\n\n", $blocks);
}

// A picture attached to a post, stored in the upload folder of the post's month.
function attach_picture($file, $post_id, $title, $alt, $date_gmt) {
    global $pictures;
    $tmp = wp_tempnam($file);
    copy("$pictures/$file", $tmp);
    $local = get_date_from_gmt($date_gmt);
    $id = must(media_handle_sideload(['name' => $file, 'tmp_name' => $tmp], $post_id, $title,
                                        ['post_date' => $local, 'post_date_gmt' => $date_gmt]), "picture $file");
    update_post_meta($id, '_wp_attachment_image_alt', $alt);
    return $id;
}

function add_post($p) {
    global $categories, $tags;
    $id = must(wp_insert_post([
        'post_title' => $p['title'],
        'post_content' => $p['content'],
        'post_excerpt' => $p['excerpt'] ?? '',
        'post_status' => 'publish',
        'post_author' => $p['author'],
        'post_date_gmt' => $p['date'],
        'post_category' => array_map(fn($c) => $categories[$c], $p['categories']),
        'tags_input' => array_map(fn($t) => $tags[$t], $p['tags']),
        'comment_status' => 'open',
    ], true), "post {$p['title']}");
    // Run before its date (a clock behind 2026), WordPress would schedule the post.
    if (get_post_status($id) === 'future') {
        global $wpdb;
        $wpdb->update($wpdb->posts, ['post_status' => 'publish'], ['ID' => $id]);
        wp_clear_scheduled_hook('publish_future_post', [$id]);
        clean_post_cache($id);
    }
    if (isset($p['featured'])) {
        [$file, $title, $alt] = $p['featured'];
        set_post_thumbnail($id, attach_picture($file, $id, $title, $alt, $p['date']));
    }
    if (isset($p['inline'])) {
        // As the block editor writes an image block; WordPress adds srcset and sizes
        // when it shows the post. Written with $wpdb: wp_update_post would stamp the
        // post as modified now.
        [$file, $title, $alt, $before, $after] = $p['inline'];
        $picture = attach_picture($file, $id, $title, $alt, $p['date']);
        $src = wp_get_attachment_image_url($picture, 'large');
        $figure = "<!-- wp:image {\"id\":$picture,\"sizeSlug\":\"large\"} -->\n"
            . "<figure class=\"wp-block-image size-large\"><img src=\"$src\" alt=\"" . esc_attr($alt)
            . "\" class=\"wp-image-$picture\"/></figure>\n<!-- /wp:image -->";
        global $wpdb;
        $wpdb->update($wpdb->posts, ['post_content' => paragraphs($before) . "\n\n$figure\n\n" . paragraphs($after)],
                      ['ID' => $id]);
        clean_post_cache($id);
    }
    return $id;
}

$posts = [];
$posts['consulate'] = add_post([
    'title' => 'Picket at the consulate: "Release the dockers now"',
    'date' => '2026-09-08 17:30:00',
    'author' => 1,
    'categories' => ['Pickets & protests'],
    'tags' => ['embassy'],
    'content' => '',
    'inline' => ['consulate-banner.jpg', 'Banner at the consulate', 'Our banner on the railings of the consulate', [
        'About thirty of us stood outside the consulate on Tuesday evening with banners and a drum, to demand the '
        . 'release of the eleven dockers arrested after the port strike. The police kept us across the road, '
        . 'which only made us louder.',
    ], [
        'A letter signed by fourteen union branches was handed in at the door. The consul\'s staff promised an '
        . 'answer "within days"; we will be back on the 22nd if none comes.',
    ]],
]);
$posts['screening'] = add_post([
    'title' => 'Screening of “The Occupied Mill” in Leeds',
    'date' => '2026-09-15 20:45:00',
    'author' => $dev,
    'categories' => ['Screenings'],
    'tags' => ['film', 'workers’ control'],
    'featured' => ['screening-leeds.jpg', 'Screening in Leeds', 'The audience before the film in the Leeds hall'],
    'content' => paragraphs([
        'Forty-five people filled the community centre on Chapeltown Road on Sunday for <em>The Occupied Mill</em>, '
        . 'a documentary about the spinners who took over their factory when the owners walked away and have run '
        . 'it for three years under workers’ control.',
        'The questions afterwards went on for an hour: how the workers set their wages, how they sell the yarn, '
        . 'and what a union here could learn from them. Two people joined the campaign on the night.',
        'Thanks to the centre &amp; its volunteers, who made tea for everyone.',
    ]),
]);
$posts['assembly'] = add_post([
    'title' => "Workers' & tenants' assembly: what we agreed",
    'date' => '2026-09-29 19:00:00',
    'author' => 1,
    'categories' => ['Campaign news'],
    'tags' => ['public meeting', 'workers’ control'],
    'content' => paragraphs([
        'Sixty people came to the joint assembly of the trades council and the tenants\' union. After two hours of '
        . 'discussion we agreed three aims for the winter:',
    ]) . "\n\n<!-- wp:list -->\n<ul><li>Defend every worker sacked for organising</li>"
        . "<li>Support occupations of closed workplaces</li><li>Stop evictions on our estates</li></ul>\n"
        . "<!-- /wp:list -->\n\n<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->\n\n"
        . paragraphs(['The full minutes are below, with the names of the delegates who will report back in December.',
                      'Delegates: the bus drivers\' branch, the hospital cleaners, the Hall Street tenants and the '
                      . 'students\' union.']),
]);
$posts['meeting'] = add_post([
    'title' => 'Public meeting: solidarity with the mill occupation',
    'date' => '2026-10-06 09:00:00',
    'author' => $dev,
    'categories' => ['Campaign news'],
    'tags' => ['public meeting', 'workers’ control'],
    'featured' => ['assembly-hall.jpg', 'The Friends Meeting House', 'The hall of the Friends Meeting House'],
    'excerpt' => 'Thursday 15 October, 7pm, Friends Meeting House: two of the occupying spinners speak by video link.',
    'content' => paragraphs([
        'Come to our public meeting on <strong>Thursday 15 October at 7pm</strong> in the Friends Meeting House, '
        . 'Carlton Hill. Two of the spinners who occupy the mill will speak by video link about their first three '
        . 'years, followed by questions and a collection for their fund.',
        'Step-free access; children welcome. Bring a friend &#8211; and your branch banner.',
    ]),
]);
$posts['appeal'] = add_post([
    'title' => 'Donation appeal: the strike fund needs £4,000 by November',
    'date' => '2026-10-13 12:15:00',
    'author' => 1,
    'categories' => ['Campaign news'],
    'tags' => ['strike fund'],
    'featured' => ['strike-fund.jpg', 'Strike fund collection', 'Collection buckets at the picket line'],
    'content' => paragraphs([
        'The dockers have now been on strike for nine weeks. Their families live on what the strike fund pays: '
        . '£40 a week for each striker, and it runs out in November unless we raise £4,000.',
        'Every pound counts. Collect at your workplace, pass a hat round at your branch meeting, or give online. '
        . 'Our campaign\'s costs are paid by members\' subscriptions, so everything you give goes to the strikers.',
    ]),
]);
$posts['film-night'] = add_post([
    'title' => "Film night report: 'Salt of the Earth' at the Co-op hall",
    'date' => '2026-10-20 21:10:00',
    'author' => $dev,
    'categories' => ['Screenings'],
    'tags' => ['film'],
    'content' => '',
    'inline' => ['film-night.jpg', 'Film night at the Co-op hall', 'The projector and the audience at the Co-op hall', [
        'The Co-op hall was full on Tuesday for <em>Salt of the Earth</em>, the 1954 film about the miners\' wives '
        . 'who took over the picket line when an injunction stopped the men.',
    ], [
        'Afterwards Margaret, a retired shop steward, told us how the women of her own town ran the soup kitchens '
        . 'in 1984. £212 was collected for the dockers\' strike fund.',
    ]],
]);
$posts['caravan'] = add_post([
    'title' => 'The solidarity caravan sets off on Saturday',
    'date' => '2026-10-27 08:00:00',
    'author' => 1,
    'categories' => ['Campaign news', 'Pickets & protests'],
    'tags' => ['caravan'],
    'content' => paragraphs([
        'Three minibuses leave the Hall Street car park at 6am on Saturday, carrying tents, medicines and letters '
        . 'of support to the occupied mill. We stop for rallies in Manchester and Bristol on the way.',
        'There are still four seats: ring the office if you can come, and bring a sleeping bag.',
    ]),
]);
$posts['picket'] = add_post([
    'title' => 'Sixty outside the embassy for the jailed dockers',
    'date' => '2026-11-10 16:40:00',
    'author' => $dev,
    'categories' => ['Pickets & protests'],
    'tags' => ['embassy', 'strike fund'],
    'featured' => ['embassy-picket.jpg', 'Picket at the embassy', 'Placards outside the embassy gates'],
    'content' => paragraphs([
        'Sixty people picketed the embassy for two hours on Monday, the day the jailed dockers\' trial opened. '
        . 'Speakers from the rail, postal and teaching unions sent greetings, and the strikers phoned in from the '
        . 'port to thank everyone.',
        'We collected £318 for the strike fund. The next picket is on Monday 24 November at 5pm.',
    ]),
]);

// Solidarity messages: readers' comments, some approved, some still waiting for the
// moderator (which the site never shows, and neither may a display).
$comments = [
    ['screening', 'Amira Haddad', 'amira@example.net', '2026-09-16 08:12:00', 1,
     'Greetings from the Glasgow film club! We showed the same documentary in August and the discussion went on '
     . 'past midnight. Keep going.'],
    ['screening', 'Piotr Nowak', 'piotr@example.net', '2026-09-17 10:30:00', 0,
     'Could you send me the dates of the next screenings?'],
    ['appeal', 'Kwame Mensah', 'kwame@example.net', '2026-10-14 10:00:00', 1,
     "Our branch in Accra voted to send £250 to the strike fund. Your struggle is our struggle."],
    ['appeal', 'Jo', 'jo@example.net', '2026-10-15 18:45:00', 0,
     'Is there a way to give by bank transfer?'],
    ['caravan', 'Ayşe Demir', 'ayse@example.net', '2026-10-27 12:00:00', 1,
     '<strong>Bon voyage</strong> to the caravan &amp; everyone on it, from the textile workers of Izmir!'],
    ['picket', 'Rui Matos', 'rui@example.net', '2026-11-11 07:30:00', 1,
     "Solidarity from the dockers of Lisbon. An injury to one is an injury to all!"],
    ['picket', 'Sofia Lindqvist', 'sofia@example.net', '2026-11-11 19:05:00', 1,
     "Warm greetings from Malmö: we'll hold our own picket on Saturday."],
];
foreach ($comments as [$post, $name, $email, $date_gmt, $approved, $text]) {
    must(wp_insert_comment([
        'comment_post_ID' => $posts[$post],
        'comment_author' => $name,
        'comment_author_email' => $email,
        'comment_author_url' => '',
        'comment_author_IP' => '127.0.0.1',
        'comment_agent' => 'Mozilla/5.0',
        'comment_content' => $text,
        'comment_date' => get_date_from_gmt($date_gmt),
        'comment_date_gmt' => $date_gmt,
        'comment_approved' => $approved,
    ]), "comment by $name");
}

[$password] = must(WP_Application_Passwords::create_new_application_password(1, ['name' => 'fixtures']),
                      'application password');
echo $password;
