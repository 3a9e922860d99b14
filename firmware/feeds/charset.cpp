#include "feeds/charset.hpp"

#include <climits>
#include <memory>
#include <vector>

#include <fmt/format.h>
#include <unicode/ucnv.h>

#include "util/text.hpp"
#include "util/utf8.hpp"

namespace placard::feeds {
namespace {

// The Encoding Standard's names and labels (https://encoding.spec.whatwg.org/#names-and-labels),
// copied from its encodings.json of May 2026: each encoding's name, then its labels.
struct Encoding {
    std::string_view name;
    std::string_view labels;  // separated by single spaces
};
constexpr Encoding encodings[] = {
    {"UTF-8", "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8"},
    {"IBM866", "866 cp866 csibm866 ibm866"},
    {"ISO-8859-2", "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2"},
    {"ISO-8859-3", "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3"},
    {"ISO-8859-4", "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4"},
    {"ISO-8859-5", "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 iso_8859-5:1988"},
    {"ISO-8859-6",
     "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e "
     "iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987"},
    {"ISO-8859-7",
     "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 "
     "iso_8859-7 iso_8859-7:1987 sun_eu_greek"},
    {"ISO-8859-8",
     "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 iso88598 "
     "iso_8859-8 iso_8859-8:1988 visual"},
    {"ISO-8859-8-I", "csiso88598i iso-8859-8-i logical"},
    {"ISO-8859-10", "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6"},
    {"ISO-8859-13", "iso-8859-13 iso8859-13 iso885913"},
    {"ISO-8859-14", "iso-8859-14 iso8859-14 iso885914"},
    {"ISO-8859-15", "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9"},
    {"ISO-8859-16", "iso-8859-16"},
    {"KOI8-R", "cskoi8r koi koi8 koi8-r koi8_r"},
    {"KOI8-U", "koi8-ru koi8-u"},
    {"macintosh", "csmacintosh mac macintosh x-mac-roman"},
    {"windows-874", "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874"},
    {"windows-1250", "cp1250 windows-1250 x-cp1250"},
    {"windows-1251", "cp1251 windows-1251 x-cp1251"},
    {"windows-1252",
     "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 iso88591 "
     "iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252"},
    {"windows-1253", "cp1253 windows-1253 x-cp1253"},
    {"windows-1254",
     "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 latin5 "
     "windows-1254 x-cp1254"},
    {"windows-1255", "cp1255 windows-1255 x-cp1255"},
    {"windows-1256", "cp1256 windows-1256 x-cp1256"},
    {"windows-1257", "cp1257 windows-1257 x-cp1257"},
    {"windows-1258", "cp1258 windows-1258 x-cp1258"},
    {"x-mac-cyrillic", "x-mac-cyrillic x-mac-ukrainian"},
    {"GBK", "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk"},
    {"gb18030", "gb18030"},
    {"Big5", "big5 big5-hkscs cn-big5 csbig5 x-x-big5"},
    {"EUC-JP", "cseucpkdfmtjapanese euc-jp x-euc-jp"},
    {"ISO-2022-JP", "csiso2022jp iso-2022-jp"},
    {"Shift_JIS", "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis"},
    {"EUC-KR",
     "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 "
     "windows-949"},
    {"replacement", "csiso2022kr hz-gb-2312 iso-2022-cn iso-2022-cn-ext iso-2022-kr replacement"},
    {"UTF-16BE", "unicodefffe utf-16be"},
    {"UTF-16LE", "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le"},
    {"x-user-defined", "x-user-defined"},
};

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

// The encoding a byte order mark names, and the mark's length.
std::optional<std::pair<std::string_view, size_t>> byte_order_mark(std::string_view bytes) {
    if (bytes.starts_with(utf8_bom)) return std::pair{std::string_view("UTF-8"), size_t{3}};
    if (bytes.starts_with("\xFE\xFF")) return std::pair{std::string_view("UTF-16BE"), size_t{2}};
    if (bytes.starts_with("\xFF\xFE")) return std::pair{std::string_view("UTF-16LE"), size_t{2}};
    return std::nullopt;
}

// Whitespace and UTF-8 byte order marks before the first tag: what PHP sites print before
// the XML declaration (an empty line after a closing "?>", an included file saved with a
// mark).
size_t junk_length(std::string_view bytes) {
    size_t i = 0;
    while (i < bytes.size()) {
        if (is_space(bytes[i]))
            ++i;
        else if (bytes.substr(i).starts_with(utf8_bom))
            i += utf8_bom.size();
        else
            break;
    }
    return i;
}

// The encoding the XML declaration names, read as ASCII: a declaration that reads as ASCII
// is in an encoding that keeps ASCII as it is (XML 1.0 appendix F). "" when there is none.
std::string declared_label(std::string_view bytes) {
    bytes.remove_prefix(junk_length(bytes));
    if (!bytes.starts_with("<?xml")) return {};
    size_t end = bytes.find("?>");
    if (end > 1024) return {};  // npos included: no end of the declaration
    std::string_view rest = bytes.substr(5, end - 5);
    size_t at = rest.find("encoding");
    if (at == std::string_view::npos) return {};
    rest = trim_view(rest.substr(at + 8));
    if (rest.empty() || rest.front() != '=') return {};
    rest = trim_view(rest.substr(1));
    if (rest.empty() || (rest.front() != '"' && rest.front() != '\'')) return {};
    size_t close = rest.find(rest.front(), 1);
    if (close == std::string_view::npos) return {};
    return std::string(rest.substr(1, close - 1));
}

bool is_utf8(std::string_view bytes) {
    return valid_utf8(bytes) == bytes;
}

struct CloseConverter {
    void operator()(UConverter* converter) const noexcept { ucnv_close(converter); }
};

// ICU's converter where ICU's own alias for the standard's name is a narrower encoding:
// the standard's EUC-KR is Windows' code page 949 (ICU's EUC-KR lacks its extra
// syllables), its Big5 has the Hong Kong extensions.
const char* icu_name(std::string_view encoding) {
    if (encoding == "EUC-KR") return "windows-949";
    if (encoding == "Big5") return "Big5-HKSCS";
    return nullptr;
}

// The bytes as UTF-8 through ICU, each sequence the encoding does not map becoming ICU's
// substitute (U+FFFD); nullopt when ICU has no converter for the encoding (Debian's ICU
// data leaves out ISO-8859-16, and none has x-user-defined).
std::optional<std::string> icu_decode(std::string_view bytes, std::string_view encoding) {
    std::string name(encoding);
    if (const char* alias = icu_name(encoding)) name = alias;
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, CloseConverter> converter(ucnv_open(name.c_str(), &status));
    if (U_FAILURE(status) || !converter || bytes.size() > INT32_MAX / 4) return std::nullopt;
    // At most 3 bytes of UTF-8 for each byte read (4 for 4), U+FFFD included.
    std::string out(bytes.size() * 3 + 4, '\0');
    status = U_ZERO_ERROR;
    int32_t length = ucnv_toAlgorithmic(UCNV_UTF8, converter.get(), out.data(), static_cast<int32_t>(out.size()),
                                        bytes.data(), static_cast<int32_t>(bytes.size()), &status);
    if (U_FAILURE(status)) return std::nullopt;
    out.resize(static_cast<size_t>(length));
    return out;
}

std::string without_bom(std::string text) {
    if (std::string_view(text).starts_with(utf8_bom)) text.erase(0, utf8_bom.size());
    return text;
}

// The bytes in a WHATWG encoding; nullopt when no library here reads it.
std::optional<std::string> decode(std::string_view bytes, std::string_view encoding) {
    // The standard's UTF-8 decoder: each maximal invalid subsequence becomes one U+FFFD.
    if (encoding == "UTF-8") return without_bom(valid_utf8(bytes));
    // Encodings that could hide markup from a filter; the standard reads all of it as one U+FFFD.
    if (encoding == "replacement") return bytes.empty() ? std::string() : std::string("\xEF\xBF\xBD");
    auto text = icu_decode(bytes, encoding);
    if (text) return without_bom(std::move(*text));
    return std::nullopt;
}

}  // namespace

std::optional<std::string_view> whatwg_encoding(std::string_view label) {
    std::string wanted = lower(trim_view(label));
    if (wanted.empty()) return std::nullopt;
    for (const auto& encoding : encodings) {
        std::string_view labels = encoding.labels;
        while (!labels.empty()) {
            size_t space = labels.find(' ');
            if (labels.substr(0, space) == wanted) return encoding.name;
            if (space == std::string_view::npos) break;
            labels.remove_prefix(space + 1);
        }
    }
    return std::nullopt;
}

std::string charset_parameter(std::string_view content_type) {
    // A quoted value could hold a ';': a charset's never does.
    size_t start = content_type.find(';');
    while (start != std::string_view::npos) {
        std::string_view rest = content_type.substr(start + 1);
        size_t end = rest.find(';');
        std::string_view pair = trim_view(rest.substr(0, end));
        size_t equals = pair.find('=');
        if (equals != std::string_view::npos && lower(trim_view(pair.substr(0, equals))) == "charset") {
            std::string_view value = trim_view(pair.substr(equals + 1));
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
                value = value.substr(1, value.size() - 2);
            return std::string(trim_view(value));
        }
        start = end == std::string_view::npos ? end : start + 1 + end;
    }
    return {};
}

// What is done with bytes that do not fit what was declared, as feed readers do it (the
// Universal Feed Parser tries the HTTP charset, the declaration's, UTF-8 and then
// windows-1252, and takes the first under which the bytes are valid):
// - Nothing declared (a text/xml answer without charset, a declaration without encoding)
//   and not valid UTF-8: windows-1252, for the whole document. That is old PHP writing
//   the database's Latin-1 as it is; a document really in UTF-8 with stray Latin-1 bytes
//   would declare so, as every CMS's feeds do.
// - The HTTP charset says UTF-8 and the bytes are not, and the declaration names another
//   encoding: the declaration's. This is a server's default charset (Apache's
//   AddDefaultCharset) put over a feed that said what it is.
// - Declared UTF-8 and not valid otherwise: each bad sequence is one U+FFFD, as in a
//   browser: the rest of the text is UTF-8 as promised.
// A label the standard does not know counts as none, and so does an encoding no library
// here reads.
DecodedXml decode_xml(std::string_view bytes, std::string_view content_type) {
    // Whitespace and UTF-8 byte order marks before the first tag stay as they are, for
    // xml_feed to pass over: the marks come from files PHP included, in UTF-8 whatever the
    // page is in.
    auto in = [&](std::string_view encoding) -> std::optional<DecodedXml> {
        const size_t junk = encoding.starts_with("UTF-16") ? 0 : junk_length(bytes);
        auto text = decode(bytes.substr(junk), encoding);
        if (!text) return std::nullopt;
        return DecodedXml{std::string(bytes.substr(0, junk)) + *text, std::string(encoding), {}};
    };
    // A byte order mark decides, as in the standard's decode.
    if (auto mark = byte_order_mark(bytes)) {
        auto [encoding, length] = *mark;
        bytes.remove_prefix(length);
        return *in(encoding);
    }
    // UTF-16 without a mark, known by its "<?" (XML 1.0 appendix F).
    if (bytes.starts_with(std::string_view("<\0?\0", 4))) return *in("UTF-16LE");
    if (bytes.starts_with(std::string_view("\0<\0?", 4))) return *in("UTF-16BE");

    std::vector<std::string_view> declared;
    const std::string http_label = charset_parameter(content_type);
    if (auto http = whatwg_encoding(http_label)) declared.push_back(*http);
    if (auto xml = whatwg_encoding(declared_label(bytes)); xml && (declared.empty() || *xml != declared.front()))
        declared.push_back(*xml);
    // Text that reads as ASCII is not in UTF-16, whatever a label says (the standard's
    // rule for HTML's <meta charset>): it is UTF-8.
    for (auto& encoding : declared)
        if (encoding == "UTF-16LE" || encoding == "UTF-16BE") encoding = "UTF-8";

    const bool utf8 = is_utf8(bytes);
    if (!declared.empty() && declared.front() == "UTF-8" && !utf8 && declared.size() > 1 && declared[1] != "UTF-8")
        if (auto decoded = in(declared[1])) {
            decoded->repair = fmt::format(
                "not UTF-8 as its HTTP charset \"{}\" says: read as {}, as its XML "
                "declaration says",
                valid_utf8(http_label), declared[1]);
            return std::move(*decoded);
        }
    if (!declared.empty())
        if (auto decoded = in(declared.front())) return std::move(*decoded);
    if (utf8) return *in("UTF-8");
    DecodedXml decoded = *in("windows-1252");
    decoded.repair = "not UTF-8 and no charset given: read as windows-1252";
    return decoded;
}

}  // namespace placard::feeds
