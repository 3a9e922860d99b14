#include "broker/client.hpp"

#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/random.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <map>
#include <regex>

#include <fmt/format.h>

#include "util/file.hpp"
#include "util/log.hpp"
#include "util/unique_fd.hpp"

namespace placard::broker {

namespace {

using Millis = std::chrono::milliseconds;

struct MosquittoLibrary {
    MosquittoLibrary() { mosquitto_lib_init(); }
};

void ensure_library() {
    static MosquittoLibrary library;  // once, thread-safe; cleaned up by the process's end
}

struct MosquittoDeleter {
    void operator()(mosquitto* m) const { mosquitto_destroy(m); }
};

struct PropertiesDeleter {
    void operator()(mosquitto_property* p) const { mosquitto_property_free_all(&p); }
};
using Properties = std::unique_ptr<mosquitto_property, PropertiesDeleter>;

Properties expiry_property(const Message& m) {
    mosquitto_property* p = nullptr;
    if (m.expiry)
        mosquitto_property_add_int32(&p, MQTT_PROP_MESSAGE_EXPIRY_INTERVAL, static_cast<uint32_t>(m.expiry->count()));
    return Properties(p);
}

// A uniform fraction in [0.5, 1): the jitter of a wait.
double jitter() {
    uint32_t r = 0;
    if (getrandom(&r, sizeof r, 0) != sizeof r) r = 0x80000000u;
    return 0.5 + 0.5 * (r / 4294967296.0);
}

// The caller's callback, with nothing it throws let through to libmosquitto's C (a message
// that is not what it should be must not stop the display).
template <class... Args>
std::function<void(Args...)> guarded(std::function<void(Args...)> f, const char* what) {
    if (!f) return f;
    return [f = std::move(f), what](Args... args) {
        try {
            f(args...);
        } catch (const std::exception& e) {
            log::error("broker", "{}: {}", what, e.what());
        }
    };
}

}  // namespace

Result<Endpoint> parse_url(std::string_view url) {
    static const std::regex shape(R"(^(mqtts?)://([A-Za-z0-9.-]+|\[([0-9A-Fa-f:.]+)\])(:([0-9]{1,5}))?/?$)");
    std::cmatch m;
    if (url.size() > 255 || !std::regex_match(url.begin(), url.end(), m, shape))
        return Error{std::string(url), "is not a broker's address",
                     "write mqtts://HOST (TLS) or mqtt://HOST (a LAN), with :PORT if it is not the usual"};
    Endpoint e;
    e.tls = m[1].str() == "mqtts";
    e.host = m[3].matched ? m[3].str() : m[2].str();
    e.port = m[5].matched ? std::stoi(m[5].str()) : (e.tls ? 8883 : 1883);
    if (e.port < 1 || e.port > 65535) return Error{std::string(url), "has a port out of range", "give 1 to 65535"};
    return e;
}

struct Client::State {
    ClientOptions options;
    Endpoint endpoint;
    std::unique_ptr<mosquitto, MosquittoDeleter> mosq;
    UniqueFd wake{::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)};

    std::atomic<bool> stop{false};
    std::atomic<bool> up{false};                     // CONNACK received, not lost since
    std::atomic<bool> refused{false};                // the broker's CONNACK said no
    std::chrono::steady_clock::time_point up_since;  // the client's thread only

    mutable std::mutex mutex;
    std::condition_variable changed;
    std::deque<Message> queue;                // not yet handed to libmosquitto
    std::map<int, bool> in_flight;            // message id -> retained (for the words of a refusal)
    unsigned long long queued = 0, done = 0;  // counts for flush()
    std::string refusal;                      // the broker's last refusal of a publish
    std::string last_error;                   // libmosquitto's last error line

    void signal() const {
        const uint64_t one = 1;
        [[maybe_unused]] auto n = ::write(wake.get(), &one, sizeof one);
    }
    void drain_wake() const {
        uint64_t n = 0;
        [[maybe_unused]] auto r = ::read(wake.get(), &n, sizeof n);
    }

