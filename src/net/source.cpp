#include "ringperf/net/source.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

#include "ringperf/base/file.h"

#ifndef IP_LOCAL_PORT_RANGE
#define IP_LOCAL_PORT_RANGE 51  // Linux 6.3; glibc's headers may predate it
#endif

namespace ringperf::net {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

std::optional<address> parse_literal(std::string_view text) {
    const std::string t(text);
    address a;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&a.storage);
    if (inet_pton(AF_INET, t.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        a.len = sizeof(sockaddr_in);
        return a;
    }
    a = {};
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&a.storage);
    if (inet_pton(AF_INET6, t.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        a.len = sizeof(sockaddr_in6);
        return a;
    }
    return std::nullopt;
}

// The part of an address a range counts over: all of IPv4, the last 32 bits of IPv6.
std::uint32_t low_bits(const address& a) {
    std::uint32_t v = 0;
    if (a.family() == AF_INET) {
        std::memcpy(&v, &reinterpret_cast<const sockaddr_in*>(&a.storage)->sin_addr, 4);
    } else {
        std::memcpy(&v, reinterpret_cast<const sockaddr_in6*>(&a.storage)->sin6_addr.s6_addr + 12,
                    4);
    }
    return ntohl(v);
}

void set_low_bits(address& a, std::uint32_t host_order) {
    const std::uint32_t v = htonl(host_order);
    if (a.family() == AF_INET)
        std::memcpy(&reinterpret_cast<sockaddr_in*>(&a.storage)->sin_addr, &v, 4);
    else
        std::memcpy(reinterpret_cast<sockaddr_in6*>(&a.storage)->sin6_addr.s6_addr + 12, &v, 4);
}

bool same_high_bits(const address& a, const address& b) {
    if (a.family() == AF_INET) return true;
    return std::memcmp(reinterpret_cast<const sockaddr_in6*>(&a.storage)->sin6_addr.s6_addr,
                       reinterpret_cast<const sockaddr_in6*>(&b.storage)->sin6_addr.s6_addr,
                       12) == 0;
}

bool same_host(const address& a, const address& b) {
    return a.family() == b.family() && host_part(a) == host_part(b);
}

result<void> add_item(std::string_view item, std::vector<address>& out) {
    const std::string quoted = "'" + std::string(item) + "'";
    const auto dash = item.find('-');
    if (dash == std::string_view::npos) {
        auto a = parse_literal(item);
        if (!a) return make_error(quoted + " is not an IPv4 or IPv6 address");
        out.push_back(*a);
        return {};
    }
    const auto first = parse_literal(trim(item.substr(0, dash)));
    const auto last = parse_literal(trim(item.substr(dash + 1)));
    if (!first || !last)
        return make_error(quoted + " is not a range of two IPv4 or IPv6 addresses, FIRST-LAST");
    if (first->family() != last->family())
        return make_error(quoted + " mixes an IPv4 and an IPv6 address");
    if (!same_high_bits(*first, *last))
        return make_error(quoted + ": an IPv6 range may differ only in its last 32 bits");
    const std::uint32_t lo = low_bits(*first), hi = low_bits(*last);
    if (hi < lo) return make_error(quoted + " ends before it starts");
    if (hi - lo >= max_range_addresses)
        return make_error(quoted + " names " + std::to_string(std::uint64_t{hi} - lo + 1) +
                          " addresses; at most " + std::to_string(max_range_addresses) +
                          " per range");
    for (std::uint64_t v = lo; v <= hi; ++v) {
        address a = *first;
        set_low_bits(a, static_cast<std::uint32_t>(v));
        out.push_back(a);
    }
    return {};
}

}  // namespace

result<std::vector<address>> parse_source_addresses(std::span<const std::string> items) {
    std::vector<address> all;
    for (const auto& raw : items) {
        const std::string_view item = trim(raw);
        if (item.empty()) return make_error("an empty source address");
        if (auto r = add_item(item, all); !r) return r.err();
    }
    std::vector<address> out;
    for (const auto& a : all) {
        const bool seen =
            std::any_of(out.begin(), out.end(), [&](const address& b) { return same_host(a, b); });
        if (!seen) out.push_back(a);
    }
    return out;
}

std::string port_range::to_string() const {
    return std::to_string(low) + "-" + std::to_string(high);
}

