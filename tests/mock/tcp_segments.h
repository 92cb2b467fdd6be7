// TCP segment counts of a socket, from the kernel's TCP_INFO. Kept apart from test_client.h
// because the fields needed exist only in <linux/tcp.h>, which clashes with <netinet/tcp.h>.
#pragma once

#include <cstdint>
#include <optional>

namespace ringperf::mock::testing {

// Segments carrying data that socket `fd` has received (tcpi_data_segs_in, Linux 4.6+);
// nullopt when TCP_INFO fails or the kernel's tcp_info is too short to hold the field.
std::optional<std::uint32_t> data_segments_in(int fd);

}  // namespace ringperf::mock::testing