    void send_queued() {
        std::unique_lock lock(mutex);
        // A broker that takes messages and never acknowledges them is not given more than this.
        constexpr size_t most_in_flight = 50;
        while (!queue.empty() && up && in_flight.size() < most_in_flight) {
            Message m = std::move(queue.front());
            queue.pop_front();
            lock.unlock();
            Properties props = expiry_property(m);
            int mid = 0;
            const int rc = mosquitto_publish_v5(mosq.get(), &mid, m.topic.c_str(), static_cast<int>(m.payload.size()),
                                                m.payload.data(), 1, m.retain, props.get());
            lock.lock();
            if (rc == MOSQ_ERR_SUCCESS) {
                in_flight[mid] = m.retain;
            } else {
                refusal = fmt::format("{}: {}", m.topic, mosquitto_strerror(rc));
                ++done;
                changed.notify_all();
            }
        }
    }

    // Why a connection failed, in words: libmosquitto's own line while connecting (the
    // certificate not verified), else the system's or libmosquitto's reason.
    std::string failure(int rc, int error_number, bool was_up) {
        std::lock_guard lock(mutex);
        std::string why = rc == MOSQ_ERR_TIMEOUT ? std::string("no answer")
                          : (rc == MOSQ_ERR_ERRNO || (!was_up && rc == MOSQ_ERR_CONN_LOST)) && error_number
                              ? std::string(std::strerror(error_number))
                              : std::string(mosquitto_strerror(rc));
        if (!was_up && (error_number == EPIPE || error_number == ECONNRESET))
            why = fmt::format("closed at once: is a broker listening there{}?",
                              endpoint.tls ? ", with TLS (mqtts://)" : ", without TLS (mqtt://)");
        if ((rc == MOSQ_ERR_TLS || !was_up) && !last_error.empty()) {
            const bool tls = rc == MOSQ_ERR_TLS || last_error.rfind("OpenSSL", 0) == 0;
            why = tls ? "TLS: " + last_error : last_error;
            if (last_error.find("certificate verify failed") != std::string::npos)
                why += fmt::format(
                    "; the broker's certificate is not signed by an authority this display trusts "
                    "(give display.broker.ca_file), or does not name {}",
                    endpoint.host);
        }
        last_error.clear();
        return why;
    }

    void run();
    void wait_before_retry(Millis& delay);
    bool connect();
};

bool Client::State::connect() {
    // Set up afresh each time: after a first attempt that failed, libmosquitto's reconnect
    // refuses its own arguments.
    const int rc = mosquitto_connect_bind_async(mosq.get(), endpoint.host.c_str(), endpoint.port,
                                                static_cast<int>(options.keepalive.count()), nullptr);
    if (rc == MOSQ_ERR_SUCCESS) return true;
    const std::string why = failure(rc, errno, false);
    if (options.connection)
        options.connection(false, fmt::format("cannot connect to {}:{} ({})", endpoint.host, endpoint.port, why));
    return false;
}

void Client::State::wait_before_retry(Millis& delay) {
    const auto wait = Millis(static_cast<long long>(static_cast<double>(delay.count()) * jitter()));
    delay = std::min(delay * 2, options.longest_retry);
    const auto until = std::chrono::steady_clock::now() + wait;
    while (!stop && std::chrono::steady_clock::now() < until) {
        pollfd p{wake.get(), POLLIN, 0};
        const auto left = std::chrono::duration_cast<Millis>(until - std::chrono::steady_clock::now());
        ::poll(&p, 1, static_cast<int>(std::clamp<long long>(std::min(left, options.tick).count(), 0, 60000)));
        drain_wake();
        if (options.on_tick) options.on_tick();
    }
}

