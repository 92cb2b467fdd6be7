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
};

// Resolves host and port (numeric literals without a lookup). The first address is used;
// errors name the host.
result<address> resolve(const std::string& host, std::uint16_t port);

// A new TCP socket for `family` with the client options every connection gets
// (TCP_NODELAY, close-on-exec). Returns the descriptor or an error.
result<int> make_client_socket(int family);

// Connects once with a timeout, then closes: used before a run to tell the user clearly
// that the server is down or unreachable. The error names the address and the reason.
result<void> probe_connect(const address& a, int timeout_ms);

}  // namespace ringperf::net
