#include "broker/ledger.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "store/atomic_file.hpp"
#include "util/file.hpp"
#include "util/time.hpp"

namespace placard::broker {
namespace {

using Json = nlohmann::json;

// An organizer's clock a little ahead of the display's is no reason to refuse a cue; a
// cue from tomorrow would stop every cue to its topic until then.
constexpr std::chrono::minutes clock_tolerance{10};

Decision refused(std::string why) {
    Decision d;
    d.why = std::move(why);
    return d;
}

}  // namespace

Result<Ledger> Ledger::load(const std::filesystem::path& file) {
    Ledger ledger;
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return ledger;
    auto text = read_file(file, 1 << 20, "check its owner and mode");
    if (!text) return text.error();
    const Json doc = Json::parse(*text, nullptr, false);
    const std::string hint = "placard writes it; remove it to start afresh (cues issued before may then show again)";
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("version") || doc["version"] != 1 ||
        !doc.contains("topics") || !doc["topics"].is_object())
        return Error{file.string(), "is not a broker ledger of this version of placard", hint};
    for (const auto& [topic, e] : doc["topics"].items()) {
        Entry entry;
        auto issued = e.is_object() && e.contains("issued") && e["issued"].is_string()
                          ? parse_millis(e["issued"].get<std::string>())
                          : std::nullopt;
        if (!issued) return Error{file.string(), fmt::format("has no time of issue for {}", topic), hint};
        entry.issued = *issued;
        entry.id = e.contains("id") && e["id"].is_string() ? e["id"].get<std::string>() : std::string();
        if (e.contains("waiting")) {
            auto cue = cues::from_json(e["waiting"]);
            auto starts = e.contains("starts") && e["starts"].is_string()
                              ? parse_iso8601(e["starts"].get<std::string>(), Zone())
                              : std::nullopt;
            if (cue && starts) {
                entry.waiting = std::move(*cue);
                entry.starts = *starts;
            }
            // Held for its picture when placard stopped: due at once, to be delivered again.
            if (entry.waiting && e.contains("held")) entry.starts = SysTime{};
        }
        ledger.topics_.emplace(topic, std::move(entry));
    }
    return ledger;
}

Result<void> Ledger::save(const std::filesystem::path& file) const {
    Json topics = Json::object();
    for (const auto& [topic, entry] : topics_) {
        Json e = {{"issued", format_millis(entry.issued)}, {"id", entry.id}};
        if (entry.waiting) {
            e["waiting"] = cues::to_json(*entry.waiting);
            e["starts"] = format_iso8601_utc(entry.starts);
            if (entry.held) e["held"] = true;
        }
        topics[topic] = std::move(e);
    }
    return store::write_atomic(file, Json{{"version", 1}, {"topics", topics}}.dump(2) + "\n");
}

Decision Ledger::judge(std::string_view topic, std::string_view payload, const std::vector<PublicKey>& trusted,
                       SysTime now) {
    auto opened = open(payload, topic, trusted);
    if (!opened) return refused(opened.error().what + "; " + opened.error().hint);
    Json fields = std::move(opened->cue);
    const std::string id = fields.contains("id") && fields["id"].is_string() ? fields["id"].get<std::string>() : "";
    auto known = topics_.find(topic);
    if (known != topics_.end()) {
        const Entry& had = known->second;
        if (opened->issued == had.issued && id == had.id) return Decision{Decision::Verdict::same, {}, {}, {}};
        if (opened->issued <= had.issued)
            return refused(fmt::format("is a replay: issued {}, before the cue the topic has (issued {})",
                                       format_millis(opened->issued), format_millis(had.issued)));
    }
    if (opened->issued > now + clock_tolerance) {
        Decision d = refused(fmt::format("was issued at {}, ahead of this display's clock ({}); check both clocks",
                                         format_millis(opened->issued), format_iso8601_utc(now)));
        d.clock_ahead = true;
        return d;
    }

    const std::string kind =
        fields.contains("kind") && fields["kind"].is_string() ? fields["kind"].get<std::string>() : "";
    std::optional<SysTime> starts;
    if (auto it = fields.find("starts"); it != fields.end()) {
        if (it->is_string()) starts = parse_iso8601(it->get<std::string>(), Zone());
        if (!starts) return refused("has a start that is not a time; publish it again with placard cue");
    }
    fields.erase("issued");
    fields.erase("starts");
    Decision d;
    if (kind == "clear") {
        d.verdict = Decision::Verdict::lift;
    } else if (kind == "announce" || kind == "blank") {
        if (!fields.contains("until") && !fields.contains("for"))
            return refused("has no end; a cue to many screens must say when it ends (placard cue --for 30m)");
        const SysTime issued = std::chrono::floor<std::chrono::seconds>(opened->issued);
        auto cue = cues::read_cue(fields, std::max(issued, now - cues::longest_cue), Zone(),
                                  "broker " + opened->key.short_text());
        if (!cue) return refused(fmt::format("is not a cue placard can show: {}", cue.error().to_string()));
        if (cue->until && *cue->until <= now)
            return refused(fmt::format("expired at {}", format_iso8601_utc(*cue->until)));
        cue->made = issued;
        d.verdict = starts && *starts > now ? Decision::Verdict::wait : Decision::Verdict::take;
        d.cue = std::move(*cue);
    } else {
        return refused(
            fmt::format("is a \"{}\" cue; through a broker a display takes announce, blank and clear", kind));
    }
    Entry entry{opened->issued, d.cue ? d.cue->id : std::string(), {}, {}};
    if (known != topics_.end()) {
        if ((!known->second.waiting || known->second.held) && known->second.id != entry.id) d.lift = known->second.id;
        known->second = std::move(entry);
    } else {
        known = topics_.emplace(std::string(topic), std::move(entry)).first;
    }
    if (d.verdict == Decision::Verdict::wait) {
        known->second.waiting = d.cue;
        known->second.starts = *starts;
    }
    return d;
}

std::vector<cues::Cue> Ledger::due(SysTime now) {
    std::vector<cues::Cue> list;
    for (auto& [topic, entry] : topics_)
        if (entry.waiting && !entry.held && entry.starts <= now) {
            if (!entry.waiting->until || *entry.waiting->until > now) list.push_back(std::move(*entry.waiting));
            entry.waiting.reset();
        }
    return list;
}

std::optional<SysTime> Ledger::next_start() const {
    std::optional<SysTime> next;
    for (const auto& [topic, entry] : topics_)
        if (entry.waiting && !entry.held && (!next || entry.starts < *next)) next = entry.starts;
    return next;
}

void Ledger::hold(std::string_view topic, const cues::Cue& cue) {
    auto it = topics_.find(topic);
    if (it == topics_.end() || it->second.id != cue.id) return;
    it->second.waiting = cue;
    it->second.starts = cue.made;
    it->second.held = true;
}

void Ledger::release(const std::string& cue_id) {
    for (auto& [topic, entry] : topics_)
        if (entry.held && entry.id == cue_id) {
            entry.waiting.reset();
            entry.held = false;
        }
}

std::string Ledger::topic_of(const std::string& cue_id) const {
    for (const auto& [topic, entry] : topics_)
        if (entry.id == cue_id) return topic;
    return {};
}

}  // namespace placard::broker
