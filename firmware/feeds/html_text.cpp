#include "feeds/html_text.hpp"

#include <algorithm>
#include <array>

#include <libxml/HTMLparser.h>

#include "feeds/boilerplate.hpp"
#include "feeds/libxml.hpp"
#include "util/text.hpp"
#include "util/utf8.hpp"

namespace placard::feeds {
namespace {

constexpr std::string_view nbsp = "\u00a0";

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_hex(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Whether decoded text still holds something shaped like an entity reference (&name;,
// &#N;, &#xN;): the mark of a feed that escaped its HTML twice.
bool has_entity_reference(std::string_view s) {
    for (size_t i = s.find('&'); i != std::string_view::npos; i = s.find('&', i + 1)) {
        size_t j = i + 1;
        if (j < s.size() && s[j] == '#') {
            ++j;
            bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
            if (hex) ++j;
            size_t digits = j;
            while (j < s.size() && (hex ? is_hex(s[j]) : is_digit(s[j]))) ++j;
            if (j > digits && j < s.size() && s[j] == ';') return true;
        } else if (j < s.size() && is_alpha(s[j])) {
            while (j < s.size() && (is_alpha(s[j]) || is_digit(s[j]))) ++j;
            if (j < s.size() && s[j] == ';') return true;
        }
    }
    return false;
}

// Decodes the entity references left in text, by letting the HTML parser read it once
// more with its markup characters escaped: only references change.
std::string decode_entities_again(std::string_view text) {
    std::string escaped;
    escaped.reserve(text.size() + 16);
    for (char c : text) {
        if (c == '<')
            escaped += "&lt;";
        else
            escaped += c;
    }
    XmlDoc doc = parse_html(escaped);
    if (!doc) return std::string(text);
    std::string decoded = node_text(xmlDocGetRootElement(doc.get()));
    // The parser drops leading blanks before its implied paragraph; the word spacing
    // around this piece of text still matters.
    if (!text.empty() && is_space(text.front()) && (decoded.empty() || !is_space(decoded.front())))
        decoded.insert(decoded.begin(), ' ');
    if (!text.empty() && is_space(text.back()) && (decoded.empty() || !is_space(decoded.back()))) decoded += ' ';
    return decoded;
}

// Plain text with whitespace collapsed, at most one blank line in a row, nothing
// leading or trailing. Breaks and spaces are held back until text follows them.
class TextBuilder {
public:
    void text(std::string_view s) {
        for (size_t i = 0; i < s.size(); ++i) {
            auto c = static_cast<unsigned char>(s[i]);
            if (is_space(s[i]) || c < 0x20 || c == 0x7F) {
                pending_space_ = true;
            } else if (s.substr(i).starts_with(nbsp)) {
                pending_space_ = true;
                i += nbsp.size() - 1;
            } else {
                flush();
                out_ += s[i];
            }
        }
    }
    void space() { pending_space_ = true; }
    void line_break() { pending_newlines_ = std::max(pending_newlines_, 1); }
    void paragraph_break() { pending_newlines_ = 2; }
    void hard_break() { pending_newlines_ = std::min(pending_newlines_ + 1, 2); }
    std::string take() { return std::move(out_); }

private:
    void flush() {
        if (!out_.empty()) {
            if (pending_newlines_ > 0)
                out_.append(static_cast<size_t>(pending_newlines_), '\n');
            else if (pending_space_)
                out_ += ' ';
        }
        pending_newlines_ = 0;
        pending_space_ = false;
    }

    std::string out_;
    int pending_newlines_ = 0;
    bool pending_space_ = false;
};

enum class Block { none, dropped, paragraph, line, item, cell, br };

Block block_of(std::string_view name) {
    constexpr std::array<std::string_view, 8> dropped = {"script", "style",  "noscript", "template",
                                                         "head",   "iframe", "object",   "select"};
    constexpr std::array<std::string_view, 10> paragraphs = {"p",  "h1", "h2",         "h3",  "h4",
                                                             "h5", "h6", "blockquote", "pre", "figure"};
    constexpr std::array<std::string_view, 10> lines = {"div", "tr", "ul",    "ol",      "dl",
                                                        "dt",  "dd", "table", "section", "article"};
    auto in = [&](const auto& names) { return std::find(names.begin(), names.end(), name) != names.end(); };
    if (in(dropped)) return Block::dropped;
    if (in(paragraphs)) return Block::paragraph;
    if (in(lines)) return Block::line;
    if (name == "li") return Block::item;
    if (name == "td" || name == "th") return Block::cell;
    if (name == "br") return Block::br;
    return Block::none;
}

void open_or_close(Block block, TextBuilder& out) {
    switch (block) {
        case Block::paragraph:
            out.paragraph_break();
            break;
        case Block::line:
        case Block::item:
            out.line_break();
            break;
        case Block::cell:
            out.space();
            break;
        default:
            break;
    }
}

// Depth is bounded: libxml2 stops at 256 levels unless told XML_PARSE_HUGE.
void walk(const xmlNode* parent, TextBuilder& out) {
    for (const xmlNode* node = parent->children; node; node = node->next) {
        if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
            std::string_view content = node->content ? reinterpret_cast<const char*>(node->content) : "";
            if (has_entity_reference(content))
                out.text(decode_entities_again(content));
            else
                out.text(content);
        } else if (node->type == XML_ELEMENT_NODE) {
            Block block = block_of(local_name(node));
            if (block == Block::dropped) continue;
            if (block == Block::br) {
                out.hard_break();
                continue;
            }
            open_or_close(block, out);
            if (block == Block::item) out.text("• ");
            walk(node, out);
            open_or_close(block, out);
        }
    }
}

const xmlNode* find_image(const xmlNode* parent) {
    for (const xmlNode* node = parent->children; node; node = node->next) {
        if (node->type != XML_ELEMENT_NODE) continue;
        if (local_name(node) == "img") {
            std::string src = attribute(node, "src");
            // Lazy-loading placeholders are data: URIs; the picture is in a later <img>.
            if (!src.empty() && !src.starts_with("data:")) return node;
        }
        if (const xmlNode* found = find_image(node)) return found;
    }
    return nullptr;
}

// Whether the text holds a tag of an element HTML knows: "<strong>", "</p>", "<br/>",
// "<a href=...". A "<" before anything else ("a < b", "<3") is no tag.
bool has_html_tag(std::string_view s) {
    for (size_t i = s.find('<'); i != std::string_view::npos; i = s.find('<', i + 1)) {
        size_t begin = i + 1;
        if (begin < s.size() && s[begin] == '/') ++begin;
        size_t end = begin;
        while (end < s.size() && (is_alpha(s[end]) || (end > begin && is_digit(s[end])))) ++end;
        if (end == begin || end == s.size()) continue;
        if (s[end] != '>' && s[end] != '/' && !is_space(s[end])) continue;
        std::string name(s.substr(begin, end - begin));
        if (htmlTagLookup(reinterpret_cast<const xmlChar*>(name.c_str()))) return true;
    }
    return false;
}

std::string trimmed(std::string s) {
    size_t begin = 0;
    while (begin < s.size() && is_space(s[begin])) ++begin;
    size_t end = s.size();
    while (end > begin && is_space(s[end - 1])) --end;
    return s.substr(begin, end - begin);
}

}  // namespace

std::string html_to_text(std::string_view html, size_t max_chars) {
    std::string input = valid_utf8(html);
    TextBuilder out;
    if (input.find_first_of("<&") == std::string::npos) {
        out.text(input);
    } else if (XmlDoc doc = parse_html(input)) {
        walk(reinterpret_cast<const xmlNode*>(doc.get()), out);
    }
    // libxml2 writes valid UTF-8 from valid input; checked again because a decoded
    // reference such as &#xD800; must never reach the screen as bytes.
    std::string text = valid_utf8(strip_boilerplate(out.take()));
    return max_chars > 0 ? cut_at_word(text, max_chars) : text;
}

std::string unescaped_html(std::string_view html) {
    // Markup of its own: the escaping, if any, is the format's, already undone.
    if (html.find('<') != std::string_view::npos || html.find('&') == std::string_view::npos) return std::string(html);
    std::string input = valid_utf8(html);
    XmlDoc doc = parse_html(input);
    if (!doc) return input;
    std::string decoded = node_text(xmlDocGetRootElement(doc.get()));
    return has_html_tag(decoded) ? decoded : input;
}

std::string first_image(std::string_view html) {
    std::string input = valid_utf8(html);
    if (input.find('<') == std::string::npos) return {};
    XmlDoc doc = parse_html(input);
    if (!doc) return {};
    const xmlNode* img = find_image(reinterpret_cast<const xmlNode*>(doc.get()));
    return img ? trimmed(attribute(img, "src")) : std::string();
}

}  // namespace placard::feeds
