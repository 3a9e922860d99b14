#pragma once
// Items in tests: instants written as ISO 8601 text, and the check that compares lists of
// Items field by field, to show which one differs.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "feeds/item.hpp"
#include "util/time.hpp"

namespace placard::test {

// An instant written with its offset ("2026-11-10T16:40:00Z"); UTC when it has none.
inline SysTime utc(const char* iso) {
    auto t = parse_iso8601(iso, Zone());
    REQUIRE(t);
    return *t;
}

inline void check_items(const std::vector<feeds::Item>& actual, const std::vector<feeds::Item>& expected) {
    REQUIRE(actual.size() == expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        const feeds::Item& a = actual[i];
        const feeds::Item& e = expected[i];
        INFO("item ", i, ": ", e.title);
        CHECK(to_string(a.kind) == std::string(to_string(e.kind)));
        CHECK(a.id == e.id);
        CHECK(a.title == e.title);
        CHECK(a.text == e.text);
        CHECK(a.link == e.link);
        CHECK(a.image == e.image);
        CHECK(a.author == e.author);
        CHECK(a.place == e.place);
        CHECK(a.categories == e.categories);
        CHECK(a.published == e.published);
        CHECK(a.starts == e.starts);
        CHECK(a.ends == e.ends);
        CHECK(a.all_day == e.all_day);
        CHECK(a == e);
    }
}

}  // namespace placard::test
