// The feed driver: RSS, Atom and JSON Feed, one body at a URL (asked conditionally) or in
// a local file (read again when it changes).
#include "content/source_driver.hpp"
#include "feeds/atom.hpp"
#include "feeds/jsonfeed.hpp"
#include "feeds/rss.hpp"

namespace placard::content {
namespace {

class FeedDriver final : public SourceDriver {
public:
    explicit FeedDriver(config::SourceType type) : type_(type) {}

    void begin(Feed& f, FeedHost& host) const override {
        if (f.url.empty()) return read_local_file(f, host);
        fetch_body(f, host);
    }

    Result<std::vector<Item>> parse(Feed& f, const std::string& body, ItemKind kind, const std::string& origin,
                                    FeedHost& host) const override {
        feeds::FeedOptions o = host.feed_options(kind, origin);
        o.content_type = f.content_type;
        switch (type_) {
            case config::SourceType::atom:
                return feeds::parse_atom(body, o);
            case config::SourceType::jsonfeed:
                return feeds::parse_jsonfeed(body, o);
            default:
                return feeds::parse_rss(body, o);
        }
    }

private:
    config::SourceType type_;
};

}  // namespace

const SourceDriver& feed_driver(config::SourceType type) {
    static const FeedDriver rss(config::SourceType::rss), atom(config::SourceType::atom),
        jsonfeed(config::SourceType::jsonfeed);
    if (type == config::SourceType::atom) return atom;
    if (type == config::SourceType::jsonfeed) return jsonfeed;
    return rss;
}

}  // namespace placard::content
