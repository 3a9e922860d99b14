#include "cues/board.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "store/atomic_file.hpp"
#include "util/file.hpp"
#include "util/log.hpp"

namespace placard::cues {
namespace {

using Json = nlohmann::json;

// Of two cues, the one that wins: the higher priority, then the newer.
bool beats(const Cue& a, const Cue& b) {
    if (a.priority != b.priority) return a.priority > b.priority;
    return a.made >= b.made;
}

template <class Pred>
const Cue* best(const std::vector<Cue>& cues, Pred pred) {
    const Cue* top = nullptr;
    for (const Cue& c : cues)
        if (pred(c) && (!top || beats(c, *top))) top = &c;
    return top;
}

}  // namespace

Result<Board> Board::load(const std::filesystem::path& file, SysTime now) {
    Board board;
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return board;
    auto text = read_file(file, std::size_t{1} << 20, "check its owner and mode; the cues in it are not shown");
    if (!text) return text.error();
    const Json doc = Json::parse(*text, nullptr, false);
    const std::string hint = "placard writes it; remove it to start with no cues";
    if (doc.is_discarded() || !doc.is_object() || doc.value("version", 0) != 1 || !doc.contains("cues") ||
        !doc["cues"].is_array())
        return Error{file.string(), "is not a cue file of this version of placard", hint};
    for (const Json& entry : doc["cues"]) {
        auto cue = from_json(entry);
        if (!cue) {
            log::warning("cues", "{}: a cue left out ({})", file.string(), cue.error().to_string());
            continue;
        }
        board.cues_.push_back(std::move(*cue));
    }
    board.expire(now);
    return board;
}

Result<void> Board::save(const std::filesystem::path& file) const {
    Json list = Json::array();
    for (const Cue& c : cues_) list.push_back(to_json(c));
    const Json doc = {{"version", 1}, {"cues", list}};
    return store::write_atomic(file, doc.dump(2) + "\n");
}

void Board::add(Cue cue) {
    std::erase_if(cues_, [&](const Cue& c) { return c.id == cue.id; });
    cues_.push_back(std::move(cue));
    ++version_;
}

bool Board::remove(const std::string& id) {
    if (std::erase_if(cues_, [&](const Cue& c) { return c.id == id; }) == 0) return false;
    ++version_;
    return true;
}

size_t Board::remove_kind(Kind kind) {
    const size_t n = std::erase_if(cues_, [&](const Cue& c) { return c.kind == kind; });
    if (n) ++version_;
    return n;
}

void Board::clear() {
    if (cues_.empty()) return;
    cues_.clear();
    ++version_;
}

bool Board::expire(SysTime now) {
    auto expired = [&](const Cue& c) { return c.until && *c.until <= now; };
    if (std::none_of(cues_.begin(), cues_.end(), expired)) return false;
    std::vector<Cue> next;
    for (Cue& c : cues_) {
        if (!expired(c)) {
            next.push_back(std::move(c));
            continue;
        }
        if (c.kind == Kind::blank && c.intermission && *c.until + *c.intermission > now) {
            // The film's break: the screen comes back with a countdown to the next part.
            Cue pause = c;  // its words, if it has any; the display's word for an intermission if not
            pause.kind = Kind::announce;
            pause.style = Style::slide;
            pause.id = c.id + "-intermission";
            pause.made = *c.until;
            pause.until = *c.until + *c.intermission;
            pause.intermission.reset();
            pause.from = c.from;
            pause.countdown = true;
            next.push_back(std::move(pause));
        }
    }
    cues_ = std::move(next);
    ++version_;
    return true;
}

std::optional<SysTime> Board::next_expiry() const {
    std::optional<SysTime> at;
    for (const Cue& c : cues_)
        if (c.until && (!at || *c.until < *at)) at = c.until;
    return at;
}

const Cue* Board::on_screen() const {
    return best(cues_, [](const Cue& c) {
        return c.kind == Kind::blank || (c.kind == Kind::announce && c.style == Style::slide);
    });
}

const Cue* Board::banner() const {
    return best(cues_, [](const Cue& c) { return c.kind == Kind::announce && c.style == Style::banner; });
}

bool Board::paused() const {
    return std::any_of(cues_.begin(), cues_.end(), [](const Cue& c) { return c.kind == Kind::pause; });
}

std::string Board::summary(const Zone& zone) const {
    std::string s;
    for (const Cue& c : cues_) s += (s.empty() ? "cues: " : "; ") + describe(c, zone);
    return s;
}

std::string intermission_title(const std::string& locale) {
    const std::string lang = locale.substr(0, 2);
    if (lang == "de") return "Pause";
    if (lang == "es") return "Intermedio";
    if (lang == "fr") return "Entracte";
    return "Intermission";
}

}  // namespace placard::cues
