#pragma once
// Thin RAII over libcurl's handles, so that no code path leaks or double-frees one.
#include <memory>

#include <curl/curl.h>

#include "util/deleter.hpp"

namespace placard::net {

using Easy = std::unique_ptr<CURL, Deleter<curl_easy_cleanup>>;
using Multi = std::unique_ptr<CURLM, Deleter<curl_multi_cleanup>>;
using HeaderList = std::unique_ptr<curl_slist, Deleter<curl_slist_free_all>>;
using Url = std::unique_ptr<CURLU, Deleter<curl_url_cleanup>>;

// curl_global_init / curl_global_cleanup, reference-counted by libcurl (thread-safe
// since 7.84). `main` holds one; an HttpClient holds one too, so tests need nothing.
class CurlGlobal {
public:
    CurlGlobal() : ok_(curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK) {}
    ~CurlGlobal() {
        if (ok_) curl_global_cleanup();
    }
    CurlGlobal(const CurlGlobal&) = delete;
    CurlGlobal& operator=(const CurlGlobal&) = delete;
    bool ok() const { return ok_; }

private:
    bool ok_;
};

}  // namespace placard::net
