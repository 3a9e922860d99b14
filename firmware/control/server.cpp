#include "control/server.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <microhttpd.h>
#include <netdb.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstring>
#include <mutex>
#include <optional>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "control/certificate.hpp"
#include "control/page.hpp"
#include "control/secrets.hpp"
#include "cues/cue.hpp"
#include "plays/play_log.hpp"
#include "util/deleter.hpp"
#include "util/log.hpp"

namespace placard::control {
namespace {

using Json = nlohmann::json;
using steady = std::chrono::steady_clock;

constexpr const char* cookie_name = "placard_session";

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string local_host_name() {
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0) return {};
    return lower(name);
}

// The display's addresses now, without an IPv6 scope.
std::vector<std::string> local_addresses() {
    std::vector<std::string> out;
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0) return out;
    for (ifaddrs* a = list; a; a = a->ifa_next) {
        if (!a->ifa_addr) continue;
        char text[INET6_ADDRSTRLEN] = {};
        if (a->ifa_addr->sa_family == AF_INET)
            inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr, text, sizeof text);
        else if (a->ifa_addr->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(a->ifa_addr)->sin6_addr, text, sizeof text);
        else
            continue;
        out.emplace_back(text);
    }
    freeifaddrs(list);
    return out;
}

std::string client_address(MHD_Connection* c) {
    const MHD_ConnectionInfo* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!info || !info->client_addr) return "?";
    char text[INET6_ADDRSTRLEN] = {};
    const sockaddr* sa = info->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, text, sizeof text);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, text, sizeof text);
    return text;
}

std::string header(MHD_Connection* c, const char* name, MHD_ValueKind kind = MHD_HEADER_KIND) {
    const char* v = MHD_lookup_connection_value(c, kind, name);
    return v ? std::string(v) : std::string();
}

struct Reply {
    unsigned status = MHD_HTTP_OK;
    std::string body;
    std::string type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
};

Reply json_reply(unsigned status, const Json& body) {
    Reply r;
    r.status = status;
    r.body = body.dump() + "\n";
    return r;
}

// {"error": "cue.for: \"soon\" is not a duration; write for example \"30m\"", "where": ..., "what": ..., "hint": ...},
// with the members of `more`.
Reply error_reply(unsigned status, const Error& e, Json more = Json::object()) {
    more["error"] = e.to_string();
    more["where"] = e.where;
    more["what"] = e.what;
    more["hint"] = e.hint;
    return json_reply(status, more);
}

Reply error_reply(unsigned status, const std::string& what, const std::string& hint = {}, Json more = Json::object()) {
    return error_reply(status, Error{"", what, hint}, std::move(more));
}

// A cue, a login: a few hundred bytes, with room to spare.
constexpr size_t small_body_cap = size_t{64} * 1024;

// A request, once its body is in.
struct Call {
    std::string method, path, address;
    std::string host, origin, referer, cookie, authorization, csrf;
    std::string day;       // ?day=2026-12-05
    std::string source;    // ?source=posters
    std::string if_match;  // the version of the playlist an edit was made to
    std::string body;
    bool body_too_large = false;
    bool busy = false;  // an upload while two are under way
};

// What a request is allowed, once its credentials are read.
struct Caller {
    enum class By { nobody, session, token } by = By::nobody;
    std::optional<Session> session;
};

// The body of a request as it arrives; freed when the request completes.
struct Pending {
    std::string body;
    size_t cap = 0;
    bool too_large = false;
    bool unknown = false;    // a large body from a caller with no credentials: not kept
    bool uploading = false;  // counted in Impl::uploads
    bool busy = false;       // too many uploads at once: not kept
};

}  // namespace

std::string host_of(std::string_view host_header) {
    std::string h(host_header);
    if (!h.empty() && h.front() == '[') {
        const size_t end = h.find(']');
        return lower(end == std::string::npos ? h.substr(1) : h.substr(1, end - 1));
    }
    const size_t colon = h.find(':');
    if (colon != std::string::npos && h.find(':', colon + 1) == std::string::npos) h.resize(colon);
    while (!h.empty() && h.back() == '.') h.pop_back();  // "placard.local." is the same name
    return lower(h);
}

