#include "ringperf/net/tls.h"

// wolfSSL needs its build options before any other of its headers.
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/wolfcrypt/ecc.h>
// (keep the order above)
#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <mutex>

namespace ringperf::net {

namespace {

// ChaCha20 first: Debian's wolfSSL has no AES-NI, so ChaCha20-Poly1305 is about twice as
// fast as AES-GCM on it. The server picks; many honour the client's order.
constexpr const char* cipher_list =
    "TLS13-CHACHA20-POLY1305-SHA256:TLS13-AES128-GCM-SHA256:TLS13-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:"
    "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384";

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { wolfSSL_Init(); });
}

bool is_ip_literal(const std::string& h) {
    in_addr a4;
    in6_addr a6;
    return inet_pton(AF_INET, h.c_str(), &a4) == 1 || inet_pton(AF_INET6, h.c_str(), &a6) == 1;
}

std::string describe(int err) {
    char buf[WOLFSSL_MAX_ERROR_SZ] = {};
    wolfSSL_ERR_error_string_n(static_cast<unsigned long>(err), buf, sizeof buf);
    std::string s = buf;
    switch (err) {
        case ASN_NO_SIGNER_E:
        case ASN_SELF_SIGNED_E:
        case ASN_AFTER_DATE_E:
        case ASN_BEFORE_DATE_E:
        case DOMAIN_NAME_MISMATCH:
        case ASN_SIG_CONFIRM_E:
            s = "certificate verification failed: " + s +
                " (trust the server's CA with --tls-ca-file, or skip the check with "
                "--no-tls-verify)";
            break;
        default:
            break;
    }
    return s + " [wolfSSL error " + std::to_string(err) + "]";
}

}  // namespace

struct tls_context::impl {
    WOLFSSL_CTX* ctx = nullptr;
    bool verify = true;
    ~impl() {
        if (ctx) wolfSSL_CTX_free(ctx);
    }
};

struct tls_session::impl {
    WOLFSSL* ssl = nullptr;
    std::string in;
    std::size_t in_pos = 0;
    std::string out;
    std::size_t out_pos = 0;
    std::string error;
    std::string host;
    bool check_ip = false;
    bool done = false;
    ~impl() {
        if (ssl) wolfSSL_free(ssl);
    }
};

namespace {

int recv_cb(WOLFSSL*, char* buf, int sz, void* ctx) {
    auto* s = static_cast<tls_session::impl*>(ctx);
    const std::size_t avail = s->in.size() - s->in_pos;
    if (avail == 0) return WOLFSSL_CBIO_ERR_WANT_READ;
    const std::size_t n = std::min(avail, static_cast<std::size_t>(sz));
    std::memcpy(buf, s->in.data() + s->in_pos, n);
    s->in_pos += n;
    if (s->in_pos == s->in.size()) {
        s->in.clear();
        s->in_pos = 0;
    }
    return static_cast<int>(n);
}

int send_cb(WOLFSSL*, char* buf, int sz, void* ctx) {
    static_cast<tls_session::impl*>(ctx)->out.append(buf, static_cast<std::size_t>(sz));
    return sz;
}

}  // namespace

tls_context::tls_context(std::unique_ptr<impl> p) : p_(std::move(p)) {}
tls_context::~tls_context() = default;

result<std::unique_ptr<tls_context>> tls_context::create(const tls_options& o) {
    global_init();
    auto p = std::make_unique<impl>();
    p->ctx = wolfSSL_CTX_new(wolfSSLv23_client_method());
    if (!p->ctx) return make_error("cannot create a TLS context (wolfSSL_CTX_new failed)");
    wolfSSL_CTX_SetMinVersion(p->ctx, WOLFSSL_TLSV1_2);
    wolfSSL_CTX_set_cipher_list(p->ctx, cipher_list);
    p->verify = o.verify;
    if (o.verify) {
        wolfSSL_CTX_set_verify(p->ctx, WOLFSSL_VERIFY_PEER, nullptr);
        if (!o.ca_file.empty()) {
            if (wolfSSL_CTX_load_verify_locations(p->ctx, o.ca_file.c_str(), nullptr) !=
                WOLFSSL_SUCCESS)
                return make_error("cannot load the CA certificates in '" + o.ca_file +
                                  "' (--tls-ca-file): not a readable PEM file");
        } else if (wolfSSL_CTX_load_system_CA_certs(p->ctx) != WOLFSSL_SUCCESS) {
            return make_error(
                "cannot load the system's CA certificates (install ca-certificates, or use "
                "--tls-ca-file)");
        }
    } else {
        wolfSSL_CTX_set_verify(p->ctx, WOLFSSL_VERIFY_NONE, nullptr);
    }
    wolfSSL_CTX_SetIORecv(p->ctx, recv_cb);
    wolfSSL_CTX_SetIOSend(p->ctx, send_cb);
    return std::unique_ptr<tls_context>(new tls_context(std::move(p)));
}

tls_session::tls_session(std::unique_ptr<impl> p) : p_(std::move(p)) {}
tls_session::~tls_session() = default;

