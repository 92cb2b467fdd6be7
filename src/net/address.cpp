#include "ringperf/net/address.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ringperf::net {

std::string address::to_string() const {
    char buf[INET6_ADDRSTRLEN] = {};
    if (family() == AF_INET) {
        const auto* a = reinterpret_cast<const sockaddr_in*>(&storage);
        inet_ntop(AF_INET, &a->sin_addr, buf, sizeof buf);
        return std::string(buf) + ":" + std::to_string(ntohs(a->sin_port));
    }
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&storage);
    inet_ntop(AF_INET6, &a->sin6_addr, buf, sizeof buf);
    return "[" + std::string(buf) + "]:" + std::to_string(ntohs(a->sin6_port));
}

std::uint16_t address::port() const {
    if (family() == AF_INET6)
        return ntohs(reinterpret_cast<const sockaddr_in6*>(&storage)->sin6_port);
    return ntohs(reinterpret_cast<const sockaddr_in*>(&storage)->sin_port);
}

void address::set_port(std::uint16_t port) {
    if (family() == AF_INET6)
        reinterpret_cast<sockaddr_in6*>(&storage)->sin6_port = htons(port);
    else
        reinterpret_cast<sockaddr_in*>(&storage)->sin_port = htons(port);
}

result<address> resolve(const std::string& host, std::uint16_t port, resolve_for use) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    const int base = AI_NUMERICSERV | (use == resolve_for::listen ? AI_PASSIVE : 0);
    hints.ai_flags = base | AI_ADDRCONFIG;
    addrinfo* res = nullptr;
    const std::string service = std::to_string(port);
    const char* node = host.empty() && use == resolve_for::listen ? nullptr : host.c_str();
    int rc = getaddrinfo(node, service.c_str(), &hints, &res);
    if (rc == EAI_NONAME || rc == EAI_ADDRFAMILY) {
        hints.ai_flags = base;  // loopback-only hosts have no configured address
        rc = getaddrinfo(node, service.c_str(), &hints, &res);
    }
    if (rc != 0 || !res)
        return make_error("cannot resolve host '" + host + "': " + gai_strerror(rc));
    address a;
    std::memcpy(&a.storage, res->ai_addr, res->ai_addrlen);
    a.len = res->ai_addrlen;
    freeaddrinfo(res);
    return a;
}

result<address> local_address(int fd) {
    address a;
    a.len = sizeof a.storage;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&a.storage), &a.len) != 0)
        return make_error(std::string("getsockname: ") + std::strerror(errno));
    return a;
}

result<int> make_client_socket(int family) {
    const int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return make_error(std::string("socket: ") + std::strerror(errno));
    const int one = 1;
    if (::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0) {
        const int e = errno;
        ::close(fd);
        return make_error(std::string("setsockopt(TCP_NODELAY): ") + std::strerror(e));
    }
    return fd;
}

result<int> connect_with_timeout(const address& a, int timeout_ms) {
    const int fd = ::socket(a.family(), SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return make_error(std::string("socket: ") + std::strerror(errno));
    int err = 0;
    if (::connect(fd, a.get(), a.len) != 0) {
        err = errno;
        if (err == EINPROGRESS) {
            pollfd p{fd, POLLOUT, 0};
            if (::poll(&p, 1, timeout_ms) == 0) {
                ::close(fd);
                return make_error("cannot connect to " + a.to_string() + ": no answer within " +
                                  std::to_string(timeout_ms) + " ms");
            }
            socklen_t len = sizeof err;
            ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        }
    }
    if (err != 0) {
        ::close(fd);
        return make_error("cannot connect to " + a.to_string() + ": " + std::strerror(err));
    }
    const int flags = ::fcntl(fd, F_GETFL);
    ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    return fd;
}

result<void> probe_connect(const address& a, int timeout_ms) {
    auto fd = connect_with_timeout(a, timeout_ms);
    if (!fd) return fd.err();
    ::close(*fd);
    return {};
}

}  // namespace ringperf::net
