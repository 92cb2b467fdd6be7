#include "scripted_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/wolfcrypt/ecc.h>

#include <chrono>
#include <cstring>

#include "../support/loopback_server.h"

namespace ringperf::test_support {

namespace {

// A connection's byte stream: plain TCP, or TLS over it.
struct stream {
    int fd = -1;
    WOLFSSL* ssl = nullptr;

    // Waits up to 50 ms for bytes; 0 = nothing yet, < 0 = closed or failed.
    ssize_t read(char* buf, std::size_t n) {
        if (!ssl || wolfSSL_pending(ssl) == 0) {
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 50) == 0) return 0;
        }
        if (!ssl) {
            const ssize_t r = ::recv(fd, buf, n, 0);
            return r == 0 ? -1 : r;
        }
        const int r = wolfSSL_read(ssl, buf, static_cast<int>(n));
        if (r > 0) return r;
        const int err = wolfSSL_get_error(ssl, r);
        return err == WOLFSSL_ERROR_WANT_READ ? 0 : -1;
    }

    void write(const std::string& data) {
        if (ssl)
            wolfSSL_write(ssl, data.data(), static_cast<int>(data.size()));
        else
            (void)!::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    }
};

// Reads one request (head + Content-Length body). False on EOF/error/stop.
bool read_request(stream& io, std::string& buf, std::string& body, const std::atomic<bool>& stop) {
    for (;;) {
        const auto head_end = buf.find("\r\n\r\n");
        if (head_end != std::string::npos) {
            std::size_t len = 0;
            const auto cl = buf.find("Content-Length: ");
            if (cl != std::string::npos && cl < head_end)
                len = std::strtoul(buf.c_str() + cl + 16, nullptr, 10);
            if (buf.size() >= head_end + 4 + len) {
                body.assign(buf, head_end + 4, len);
                buf.erase(0, head_end + 4 + len);
                return true;
            }
        }
        char tmp[4096];
        const ssize_t n = io.read(tmp, sizeof tmp);
        if (n < 0) return false;
        if (n == 0) {
            if (stop) return false;
            continue;
        }
        buf.append(tmp, static_cast<std::size_t>(n));
    }
}

}  // namespace

scripted_server::scripted_server(script s, tls_files tls) : script_(std::move(s)) {
    if (!tls.cert.empty()) tls_ctx_ = ringperf::testing::tls_server_context(tls.cert, tls.key);
    listen_fd_ = ringperf::testing::listen_on_loopback(128, port_);
    acceptor_ = std::thread([this] { accept_loop(); });
}

scripted_server::~scripted_server() {
    stop_ = true;
    acceptor_.join();
    ::close(listen_fd_);
    std::vector<std::thread> hs;
    {
        std::lock_guard g(mu_);
        hs.swap(handlers_);
    }
    for (auto& t : hs)
        t.join();
    if (tls_ctx_) wolfSSL_CTX_free(static_cast<WOLFSSL_CTX*>(tls_ctx_));
}

void scripted_server::accept_loop() {
    while (!stop_) {
        pollfd p{listen_fd_, POLLIN, 0};
        if (::poll(&p, 1, 20) <= 0) continue;
        sockaddr_storage peer{};
        socklen_t len = sizeof peer;
        const int fd = ::accept(listen_fd_, reinterpret_cast<sockaddr*>(&peer), &len);
        if (fd < 0) continue;
        const int c = connections_++;
        std::lock_guard g(mu_);
        char host[INET6_ADDRSTRLEN] = {};
        if (peer.ss_family == AF_INET)
            inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&peer)->sin_addr, host, sizeof host);
        else
            inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&peer)->sin6_addr, host,
                      sizeof host);
        peers_.emplace_back(host);
        handlers_.emplace_back([this, fd, c] { serve(fd, c); });
    }
}