void Client::State::run() {
    Millis delay = options.first_retry;
    // TCP, TLS and CONNACK: a broker that takes longer is as good as gone.
    const auto connect_timeout = std::chrono::seconds(20);
    auto opened = std::chrono::steady_clock::now();
    bool socket_open = false;
    while (!stop) {
        if (!socket_open) {
            socket_open = connect();
            opened = std::chrono::steady_clock::now();
            if (!socket_open) {
                wait_before_retry(delay);
                continue;
            }
        }
        send_queued();
        const int fd = mosquitto_socket(mosq.get());
        pollfd fds[2] = {{fd, static_cast<short>(POLLIN | (mosquitto_want_write(mosq.get()) ? POLLOUT : 0)), 0},
                         {wake.get(), POLLIN, 0}};
        ::poll(fds, 2, static_cast<int>(std::min<long long>(options.tick.count(), 1000)));
        if (fds[1].revents) drain_wake();
        int rc = MOSQ_ERR_SUCCESS;
        errno = 0;
        // Writable counts too: a TLS handshake that met a TCP connection still being made
        // goes on only in loop_read (which does no harm when nothing is there to read).
        if (fds[0].revents & (POLLIN | POLLOUT | POLLERR | POLLHUP)) rc = mosquitto_loop_read(mosq.get(), 1);
        int read_errno = errno;
        if (rc == MOSQ_ERR_SUCCESS && mosquitto_want_write(mosq.get())) rc = mosquitto_loop_write(mosq.get(), 1);
        if (rc == MOSQ_ERR_SUCCESS) rc = mosquitto_loop_misc(mosq.get());
        // A connection refused while TLS starts is not always seen by libmosquitto: the
        // socket's own error says it; and a broker that never answers is given up on.
        int socket_error = 0;
        if (rc == MOSQ_ERR_SUCCESS && (fds[0].revents & (POLLERR | POLLHUP))) {
            socklen_t size = sizeof socket_error;
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &socket_error, &size);
            rc = socket_error ? MOSQ_ERR_ERRNO : MOSQ_ERR_CONN_LOST;
            if (socket_error) read_errno = socket_error;
        }
        if (rc == MOSQ_ERR_SUCCESS && !up && std::chrono::steady_clock::now() - opened > connect_timeout)
            rc = MOSQ_ERR_TIMEOUT;
        if (options.on_tick) options.on_tick();
        if (rc == MOSQ_ERR_SUCCESS) {
            // The wait starts short again only after a connection that held: a broker that
            // drops the display at once (another with the same id) is not knocked on every second.
            if (up && std::chrono::steady_clock::now() - up_since > std::chrono::seconds(30))
                delay = options.first_retry;
            continue;
        }
        // The connection is gone (or never came): say why, once per time, then wait.
        const bool was_up = up.exchange(false);
        socket_open = false;
        const std::string why = failure(rc, read_errno, was_up);
        {
            std::lock_guard lock(mutex);
            // Unacknowledged messages are lost with the connection: flush() stops waiting for them.
            if (!in_flight.empty()) refusal = "the connection was lost before the broker acknowledged";
            done += in_flight.size();
            in_flight.clear();
            changed.notify_all();
        }
        // A broker that refused the connection has said why already (the CONNACK's reason).
        if (options.connection && !refused.exchange(false))
            options.connection(false,
                               was_up ? fmt::format("connection lost ({})", why)
                                      : fmt::format("cannot connect to {}:{} ({})", endpoint.host, endpoint.port, why));
        mosquitto_disconnect(mosq.get());
        wait_before_retry(delay);
    }
    if (up) {
        // A goodbye that asks the broker for the will all the same: a display that stops
        // is offline (MQTT 5's reason 0x04).
        mosquitto_disconnect_v5(
            mosq.get(), options.will ? MQTT_RC_DISCONNECT_WITH_WILL_MSG : MQTT_RC_NORMAL_DISCONNECTION, nullptr);
        for (int i = 0; i < 10 && mosquitto_want_write(mosq.get()); ++i) mosquitto_loop_write(mosq.get(), 1);
    }
}

