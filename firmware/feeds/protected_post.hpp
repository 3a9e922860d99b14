#pragma once
// WordPress's password-protected posts, as its RSS and Atom feeds give them: a display is
// public, so they are left out. Pure: no I/O; safe on any thread.
#include <string_view>

namespace placard::feeds {

// Whether an item's content (content:encoded, Atom's content) or excerpt is what WordPress
// writes for a post behind a password. Its title ("Protected: …") and excerpt ("There is no
// excerpt because this is a protected post.") are translated with the site, so what marks
// it is the password form that stands for the content (get_the_password_form: a <form>
// posting to wp-login.php?action=postpass, of class post-password-form), which themes
// restyle but must keep posting there. A feed of excerpts only (WordPress's "Summary"
// setting) has no form: there only the English excerpt is known.
bool is_protected_post(std::string_view html);

}  // namespace placard::feeds
