// The functions of libmpv and libav* that firmware/video calls, each resolved in the library
// the first time it is called (video/libraries.hpp says why they are not linked). Nothing
// calls one before load_libraries() has succeeded.
#include <dlfcn.h>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/error.h>
#include <libavutil/log.h>
}
#include <mpv/client.h>
#include <mpv/render.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>

#include <fmt/format.h>

#include "video/libraries.hpp"

namespace placard::video {
namespace {

enum Library { mpv, avformat, avcodec, avutil, count };

// Each library's file, by the major version of its interface that placard was built with.
constexpr const char* files[count] = {PLACARD_LIBMPV, PLACARD_LIBAVFORMAT, PLACARD_LIBAVCODEC, PLACARD_LIBAVUTIL};
constexpr const char* packages[count] = {"libmpv2", "libavformat59", "libavcodec59", "libavutil57"};

struct Opened {
    void* handles[count] = {};
    Result<void> result = Error{"", "not opened", ""};
};

Opened& opened() {
    static Opened o = [] {
        Opened r;
        r.result = {};
        for (int i = 0; i < count; ++i) {
            // RTLD_NODELETE: mpv's threads may outlive anything that would close them.
            r.handles[i] = dlopen(files[i], RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
            if (!r.handles[i]) {
                r.result = Error{files[i], fmt::format("cannot be loaded, so clips cannot play ({})", dlerror()),
                                 fmt::format("install it: sudo apt install {}", packages[i])};
                break;
            }
        }
        return r;
    }();
    return o;
}

template <class F>
F resolve(Library library, const char* name) {
    Opened& o = opened();
    void* symbol = o.handles[library] ? dlsym(o.handles[library], name) : nullptr;
    if (!symbol) {
        // A bug: load_libraries() is asked first, and the libraries' interfaces are stable.
        std::fprintf(stderr, "<2>video: %s: no %s in %s\n", name, name, files[library]);
        std::abort();
    }
    return reinterpret_cast<F>(symbol);
}

}  // namespace

Result<void> load_libraries() {
    return opened().result;
}

}  // namespace placard::video

using placard::video::resolve;
using placard::video::Library::avcodec;
using placard::video::Library::avformat;
using placard::video::Library::avutil;
using placard::video::Library::mpv;

// Each: the library's function of that name, found once. The return type and the parameter
// list cannot be put in parentheses.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define PLACARD_FORWARD(library, ret, name, params, args)                 \
    ret name params {                                                     \
        static const auto f = resolve<decltype(&name)>((library), #name); \
        return f args;                                                    \
    }
// NOLINTEND(bugprone-macro-parentheses)

extern "C" {
PLACARD_FORWARD(mpv, mpv_handle*, mpv_create, (void), ())
PLACARD_FORWARD(mpv, int, mpv_initialize, (mpv_handle * ctx), (ctx))
PLACARD_FORWARD(mpv, void, mpv_terminate_destroy, (mpv_handle * ctx), (ctx))
PLACARD_FORWARD(mpv, int, mpv_set_option_string, (mpv_handle * ctx, const char* name, const char* data),
                (ctx, name, data))
PLACARD_FORWARD(mpv, int, mpv_request_log_messages, (mpv_handle * ctx, const char* min_level), (ctx, min_level))
PLACARD_FORWARD(mpv, void, mpv_set_wakeup_callback, (mpv_handle * ctx, void (*cb)(void* d), void* d), (ctx, cb, d))
PLACARD_FORWARD(mpv, int, mpv_observe_property,
                (mpv_handle * ctx, uint64_t reply_userdata, const char* name, mpv_format format),
                (ctx, reply_userdata, name, format))
PLACARD_FORWARD(mpv, int, mpv_command, (mpv_handle * ctx, const char** args), (ctx, args))
PLACARD_FORWARD(mpv, mpv_event*, mpv_wait_event, (mpv_handle * ctx, double timeout), (ctx, timeout))
PLACARD_FORWARD(mpv, const char*, mpv_error_string, (int error), (error))
PLACARD_FORWARD(mpv, int, mpv_get_property, (mpv_handle * ctx, const char* name, mpv_format format, void* data),
                (ctx, name, format, data))
PLACARD_FORWARD(mpv, char*, mpv_get_property_string, (mpv_handle * ctx, const char* name), (ctx, name))
PLACARD_FORWARD(mpv, void, mpv_free, (void* data), (data))
PLACARD_FORWARD(mpv, int64_t, mpv_get_time_us, (mpv_handle * ctx), (ctx))
PLACARD_FORWARD(mpv, int, mpv_set_property, (mpv_handle * ctx, const char* name, mpv_format format, void* data),
                (ctx, name, format, data))
PLACARD_FORWARD(mpv, int, mpv_set_property_async,
                (mpv_handle * ctx, uint64_t reply_userdata, const char* name, mpv_format format, void* data),
                (ctx, reply_userdata, name, format, data))
PLACARD_FORWARD(mpv, int, mpv_set_property_string, (mpv_handle * ctx, const char* name, const char* data),
                (ctx, name, data))
PLACARD_FORWARD(mpv, int, mpv_render_context_create,
                (mpv_render_context * *res, mpv_handle* ctx, mpv_render_param* params), (res, ctx, params))
PLACARD_FORWARD(mpv, void, mpv_render_context_set_update_callback,
                (mpv_render_context * ctx, mpv_render_update_fn callback, void* callback_ctx),
                (ctx, callback, callback_ctx))
PLACARD_FORWARD(mpv, uint64_t, mpv_render_context_update, (mpv_render_context * ctx), (ctx))
PLACARD_FORWARD(mpv, int, mpv_render_context_render, (mpv_render_context * ctx, mpv_render_param* params),
                (ctx, params))
PLACARD_FORWARD(mpv, void, mpv_render_context_report_swap, (mpv_render_context * ctx), (ctx))
PLACARD_FORWARD(mpv, int, mpv_render_context_get_info, (mpv_render_context * ctx, mpv_render_param param), (ctx, param))
PLACARD_FORWARD(mpv, void, mpv_render_context_free, (mpv_render_context * ctx), (ctx))

PLACARD_FORWARD(avformat, int, avformat_open_input,
                (AVFormatContext * *ps, const char* url, const AVInputFormat* fmt, AVDictionary** options),
                (ps, url, fmt, options))
PLACARD_FORWARD(avformat, int, avformat_find_stream_info, (AVFormatContext * ic, AVDictionary** options), (ic, options))
PLACARD_FORWARD(avformat, int, av_find_best_stream,
                (AVFormatContext * ic, enum AVMediaType type, int wanted_stream_nb, int related_stream,
                 const AVCodec** decoder_ret, int flags),
                (ic, type, wanted_stream_nb, related_stream, decoder_ret, flags))
PLACARD_FORWARD(avformat, void, avformat_close_input, (AVFormatContext * *s), (s))
PLACARD_FORWARD(avcodec, const char*, avcodec_get_name, (enum AVCodecID id), (id))
PLACARD_FORWARD(avutil, int, av_strerror, (int errnum, char* errbuf, size_t errbuf_size), (errnum, errbuf, errbuf_size))
PLACARD_FORWARD(avutil, void, av_log_set_level, (int level), (level))
}