struct Server::Impl {
    ServerOptions options;
    Auth& auth;
    Console& console;
    MHD_Daemon* daemon = nullptr;
    int port = 0;
    Certificate certificate;
    std::string scheme;

    std::atomic<int> uploads{0};  // large bodies being received now

    // How large a request's body may be: a poster up to the limit, a playlist up to a
    // megabyte, anything else a cue's.
    size_t body_cap(std::string_view path) const {
        if (path == "/api/posters") return options.poster_limits.bytes;
        if (path == "/api/playlist") return size_t{1} << 20;
        return small_body_cap;
    }

    std::mutex names_mutex;
    std::set<std::string> names;
    steady::time_point names_at;

    Impl(ServerOptions o, Auth& a, Console& c) : options(std::move(o)), auth(a), console(c) {}
    ~Impl() {
        if (daemon) MHD_stop_daemon(daemon);
    }

    // The names and addresses this display answers to, looked up again every 10 s (a new
    // address from DHCP).
    bool host_allowed(const std::string& host_header) {
        const std::string host = host_of(host_header);
        if (host.empty()) return false;
        std::lock_guard lock(names_mutex);
        const auto now = steady::now();
        if (names.empty() || now - names_at > std::chrono::seconds(10)) {
            names = {"localhost", "127.0.0.1", "::1"};
            if (const std::string h = local_host_name(); !h.empty()) {
                names.insert(h);
                names.insert(h + ".local");
            }
            for (const std::string& a : local_addresses()) names.insert(lower(a));
            for (const std::string& n : options.names) names.insert(host_of(n));
            names_at = now;
        }
        return names.count(host) > 0;
    }

    // Whether the request comes from this display's own page: its Origin (or, where a browser
    // sends none, its Referer) is this scheme and host.
    bool same_origin(const Call& call) const {
        const std::string own = scheme + "://" + lower(call.host);
        if (!call.origin.empty()) return lower(call.origin) == own;
        if (!call.referer.empty()) {
            const std::string r = lower(call.referer);
            return r == own || r.rfind(own + "/", 0) == 0;
        }
        return false;
    }

    Caller identify(const Call& call) {
        Caller caller;
        if (call.authorization.rfind("Bearer ", 0) == 0) {
            if (auth.api_token_ok(call.authorization.substr(7))) caller.by = Caller::By::token;
            return caller;  // a wrong token is not made good by a cookie
        }
        if (auto s = auth.session(call.cookie)) {
            caller.by = Caller::By::session;
            caller.session = std::move(s);
        }
        return caller;
    }

