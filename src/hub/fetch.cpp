#include "fetch.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <memory>

#include "ringperf/http/response_parser.h"
#include "ringperf/http/url.h"
#include "ringperf/net/address.h"
#include "ringperf/net/tls.h"

namespace ringperf::hub::detail {

namespace {

struct target {
    std::string scheme;  // "http" or "https"
    http::url where;     // host, port, authority
    std::string path;    // path and query, starting with '/'
};

struct failed {
    fetch_failure kind;
    std::string message;
};

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool equals_nocase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && lower(a) == lower(b);
}

std::optional<target> parse_target(std::string_view url) {
    const auto sep = url.find("://");
    if (sep == std::string_view::npos) return std::nullopt;
    target t;
    t.scheme = lower(url.substr(0, sep));
    if (t.scheme != "http" && t.scheme != "https") return std::nullopt;
    const std::string_view rest = url.substr(sep + 3);
    const auto path_at = rest.find_first_of("/?#");
    const std::string_view authority = rest.substr(0, path_at);
    auto parsed = http::parse_url(t.scheme + "://" + std::string(authority));
    if (!parsed) return std::nullopt;
    t.where = std::move(*parsed);
    std::string_view path = path_at == std::string_view::npos ? "" : rest.substr(path_at);
    path = path.substr(0, path.find('#'));
    if (path.empty() || path.front() != '/') t.path = "/";
    t.path += path;
    return t;
}

std::string origin(const target& t) {
    return t.scheme + "://" + lower(t.where.host) + ":" + std::to_string(t.where.port);
}

bool is_redirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// The parenthesised remedy the TLS layer appends names profile flags that do not apply to
// downloads; it is replaced by one that does.
std::string tls_message(std::string text) {
    if (const auto p = text.find(" (trust the server's CA"); p != std::string::npos) {
        const auto close = text.find(')', p);
        if (close != std::string::npos) text.erase(p, close + 1 - p);
    }
    return text;
}

class connection {
  public:
    connection(const fetch_request& r, const target& t) : req_(r), t_(t) {}
    ~connection() {
        if (fd_ >= 0) ::close(fd_);
        if (tls_) net::tls_thread_cleanup();
    }
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;

    std::optional<failed> open();
    std::optional<failed> send(std::string_view data);
    // Appends plaintext to `out`; false at the end of the stream.
    std::optional<failed> receive(std::string& out, bool& eof);

  private:
    std::optional<failed> wait_readable();
    std::optional<failed> send_raw(std::string_view data);
    std::optional<failed> flush_tls();
    std::optional<failed> handshake();
    std::string where() const { return t_.scheme + "://" + t_.where.authority; }

