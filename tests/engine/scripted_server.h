// A loopback HTTP server for engine tests whose behaviour per request is scripted, so the
// awkward things real servers do (closing idle keep-alive connections, closing after a
// stream without saying so, close-delimited bodies, hanging) can be reproduced exactly.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ringperf::test_support {

// What the server does with the n-th request (0-based, counted per connection) of the
// c-th connection (0-based, counted over the server's life).
struct script_step {
    std::string response;      // bytes to send ("" = send nothing)
    bool close_after = false;  // close the connection after sending
    int close_after_ms = 0;    // with close_after: wait this long first (idle close)
    bool hang = false;         // after `response`, keep the connection open and silent until stop
    int delay_ms = 0;          // wait this long before sending `response`
};

// Certificate and key (PEM files) to serve TLS with; empty: plain TCP.
struct tls_files {
    std::string cert;
    std::string key;
};

class scripted_server {
  public:
    using script = std::function<script_step(int connection, int request)>;
    explicit scripted_server(script s, tls_files tls = {});
    ~scripted_server();
    int port() const { return port_; }
    int connections() const { return connections_.load(); }
    int requests() const { return requests_.load(); }
    // The bodies of every request received, in arrival order.
    std::vector<std::string> bodies() const {
        std::lock_guard g(mu_);
        return bodies_;
    }

    // The peer address (host part) of every connection accepted, in order.
    std::vector<std::string> peers() const {
        std::lock_guard g(mu_);
        return peers_;
    }

  private:
    void accept_loop();
    void serve(int fd, int connection);

    script script_;
    void* tls_ctx_ = nullptr;  // WOLFSSL_CTX*, when serving TLS
    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> connections_{0};
    std::atomic<int> requests_{0};
    std::thread acceptor_;
    mutable std::mutex mu_;
    std::vector<std::string> bodies_;
    std::vector<std::string> peers_;
    std::vector<std::thread> handlers_;
    std::vector<int> fds_;
};

// Canned responses.
std::string json_chat_response(bool keep_alive = true);
std::string sse_chat_response(int tokens, bool connection_close_header = false);
std::string close_delimited_chat_response();
std::string sse_error_response();
// A streamed chat answer that reasons first: reasoning "let me think" + " about it", then
// content "<think> hidden </think> The" + " answer is wor" + "ld" (a word split over two
// events); with usage prompt 7, completion 20, reasoning 9 when `with_usage`.
std::string sse_reasoning_response(bool with_usage);
// A non-streamed chat answer: content "one two three", reasoning_content "a b"; usage prompt
// 4, completion 6.
std::string json_reasoning_response();

}  // namespace ringperf::test_support
