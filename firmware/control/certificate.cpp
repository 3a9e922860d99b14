#include "control/certificate.hpp"

#include <sys/stat.h>

#include <memory>

#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "store/atomic_file.hpp"
#include "util/deleter.hpp"
#include "util/file.hpp"
#include "util/log.hpp"

namespace placard::control {
namespace {

namespace fs = std::filesystem;
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using Ctx = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using Ext = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

Error openssl_error(const std::string& what) {
    return Error{"HTTPS certificate", what, "check the state folder's disk and free memory"};
}

// The file's text; empty when it is missing or cannot be read (as when it was never written).
std::string read_text(const fs::path& file) {
    return read_file(file, std::size_t{1} << 20, {}).value_or(std::string());
}

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    return n > 0 ? std::string(data, static_cast<size_t>(n)) : std::string();
}

bool add_extension(X509* cert, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    Ext ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

Result<Certificate> make(const std::string& host_name) {
    Ctx ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nullptr));
    EVP_PKEY* raw = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_ec_paramgen_curve_nid(ctx.get(), NID_X9_62_prime256v1) != 1 ||
        EVP_PKEY_keygen(ctx.get(), &raw) != 1)
        return openssl_error("cannot make a key");
    Key key(raw);
    Cert cert(X509_new());
    if (!cert) return openssl_error("cannot make a certificate");
    X509_set_version(cert.get(), 2);
    // A random serial: two displays' certificates never look like one to a browser.
    std::unique_ptr<BIGNUM, Deleter<BN_free>> serial(BN_new());
    BN_rand(serial.get(), 120, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
    BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get()));
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -24L * 3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 10L * 365 * 24 * 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    const std::string cn = host_name.empty() ? std::string("placard") : host_name;
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("placard"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1,
                               0);
    X509_set_issuer_name(cert.get(), name);
    std::string names = "DNS:localhost,IP:127.0.0.1,IP:::1";
    if (!host_name.empty()) names = fmt::format("DNS:{},DNS:{}.local,{}", host_name, host_name, names);
    if (!add_extension(cert.get(), NID_subject_alt_name, names) ||
        !add_extension(cert.get(), NID_basic_constraints, "critical,CA:FALSE") ||
        !add_extension(cert.get(), NID_ext_key_usage, "serverAuth"))
        return openssl_error("cannot write the certificate's names");
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) return openssl_error("cannot sign the certificate");

    Bio cert_bio(BIO_new(BIO_s_mem())), key_bio(BIO_new(BIO_s_mem()));
    if (!cert_bio || !key_bio || PEM_write_bio_X509(cert_bio.get(), cert.get()) != 1 ||
        PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return openssl_error("cannot write the certificate");
    Certificate c;
    c.cert_pem = bio_text(cert_bio.get());
    c.key_pem = bio_text(key_bio.get());
    return c;
}

}  // namespace

Result<std::string> fingerprint(const std::string& cert_pem) {
    Bio bio(BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size())));
    Cert cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!cert) return openssl_error("is not a PEM certificate");
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (X509_digest(cert.get(), EVP_sha256(), md, &n) != 1) return openssl_error("cannot be digested");
    std::string out;
    for (unsigned int i = 0; i < n; ++i) out += fmt::format("{}{:02X}", i ? ":" : "", md[i]);
    return out;
}

Result<Certificate> load_or_make_certificate(const fs::path& state, const std::string& host_name) {
    const fs::path cert_file = state / "tls-cert.pem", key_file = state / "tls-key.pem";
    Certificate c;
    c.cert_pem = read_text(cert_file);
    c.key_pem = read_text(key_file);
    if (c.cert_pem.empty() || c.key_pem.empty()) {
        auto made = make(host_name);
        if (!made) return made.error();
        // The key first: a certificate is never kept without its key.
        if (auto w = store::write_atomic(key_file, made->key_pem); !w) return w.error();
        ::chmod(key_file.c_str(), S_IRUSR | S_IWUSR);
        if (auto w = store::write_atomic(cert_file, made->cert_pem); !w) return w.error();
        log::notice("control", "{}: a new HTTPS certificate, made for this display", cert_file.string());
        c = std::move(*made);
    }
    auto print = fingerprint(c.cert_pem);
    if (!print) return Error{cert_file.string(), "is not a certificate", "remove it and the key: new ones are made"};
    c.fingerprint = *print;
    return c;
}

}  // namespace placard::control