    const fetch_request& req_;
    const target& t_;
    int fd_ = -1;
    std::unique_ptr<net::tls_context> ctx_;
    std::unique_ptr<net::tls_session> tls_;
};

std::optional<failed> connection::open() {
    auto addr = net::resolve(t_.where.host, t_.where.port);
    if (!addr) return failed{fetch_failure::connect, addr.message()};
    auto fd = net::connect_with_timeout(*addr, req_.connect_timeout_ms);
    if (!fd) return failed{fetch_failure::connect, fd.message()};
    fd_ = *fd;
    timeval tv{req_.read_timeout_ms / 1000, (req_.read_timeout_ms % 1000) * 1000};
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (t_.scheme != "https") return std::nullopt;
    net::tls_options o;
    o.ca_file = req_.ca_file;
    auto ctx = net::tls_context::create(o);
    if (!ctx) return failed{fetch_failure::tls, ctx.message()};
    ctx_ = std::move(*ctx);
    auto s = net::tls_session::create(*ctx_, t_.where.host);
    if (!s) return failed{fetch_failure::tls, s.message()};
    tls_ = std::move(*s);
    return handshake();
}

std::optional<failed> connection::wait_readable() {
    pollfd p{fd_, POLLIN, 0};
    for (;;) {
        const int n = ::poll(&p, 1, req_.read_timeout_ms);
        if (n > 0) return std::nullopt;
        if (n == 0)
            return failed{fetch_failure::timeout, "no data from " + where() + " within " +
                                                      std::to_string(req_.read_timeout_ms) + " ms"};
        if (errno != EINTR)
            return failed{fetch_failure::connect, "poll failed: " + std::string(strerror(errno))};
    }
}

std::optional<failed> connection::send_raw(std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            return failed{fetch_failure::connect,
                          "cannot send to " + where() + ": " + std::string(strerror(errno))};
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return std::nullopt;
}

std::optional<failed> connection::flush_tls() {
    const std::string_view out = tls_->pending_output();
    if (out.empty()) return std::nullopt;
    if (auto f = send_raw(out)) return f;
    tls_->consume_output(out.size());
    return std::nullopt;
}

std::optional<failed> connection::handshake() {
    for (;;) {
        const net::tls_status st = tls_->handshake();
        if (auto f = flush_tls()) return f;
        if (st == net::tls_status::ok) return std::nullopt;
        if (st != net::tls_status::want_read)
            return failed{fetch_failure::tls,
                          "TLS with " + where() + ": " + tls_message(tls_->last_error())};
        if (auto f = wait_readable()) return f;
        char buf[16384];
        const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
        if (n <= 0)
            return failed{fetch_failure::tls,
                          where() + " closed the connection during the TLS handshake"};
        tls_->feed(std::string_view(buf, static_cast<std::size_t>(n)));
    }
}

std::optional<failed> connection::send(std::string_view data) {
    if (!tls_) return send_raw(data);
    if (tls_->write(data) != net::tls_status::ok)
        return failed{fetch_failure::tls, "TLS with " + where() + ": " + tls_->last_error()};
    return flush_tls();
}

std::optional<failed> connection::receive(std::string& out, bool& eof) {
    eof = false;
    char buf[65536];
    for (;;) {
        if (tls_) {
            const std::size_t before = out.size();
            const net::tls_status st = tls_->read(out);
            if (auto f = flush_tls()) return f;
            if (out.size() > before) return std::nullopt;
            if (st == net::tls_status::closed) {
                eof = true;
                return std::nullopt;
            }
            if (st == net::tls_status::error)
                return failed{fetch_failure::tls,
                              "TLS with " + where() + ": " + tls_message(tls_->last_error())};
        }
        if (auto f = wait_readable()) return f;
        const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            return failed{fetch_failure::connect,
                          "cannot read from " + where() + ": " + std::string(strerror(errno))};
        if (n == 0) {
            eof = true;
            return std::nullopt;
        }
        const std::string_view got(buf, static_cast<std::size_t>(n));
        if (!tls_) {
            out.append(got);
            return std::nullopt;
        }
        tls_->feed(got);
    }
}

std::string request_text(const fetch_request& r, const target& t, bool with_token) {
    std::string s = "GET " + t.path + " HTTP/1.1\r\nHost: " + t.where.authority + "\r\n";
    if (!r.user_agent.empty()) s += "User-Agent: " + r.user_agent + "\r\n";
    s += "Accept: */*\r\nAccept-Encoding: identity\r\nConnection: close\r\n";
    if (with_token && !r.bearer_token.empty())
        s += "Authorization: Bearer " + r.bearer_token + "\r\n";
    return s + "\r\n";
}

// Feeds `in` to the parser until it needs more bytes; true once the response is complete
// (or, for a redirect, once its head is known).
std::optional<failed> consume(http::response_parser& p, std::string_view in, fetch_hop& hop,
                              std::string& body, const fetch_request& r, bool& done) {
    for (;;) {
        switch (p.feed(in)) {
            case http::parse_status::need_more:
                return std::nullopt;
            case http::parse_status::head_done:
                hop.status = p.status();
                for (const auto& h : p.headers())
                    hop.headers.emplace_back(std::string(h.name), std::string(h.value));
                if (is_redirect(hop.status) && hop.header("location")) {
                    done = true;
                    return std::nullopt;
                }
                break;
            case http::parse_status::body:
                if (body.size() + p.body().size() > r.max_body_bytes)
                    return failed{fetch_failure::too_large, hop.url + ": response body over " +
                                                                std::to_string(r.max_body_bytes) +
                                                                " bytes"};
                body.append(p.body());
                break;
            case http::parse_status::complete:
                done = true;
                return std::nullopt;
            case http::parse_status::error:
                return failed{fetch_failure::protocol, "malformed response from " + hop.url + " (" +
                                                           http::parse_error_name(p.error()) + ")"};
        }
    }
}

std::optional<failed> one_hop(const fetch_request& r, const target& t, bool with_token,
                              fetch_hop& hop, std::string& body) {
    connection c(r, t);
    if (auto f = c.open()) return f;
    if (auto f = c.send(request_text(r, t, with_token))) return f;
    http::response_parser p;
    p.reset(false);
    bool done = false;
    std::string chunk;
    while (!done) {
        chunk.clear();
        bool eof = false;
        if (auto f = c.receive(chunk, eof)) return f;
        if (eof) {
            if (p.feed_eof() == http::parse_status::complete) {
                if (hop.status == 0) hop.status = p.status();
                return std::nullopt;
            }
            return failed{fetch_failure::protocol,
                          hop.url + ": the connection closed before the response was complete"};
        }
        if (auto f = consume(p, chunk, hop, body, r, done)) return f;
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> fetch_hop::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (equals_nocase(k, name)) return v;
    return std::nullopt;
}

std::string origin_of(std::string_view url) {
    const auto t = parse_target(url);
    return t ? origin(*t) : std::string();
}

std::string resolve_location(std::string_view base, std::string_view location) {
    const auto b = parse_target(base);
    if (!b) return std::string(location);
    const auto colon = location.find("://");
    if (colon != std::string_view::npos && location.find('/') > colon) return std::string(location);
    if (location.substr(0, 2) == "//") return b->scheme + ":" + std::string(location);
    const std::string root = b->scheme + "://" + b->where.authority;
    if (!location.empty() && location.front() == '/') return root + std::string(location);
    std::string dir = b->path.substr(0, b->path.find('?'));
    dir = dir.substr(0, dir.rfind('/') + 1);
    return root + dir + std::string(location);
}

fetch_result fetch(const fetch_request& r) {
    fetch_result out;
    const auto first = parse_target(r.url);
    if (!first) {
        out.failure = fetch_failure::bad_url;
        out.error = "cannot download from '" + r.url + "': not an http:// or https:// URL";
        return out;
    }
    const std::string token_origin = origin(*first);
    std::string url = r.url;
    for (int hops = 0;; ++hops) {
        const auto t = parse_target(url);
        if (!t) {
            out.failure = fetch_failure::bad_url;
            out.error = "cannot follow the redirect to '" + url + "'";
            return out;
        }
        fetch_hop hop;
        hop.url = url;
        out.body.clear();
        const auto f = one_hop(r, *t, origin(*t) == token_origin, hop, out.body);
        out.hops.push_back(std::move(hop));
        if (f) {
            out.failure = f->kind;
            out.error = f->message;
            return out;
        }
        const fetch_hop& last = out.hops.back();
        const auto location = last.header("location");
        if (!is_redirect(last.status) || !location) return out;
        if (hops == r.max_redirects) {
            out.failure = fetch_failure::too_many_redirects;
            out.error =
                "more than " + std::to_string(r.max_redirects) + " redirects, starting at " + r.url;
            return out;
        }
        url = resolve_location(url, *location);
    }
}

}  // namespace ringperf::hub::detail
