// Where client connections come from: source addresses (--source-address), local port
// ranges (--local-port-range, the system's ip_local_port_range) and the host facts a
// pre-flight check needs. Set-up code only.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/base/result.h"
#include "ringperf/net/address.h"

namespace ringperf::net {

// Most addresses one --source-address range may name.
inline constexpr std::uint32_t max_range_addresses = 65536;

// Parses --source-address items, each an IPv4 or IPv6 literal or an inclusive range of one
// family, "127.0.0.2-127.0.0.200" or "fd00::10-fd00::1f" (an IPv6 range may differ only in
// its last 32 bits). Addresses keep the order given, without duplicates; the port is 0.
// Errors name the item and what is wrong with it.
result<std::vector<address>> parse_source_addresses(std::span<const std::string> items);

// An inclusive range of local TCP ports.
struct port_range {
    std::uint16_t low = 0;
    std::uint16_t high = 0;
    std::uint32_t size() const { return high >= low ? std::uint32_t{high} - low + 1 : 0; }
    bool operator==(const port_range&) const = default;
    // "low-high".
    std::string to_string() const;
};

// Parses "LO-HI" (1 <= LO <= HI <= 65535); the error names the text.
result<port_range> parse_port_range(std::string_view text);

// The system's ephemeral port range (/proc/sys/net/ipv4/ip_local_port_range).
result<port_range> system_port_range();

// True when setsockopt(IP_LOCAL_PORT_RANGE) works here (Linux 6.3 and later).
bool kernel_has_local_port_range();

// 127.0.0.0/8, ::1 or an IPv4-mapped 127/8 address.
bool is_loopback(const address& a);

// The host's own addresses of `family` (AF_INET or AF_INET6) that are up, loopback excluded.
std::vector<address> host_addresses(int family);

// The address without its port, "127.0.0.2" or "fd00::1".
std::string host_part(const address& a);

// `a` plus `n` (IPv4: the whole address; IPv6: its last 32 bits), or nothing past the end.
std::optional<address> offset_address(const address& a, std::uint32_t n);

// How a client socket is set up before it connects.
struct client_socket_options {
    const address* source = nullptr;        // bind here with IP_BIND_ADDRESS_NO_PORT (port 0)
    std::optional<port_range> local_ports;  // IP_LOCAL_PORT_RANGE
};

// A new TCP socket for `family` with the client options every connection gets
// (TCP_NODELAY, close-on-exec) and those of `o`. Returns the descriptor or an error naming
// the step that failed.
result<int> make_client_socket(int family, const client_socket_options& o);

}  // namespace ringperf::net
