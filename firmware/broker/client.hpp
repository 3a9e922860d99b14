#pragma once
// An MQTT 5 client (libmosquitto) on a thread of its own: it connects, subscribes, hands
// what arrives to a callback on that thread, and sends what other threads queue. When the
// broker cannot be reached it tries again after a wait that doubles up to a minute, with
// jitter, so that a thousand displays do not all knock at once when a broker comes back.
// Nothing here ever waits on the network for the caller.
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "util/result.hpp"

namespace placard::broker {

// mqtt://HOST[:PORT] or mqtts://HOST[:PORT].
struct Endpoint {
    std::string host;
    int port = 1883;
    bool tls = false;
};
Result<Endpoint> parse_url(std::string_view url);

struct Message {
    std::string topic;
    std::string payload;
    bool retain = false;
    // MQTT 5 message expiry: the broker forgets the message after this long.
    std::optional<std::chrono::seconds> expiry;
};

struct ClientOptions {
    std::string url;
    std::string username;
    std::filesystem::path password_file;     // its first line is the password
    std::filesystem::path ca_file;           // empty: the system's authorities
    std::string client_id;                   // empty: the broker makes one
    std::vector<std::string> subscriptions;  // at QoS 1, again at each connection
    std::optional<Message> will;             // published by the broker if this client vanishes
    std::chrono::seconds keepalive{30};
    std::chrono::milliseconds first_retry{1000};
    std::chrono::milliseconds longest_retry{60000};
    // On the client's thread: a message that arrived; the connection coming and going
    // (with the reason when it went, in words for the journal); and a tick, at least
    // every `tick`, for work of the caller's that belongs on this thread.
    std::function<void(const std::string& topic, const std::string& payload)> message;
    std::function<void(bool connected, const std::string& why)> connection;
    std::function<void()> on_tick;
    std::chrono::milliseconds tick{500};
};

class Client {
public:
    // Reads the password file and sets up TLS, then starts the thread: an error when the
    // options cannot work (a file missing, a bad address), never for a broker that is down.
    static Result<std::unique_ptr<Client>> start(ClientOptions options);
    ~Client();  // disconnects (the will is not sent) and joins the thread
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    // Queued, sent at QoS 1 when connected. A retained message replaces one queued for the
    // same topic that was not yet sent: only the latest status matters.
    void publish(Message message);
    bool connected() const;
    // Waits until every message queued so far has been acknowledged by the broker, or
    // `timeout`; the error says what went wrong (not connected, refused by the broker).
    Result<void> flush(std::chrono::milliseconds timeout);
    // Wakes the thread for an early tick.
    void poke();

    struct State;  // libmosquitto's callbacks reach it

private:
    explicit Client(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
    std::thread thread_;
};

}  // namespace placard::broker