result<std::unique_ptr<tls_session>> tls_session::create(tls_context& ctx,
                                                         const std::string& host) {
    auto p = std::make_unique<impl>();
    p->ssl = wolfSSL_new(ctx.get().ctx);
    if (!p->ssl) return make_error("cannot create a TLS session (wolfSSL_new failed)");
    wolfSSL_SetIOReadCtx(p->ssl, p.get());
    wolfSSL_SetIOWriteCtx(p->ssl, p.get());
    p->host = host;
    const bool ip = is_ip_literal(host);
    if (!ip)
        wolfSSL_UseSNI(p->ssl, WOLFSSL_SNI_HOST_NAME, host.data(),
                       static_cast<unsigned short>(host.size()));
    if (ctx.get().verify) {
        if (ip)
            p->check_ip = true;  // wolfSSL checks names during the handshake, addresses after it
        else
            wolfSSL_check_domain_name(p->ssl, host.c_str());
    }
    char alpn[] = "http/1.1";
    wolfSSL_UseALPN(p->ssl, alpn, sizeof alpn - 1, WOLFSSL_ALPN_CONTINUE_ON_MISMATCH);
    return std::unique_ptr<tls_session>(new tls_session(std::move(p)));
}

void tls_session::feed(std::string_view ciphertext) {
    p_->in.append(ciphertext);
}

tls_status tls_session::handshake() {
    if (p_->done) return tls_status::ok;
    const int rc = wolfSSL_connect(p_->ssl);
    if (rc != WOLFSSL_SUCCESS) {
        const int err = wolfSSL_get_error(p_->ssl, rc);
        if (err == WOLFSSL_ERROR_WANT_READ || err == WOLFSSL_ERROR_WANT_WRITE)
            return tls_status::want_read;
        p_->error = "TLS handshake failed: " + describe(err);
        return tls_status::error;
    }
    if (p_->check_ip) {
        WOLFSSL_X509* cert = wolfSSL_get_peer_certificate(p_->ssl);
        const bool match = cert && wolfSSL_X509_check_ip_asc(cert, p_->host.c_str(), 0) == 1;
        if (cert) wolfSSL_X509_free(cert);
        if (!match) {
            p_->error =
                "TLS handshake failed: certificate verification failed: the certificate is not "
                "valid for the address " +
                p_->host + " (connect by a name it lists, or skip the check with --no-tls-verify)";
            return tls_status::error;
        }
    }
    p_->done = true;
    return tls_status::ok;
}

bool tls_session::handshake_done() const {
    return p_->done;
}

tls_status tls_session::read(std::string& out) {
    char buf[16384];
    for (;;) {
        const int n = wolfSSL_read(p_->ssl, buf, sizeof buf);
        if (n > 0) {
            out.append(buf, static_cast<std::size_t>(n));
            continue;
        }
        const int err = wolfSSL_get_error(p_->ssl, n);
        if (err == WOLFSSL_ERROR_WANT_READ || err == WOLFSSL_ERROR_WANT_WRITE)
            return tls_status::want_read;
        if (err == WOLFSSL_ERROR_ZERO_RETURN) return tls_status::closed;
        p_->error = "TLS read failed: " + describe(err);
        return tls_status::error;
    }
}

tls_status tls_session::write(std::string_view plaintext) {
    while (!plaintext.empty()) {
        const int n = wolfSSL_write(p_->ssl, plaintext.data(), static_cast<int>(plaintext.size()));
        if (n <= 0) {
            p_->error = "TLS write failed: " + describe(wolfSSL_get_error(p_->ssl, n));
            return tls_status::error;
        }
        plaintext.remove_prefix(static_cast<std::size_t>(n));
    }
    return tls_status::ok;
}

std::string_view tls_session::pending_output() const {
    return std::string_view(p_->out).substr(p_->out_pos);
}

void tls_session::consume_output(std::size_t n) {
    p_->out_pos += n;
    if (p_->out_pos >= p_->out.size()) {
        p_->out.clear();
        p_->out_pos = 0;
    }
}

const std::string& tls_session::last_error() const {
    return p_->error;
}

void tls_thread_cleanup() {
#ifdef FP_ECC
    wc_ecc_fp_free();
#endif
}

result<void> probe_tls(const address& a, const std::string& host, const tls_options& o,
                       int timeout_ms) {
    auto ctx = tls_context::create(o);
    if (!ctx) return ctx.err();
    auto sess = tls_session::create(**ctx, host);
    if (!sess) return sess.err();
    auto fd = connect_with_timeout(a, timeout_ms);
    if (!fd) return fd.err();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    auto& s = **sess;
    result<void> outcome = make_error(
        "no answer to the TLS handshake from " + a.to_string() + " within " +
        std::to_string(timeout_ms) + " ms (is it a TLS server? a plain HTTP server needs http://)");
    for (;;) {
        const tls_status st = s.handshake();
        for (std::string_view out = s.pending_output(); !out.empty(); out = s.pending_output()) {
            const ssize_t n = ::send(*fd, out.data(), out.size(), MSG_NOSIGNAL);
            if (n <= 0) break;
            s.consume_output(static_cast<std::size_t>(n));
        }
        if (st == tls_status::ok) {
            outcome = {};
            break;
        }
        if (st == tls_status::error) {
            outcome = make_error(s.last_error());
            break;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        pollfd p{*fd, POLLIN, 0};
        if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
        char buf[16384];
        const ssize_t n = ::recv(*fd, buf, sizeof buf, 0);
        if (n <= 0) {
            outcome =
                make_error("the server at " + a.to_string() +
                           " closed the connection during the TLS handshake (is it a TLS server?)");
            break;
        }
        s.feed(std::string_view(buf, static_cast<std::size_t>(n)));
    }
    ::close(*fd);
    tls_thread_cleanup();
    return outcome;
}

}  // namespace ringperf::net
