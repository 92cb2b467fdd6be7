#include "tcp_segments.h"

#include <linux/in.h>
#include <linux/tcp.h>
#include <sys/socket.h>

#include <cstddef>

namespace ringperf::mock::testing {

std::optional<std::uint32_t> data_segments_in(int fd) {
    tcp_info info{};
    socklen_t len = sizeof info;
    if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0) return std::nullopt;
    if (len < offsetof(tcp_info, tcpi_data_segs_in) + sizeof info.tcpi_data_segs_in)
        return std::nullopt;
    return info.tcpi_data_segs_in;
}

}  // namespace ringperf::mock::testing
