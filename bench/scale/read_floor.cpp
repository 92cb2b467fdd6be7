// The kernel's share of a streamed event, measured from the client side: the least a client
// can do per event is be woken and read the bytes. This one holds C keep-alive connections,
// sends each a streamed chat request, and per readable socket does one read() and one look
// at the last bytes read for the end of the chunked body; it neither parses SSE nor keeps
// any figure but counts. bench/scale/run.sh runs it next to ringperf against the same mock,
// so that ringperf's CPU per event can be set against this floor.
//
//   read_floor PORT CONNECTIONS REQUESTS OSL
//
// Prints one JSON line: {"completed": N, "reads": R}. Exits 1, naming the cause, on a
// refused connection, an answer other than 200, a closed connection or ten seconds without
// data.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

[[noreturn]] void fail(const std::string& what) {
    std::fprintf(stderr, "read_floor: %s\n", what.c_str());
    std::exit(1);
}

struct connection {
    int fd = -1;
    bool at_start = true;  // the next byte read begins an answer
    char tail[4] = {};     // the last bytes read, for a terminator split across reads
    std::size_t tail_len = 0;
};

// Whether the bytes read so far end with the chunked body's terminator "0\r\n\r\n". The
// preceding chunk's data ends in "\n\n\r\n", so only the terminator ends this way.
bool ends_body(connection& c, std::string_view got) {
    char joined[9];  // the kept tail, then up to the last five bytes read
    std::memcpy(joined, c.tail, c.tail_len);
    const std::size_t take = std::min<std::size_t>(5, got.size());
    std::memcpy(joined + c.tail_len, got.data() + got.size() - take, take);
    const std::size_t len = c.tail_len + take;
    const bool end = len >= 5 && std::memcmp(joined + len - 5, "0\r\n\r\n", 5) == 0;
    c.tail_len = std::min<std::size_t>(4, len);
    std::memcpy(c.tail, joined + len - c.tail_len, c.tail_len);
    return end;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 5) fail("usage: read_floor PORT CONNECTIONS REQUESTS OSL");
    const int port = std::atoi(argv[1]);
    const int conns = std::atoi(argv[2]);
    const long total = std::atol(argv[3]);
    const int osl = std::atoi(argv[4]);
    if (port <= 0 || conns <= 0 || total < conns || osl <= 0)
        fail("PORT, CONNECTIONS, OSL must be positive and REQUESTS at least CONNECTIONS");

    std::string body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"";
    body += "one two three four five six seven eight nine ten eleven twelve thirteen fourteen";
    body += "\"}],\"stream\":true,\"stream_options\":{\"include_usage\":true},\"max_tokens\":";
    body += std::to_string(osl) + ",\"ignore_eos\":true}";
    const std::string request =
        "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
        "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\n\r\n" + body;

    const int ep = epoll_create1(0);
    std::vector<connection> cs(static_cast<std::size_t>(conns));
    long sent = 0, completed = 0, reads = 0;
    const auto send_request = [&](connection& c) {
        if (::write(c.fd, request.data(), request.size()) != static_cast<ssize_t>(request.size()))
            fail(std::string("write: ") + std::strerror(errno));
        ++sent;
        c.at_start = true;
        c.tail_len = 0;
    };
    for (std::size_t i = 0; i < cs.size(); ++i) {
        connection& c = cs[i];
        c.fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<std::uint16_t>(port));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (c.fd < 0 || ::connect(c.fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0)
            fail("connect to 127.0.0.1:" + std::to_string(port) + ": " + std::strerror(errno));
        const int one = 1;
        ::setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u64 = i;
        ::epoll_ctl(ep, EPOLL_CTL_ADD, c.fd, &ev);
        send_request(c);
    }

    static char buf[64 * 1024];
    epoll_event evs[256];
    while (completed < total) {
        const int n = ::epoll_wait(ep, evs, 256, 10'000);
        if (n == 0) fail("no data for 10 s");
        if (n < 0 && errno != EINTR) fail(std::string("epoll_wait: ") + std::strerror(errno));
        for (int k = 0; k < n; ++k) {
            connection& c = cs[evs[k].data.u64];
            const ssize_t r = ::read(c.fd, buf, sizeof buf);
            if (r == 0) fail("the server closed a connection");
            if (r < 0) fail(std::string("read: ") + std::strerror(errno));
            ++reads;
            const std::string_view got(buf, static_cast<std::size_t>(r));
            if (c.at_start) {
                if (got.substr(0, 13) != "HTTP/1.1 200 ")
                    fail("answer was not 200: " + std::string(got.substr(0, got.find('\r'))));
                c.at_start = false;
            }
            if (ends_body(c, got)) {
                ++completed;
                if (sent < total) send_request(c);
            }
        }
    }
    std::printf("{\"completed\": %ld, \"reads\": %ld}\n", completed, reads);
    return 0;
}
