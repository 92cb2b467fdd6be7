// Addresses and client sockets. Set-up code only (blocking calls are fine here).
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <string>

#include "ringperf/base/result.h"

namespace ringperf::net {

struct address {
    sockaddr_storage storage{};
    socklen_t len = 0;

    int family() const { return storage.ss_family; }
    const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
    // "127.0.0.1:8000" or "[::1]:8000".
    std::string to_string() const;
    std::uint16_t port() const;
    void set_port(std::uint16_t port);
};

enum class resolve_for { connect, listen };

// Resolves host and port (numeric literals without a lookup). The first address is used;
// errors name the host. For `listen`, an empty host means every local address.
result<address> resolve(const std::string& host, std::uint16_t port,
                        resolve_for use = resolve_for::connect);

// The local address a socket is bound to.
result<address> local_address(int fd);

// A new TCP socket for `family` with the client options every connection gets
// (TCP_NODELAY, close-on-exec). Returns the descriptor or an error.
result<int> make_client_socket(int family);

// A connected blocking TCP socket, or an error naming the address and the reason
// (refused, no answer within timeout_ms).
result<int> connect_with_timeout(const address& a, int timeout_ms);

// Connects once with a timeout, then closes: used before a run to tell the user clearly
// that the server is down or unreachable. The error names the address and the reason.
result<void> probe_connect(const address& a, int timeout_ms);

}  // namespace ringperf::net
