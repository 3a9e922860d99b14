#pragma once
// The control page and its JSON API, served by libmicrohttpd on the hall's network: a
// connection to a thread, few connections, small bodies. Only the display's own names and
// addresses are answered (DNS rebinding); every change needs a session's CSRF token and a
// matching Origin, or an API token. Handlers only read the Console and leave cues on its
// desk: the main thread is never waited on.
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "control/auth.hpp"
#include "control/console.hpp"
#include "control/playlist_editor.hpp"
#include "control/posters.hpp"
#include "util/result.hpp"

namespace placard::control {

struct ServerOptions {
    // "0.0.0.0:8080", "[::]:8080", "127.0.0.1:0" (0: any free port, for tests).
    std::string listen = "0.0.0.0:8080";
    bool tls = true;
    std::filesystem::path state;  // the certificate is kept there
    // Names the display is reached by besides its host name, NAME.local, its addresses and
    // localhost (a name given by the hall's router, say).
    std::vector<std::string> names;
    // The proof of play's folder (plays/play_log.hpp), served by /api/plays; empty: none.
    std::filesystem::path plays;
    // The playlist that GET and PUT /api/playlist read and save; null: not editable here
    // (a playlist on the web). Not owned; outlives the server.
    PlaylistEditor* playlist = nullptr;
    // Posters uploaded into a folder source (POST /api/posters): how their bytes are judged
    // before they are kept, and who is told of one kept (the worker, which reads its folder
    // again). Without a probe and a decoder, uploads are refused.
    PosterLimits poster_limits;
    PictureProbe probe;
    PictureDecode decode;
    std::function<void(const std::string& source)> poster_saved;
};

class Server {
public:
    static Result<std::unique_ptr<Server>> start(const ServerOptions& options, Auth& auth, Console& console);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    int port() const;
    bool tls() const;
    // SHA-256 of the certificate ("AB:CD:..."); empty without TLS.
    const std::string& fingerprint() const;
    // Where a phone on the hall's network finds it: "https://192.168.1.20:8080".
    std::string address() const;

    struct Impl;

private:
    explicit Server(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// "placard.local:8080" -> "placard.local", "[::1]:8080" -> "::1"; lowercased.
std::string host_of(std::string_view host_header);

}  // namespace placard::control