    Reply with_session(Reply r, const Session& s) const {
        r.headers.emplace_back("Set-Cookie", fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict{}", cookie_name,
                                                         s.token, scheme == "https" ? "; Secure" : ""));
        r.body = Json({{"csrf", s.csrf}}).dump() + "\n";
        return r;
    }

    Reply login_reply(const LoginResult& result) const {
        if (result.session) return with_session(Reply{}, *result.session);
        if (result.retry_after.count() > 0) {
            Reply r = error_reply(429, result.error);
            r.headers.emplace_back("Retry-After", std::to_string(result.retry_after.count()));
            return r;
        }
        return error_reply(result.bad_input ? 400 : 401, result.error);
    }

    std::optional<Json> read_json(const Call& call, Reply& refusal) const {
        Json body = Json::parse(call.body, nullptr, false);
        if (body.is_discarded() || !body.is_object()) {
            refusal = error_reply(400, "the body is not a JSON object", R"(send for example {"password": "..."})");
            return std::nullopt;
        }
        return body;
    }

    static std::string string_member(const Json& j, const char* key) {
        auto it = j.find(key);
        return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    }

    Reply api(const Call& call) {
        const std::string& m = call.method;
        const std::string& p = call.path;
        Reply refusal;
        // Logging in needs no credentials; a browser's login comes from this display's page.
        if (p == "/api/login" || p == "/api/setup") {
            if (m != "POST") return method_not_allowed("POST");
            if (!call.origin.empty() && !same_origin(call))
                return error_reply(403, "this request comes from another site's page");
            auto body = read_json(call, refusal);
            if (!body) return refusal;
            if (p == "/api/setup")
                return login_reply(
                    auth.set_up(string_member(*body, "code"), string_member(*body, "password"), call.address));
            return login_reply(auth.login(string_member(*body, "password"), call.address));
        }

        const Caller caller = identify(call);
        if (caller.by == Caller::By::nobody) {
            const bool has_password = auth.has_password();
            Reply r = error_reply(401, "log in first",
                                  has_password ? "POST /api/login with {\"password\": ...}, or use an API token"
                                               : "set the password with the setup code shown on the screen",
                                  {{"setup_needed", !has_password}});
            r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"placard\"");
            return r;
        }
        if (m != "GET" && m != "HEAD" && caller.by == Caller::By::session) {
            if (!same_origin(call)) return error_reply(403, "this request comes from another site's page");
            if (!same_secret(call.csrf, caller.session->csrf))
                return error_reply(403, "the X-CSRF-Token header is missing or wrong",
                                   "send the token that the login gave");
        }
        const std::string from = caller.by == Caller::By::token ? "api" : "page " + call.address;

        if (p == "/api/logout") {
            if (m != "POST") return method_not_allowed("POST");
            if (caller.session) auth.logout(caller.session->token);
            Reply r;
            r.status = MHD_HTTP_NO_CONTENT;
            r.headers.emplace_back("Set-Cookie", fmt::format("{}=; Path=/; Max-Age=0", cookie_name));
            return r;
        }
        if (p == "/api/session") {
            if (m != "GET") return method_not_allowed("GET");
            if (!caller.session) return error_reply(400, "an API token has no session");
            return json_reply(200, {{"csrf", caller.session->csrf}});
        }
        if (p == "/api/status") {
            if (m != "GET") return method_not_allowed("GET");
            Json status = console.status();
            status["cues"] = cue_list();
            status["health"] = console.health();
            // How long ago each source was fetched, from now rather than from when the
            // player published.
            if (status.contains("sources") && status["sources"].is_array())
                for (Json& source : status["sources"])
                    if (source.contains("updated_epoch"))
                        source["age_seconds"] =
                            console.now().time_since_epoch().count() - source["updated_epoch"].get<long long>();
            return json_reply(200, status);
        }
        if (p == "/api/screen.jpg") {
            if (m != "GET") return method_not_allowed("GET");
            auto picture = console.picture(std::chrono::milliseconds(2000));
            if (!picture) return error_reply(503, "the screen has no picture yet", "ask again in a second");
            Reply r;
            r.type = "image/jpeg";
            r.body = std::move(picture->jpeg);
            return r;
        }
        if (p == "/api/playlist") {
            if (m != "GET" && m != "PUT") return method_not_allowed("GET, PUT");
            return playlist_reply(call);
        }
        if (p == "/api/posters") {
            if (m != "POST") return method_not_allowed("POST");
            return poster_reply(call);
        }
        if (p == "/api/health") {
            if (m != "GET") return method_not_allowed("GET");
            return json_reply(200, console.health());
        }
        if (p == "/api/plays" || p == "/api/plays.csv") {
            if (m != "GET") return method_not_allowed("GET");
            return plays_reply(call, p == "/api/plays.csv");
        }
        if (p == "/api/cues") {
            if (m == "GET") return json_reply(200, {{"cues", cue_list()}});
            if (m != "POST") return method_not_allowed("GET, POST");
            auto cue = cues::parse_cue(call.body, console.now(), console.zone(), from);
            if (!cue) return error_reply(400, cue.error());
            // A picture by its address is fetched by the broker's link; here, a poster is uploaded.
            if (cue->picture)
                return error_reply(400, Error{"cue.picture", "comes only through the broker",
                                              "upload the picture as a poster (POST /api/posters) and show it"});
            const bool lasting = cues::lasting(cue->kind);
            Reply r = json_reply(lasting ? MHD_HTTP_CREATED : MHD_HTTP_ACCEPTED, cues::to_json(*cue));
            if (lasting) r.headers.emplace_back("Location", "/api/cues/" + cue->id);
            console.desk().post(std::move(*cue));
            return r;
        }
        if (p.rfind("/api/cues/", 0) == 0) {
            const std::string id = p.substr(10);
            if (m != "DELETE" && m != "GET") return method_not_allowed("GET, DELETE");
            for (const cues::Cue& c : console.desk().cues()) {
                if (c.id != id) continue;
                if (m == "GET") return json_reply(200, cues::to_json(c));
                console.desk().lift(id);
                Reply r;
                r.status = MHD_HTTP_NO_CONTENT;
                return r;
            }
            return error_reply(404, fmt::format("no cue {} is in force", id), "GET /api/cues lists them");
        }
        return error_reply(404, fmt::format("{} is not a route of the API", p),
                           "see the README's \"From your phone\" section");
    }

    // A day of the proof of play (today by default), as JSON with the days there are, or as CSV.
    Reply plays_reply(const Call& call, bool csv) const {
        if (options.plays.empty()) return error_reply(404, "this display keeps no play log");
        const std::string day = call.day.empty() ? plays::local_day(console.now(), console.zone()) : call.day;
        auto showings = plays::read_day(options.plays, day);
        if (!showings) return error_reply(400, showings.error());
        Reply r;
        if (csv) {
            r.type = "text/csv; charset=utf-8";
            r.body = plays::to_csv(*showings);
            r.headers.emplace_back("Content-Disposition",
                                   fmt::format("attachment; filename=\"placard-plays-{}.csv\"", day));
            return r;
        }
        Json list = Json::array();
        for (Json& s : *showings) list.push_back(std::move(s));
        return json_reply(200, {{"day", day}, {"days", plays::days(options.plays)}, {"showings", list}});
    }

    // GET: the playlist's text, with its version as the ETag. PUT: saved if valid and still
    // that version (If-Match), keeping the one before.
    Reply playlist_reply(const Call& call) const {
        PlaylistEditor* editor = options.playlist;
        if (!editor)
            return error_reply(404, "this display plays a playlist from the web", "edit it where it is published");
        if (call.method == "GET") {
            auto version = editor->read();
            if (!version) return error_reply(500, version.error());
            Reply r;
            r.body = std::move(version->text);
            r.headers.emplace_back("ETag", version->etag);
            return r;
        }
        using Is = PlaylistEditor::Outcome::Is;
        const PlaylistEditor::Outcome out = editor->save(call.body, call.if_match);
        Reply r;
        switch (out.is) {
            case Is::saved:
            case Is::unchanged:
                r = json_reply(200,
                               {{"saved", out.is == Is::saved}, {"etag", out.etag}, {"file", editor->file().string()}});
                break;
            case Is::no_version:
                r = error_reply(428, "say which version of the playlist you edited",
                                "send If-Match with the ETag that GET /api/playlist gave");
                break;
            case Is::stale:
                r = error_reply(412, "the playlist was saved by somebody else since you loaded it; nothing was saved",
                                "load it again and make your change there");
                break;
            case Is::invalid: {
                Json problems = Json::array();
                for (const PlaylistProblem& p : out.problems)
                    problems.push_back(
                        {{"line", p.line}, {"column", p.column}, {"path", p.path}, {"message", p.message}});
                r = error_reply(422,
                                fmt::format("the playlist has {} problem{}; nothing was saved, the one before plays on",
                                            out.problems.size(), out.problems.size() == 1 ? "" : "s"),
                                "mend the lines named, then save again", {{"problems", problems}});
                break;
            }
            case Is::cannot_write:
                r = error_reply(500, out.error);
                break;
        }
        if (!out.etag.empty()) r.headers.emplace_back("ETag", out.etag);
        return r;
    }

    // A poster into the folder source ?source=NAME (the playlist's only one without it).
    Reply poster_reply(const Call& call) const {
        const auto folders = console.folders();
        Json choices = Json::array();
        for (const auto& [name, folder] : folders) choices.push_back(name);
        if (folders.empty())
            return error_reply(409, "the playlist has no folder source to put posters in",
                               "add one: \"sources\": {\"posters\": {\"type\": \"folder\", \"path\": "
                               "\"/srv/placard/posters\"}} (README, \"From your phone\")");
        std::string name = call.source;
        if (name.empty() && folders.size() == 1) name = folders.begin()->first;
        if (name.empty())
            return error_reply(400, "say which folder source the poster goes in", "add ?source=NAME",
                               {{"sources", choices}});
        const auto it = folders.find(name);
        if (it == folders.end())
            return error_reply(404, fmt::format("the playlist has no folder source \"{}\"", name),
                               "choose one of the sources listed", {{"sources", choices}});
        if (!options.probe || !options.decode)
            return error_reply(501, "this display takes no uploads", "put the poster in the folder by hand");
        const PosterOutcome out =
            save_poster(it->second, call.body, options.poster_limits, options.probe, options.decode, console.now());
        if (out.status >= 300) return error_reply(out.status, out.error);
        if (options.poster_saved) options.poster_saved(name);
        return json_reply(MHD_HTTP_CREATED, {{"source", name},
                                             {"file", out.file.filename().string()},
                                             {"width", out.size.width},
                                             {"height", out.size.height}});
    }

    Json cue_list() {
        Json list = Json::array();
        for (const cues::Cue& c : console.desk().cues()) list.push_back(cues::to_json(c));
        return list;
    }

    static Reply method_not_allowed(const char* allow) {
        Reply r = error_reply(405, "that method is not allowed here", std::string("use ") + allow);
        r.headers.emplace_back("Allow", allow);
        return r;
    }

    Reply handle(const Call& call) {
        if (!host_allowed(call.host))
            return error_reply(421, fmt::format("this display does not answer to the name \"{}\"", host_of(call.host)),
                               "use its address or its name on the hall's network");
        if (call.body_too_large) return error_reply(413, "the request is too large");
        if (call.busy) {
            Reply r = error_reply(503, "two uploads are under way already", "send it again in a moment");
            r.headers.emplace_back("Retry-After", "5");
            return r;
        }
        if (call.path.rfind("/api/", 0) == 0) return api(call);
        if (call.path == "/" && (call.method == "GET" || call.method == "HEAD")) {
            Reply r;
            r.type = "text/html; charset=utf-8";
            r.body = control_page();
            return r;
        }
        return error_reply(404, fmt::format("{} is not here", call.path), "the control page is at /");
    }

    // A connection's thread yields to the player's: the page may answer a little later, a
    // fade never stutters for it. Once per thread (nice applies to a thread on Linux).
    static void lower_priority() {
        static thread_local const bool lowered = [] {
            return setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10) == 0;
        }();
        (void)lowered;
    }

    static MHD_Result on_request(void* cls, MHD_Connection* c, const char* url, const char* method, const char*,
                                 const char* upload, size_t* upload_size, void** state) {
        auto* self = static_cast<Impl*>(cls);
        lower_priority();
        if (!*state) {
            auto* pending = new Pending;  // freed in on_completed
            *state = pending;
            const std::string length = header(c, MHD_HTTP_HEADER_CONTENT_LENGTH);
            pending->cap = self->body_cap(url);
            if (!length.empty() && std::strtoull(length.c_str(), nullptr, 10) > pending->cap) pending->too_large = true;
            // A body larger than a cue's is kept only for a caller with credentials, and only
            // two at a time: nobody fills the display's memory with uploads.
            if (pending->cap > small_body_cap) {
                Call headers;
                headers.cookie = header(c, cookie_name, MHD_COOKIE_KIND);
                headers.authorization = header(c, MHD_HTTP_HEADER_AUTHORIZATION);
                if (self->identify(headers).by == Caller::By::nobody) {
                    pending->unknown = true;
                } else if (self->uploads.fetch_add(1) >= 2) {
                    self->uploads.fetch_sub(1);
                    pending->busy = true;
                } else {
                    pending->uploading = true;
                }
            }
            return MHD_YES;
        }
        auto* pending = static_cast<Pending*>(*state);
        if (*upload_size) {
            if (pending->body.size() + *upload_size > pending->cap)
                pending->too_large = true;
            else if (!pending->too_large && !pending->unknown && !pending->busy)
                pending->body.append(upload, *upload_size);
            *upload_size = 0;
            return MHD_YES;
        }
        Call call;
        call.method = method;
        call.path = url;
        call.address = client_address(c);
        call.host = header(c, MHD_HTTP_HEADER_HOST);
        call.origin = header(c, "Origin");
        call.referer = header(c, MHD_HTTP_HEADER_REFERER);
        call.cookie = header(c, cookie_name, MHD_COOKIE_KIND);
        call.authorization = header(c, MHD_HTTP_HEADER_AUTHORIZATION);
        call.csrf = header(c, "X-CSRF-Token");
        call.day = header(c, "day", MHD_GET_ARGUMENT_KIND);
        call.source = header(c, "source", MHD_GET_ARGUMENT_KIND);
        call.if_match = header(c, "If-Match");
        call.body = std::move(pending->body);
        call.body_too_large = pending->too_large;
        call.busy = pending->busy;
        Reply reply;
        try {
            reply = self->handle(call);
        } catch (const std::exception& e) {
            log::error("control", "{} {}: {}", call.method, call.path, e.what());
            reply = error_reply(500, "the display could not answer that", "the journal says why");
        }
        // The upload is handled: its slot is free before the answer goes out, so that a caller
        // who sends the next one on reading it is not told that two are under way.
        call.body.clear();
        call.body.shrink_to_fit();
        if (pending->uploading) {
            pending->uploading = false;
            self->uploads.fetch_sub(1);
        }
        MHD_Response* response =
            MHD_create_response_from_buffer(reply.body.size(), reply.body.data(), MHD_RESPMEM_MUST_COPY);
        if (!response) return MHD_NO;
        if (!reply.body.empty() || reply.status != MHD_HTTP_NO_CONTENT)
            MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, reply.type.c_str());
        MHD_add_response_header(response, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
        MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
        MHD_add_response_header(response, "X-Frame-Options", "DENY");
        MHD_add_response_header(response, "Referrer-Policy", "same-origin");
        MHD_add_response_header(response, "Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                "script-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
        for (const auto& [name, value] : reply.headers) MHD_add_response_header(response, name.c_str(), value.c_str());
        const MHD_Result queued = MHD_queue_response(c, reply.status, response);
        MHD_destroy_response(response);
        return queued;
    }

    static void on_completed(void* cls, MHD_Connection*, void** state, MHD_RequestTerminationCode) {
        auto* pending = static_cast<Pending*>(*state);
        if (pending && pending->uploading) static_cast<Impl*>(cls)->uploads.fetch_sub(1);
        delete pending;
        *state = nullptr;
    }
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

int Server::port() const {
    return impl_->port;
}
bool Server::tls() const {
    return impl_->options.tls;
}
const std::string& Server::fingerprint() const {
    return impl_->certificate.fingerprint;
}

std::string Server::address() const {
    std::string host = local_host_name();
    const std::string listen = host_of(impl_->options.listen.substr(0, impl_->options.listen.rfind(':')));
    if (listen != "0.0.0.0" && listen != "::" && !listen.empty()) {
        host = listen;
    } else {
        // The first address a phone on the hall's network can reach.
        for (const std::string& a : local_addresses())
            if (a.find(':') == std::string::npos && a.rfind("127.", 0) != 0) {
                host = a;
                break;
            }
    }
    if (host.find(':') != std::string::npos) host = "[" + host + "]";
    return fmt::format("{}://{}:{}", impl_->scheme, host, impl_->port);
}

Result<std::unique_ptr<Server>> Server::start(const ServerOptions& options, Auth& auth, Console& console) {
    auto impl = std::make_unique<Impl>(options, auth, console);
    impl->scheme = options.tls ? "https" : "http";
    const size_t colon = options.listen.rfind(':');
    if (colon == std::string::npos)
        return Error{"display.control.listen", fmt::format("\"{}\" has no port", options.listen),
                     "write an address and a port: \"0.0.0.0:8080\""};
    const std::string host = host_of(options.listen.substr(0, colon));
    const std::string port = options.listen.substr(colon + 1);
    addrinfo hints{};
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.empty() ? nullptr : host.c_str(), port.c_str(), &hints, &found) != 0 || !found)
        return Error{"display.control.listen", fmt::format("\"{}\" is not an address and a port", options.listen),
                     "write for example \"0.0.0.0:8080\" (every address) or \"192.168.1.20:8080\""};
    std::unique_ptr<addrinfo, Deleter<freeaddrinfo>> address(found);

    if (options.tls) {
        auto cert = load_or_make_certificate(options.state, local_host_name());
        if (!cert) return cert.error();
        impl->certificate = std::move(*cert);
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ERROR_LOG;
    if (address->ai_family == AF_INET6) flags |= MHD_USE_IPv6;
    if (options.tls) flags |= MHD_USE_TLS;
    std::vector<MHD_OptionItem> items = {
        {MHD_OPTION_SOCK_ADDR, 0, address->ai_addr},
        {MHD_OPTION_NOTIFY_COMPLETED, reinterpret_cast<intptr_t>(&Impl::on_completed), impl.get()},
        // A phone or two, a few scripts: a handful of connections, none held for long.
        {MHD_OPTION_CONNECTION_LIMIT, 64, nullptr},
        {MHD_OPTION_PER_IP_CONNECTION_LIMIT, 32, nullptr},
        {MHD_OPTION_CONNECTION_TIMEOUT, 30, nullptr},
        {MHD_OPTION_CONNECTION_MEMORY_LIMIT, intptr_t{128} * 1024, nullptr},
    };
    if (options.tls) {
        items.push_back({MHD_OPTION_HTTPS_MEM_KEY, 0, impl->certificate.key_pem.data()});
        items.push_back({MHD_OPTION_HTTPS_MEM_CERT, 0, impl->certificate.cert_pem.data()});
    }
    items.push_back({MHD_OPTION_END, 0, nullptr});
    impl->daemon = MHD_start_daemon(flags, 0, nullptr, nullptr, &Impl::on_request, impl.get(), MHD_OPTION_ARRAY,
                                    items.data(), MHD_OPTION_END);
    if (!impl->daemon)
        return Error{"display.control.listen",
                     fmt::format("cannot listen on {} ({})", options.listen, std::strerror(errno)),
                     "another program may use that port: choose another one"};
    const MHD_DaemonInfo* info = MHD_get_daemon_info(impl->daemon, MHD_DAEMON_INFO_BIND_PORT);
    impl->port = info ? info->port : 0;
    auto server = std::unique_ptr<Server>(new Server(std::move(impl)));
    log::notice("control", "the control page is at {}{}", server->address(),
                options.tls ? " (certificate SHA-256 " + server->fingerprint() + ")" : "");
    return server;
}

}  // namespace placard::control
