#include "config/load.hpp"

#include <cctype>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

#include "config/checker.hpp"
#include "config/located_json.hpp"
#include "config/sections.hpp"
#include "config/text_position.hpp"

namespace placard::config {

namespace fs = std::filesystem;

std::string format(const Problem& problem) {
    std::string out = problem.file;
    if (problem.line > 0) out += fmt::format(":{}:{}", problem.line, problem.column);
    if (!problem.path.empty()) out += ": " + problem.path;
    return out + ": " + problem.message;
}

namespace {

void read_version(Checker& checker, const Json& root) {
    const Json* version = Checker::member(root, "version");
    if (!version) {
        checker.at_value("$", "a playlist needs \"version\": 1 (the format it is written in)");
        return;
    }
    if (!version->is_number()) {
        checker.at_value("$.version", fmt::format("expected the number 1, found {}", describe(*version)));
    } else if (version->get<double>() != 1) {
        checker.at_value("$.version", fmt::format("version {} is not supported: this placard reads version 1; write "
                                                  "\"version\": 1 or update placard",
                                                  version->dump()));
    }
}

Playlist read_playlist(Checker& checker, const Json& root, SlideKinds kinds) {
    Playlist playlist;
    if (!root.is_object()) {
        checker.at_value("$", fmt::format("a playlist is a JSON object, starting with {{, found {}", describe(root)));
        return playlist;
    }
    checker.check_keys(root, "$", {"$schema", "version", "display", "sources", "slides"});
    if (const Json* v = Checker::member(root, "$schema")) {
        // Editors read it to find the schema; placard has its own copy of the rules.
        (void)checker.read_string(*v, "$.$schema", "\"playlist.schema.json\"");
    }
    read_version(checker, root);
    if (const Json* v = Checker::member(root, "display")) playlist.display = read_display(checker, *v, "$.display");
    SourceTypes types;
    if (const Json* v = Checker::member(root, "sources"))
        playlist.sources = read_sources(checker, *v, "$.sources", types);
    if (const Json* v = Checker::member(root, "slides"))
        playlist.slides = read_slides(checker, *v, "$.slides", types, kinds);
    else
        checker.at_value("$",
                         "a playlist needs \"slides\": an array of slides, such as "
                         "[{ \"type\": \"text\", \"title\": \"Welcome\", \"body\": \"...\" }]");
    if (playlist.display.strip) {
        const Json* display = Checker::member(root, "display");
        playlist.display.strip->ticker =
            read_strip_ticker(checker, *Checker::member(*display, "strip"), "$.display.strip", types, kinds);
    }
    return playlist;
}

}  // namespace

LoadResult load_playlist(std::string_view text, const fs::path& file, SlideKinds kinds) {
    LoadResult result;
    const std::string name = file.string();
    auto parsed = parse_located_json(text);
    if (const auto* error = std::get_if<JsonSyntaxError>(&parsed)) {
        const TextPosition position = position_of(text, error->offset);
        result.problems.push_back(Problem{name, position.line, position.column, error->path, error->message});
        return result;
    }
    const LocatedJson& document = std::get<LocatedJson>(parsed);
    // A playlist fetched from the web is named by its address and has no folder.
    const bool web = is_web_address(name);
    std::error_code ec;
    fs::path absolute = web ? file : fs::absolute(file, ec);
    if (ec) absolute = file;
    if (!web) absolute = absolute.lexically_normal();

    Checker checker(text, document, name, web ? fs::path() : absolute.parent_path());
    for (const auto& duplicate : document.duplicate_keys) {
        checker.at_key(duplicate.path,
                       "this key is written twice in the same object and only the last one counts: "
                       "remove one of them");
    }
    Playlist playlist = read_playlist(checker, document.value, kinds);
    playlist.file = absolute;
    result.problems = checker.take_problems();
    if (result.problems.empty()) result.playlist = std::move(playlist);
    return result;
}

bool is_web_address(std::string_view text) {
    return text.starts_with("http://") || text.starts_with("https://");
}

bool is_clip_name(std::string_view name) {
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos) return false;
    std::string ext(name.substr(dot + 1));
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* e : {"mp4", "m4v", "mkv", "webm", "mov", "ogv", "avi", "ts", "mpg", "mpeg"})
        if (ext == e) return true;
    return false;
}

LoadResult load_playlist_file(const fs::path& file, SlideKinds kinds) {
    auto unreadable = [&](const char* message) {
        LoadResult result;
        result.problems.push_back(Problem{file.string(), 0, 0, "", message});
        return result;
    };
    std::error_code ec;
    if (fs::is_directory(file, ec)) return unreadable("this is a folder: name the playlist's .json file");
    std::ifstream in(file, std::ios::binary);
    if (!in) return unreadable("cannot read the playlist: check that the file exists and may be read");
    std::ostringstream text;
    text << in.rdbuf();
    return load_playlist(text.str(), file, kinds);
}

}  // namespace placard::config