void scripted_server::serve(int fd, int connection) {
    stream io{fd, nullptr};
    if (tls_ctx_) {
        timeval tv{5, 0};  // a client that never speaks must not block the server for good
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        io.ssl = wolfSSL_new(static_cast<WOLFSSL_CTX*>(tls_ctx_));
        wolfSSL_set_fd(io.ssl, fd);
        if (wolfSSL_accept(io.ssl) !=
            WOLFSSL_SUCCESS) {  // e.g. the client rejected our certificate
            wolfSSL_free(io.ssl);
            ::close(fd);
            wc_ecc_fp_free();
            return;
        }
    }
    std::string buf;
    std::string body;
    for (int n = 0; read_request(io, buf, body, stop_); ++n) {
        {
            std::lock_guard g(mu_);
            bodies_.push_back(body);
        }
        ++requests_;
        const script_step st = script_(connection, n);
        if (st.delay_ms) std::this_thread::sleep_for(std::chrono::milliseconds(st.delay_ms));
        if (!st.response.empty()) io.write(st.response);
        if (st.hang) {
            while (!stop_)
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            break;
        }
        if (st.close_after) {
            if (st.close_after_ms)
                std::this_thread::sleep_for(std::chrono::milliseconds(st.close_after_ms));
            break;
        }
    }
    if (io.ssl) wolfSSL_free(io.ssl);
    ::close(fd);
    if (tls_ctx_) wc_ecc_fp_free();  // wolfSSL's per-thread ECC cache
}

std::string json_chat_response(bool keep_alive) {
    const std::string body =
        R"({"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"hello world"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}})";
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n" + (keep_alive ? "" : "Connection: close\r\n") +
           "\r\n" + body;
}

static std::string chunk(const std::string& s) {
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", s.size());
    return size + s + "\r\n";
}

std::string sse_chat_response(int tokens, bool connection_close_header) {
    std::string s =
        "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n";
    if (connection_close_header) s += "connection: close\r\n";
    s += "\r\n";
    s += chunk(
        R"(data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]})"
        "\n\n");
    for (int i = 0; i < tokens; ++i)
        s += chunk(
            R"(data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":" t"}}]})"
            "\n\n");
    s += chunk(
        R"(data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"length"}]})"
        "\n\n");
    s += chunk(
        R"(data: {"object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":)" +
        std::to_string(tokens) + R"(,"total_tokens":)" + std::to_string(tokens + 3) + "}}\n\n");
    s += chunk("data: [DONE]\n\n");
    s += "0\r\n\r\n";
    return s;
}

std::string close_delimited_chat_response() {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
           R"({"object":"chat.completion","choices":[{"index":0,"message":{"content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}})";
}

std::string sse_error_response() {
    std::string s =
        "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
    s += chunk(
        R"(data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":" a"}}]})"
        "\n\n");
    s += chunk(
        R"(data: {"error":{"message":"out of memory","type":"InternalServerError","code":500}})"
        "\n\n");
    s += chunk("data: [DONE]\n\n");
    s += "0\r\n\r\n";
    return s;
}

static std::string sse_data(const std::string& json) {
    return chunk("data: " + json + "\n\n");
}

static std::string sse_delta(const std::string& fields) {
    return sse_data(R"({"object":"chat.completion.chunk","choices":[{"index":0,"delta":{)" +
                    fields + "}}]}");
}

std::string sse_reasoning_response(bool with_usage) {
    std::string s =
        "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
    s += sse_delta(R"("role":"assistant","content":"")");
    s += sse_delta(R"("reasoning_content":"let me think")");
    s += sse_delta(R"("reasoning_content":" about it")");
    s += sse_delta(R"("content":"<think> hidden </think> The")");
    s += sse_delta(R"("content":" answer is wor")");
    s += sse_delta(R"("content":"ld")");
    s += sse_data(
        R"({"object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})");
    if (with_usage)
        s += sse_data(
            R"({"object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":7,"completion_tokens":20,"total_tokens":27,"completion_tokens_details":{"reasoning_tokens":9}}})");
    s += chunk("data: [DONE]\n\n");
    s += "0\r\n\r\n";
    return s;
}

std::string json_reasoning_response() {
    const std::string body =
        R"({"object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"one two three","reasoning_content":"a b"},"finish_reason":"stop"}],"usage":{"prompt_tokens":4,"completion_tokens":6,"total_tokens":10}})";
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace ringperf::test_support