Result<std::unique_ptr<Client>> Client::start(ClientOptions options) {
    ensure_library();
    auto endpoint = parse_url(options.url);
    if (!endpoint) return endpoint.error();
    auto state = std::make_unique<State>();
    state->endpoint = *endpoint;
    if (!state->wake) return Error{"broker", "cannot make an eventfd", "the system is out of file descriptors"};
    state->mosq.reset(
        mosquitto_new(options.client_id.empty() ? nullptr : options.client_id.c_str(), true, state.get()));
    mosquitto* m = state->mosq.get();
    if (!m) return Error{"broker", "cannot start the MQTT client", "the system is out of memory"};
    mosquitto_int_option(m, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
    mosquitto_threaded_set(m, true);
    if (!options.username.empty() || !options.password_file.empty()) {
        std::string password;
        if (!options.password_file.empty()) {
            auto text = read_file(options.password_file, 4096,
                                  "write the broker's password on the first line of the file, readable by placard");
            if (!text) return text.error();
            password = text->substr(0, text->find('\n'));
            if (!password.empty() && password.back() == '\r') password.pop_back();
        }
        if (mosquitto_username_pw_set(m, options.username.empty() ? nullptr : options.username.c_str(),
                                      options.password_file.empty() ? nullptr : password.c_str()) != MOSQ_ERR_SUCCESS)
            return Error{"display.broker.username", "cannot be used", "check the user name and the password file"};
    }
    if (endpoint->tls) {
        int rc = MOSQ_ERR_SUCCESS;
        if (options.ca_file.empty()) {
            // The system's authorities, as Debian's ca-certificates keeps them. (Not
            // MOSQ_OPT_TLS_USE_OS_CERTS: libmosquitto 2.0.11 then refuses every attempt after
            // the first.)
            rc = mosquitto_tls_set(m, nullptr, "/etc/ssl/certs", nullptr, nullptr, nullptr);
        } else {
            std::error_code ec;
            if (!std::filesystem::is_regular_file(options.ca_file, ec))
                return Error{options.ca_file.string(), "does not exist",
                             "give the PEM file of the authority that signed the broker's certificate"};
            rc = mosquitto_tls_set(m, options.ca_file.c_str(), nullptr, nullptr, nullptr, nullptr);
        }
        if (rc != MOSQ_ERR_SUCCESS)
            return Error{options.ca_file.empty() ? std::string("TLS") : options.ca_file.string(),
                         fmt::format("cannot be used ({})", mosquitto_strerror(rc)),
                         "give the PEM file of the authority that signed the broker's certificate"};
    }
    if (options.will) {
        Properties props = expiry_property(*options.will);
        // libmosquitto owns the properties once it has taken the will, not before.
        if (mosquitto_will_set_v5(m, options.will->topic.c_str(), static_cast<int>(options.will->payload.size()),
                                  options.will->payload.data(), 1, options.will->retain,
                                  props.get()) != MOSQ_ERR_SUCCESS)
            return Error{options.will->topic, "cannot be the client's last will", "check the topic"};
        (void)props.release();
    }
    mosquitto_log_callback_set(m, [](mosquitto*, void* self, int level, const char* line) {
        if (level != MOSQ_LOG_ERR) return;
        auto* s = static_cast<State*>(self);
        std::lock_guard lock(s->mutex);
        s->last_error = line;
    });
    mosquitto_connect_v5_callback_set(m, [](mosquitto* mq, void* self, int rc, int, const mosquitto_property*) {
        auto* s = static_cast<State*>(self);
        if (rc != MQTT_RC_SUCCESS) {
            s->refused = true;
            if (s->options.connection)
                s->options.connection(
                    false, fmt::format("the broker refused the connection ({}){}", mosquitto_reason_string(rc),
                                       rc == MQTT_RC_BAD_USERNAME_OR_PASSWORD || rc == MQTT_RC_NOT_AUTHORIZED
                                           ? "; check display.broker.username and password_file"
                                           : ""));
            return;
        }
        for (const std::string& topic : s->options.subscriptions)
            mosquitto_subscribe_v5(mq, nullptr, topic.c_str(), 1, 0, nullptr);
        s->up_since = std::chrono::steady_clock::now();
        s->up = true;
        {
            std::lock_guard lock(s->mutex);
            s->last_error.clear();
        }
        if (s->options.connection) s->options.connection(true, "");
    });
    mosquitto_subscribe_v5_callback_set(
        m, [](mosquitto*, void* self, int, int count, const int* granted, const mosquitto_property*) {
            auto* s = static_cast<State*>(self);
            for (int i = 0; i < count; ++i)
                if (granted[i] >= 0x80 && s->options.connection)
                    s->options.connection(true, fmt::format("the broker refused a subscription ({}); check the "
                                                            "broker's access rules for this user",
                                                            mosquitto_reason_string(granted[i])));
        });
    mosquitto_publish_v5_callback_set(m, [](mosquitto*, void* self, int mid, int reason, const mosquitto_property*) {
        auto* s = static_cast<State*>(self);
        std::lock_guard lock(s->mutex);
        if (s->in_flight.erase(mid) == 0) return;  // the status sent at connecting
        if (reason >= 0x80)
            s->refusal = fmt::format("the broker refused it ({}); check its access rules for this user",
                                     mosquitto_reason_string(reason));
        ++s->done;
        s->changed.notify_all();
    });
    mosquitto_message_v5_callback_set(
        m, [](mosquitto*, void* self, const mosquitto_message* msg, const mosquitto_property*) {
            auto* s = static_cast<State*>(self);
            if (s->options.message && msg->topic)
                s->options.message(msg->topic, std::string(static_cast<const char*>(msg->payload),
                                                           static_cast<size_t>(msg->payloadlen)));
        });
    options.message = guarded(std::move(options.message), "a message");
    options.connection = guarded(std::move(options.connection), "the connection");
    options.on_tick = guarded(std::move(options.on_tick), "a tick");
    state->options = std::move(options);
    return std::unique_ptr<Client>(new Client(std::move(state)));
}

Client::Client(std::unique_ptr<State> state) : state_(std::move(state)) {
    thread_ = std::thread([s = state_.get()] { s->run(); });
}

Client::~Client() {
    state_->stop = true;
    state_->signal();
    if (thread_.joinable()) thread_.join();
}

void Client::publish(Message message) {
    {
        std::lock_guard lock(state_->mutex);
        if (message.retain) {
            auto same = std::find_if(state_->queue.begin(), state_->queue.end(),
                                     [&](const Message& m) { return m.retain && m.topic == message.topic; });
            if (same != state_->queue.end()) {
                *same = std::move(message);
                state_->signal();
                return;
            }
        }
        // Offline for long, the acknowledgements pile up: the oldest go (the status says the rest).
        constexpr size_t longest_queue = 200;
        if (state_->queue.size() >= longest_queue) {
            state_->queue.pop_front();
            ++state_->done;
        }
        state_->queue.push_back(std::move(message));
        ++state_->queued;
    }
    state_->signal();
}

bool Client::connected() const {
    return state_->up;
}

Result<void> Client::flush(std::chrono::milliseconds timeout) {
    std::unique_lock lock(state_->mutex);
    const unsigned long long target = state_->queued;
    state_->refusal.clear();
    const bool all = state_->changed.wait_for(lock, timeout, [&] { return state_->done >= target; });
    if (!state_->refusal.empty()) return Error{"broker", state_->refusal, ""};
    if (!all)
        return Error{state_->options.url, state_->up ? "did not acknowledge in time" : "could not be reached",
                     state_->last_error.empty() ? "check the address, the network and the broker"
                                                : "libmosquitto says: " + state_->last_error};
    return {};
}

void Client::poke() {
    state_->signal();
}

}  // namespace placard::broker
