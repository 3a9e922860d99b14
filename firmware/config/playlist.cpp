#include "config/playlist.hpp"

namespace placard::config {

const char* to_string(SourceType type) {
    switch (type) {
        case SourceType::rss:
            return "rss";
        case SourceType::atom:
            return "atom";
        case SourceType::jsonfeed:
            return "jsonfeed";
        case SourceType::ical:
            return "ical";
        case SourceType::wordpress:
            return "wordpress";
        case SourceType::folder:
            return "folder";
    }
    return "rss";
}

}  // namespace placard::config
