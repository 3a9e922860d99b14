#pragma once
// Thin RAII over libxml2: documents, parser contexts and the strings it hands out.
#include <memory>
#include <string>
#include <string_view>

#include <libxml/parser.h>
#include <libxml/tree.h>

namespace placard::feeds {

struct FreeDoc {
    void operator()(xmlDoc* doc) const noexcept { xmlFreeDoc(doc); }
};
struct FreeParserContext {
    void operator()(xmlParserCtxt* ctxt) const noexcept { xmlFreeParserCtxt(ctxt); }
};
using XmlDoc = std::unique_ptr<xmlDoc, FreeDoc>;
using ParserContext = std::unique_ptr<xmlParserCtxt, FreeParserContext>;

// xmlInitParser once per process: it is not reentrant, the parsers after it are.
void init_libxml();

// The element's name without prefix, "" for anything that is not an element.
std::string_view local_name(const xmlNode* node);
// The text of a node and all below it (xmlNodeGetContent).
std::string node_text(const xmlNode* node);
// An attribute without namespace, "" when absent.
std::string attribute(const xmlNode* node, const char* name);

// libxml2's HTML parser over UTF-8 text, quiet and forgiving; null when it gave up.
// `options` are added to HTML_PARSE_NONET | NOERROR | NOWARNING | RECOVER.
XmlDoc parse_html(std::string_view html, int options = 0);

}  // namespace placard::feeds
