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

const char* to_string(SlideType type) {
    switch (type) {
        case SlideType::image:
            return "image";
        case SlideType::reports:
            return "reports";
        case SlideType::events:
            return "events";
        case SlideType::messages:
            return "messages";
        case SlideType::text:
            return "text";
        case SlideType::donate:
            return "donate";
    }
    return "text";
}

}  // namespace placard::config