result<port_range> parse_port_range(std::string_view text) {
    const std::string quoted = "'" + std::string(text) + "'";
    const auto dash = text.find('-');
    if (dash == std::string_view::npos)
        return make_error(quoted + " is not a port range LOW-HIGH (e.g. 20000-60999)");
    auto number = [](std::string_view s, std::uint32_t& v) {
        s = trim(s);
        const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        return ec == std::errc() && p == s.data() + s.size() && !s.empty();
    };
    std::uint32_t lo = 0, hi = 0;
    if (!number(text.substr(0, dash), lo) || !number(text.substr(dash + 1), hi))
        return make_error(quoted + " is not a port range LOW-HIGH (e.g. 20000-60999)");
    if (lo < 1 || hi > 65535 || lo > hi)
        return make_error(quoted + ": ports must satisfy 1 <= LOW <= HIGH <= 65535");
    return port_range{static_cast<std::uint16_t>(lo), static_cast<std::uint16_t>(hi)};
}

result<port_range> system_port_range() {
    const char* path = "/proc/sys/net/ipv4/ip_local_port_range";
    auto text = read_file(path);
    if (!text) return text.err();
    std::string t = *text;
    std::replace(t.begin(), t.end(), '\t', ' ');
    while (!t.empty() && (t.back() == '\n' || t.back() == ' '))
        t.pop_back();
    const auto sp = t.find(' ');
    if (sp == std::string::npos) return make_error(std::string("cannot parse ") + path);
    std::string joined = t.substr(0, sp) + "-" + std::string(trim(t.substr(sp + 1)));
    auto r = parse_port_range(joined);
    if (!r) return make_error(std::string("cannot parse ") + path + ": " + r.message());
    return r;
}

bool kernel_has_local_port_range() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    const std::uint32_t range = (std::uint32_t{60999} << 16) | 32768u;
    const bool ok = ::setsockopt(fd, IPPROTO_IP, IP_LOCAL_PORT_RANGE, &range, sizeof range) == 0;
    ::close(fd);
    return ok;
}

bool is_loopback(const address& a) {
    if (a.family() == AF_INET) return (low_bits(a) >> 24) == 127;
    if (a.family() != AF_INET6) return false;
    const auto* v6 = &reinterpret_cast<const sockaddr_in6*>(&a.storage)->sin6_addr;
    if (IN6_IS_ADDR_LOOPBACK(v6)) return true;
    return IN6_IS_ADDR_V4MAPPED(v6) && v6->s6_addr[12] == 127;
}

std::vector<address> host_addresses(int family) {
    std::vector<address> out;
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0) return out;
    for (ifaddrs* i = list; i; i = i->ifa_next) {
        if (!i->ifa_addr || i->ifa_addr->sa_family != family) continue;
        if (!(i->ifa_flags & IFF_UP) || (i->ifa_flags & IFF_LOOPBACK)) continue;
        address a;
        a.len = family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
        std::memcpy(&a.storage, i->ifa_addr, a.len);
        a.set_port(0);
        if (family == AF_INET6 &&
            IN6_IS_ADDR_LINKLOCAL(&reinterpret_cast<sockaddr_in6*>(&a.storage)->sin6_addr))
            continue;
        out.push_back(a);
    }
    freeifaddrs(list);
    return out;
}

std::string host_part(const address& a) {
    std::string s = a.to_string();
    const auto colon = s.rfind(':');
    s.resize(colon);
    if (a.family() == AF_INET6) s = s.substr(1, s.size() - 2);
    return s;
}

std::optional<address> offset_address(const address& a, std::uint32_t n) {
    const std::uint64_t v = std::uint64_t{low_bits(a)} + n;
    if (v > UINT32_MAX) return std::nullopt;
    address out = a;
    set_low_bits(out, static_cast<std::uint32_t>(v));
    return out;
}

result<int> make_client_socket(int family, const client_socket_options& o) {
    auto fd = make_client_socket(family);
    if (!fd) return fd;
    auto fail = [&](std::string what) -> result<int> {
        const int e = errno;
        ::close(*fd);
        return make_error(what + ": " + std::strerror(e));
    };
    const int one = 1;
    if (o.local_ports) {
        const std::uint32_t range = (std::uint32_t{o.local_ports->high} << 16) | o.local_ports->low;
        if (::setsockopt(*fd, IPPROTO_IP, IP_LOCAL_PORT_RANGE, &range, sizeof range) != 0)
            return fail("setsockopt(IP_LOCAL_PORT_RANGE " + o.local_ports->to_string() + ")");
    }
    if (o.source) {
        if (::setsockopt(*fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one) != 0)
            return fail("setsockopt(IP_BIND_ADDRESS_NO_PORT)");
        if (::bind(*fd, o.source->get(), o.source->len) != 0)
            return fail("cannot bind to source address " + host_part(*o.source));
    }
    return fd;
}

}  // namespace ringperf::net
