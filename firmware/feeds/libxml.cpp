#include "feeds/libxml.hpp"

#include <climits>

#include <libxml/HTMLparser.h>

namespace placard::feeds {
namespace {

std::string take(xmlChar* s) {
    if (!s) return {};
    std::string out(reinterpret_cast<const char*>(s));
    xmlFree(s);
    return out;
}

}  // namespace

void init_libxml() {
    static const bool initialised = [] {
        xmlInitParser();
        return true;
    }();
    (void)initialised;
}

std::string_view local_name(const xmlNode* node) {
    if (!node || node->type != XML_ELEMENT_NODE || !node->name) return {};
    return reinterpret_cast<const char*>(node->name);
}

std::string node_text(const xmlNode* node) {
    return take(xmlNodeGetContent(node));
}

std::string attribute(const xmlNode* node, const char* name) {
    return take(xmlGetNoNsProp(node, reinterpret_cast<const xmlChar*>(name)));
}

XmlDoc parse_html(std::string_view html, int options) {
    init_libxml();
    if (html.empty() || html.size() > INT_MAX) return nullptr;
    ParserContext ctxt(htmlNewParserCtxt());
    if (!ctxt) return nullptr;
    options |= HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER;
    return XmlDoc(
        htmlCtxtReadMemory(ctxt.get(), html.data(), static_cast<int>(html.size()), nullptr, "UTF-8", options));
}

}  // namespace placard::feeds
