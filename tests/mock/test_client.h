// A deliberately simple blocking HTTP/1.1 client for the mock server's tests: it parses
// responses strictly (status line, headers, Content-Length or chunked body with each chunk's
// arrival time) so that framing mistakes in the server show up as test failures.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/base/clock.h"

namespace ringperf::mock::testing {

struct chunk {
    std::string data;
    mono_ns arrived = 0;  // when the chunk's last byte had been read
};

struct response {
    bool ok = false;  // parsed completely
    std::string error;
    int status = 0;
    std::map<std::string, std::string> headers;  // lower-case names
    bool chunked = false;
    std::vector<chunk> chunks;  // chunked bodies, in order (terminal chunk excluded)
    std::string body;           // the whole body (chunks joined)
};

class client {
  public:
    // Connects to 127.0.0.1:port with a receive timeout of `timeout_ms`.
    explicit client(std::uint16_t port, int timeout_ms = 10000) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        const int one = 1;
        ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    }
    ~client() {
        if (fd_ >= 0) ::close(fd_);
    }
    client(const client&) = delete;
    client& operator=(const client&) = delete;

    bool connected() const { return connected_; }
    int fd() const { return fd_; }

    bool send(std::string_view data) {
        while (!data.empty()) {
            const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return false;
            data.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    }

    // Reads one response.
    response read_response() {
        response r;
        std::string head;
        if (!read_until("\r\n\r\n", head)) return fail(r, "no response head");
        if (!parse_head(head, r)) return r;
        if (r.chunked) return read_chunked(r);
        const auto it = r.headers.find("content-length");
        if (it == r.headers.end()) return fail(r, "neither content-length nor chunked");
        if (!read_exact(std::stoul(it->second), r.body)) return fail(r, "short body");
        r.ok = true;
        return r;
    }

    // True when the server closed the connection (EOF with nothing left to read).
    bool closed_by_peer() {
        if (buf_.size() > pos_) return false;
        char c;
        ssize_t n;
        do {
            n = ::recv(fd_, &c, 1, 0);
        } while (n < 0 && errno == EINTR);
        return n == 0;
    }

  private:
    static response& fail(response& r, std::string why) {
        r.error = std::move(why);
        r.ok = false;
        return r;
    }

    // Drops consumed bytes (kept as an offset so that reading many small chunks stays linear).
    void consume(std::size_t n) {
        pos_ += n;
        if (pos_ == buf_.size() || pos_ > 65536) {
            buf_.erase(0, pos_);
            pos_ = 0;
        }
    }

    bool fill() {
        char tmp[65536];
        ssize_t n;
        // A receive timeout turns interruptions (io_uring task work notifications included)
        // into EINTR instead of a restart.
        do {
            n = ::recv(fd_, tmp, sizeof tmp, 0);
        } while (n < 0 && errno == EINTR);
        if (n <= 0) return false;
        buf_.append(tmp, static_cast<std::size_t>(n));
        return true;
    }

    bool read_until(std::string_view delim, std::string& out) {
        for (;;) {
            const auto pos = buf_.find(delim, pos_);
            if (pos != std::string::npos) {
                out.assign(buf_, pos_, pos + delim.size() - pos_);
                consume(pos + delim.size() - pos_);
                return true;
            }
            if (!fill()) return false;
        }
    }

    bool read_exact(std::size_t n, std::string& out) {
        while (buf_.size() - pos_ < n)
            if (!fill()) return false;
        out.append(buf_, pos_, n);
        consume(n);
        return true;
    }

    static bool parse_head(const std::string& head, response& r) {
        if (head.compare(0, 9, "HTTP/1.1 ") != 0) return fail(r, "bad status line"), false;
        r.status = std::stoi(head.substr(9, 3));
        std::size_t pos = head.find("\r\n") + 2;
        while (pos < head.size() - 2) {
            const std::size_t end = head.find("\r\n", pos);
            const std::string line = head.substr(pos, end - pos);
            const std::size_t colon = line.find(':');
            if (colon == std::string::npos) return fail(r, "bad header line"), false;
            std::string name = line.substr(0, colon);
            for (char& ch : name)
                ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            r.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
            pos = end + 2;
        }
        const auto te = r.headers.find("transfer-encoding");
        r.chunked = te != r.headers.end() && te->second == "chunked";
        return true;
    }

    response& read_chunked(response& r) {
        for (;;) {
            std::string size_line;
            if (!read_until("\r\n", size_line)) return fail(r, "no chunk size line");
            size_line.resize(size_line.size() - 2);
            if (size_line.empty() ||
                size_line.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
                return fail(r, "bad chunk size '" + size_line + "'");
            const std::size_t n = std::stoul(size_line, nullptr, 16);
            chunk c;
            if (!read_exact(n, c.data)) return fail(r, "short chunk");
            std::string crlf;
            if (!read_exact(2, crlf) || crlf != "\r\n")
                return fail(r, "chunk not followed by CRLF");
            if (n == 0) {
                r.ok = true;
                return r;
            }
            c.arrived = now_mono_ns();
            r.body += c.data;
            r.chunks.push_back(std::move(c));
        }
    }

    int fd_ = -1;
    bool connected_ = false;
    std::string buf_;
    std::size_t pos_ = 0;  // start of the unread bytes in buf_
};

// "POST <path>" with a JSON body and optional extra header lines ("Name: value\r\n...").
inline std::string post(std::string_view path, std::string_view body,
                        std::string_view extra_headers = {}) {
    std::string r = "POST ";
    r += path;
    r += " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ";
    r += std::to_string(body.size());
    r += "\r\n";
    r += extra_headers;
    r += "\r\n";
    r += body;
    return r;
}

inline std::string get(std::string_view path, std::string_view extra_headers = {}) {
    std::string r = "GET ";
    r += path;
    r += " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    r += extra_headers;
    r += "\r\n";
    return r;
}

}  // namespace ringperf::mock::testing
