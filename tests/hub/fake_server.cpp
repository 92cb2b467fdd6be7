#include "fake_server.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/wolfcrypt/ecc.h>

#include <cctype>
#include <chrono>

#include "../support/loopback_server.h"
#include "ringperf/http/request_parser.h"

namespace ringperf::hub::testing {

namespace {

std::string lower(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

const char* reason(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 301:
            return "Moved Permanently";
        case 302:
            return "Found";
        case 307:
            return "Temporary Redirect";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        default:
            return "Status";
    }
}

std::string render(const fake_response& r) {
    std::string s = "HTTP/1.1 " + std::to_string(r.status) + " " + reason(r.status) + "\r\n";
    for (const auto& [k, v] : r.headers)
        s += k + ": " + v + "\r\n";
    if (r.frame == framing::length)
        s += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
    if (r.frame == framing::chunked) s += "Transfer-Encoding: chunked\r\n";
    s += "Connection: close\r\n\r\n";
    if (r.frame != framing::chunked) return s + r.body;
    // Uneven chunk sizes, so that chunk boundaries fall anywhere.
    std::size_t pos = 0, size = 1;
    while (pos < r.body.size()) {
        const std::size_t n = std::min(size, r.body.size() - pos);
        char hex[32];
        std::snprintf(hex, sizeof hex, "%zx", n);
        s += std::string(hex) + "\r\n" + r.body.substr(pos, n) + "\r\n";
        pos += n;
        size = size * 3 + 1;
    }
    return s + "0\r\n\r\n";
}

struct stream {
    int fd = -1;
    WOLFSSL* ssl = nullptr;

    ssize_t read(char* buf, std::size_t n) {
        if (!ssl) return ::recv(fd, buf, n, 0);
        const int r = wolfSSL_read(ssl, buf, static_cast<int>(n));
        return r > 0 ? r : -1;
    }
    void write(const std::string& data) {
        if (ssl) {
            wolfSSL_write(ssl, data.data(), static_cast<int>(data.size()));
        } else {
            (void)!::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        }
    }
};

}  // namespace

std::optional<std::string> fake_request::header(const std::string& name) const {
    for (const auto& [k, v] : headers)
        if (lower(k) == lower(name)) return v;
    return std::nullopt;
}

fake_server::fake_server(handler h, std::optional<tls_files> tls) : handler_(std::move(h)) {
    if (tls) tls_ctx_ = ringperf::testing::tls_server_context(tls->cert, tls->key);
    listen_fd_ = ringperf::testing::listen_on_loopback(16, port_);
    thread_ = std::thread([this] { run(); });
}

fake_server::~fake_server() {
    stop_ = true;
    thread_.join();
    ::close(listen_fd_);
    if (tls_ctx_) wolfSSL_CTX_free(static_cast<WOLFSSL_CTX*>(tls_ctx_));
}

std::string fake_server::url() const {
    return std::string(tls_ctx_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
}

std::vector<fake_request> fake_server::requests() const {
    std::lock_guard g(mu_);
    return requests_;
}

std::size_t fake_server::request_count() const {
    std::lock_guard g(mu_);
    return requests_.size();
}

void fake_server::run() {
    while (!stop_) {
        pollfd p{listen_fd_, POLLIN, 0};
        if (::poll(&p, 1, 20) <= 0) continue;
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd >= 0) serve(fd);
    }
    if (tls_ctx_) wc_ecc_fp_free();
}

void fake_server::serve(int fd) {
    timeval tv{5, 0};  // a client that never speaks must not stop the server for good
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    stream io{fd, nullptr};
    if (tls_ctx_) {
        io.ssl = wolfSSL_new(static_cast<WOLFSSL_CTX*>(tls_ctx_));
        wolfSSL_set_fd(io.ssl, fd);
        if (wolfSSL_accept(io.ssl) != WOLFSSL_SUCCESS) {  // e.g. the client rejected us
            wolfSSL_free(io.ssl);
            ::close(fd);
            return;
        }
    }
    http::request_parser parser;
    char buf[16384];
    http::parse_status st = http::parse_status::need_more;
    while (st == http::parse_status::need_more) {
        const ssize_t n = io.read(buf, sizeof buf);
        if (n <= 0) break;
        std::string_view in(buf, static_cast<std::size_t>(n));
        st = parser.feed(in);
    }
    if (st == http::parse_status::complete) {
        fake_request req{std::string(parser.method()), std::string(parser.target()), {}};
        for (const auto& h : parser.headers())
            req.headers.emplace_back(std::string(h.name), std::string(h.value));
        {
            std::lock_guard g(mu_);
            requests_.push_back(req);
        }
        const fake_response resp = handler_(req);
        const auto until =
            std::chrono::steady_clock::now() + std::chrono::milliseconds(resp.hang_ms);
        while (resp.hang_ms > 0 && !stop_ && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        if (resp.hang_ms == 0) io.write(render(resp));
    }
    if (io.ssl) {
        wolfSSL_shutdown(io.ssl);
        wolfSSL_free(io.ssl);
    }
    ::close(fd);
}

}  // namespace ringperf::hub::testing
