#include "feeds/protected_post.hpp"

#include <string>
#include <vector>

#include "feeds/libxml.hpp"
#include "feeds/xml_feed.hpp"

namespace placard::feeds {
namespace {

// The <form> itself, not a post that shows its markup as text or mentions it.
bool has_password_form(std::string_view html) {
    XmlDoc doc = parse_html(html);
    if (!doc) return false;
    std::vector<const xmlNode*> todo{xmlDocGetRootElement(doc.get())};
    while (!todo.empty()) {
        const xmlNode* node = todo.back();
        todo.pop_back();
        if (!node) continue;
        if (local_name(node) == "form") {
            std::string action = attribute(node, "action");
            std::string classes = " " + attribute(node, "class") + " ";
            if (action.find("action=postpass") != std::string::npos ||
                classes.find(" post-password-form ") != std::string::npos)
                return true;
        }
        for (const xmlNode* child = node->children; child; child = child->next)
            if (child->type == XML_ELEMENT_NODE) todo.push_back(child);
    }
    return false;
}

}  // namespace

bool is_protected_post(std::string_view html) {
    if (trim(html) == "There is no excerpt because this is a protected post.") return true;
    bool may_be =
        html.find("postpass") != std::string_view::npos || html.find("post-password-form") != std::string_view::npos;
    return may_be && has_password_form(html);
}

}  // namespace placard::feeds
