// A loopback HTTP/1.1 server for the hub tests: one thread, one request per connection,
// answers from a handler, records every request. Plain HTTP, or TLS with a certificate.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace ringperf::hub::testing {

using header_list = std::vector<std::pair<std::string, std::string>>;

struct fake_request {
    std::string method;
    std::string target;
    header_list headers;
    std::optional<std::string> header(const std::string& name) const;
};

enum class framing { length, chunked, close_delimited };

struct fake_response {
    int status = 200;
    header_list headers;
    std::string body;
    framing frame = framing::length;
    // Sends nothing and keeps the connection open until this many ms pass (or the server
    // stops): a server that hangs.
    int hang_ms = 0;
};

struct tls_files {
    std::string cert;
    std::string key;
};

class fake_server {
  public:
    using handler = std::function<fake_response(const fake_request&)>;

    // Listens on 127.0.0.1, port 0. With `tls` set, every connection starts with a handshake.
    explicit fake_server(handler h, std::optional<tls_files> tls = std::nullopt);
    ~fake_server();
    fake_server(const fake_server&) = delete;
    fake_server& operator=(const fake_server&) = delete;

    int port() const { return port_; }
    // "http://127.0.0.1:PORT" (https with TLS).
    std::string url() const;
    std::vector<fake_request> requests() const;
    std::size_t request_count() const;

  private:
    void run();
    void serve(int fd);

    handler handler_;
    void* tls_ctx_ = nullptr;
    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    mutable std::mutex mu_;
    std::vector<fake_request> requests_;
    std::thread thread_;
};

}  // namespace ringperf::hub::testing
