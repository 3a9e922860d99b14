#pragma once
// One HTTP request through libcurl, as a phone or a script sends it to the control page:
// any method, headers as written, from a chosen loopback address, trusting one certificate.
#include <curl/curl.h>
#include <doctest/doctest.h>
#include <strings.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace placard::test {

struct HttpAnswer {
    long status = 0;
    std::string body;
    std::vector<std::string> headers;  // "name: value", as received
    nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
    std::string header(const std::string& name) const {
        for (const auto& h : headers)
            if (h.size() > name.size() && strncasecmp(h.c_str(), name.c_str(), name.size()) == 0 &&
                h[name.size()] == ':')
                return h.substr(name.size() + 2);
        return {};
    }
};

struct HttpAsk {
    std::string method, url, body;
    std::vector<std::string> headers;
    std::string from = "127.0.0.1";  // the client's address: another loopback address is another phone
    std::string ca;                  // the one certificate trusted (PEM file); empty: plain HTTP
};

inline size_t http_collect(char* data, size_t size, size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
}

inline size_t http_collect_header(char* data, size_t size, size_t n, void* out) {
    std::string line(data, size * n);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    if (!line.empty()) static_cast<std::vector<std::string>*>(out)->push_back(line);
    return size * n;
}

inline HttpAnswer http(const HttpAsk& a) {
    HttpAnswer answer;
    CURL* curl = curl_easy_init();
    REQUIRE(curl);
    curl_easy_setopt(curl, CURLOPT_URL, a.url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, a.method.c_str());
    if (!a.body.empty() || a.method == "POST") {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, a.body.c_str());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(a.body.size()));
    }
    if (!a.ca.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, a.ca.c_str());
    const std::string from = "host!" + a.from;
    curl_easy_setopt(curl, CURLOPT_INTERFACE, from.c_str());
    curl_slist* headers = nullptr;
    for (const auto& h : a.headers) headers = curl_slist_append(headers, h.c_str());
    headers = curl_slist_append(headers, "Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, http_collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, http_collect_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &answer.headers);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
    const CURLcode done = curl_easy_perform(curl);
    INFO(a.method << " " << a.url << ": " << curl_easy_strerror(done));
    CHECK(done == CURLE_OK);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return answer;
}

}  // namespace placard::test
